"""Choices of the emergency resources: rescue teams, supplies and their movements, sensitive targets."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TeamKind(models.TextChoices):
    PROFESSIONAL = "professional", _("专业救援队伍")
    ENTERPRISE = "enterprise", _("企业救援队伍")
    VOLUNTEER = "volunteer", _("志愿者队伍")


class DutyStatus(models.TextChoices):
    ON_DUTY = "on_duty", _("值守")
    STANDBY = "standby", _("待命")
    DEPLOYED = "deployed", _("出动")
    RESTING = "resting", _("休整")


# A team on these can be sent now; deployed or resting teams are listed after them.
AVAILABLE_DUTY = (DutyStatus.ON_DUTY, DutyStatus.STANDBY)


class Specialty(models.TextChoices):
    """What a rescue team or an expert is good for; one list, so an incident's needs match both."""

    HAZCHEM = "hazchem", _("危险化学品")
    FIRE = "fire", _("消防")
    MEDICAL = "medical", _("医疗救护")
    MINING = "mining", _("矿山")
    CONSTRUCTION = "construction", _("建筑施工")
    WATER = "water", _("水上救援")
    ENVIRONMENT = "environment", _("环境监测")
    SPECIAL_EQUIPMENT = "special_equipment", _("特种设备")
    GAS = "gas", _("城镇燃气")
    POWER = "power", _("电力")
    TRANSPORT = "transport", _("交通运输")
    STRUCTURAL = "structural", _("结构与搜救")


class SupplyCategory(models.TextChoices):
    PROTECTION = "protection", _("个体防护")
    DETECTION = "detection", _("侦检")
    LEAK_CONTROL = "leak_control", _("堵漏与输转")
    DECONTAMINATION = "decontamination", _("洗消")
    FIREFIGHTING = "firefighting", _("灭火")
    RESCUE = "rescue", _("救生与破拆")
    MEDICAL = "medical", _("医疗急救")
    LIGHTING_COMMS = "lighting_comms", _("照明与通信")
    FLOOD = "flood", _("防汛")
    LIVING = "living", _("生活保障")


class MovementKind(models.TextChoices):
    IN = "in", _("入库")
    OUT = "out", _("出库")
    TRANSFER = "transfer", _("调拨")


class TargetKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    HOSPITAL = "hospital", _("医院")
    ELDERLY_CARE = "elderly_care", _("养老机构")
    RESIDENTIAL = "residential", _("居民区")
    MARKET = "market", _("商场市场")
    OTHER = "other", _("其他人员密集场所")
