from django.db import models
from django.utils.translation import gettext_lazy as _


class HazardLevel(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class HazardType(models.TextChoices):
    SAFETY = "safety", _("安全")
    PROCESS = "process", _("工艺")
    ELECTRICAL = "electrical", _("电气")
    INSTRUMENT = "instrument", _("仪表")
    FIRE = "fire", _("消防")
    LAYOUT = "layout", _("总图")
    EQUIPMENT = "equipment", _("设备")
    OTHER = "other", _("其他")


class Source(models.TextChoices):
    SELF_INSPECTION = "self_inspection", _("企业自查")
    ENFORCEMENT = "enforcement", _("执法检查")
    TIPOFF = "tipoff", _("举报")
    CAMPAIGN = "campaign", _("专项整治")
    ALARM = "alarm", _("监测报警")
    OTHER = "other", _("其他")


class State(models.TextChoices):
    REGISTERED = "registered", _("登记")
    REPORTED = "reported", _("已上报")
    LISTED = "listed", _("挂牌督办")
    RECTIFYING = "rectifying", _("整改中")
    AWAITING_ACCEPTANCE = "awaiting_acceptance", _("待验收")
    CLOSED = "closed", _("已销号")
