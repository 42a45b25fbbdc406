from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    ABOVE = "above", _("规模以上")
    SMALL = "small", _("小微")


class Status(models.TextChoices):
    OPERATING = "operating", _("在营")
    SUSPENDED = "suspended", _("停产")
    CLOSED = "closed", _("关闭")


class StandardisationGrade(models.TextChoices):
    """安全生产标准化 grades (《企业安全生产标准化建设定级办法》, 应急部 2021)."""

    GRADE_1 = "1", _("一级")
    GRADE_2 = "2", _("二级")
    GRADE_3 = "3", _("三级")
    NONE = "none", _("未达标")


class LicenceKind(models.TextChoices):
    SAFETY_PRODUCTION = "safety_production", _("安全生产许可证")
    HAZCHEM_OPERATION = "hazchem_operation", _("危险化学品经营许可证")
    HAZCHEM_USE = "hazchem_use", _("危险化学品安全使用许可证")
    FIREWORKS = "fireworks", _("烟花爆竹经营许可证")
    PRECURSOR = "precursor", _("非药品类易制毒化学品生产/经营备案证明")
    GAS_OPERATION = "gas_operation", _("燃气经营许可证")
    ROAD_TRANSPORT = "road_transport", _("道路运输经营许可证")
    CONSTRUCTION_SAFETY = "construction_safety", _("建筑施工企业安全生产许可证")
    MINING_SAFETY = "mining_safety", _("非煤矿矿山安全生产许可证")
    OTHER = "other", _("其他")


# 《安全生产许可证条例》第九条: an enterprise applies for the extension 3 months before its licence expires, so a
# licence expiring within this many days is flagged (home pages, the enterprise file).
LICENCE_NOTICE_DAYS = 90


class UnitKind(models.TextChoices):
    """GB 18218-2018 4.1.1: a major hazard is identified per production unit or storage unit."""

    PRODUCTION = "production", _("生产单元")
    STORAGE = "storage", _("储存单元")


class MajorHazardLevel(models.IntegerChoices):
    """GB 18218-2018 表6."""

    LEVEL_1 = 1, _("一级")
    LEVEL_2 = 2, _("二级")
    LEVEL_3 = 3, _("三级")
    LEVEL_4 = 4, _("四级")
