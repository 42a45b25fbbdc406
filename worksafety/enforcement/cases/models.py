"""行政处罚案件: a case from 立案 to 结案, its measures, the party's statements, the legal review, the transfer
to the judicial organs (行刑衔接) and the case's own record of steps.

A case's state and everything decided in it change only through its steps (`core.workflow.transition` on the
table of `enforcement.cases.workflow`) and `enforcement.cases.services`. Legal reviews, the step record and judicial transfers are internal: the
enterprise sees its case, its measures, its statements and the documents served on it, never those.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Department
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.enforcement.cases.choices import (
    HEARING_MEASURES,
    MAJOR_MEASURES,
    CaseOutcome,
    CaseSource,
    CaseState,
    MeasureKind,
    PartyKind,
    ReviewConclusion,
    StatementKind,
)
from worksafety.registry.models import Enterprise, enterprise_scope

CASE_SCOPE = enterprise_scope("case__enterprise")


class PenaltyCase(models.Model):
    number = models.CharField(_("案号"), max_length=64, unique=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("涉案单位"), on_delete=models.PROTECT,
                                   related_name="penalty_cases")
    inspection = models.ForeignKey("enforcement.Inspection", verbose_name=_("来源检查"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(_("案件来源"), max_length=12, choices=CaseSource.choices,
                              default=CaseSource.INSPECTION)
    department = models.ForeignKey(Department, verbose_name=_("办案部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="penalty_cases",
                                   help_text=_("为空表示区应急管理局"))
    organ = models.CharField(_("办案机关"), max_length=100)
    issuer_key = models.CharField(max_length=48, editable=False)
    cause = models.CharField(_("案由"), max_length=200)
    # The party: the enterprise itself, or a person in it (双罚: e.g. its principal for failing his duties).
    party_kind = models.CharField(_("当事人类型"), max_length=12, choices=PartyKind.choices,
                                  default=PartyKind.ORGANISATION)
    party_name = models.CharField(_("当事人姓名"), max_length=50, blank=True)
    party_id_number = models.CharField(_("身份证件号码"), max_length=32, blank=True)
    party_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    party_address = models.CharField(_("住址"), max_length=200, blank=True)
    facts = models.TextField(_("违法事实"), blank=True)
    violated_provisions = models.TextField(_("违反的规定"), blank=True)
    penalty_basis = models.TextField(_("处罚依据"), blank=True)
    fine_yuan = models.DecimalField(_("罚款（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(Decimal("0"))])
    investigators = models.ManyToManyField("enforcement.Inspector", verbose_name=_("承办人员"),
                                           related_name="penalty_cases")
    state = models.CharField(_("状态"), max_length=16, choices=CaseState.choices, default=CaseState.FILED)
    outcome = models.CharField(_("处理结果"), max_length=16, choices=CaseOutcome.choices, blank=True)
    filed_on = models.DateField(_("立案日期"))
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    statement_deadline = models.DateField(_("陈述申辩/听证申请期限"), null=True, blank=True)
    hearing_held_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_record = models.TextField(_("听证情况"), blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    fine_paid_on = models.DateField(_("罚款缴纳日期"), null=True, blank=True)
    fine_paid_yuan = models.DecimalField(_("已缴罚款（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                         validators=[MinValueValidator(Decimal("0"))])
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    # 执法公示: the decision goes public on the public page when published, and at the latest on `publish_by`.
    publish_by = models.DateField(_("应公示日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("立案人"), on_delete=models.PROTECT,
                                   related_name="+")
    created = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("行政处罚案件")
        verbose_name_plural = _("行政处罚案件")
        indexes = [models.Index(fields=["state", "decided_on"], name="case_state_decided_idx")]

    def __str__(self):
        return f"{self.number} {self.cause}"

    @property
    def party_display(self) -> str:
        return self.party_name if self.party_kind == PartyKind.INDIVIDUAL else self.enterprise.name

    def measure_kinds(self) -> set[str]:
        return {m.kind for m in self.measures.all()}

    def is_major(self) -> bool:
        """重大执法决定 needing 法制审核: a fine at or above WORKSAFETY_MAJOR_DECISION_FINE_YUAN, or a measure
        that stops, closes, seals or revokes (docs/design.md)."""
        return self._large_fine() or bool(self.measure_kinds() & MAJOR_MEASURES)

    def hearing_eligible(self) -> bool:
        """The party may ask for a hearing (《行政处罚法》(2021) 第六十三条): a large fine (the same threshold), or
        revocation, suspension or closure."""
        return self._large_fine() or bool(self.measure_kinds() & HEARING_MEASURES)

    def _large_fine(self) -> bool:
        return (self.fine_yuan or 0) >= Decimal(settings.WORKSAFETY_MAJOR_DECISION_FINE_YUAN)


class CaseMeasure(models.Model):
    """A penalty or measure besides the fine: 责令停产停业, 三停, 查封扣押, 吊销 …, with its period."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("种类"), max_length=16, choices=MeasureKind.choices)
    detail = models.CharField(_("内容"), max_length=300, blank=True)
    start_on = models.DateField(_("起始日期"), null=True, blank=True)
    end_on = models.DateField(_("截止日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = CASE_SCOPE
    audited = True

    class Meta:
        ordering = ["case_id", "id"]
        verbose_name = _("处罚措施")
        verbose_name_plural = _("处罚措施")

    def __str__(self):
        return self.get_kind_display()


class CaseEvent(models.Model):
    """One step of a case (全过程记录 of 启动、调查取证、审核、决定、送达、执行): who, when, from which state to
    which, and why."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=24)
    from_state = models.CharField(_("原状态"), max_length=16, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=16, choices=CaseState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = CASE_SCOPE

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("案件办理记录")
        verbose_name_plural = _("案件办理记录")

    def __str__(self):
        return f"{self.case} {self.action}"


class CaseStatement(models.Model):
    """陈述申辩, a request for a hearing, or a waiver, by the party after the 告知 (《行政处罚法》(2021) 第四十四条、
    第六十四条): filed by the enterprise itself, or recorded by the handlers from a paper submission."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE,
                             related_name="statements")
    kind = models.CharField(_("类型"), max_length=12, choices=StatementKind.choices)
    text = models.TextField(_("内容"), blank=True)
    submitted_on = models.DateField(_("提出日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = CASE_SCOPE
    audited = True

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("陈述申辩")
        verbose_name_plural = _("陈述申辩")

    def __str__(self):
        return f"{self.case} {self.get_kind_display()}"


class LegalReview(models.Model):
    """法制审核 of a major decision (《行政处罚法》(2021) 第五十八条, 国办发〔2018〕118号), by a reviewer who did not
    investigate the case. It records what it reviewed, so a decision can only be the penalty that passed."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT,
                                 related_name="+")
    conclusion = models.CharField(_("审核结论"), max_length=12, choices=ReviewConclusion.choices)
    opinion = models.TextField(_("审核意见"))
    reviewed_fine_yuan = models.DecimalField(_("审核的罚款（元）"), max_digits=14, decimal_places=2, null=True,
                                             blank=True)
    reviewed_measures = models.JSONField(_("审核的处罚措施"), default=list)
    at = models.DateTimeField(_("审核时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = CASE_SCOPE
    audited = True

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")

    def __str__(self):
        return f"{self.case} {self.get_conclusion_display()}"


class JudicialTransfer(models.Model):
    """移送司法 (行刑衔接, 《行政处罚法》(2021) 第二十七条): the case, or part of it, sent to the public security
    organ or the procuratorate as a suspected crime, and what became of it."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.CASCADE,
                             related_name="transfers")
    transferred_on = models.DateField(_("移送日期"))
    receiving_organ = models.CharField(_("接收机关"), max_length=100)
    suspected_offence = models.CharField(_("涉嫌罪名"), max_length=100)
    reference = models.CharField(_("移送文书编号"), max_length=64, blank=True)
    outcome = models.TextField(_("受理及处理情况"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = CASE_SCOPE
    audited = True

    class Meta:
        ordering = ["transferred_on", "id"]
        verbose_name = _("移送司法")
        verbose_name_plural = _("移送司法")

    def __str__(self):
        return f"{self.case} → {self.receiving_organ}"
