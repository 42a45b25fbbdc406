"""The plan's indicators as editable definitions, and the yearly denominators their rates divide by.

No result is stored: every value is computed from the accidents and denominators when it is asked for
(`kpis.compute`), so a late 续报 or a corrected GDP figure shows at once. District-wide data: no scope
dimension, the permission table alone decides who reads and who edits (core.scoping). Both are plain records
saved by `core.services.do_save_object`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.indicators.kpis.choices import DENOMINATOR_UNITS, DenominatorKind, Measure, Nature, TargetKind
from worksafety.indicators.validators import YEAR_VALIDATORS
from worksafety.standards import kpis
from worksafety.standards.accident_types import TYPES as ACCIDENT_TYPES


class Denominator(models.Model):
    kind = models.CharField(_("指标"), max_length=24, choices=DenominatorKind.choices)
    year = models.PositiveSmallIntegerField(_("年份"), validators=YEAR_VALIDATORS)
    # Strictly positive: a zero would make every rate over it a division by zero (issue 8, bad input).
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4,
                                validators=[MinValueValidator(0.0001, _("数值须大于 0。"))],
                                help_text=_("单位随指标：地区生产总值、房屋建筑施工产值为亿元，水产品产量为万吨，"
                                            "人员、人口为人，营运车辆为辆，特种设备为台"))
    source = models.CharField(_("数据来源"), max_length=300, help_text=_("如：2021年金普新区统计公报"))

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["kind", "-year"]
        verbose_name = _("指标分母")
        verbose_name_plural = _("指标分母")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="denominator_kind_year_unique",
                                               violation_error_message=_("该指标该年份的数据已存在，请修改原记录。"))]

    def __str__(self):
        return _("%(year)s年%(kind)s") % {"year": self.year, "kind": self.get_kind_display()}

    @property
    def unit(self) -> str:
        return DENOMINATOR_UNITS[self.kind]


def validate_accident_types(value):
    if not isinstance(value, list) or any(item not in ACCIDENT_TYPES for item in value):
        raise ValidationError(_("事故类别须为 GB 6441-1986 的 20 类之一。"))


class Indicator(models.Model):
    """One indicator of the plan: what it counts (a filter over accidents), what it divides by, the target and
    where its formula comes from. The nine of 二(三) are loaded by migration 0002 and can be edited."""

    number = models.PositiveSmallIntegerField(_("序号"), unique=True)
    name = models.CharField(_("指标内容"), max_length=60)
    measure = models.CharField(_("统计口径"), max_length=20, choices=Measure.choices)
    sectors = models.ManyToManyField(Sector, verbose_name=_("计入的行业领域"), blank=True, related_name="+",
                                     help_text=_("不选为全部行业领域"))
    accident_types = models.JSONField(_("计入的事故类别"), default=list, blank=True,
                                      validators=[validate_accident_types], help_text=_("不选为全部类别"))
    denominator_kind = models.CharField(_("分母"), max_length=24, choices=DenominatorKind.choices, blank=True,
                                        help_text=_("不选为总量指标（人数或起数本身）"))
    multiplier = models.PositiveIntegerField(_("乘数"), default=1, validators=[MinValueValidator(1)],
                                             help_text=_("如：十万人为 100000，万车为 10000，百亿元（分母为亿元）为 100"))
    unit = models.CharField(_("计量单位"), max_length=20, help_text=_("如：人/亿元"))
    decimals = models.PositiveSmallIntegerField(_("显示小数位"), default=3, validators=[MaxValueValidator(6)])
    baseline_year = models.PositiveSmallIntegerField(_("基准年"), default=2020, validators=YEAR_VALIDATORS)
    target_year = models.PositiveSmallIntegerField(_("目标年"), default=2025, validators=YEAR_VALIDATORS)
    target_kind = models.CharField(_("目标类型"), max_length=10, choices=TargetKind.choices)
    target_amount = models.DecimalField(_("目标值"), max_digits=10, decimal_places=4,
                                        help_text=_("下降目标填百分数（下降15%填 15）；上限目标填上限值（<0.7 填 0.7）"))
    target_text = models.CharField(_("规划表述"), max_length=60, help_text=_("规划原文，如：下降15%"))
    nature = models.CharField(_("指标性质"), max_length=10, choices=Nature.choices)
    horizon_2035 = models.TextField(_("2035年远景"), blank=True)
    formula_note = models.TextField(_("口径说明"), help_text=_("公式的来源；官方统计口径未核实时须写明"))
    source = models.CharField(_("出处"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["number"]
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.baseline_year and self.target_year and self.baseline_year >= self.target_year:
            errors["target_year"] = _("目标年须晚于基准年。")
        if self.target_amount is not None:
            if self.target_kind == TargetKind.RELATIVE and not 0 < self.target_amount < 100:
                errors["target_amount"] = _("下降目标须在 0 到 100（%）之间。")
            if self.target_kind == TargetKind.ABSOLUTE and self.target_amount <= 0:
                errors["target_amount"] = _("上限须大于 0。")
        if not self.denominator_kind and self.multiplier != 1:
            errors["multiplier"] = _("总量指标没有分母，乘数须为 1。")
        if errors:
            raise ValidationError(errors)

    @property
    def formula(self) -> kpis.Formula:
        amount = float(self.target_amount)
        target = kpis.Target(kpis.TargetKind(self.target_kind),
                             amount / 100 if self.target_kind == TargetKind.RELATIVE else amount)
        return kpis.Formula(target, multiplier=self.multiplier, has_denominator=bool(self.denominator_kind),
                            baseline_year=self.baseline_year, target_year=self.target_year)
