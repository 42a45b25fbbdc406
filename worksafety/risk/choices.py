from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.standards.accident_types import TYPES as ACCIDENT_TYPES


class Method(models.TextChoices):
    LEC = "lec", _("LEC 作业条件危险性评价法")
    LS = "ls", _("LS 风险矩阵法")


class ObjectKind(models.TextChoices):
    FACILITY = "facility", _("设备设施")
    ACTIVITY = "activity", _("作业活动")
    PLACE = "place", _("场所区域")


class CycleUnit(models.TextChoices):
    HOUR = "hour", _("小时")
    DAY = "day", _("天")
    WEEK = "week", _("周")
    MONTH = "month", _("月")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年")


class GradingMethod(models.TextChoices):
    HAZCHEM_2018_19 = "hazchem_2018_19", _("危险化学品企业安全风险评估诊断分级（应急〔2018〕19号）")
    RISK_POINTS = "risk_points", _("风险点从严从高")


class GradingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


AccidentType = models.TextChoices("AccidentType", [(name, name) for name in ACCIDENT_TYPES])
