"""Choices of penalty cases (行政处罚案件), and the series their numbers (案号) are counted in."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A case's number (案号) is drawn from the same counters as the documents, under its own key and code.
CASE_NUMBER_KEY, CASE_NUMBER_CODE = "case", "罚立"


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
