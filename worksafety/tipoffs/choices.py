from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What a tip-off is about, as the 2018 举报奖励办法 distinguishes it (its reward rules differ)."""

    MAJOR_HAZARD = "major_hazard", _("重大事故隐患")
    ILLEGAL_OPERATION = "illegal_operation", _("非法违法生产经营建设")
    CONCEALED_ACCIDENT = "concealed_accident", _("瞒报、谎报事故")
    OTHER_VIOLATION = "other_violation", _("其他安全生产违法行为")


class State(models.TextChoices):
    RECEIVED = "received", _("已受理")
    INVESTIGATING = "investigating", _("核查中")
    SUBSTANTIATED = "substantiated", _("属实")
    UNSUBSTANTIATED = "unsubstantiated", _("不属实")
    CLOSED = "closed", _("已办结")


class AccidentGrade(models.TextChoices):
    """Accident grades of 《生产安全事故报告和调查处理条例》 (国务院令第493号), for concealed-accident rewards."""

    GENERAL = "general", _("一般事故")
    LARGER = "larger", _("较大事故")
    MAJOR = "major", _("重大事故")
    ESPECIALLY_MAJOR = "especially_major", _("特别重大事故")


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
