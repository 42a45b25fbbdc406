"""Choices of inspections and of the enforcement documents (执法文书) inspections and penalty cases issue."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- inspections ---------------------------------------------------------------------------------------------


class InspectionKind(models.TextChoices):
    KEY = "key", _("重点检查")
    RANDOM = "random", _("双随机抽查")
    TIPOFF = "tipoff", _("举报核查")
    CAMPAIGN = "campaign", _("专项检查")
    FOLLOW_UP = "follow_up", _("复查")
    JOINT = "joint", _("联合检查")


class InspectionStatus(models.TextChoices):
    RECORDING = "recording", _("检查中")
    COMPLETED = "completed", _("已完成")


class ItemResult(models.TextChoices):
    PENDING = "pending", _("未检查")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")
    NOT_APPLICABLE = "not_applicable", _("不适用")


# --- documents -----------------------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    """执法文书. The short code goes into the 文号 (e.g. 金应急现记〔2026〕12号)."""

    INSPECTION_RECORD = "inspection_record", _("现场检查记录")
    RECTIFICATION_ORDER = "rectification_order", _("责令限期整改指令书")
    RECHECK_OPINION = "recheck_opinion", _("整改复查意见书")
    PENALTY_NOTICE = "penalty_notice", _("行政处罚告知书")
    PENALTY_DECISION = "penalty_decision", _("行政处罚决定书")


DOCUMENT_CODE = {
    DocumentKind.INSPECTION_RECORD: "现记",
    DocumentKind.RECTIFICATION_ORDER: "责改",
    DocumentKind.RECHECK_OPINION: "复查",
    DocumentKind.PENALTY_NOTICE: "罚告",
    DocumentKind.PENALTY_DECISION: "罚决",
}
