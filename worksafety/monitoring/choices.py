from django.db import models
from django.utils.translation import gettext_lazy as _


class SensorKind(models.TextChoices):
    COMBUSTIBLE_GAS = "combustible_gas", _("可燃气体")
    TOXIC_GAS = "toxic_gas", _("有毒气体")
    LEVEL = "level", _("液位")
    TEMPERATURE = "temperature", _("温度")
    PRESSURE = "pressure", _("压力")
    FLOW = "flow", _("流量")
    WIND_SPEED = "wind_speed", _("风速")
    WIND_DIRECTION = "wind_direction", _("风向")


class Priority(models.TextChoices):
    """ISA-18.2 priorities; EEMUA 191 aims at about 80 % low, 15 % high, 5 % emergency."""

    LOW = "low", _("低")
    HIGH = "high", _("高")
    EMERGENCY = "emergency", _("紧急")


class Condition(models.TextChoices):
    HIGH_HIGH = "HH", _("高高报")
    HIGH = "H", _("高报")
    LOW = "L", _("低报")
    LOW_LOW = "LL", _("低低报")
    OFFLINE = "offline", _("数据中断")


class Quality(models.TextChoices):
    GOOD = "good", _("正常")
    UNCERTAIN = "uncertain", _("可疑")
    BAD = "bad", _("故障")
