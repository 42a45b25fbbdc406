from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.standards import kpis


class DenominatorKind(models.TextChoices):
    """The yearly figures the plan's rates divide by (规划 二(三) 主要指标表), each in one fixed unit."""

    GDP = "gdp", _("地区生产总值")
    INDUSTRIAL_EMPLOYEES = "industrial_employees", _("工矿商贸就业人员")
    COMMERCIAL_VEHICLES = "commercial_vehicles", _("营运车辆")
    SPECIAL_EQUIPMENT = "special_equipment", _("特种设备")
    POPULATION = "population", _("常住人口")
    AQUATIC_OUTPUT = "aquatic_output", _("水产品产量")
    CONSTRUCTION_OUTPUT = "construction_output", _("房屋建筑施工产值")


DENOMINATOR_UNITS = {
    DenominatorKind.GDP: _("亿元"),
    DenominatorKind.INDUSTRIAL_EMPLOYEES: _("人"),
    DenominatorKind.COMMERCIAL_VEHICLES: _("辆"),
    DenominatorKind.SPECIAL_EQUIPMENT: _("台"),
    DenominatorKind.POPULATION: _("人"),
    DenominatorKind.AQUATIC_OUTPUT: _("万吨"),
    DenominatorKind.CONSTRUCTION_OUTPUT: _("亿元"),
}


class Measure(models.TextChoices):
    """What an indicator counts in the accidents its filter keeps."""

    DEATHS = "deaths", _("死亡人数")
    DEATHS_AND_MISSING = "deaths_and_missing", _("死亡和失踪人数")
    ACCIDENTS = "accidents", _("事故起数")


class TargetKind(models.TextChoices):
    """The two kinds of target the arithmetic knows (standards.kpis.TargetKind), with their labels."""

    RELATIVE = kpis.TargetKind.RELATIVE.value, _("较基准年下降（%）")
    ABSOLUTE = kpis.TargetKind.ABSOLUTE.value, _("低于上限")


class Nature(models.TextChoices):
    BINDING = "binding", _("约束性")
    EXPECTED = "expected", _("预期性")
