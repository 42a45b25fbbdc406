"""Choices of inspections, enforcement documents and penalty cases (the plan, draw, credit and third-party
choices are in `enforcement.choices`)."""

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
# A case's number (案号) is drawn from the same counters as the documents, under its own key and code.
CASE_NUMBER_KEY, CASE_NUMBER_CODE = "case", "罚立"


# --- penalty cases -------------------------------------------------------------------------------------------


class CaseState(models.TextChoices):
    FILED = "filed", _("立案")
    INVESTIGATING = "investigating", _("调查取证")
    NOTIFIED = "notified", _("告知")
    REVIEWING = "reviewing", _("法制审核")
    REVIEWED = "reviewed", _("审核通过")
    DECIDED = "decided", _("决定")
    EXECUTING = "executing", _("执行")
    CLOSED = "closed", _("结案")


class CaseSource(models.TextChoices):
    INSPECTION = "inspection", _("执法检查发现")
    TIPOFF = "tipoff", _("投诉举报")
    ACCIDENT = "accident", _("事故调查")
    TRANSFER = "transfer", _("其他机关移送")
    OTHER = "other", _("其他")


class CaseOutcome(models.TextChoices):
    PENALISED = "penalised", _("给予行政处罚")
    NOT_PENALISED = "not_penalised", _("不予行政处罚/撤销立案")


class PartyKind(models.TextChoices):
    ORGANISATION = "organisation", _("单位")
    INDIVIDUAL = "individual", _("个人")


class MeasureKind(models.TextChoices):
    """What a decision imposes besides the fine: penalties of 《行政处罚法》(2021) 第九条 and the 查封扣押 and
    三停 measures of the work-safety law. `MAJOR_MEASURES` make a decision a major one (法制审核)."""

    WARNING = "warning", _("警告")
    CONFISCATE = "confiscate", _("没收违法所得、非法财物")
    SUSPEND_LICENCE = "suspend_licence", _("暂扣许可证件")
    REVOKE = "revoke", _("吊销许可证件")
    SUSPEND = "suspend", _("责令停产停业（整顿）")
    THREE_STOPS = "three_stops", _("责令停产停业、停止施工、停止使用相关设施设备（三停）")
    SEAL = "seal", _("查封、扣押")
    CLOSE = "close", _("责令关闭")


MAJOR_MEASURES = frozenset({MeasureKind.REVOKE, MeasureKind.SUSPEND, MeasureKind.THREE_STOPS, MeasureKind.SEAL,
                            MeasureKind.CLOSE})
# Penalties that give the party a right to a hearing besides a large fine (《行政处罚法》(2021) 第六十三条);
# 查封扣押 is a coercive measure, not a penalty, so it has none.
HEARING_MEASURES = frozenset({MeasureKind.REVOKE, MeasureKind.SUSPEND, MeasureKind.THREE_STOPS, MeasureKind.CLOSE})


class StatementKind(models.TextChoices):
    STATEMENT = "statement", _("陈述申辩")
    HEARING = "hearing", _("申请听证")
    WAIVER = "waiver", _("放弃陈述申辩和听证")


class ReviewConclusion(models.TextChoices):
    PASSED = "passed", _("审核通过")
    RETURNED = "returned", _("审核不通过，退回补充调查")
