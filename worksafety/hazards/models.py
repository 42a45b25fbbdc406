from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Department
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.registry.models import Enterprise, HazardUnit, enterprise_scope
from worksafety.risk.models import CheckTask, RiskEvent


def overdue_q(today) -> models.Q:
    """Open hazards past their supervision deadline when listed, else past their rectification deadline."""
    late = models.Q(supervision_deadline__lt=today) | models.Q(supervision_deadline__isnull=True, deadline__lt=today)
    return late & ~models.Q(state=State.CLOSED)


class Hazard(models.Model):
    """A 事故隐患 from its discovery to verified closure (《安全生产事故隐患排查治理暂行规定》).

    The rectification plan holds the 五到位: measures, responsibility, funds, deadline and contingency plan.
    `state` changes only through `core.workflow.transition`, with the table in `hazards.workflow`.
    """

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="hazards")
    hazard_unit = models.ForeignKey(HazardUnit, verbose_name=_("危险化学品单元"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="hazards")
    risk_event = models.ForeignKey(RiskEvent, verbose_name=_("关联风险事件"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="hazards")
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    source_reference = models.CharField(_("来源编号"), max_length=100, blank=True,
                                        help_text=_("如检查记录、举报、报警的编号"))
    # The record the hazard came from, whatever kind it is (a check record, a tip-off, later an inspection
    # item or an alarm): OCA management-system's lesson that findings link generically to their source.
    origin_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    origin_id = models.PositiveBigIntegerField(null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    checklist_item = models.CharField(_("检查项"), max_length=300, blank=True,
                                      help_text=_("发现该隐患的检查表条目或排查内容"))
    level = models.CharField(_("隐患等级"), max_length=8, choices=HazardLevel.choices)
    major_criterion = models.CharField(_("重大隐患判定依据"), max_length=200, blank=True)
    hazard_type = models.CharField(_("隐患类别"), max_length=12, choices=HazardType.choices)
    title = models.CharField(_("隐患名称"), max_length=200)
    description = models.TextField(_("隐患描述"))
    found_on = models.DateField(_("发现日期"))
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                 related_name="+")
    # 五到位 rectification plan.
    measures = models.TextField(_("整改措施"), blank=True)
    responsible_person = models.CharField(_("整改责任人"), max_length=50, blank=True)
    funds_yuan = models.DecimalField(_("整改资金（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(0)])
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    contingency = models.TextField(_("应急预案/临时措施"), blank=True)
    # 挂牌督办 of a major hazard.
    supervising_department = models.ForeignKey(Department, verbose_name=_("督办部门"), null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="supervised_hazards")
    supervision_deadline = models.DateField(_("督办期限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.REGISTERED)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    created = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # How far the worker has escalated the deadline (hazards.deadlines); each stage is notified once.
    escalation = models.PositiveSmallIntegerField(_("督促级别"), default=0, editable=False)
    overdue_since = models.DateField(_("逾期起始"), null=True, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        indexes = [models.Index(fields=["state", "deadline"], name="hazard_state_deadline_idx"),
                   models.Index(fields=["origin_type", "origin_id"], name="hazard_origin_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.level == HazardLevel.MAJOR and not self.major_criterion:
            errors["major_criterion"] = _("重大隐患须注明判定依据。")
        if self.found_on and self.found_on > timezone.localdate():
            errors["found_on"] = _("发现日期不能晚于今天。")
        if self.hazard_unit_id and self.hazard_unit.enterprise_id != self.enterprise_id:
            errors["hazard_unit"] = _("所选单元不属于该企业。")
        if self.risk_event_id and self.risk_event.risk_unit.risk_object.enterprise_id != self.enterprise_id:
            errors["risk_event"] = _("所选风险事件不属于该企业。")
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self) -> bool:
        due = self.supervision_deadline or self.deadline
        return self.state != State.CLOSED and due is not None and due < timezone.localdate()


class HazardEvent(models.Model):
    """One step of a hazard's closed loop (闭环档案): who did what, when, from which state to which, and why."""

    hazard = models.ForeignKey(Hazard, verbose_name=_("隐患"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("hazard__enterprise")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("隐患处理记录")
        verbose_name_plural = _("隐患处理记录")

    def __str__(self):
        return f"{self.hazard} {self.action}"


class ExtensionRequest(models.Model):
    """延期: a request to move a rectifying hazard's deadline, decided by whoever may accept the hazard."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("未批准")

    hazard = models.ForeignKey(Hazard, verbose_name=_("隐患"), on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    new_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("hazard__enterprise")
    audited = True

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [models.UniqueConstraint(fields=["hazard"], condition=models.Q(status="pending"),
                                               name="one_pending_extension_per_hazard")]

    def __str__(self):
        return f"{self.hazard} → {self.new_deadline}"


class CheckRecord(models.Model):
    """排查记录: one due check of a 排查任务 in one period of its cycle, and what the check found.

    The worker opens a record for each task's current period and marks the records of past periods that
    nobody checked as missed, so supervisors see missed checks. A failed check registers a hazard.
    """

    class Result(models.TextChoices):
        DUE = "due", _("待排查")
        PASSED = "passed", _("正常")
        HAZARD = "hazard", _("发现隐患")
        MISSED = "missed", _("漏检")

    task = models.ForeignKey(CheckTask, verbose_name=_("排查任务"), on_delete=models.CASCADE, related_name="records")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="check_records")
    period_start = models.DateTimeField(_("周期开始"))
    period_end = models.DateTimeField(_("周期结束"))
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices, default=Result.DUE)
    checked_at = models.DateTimeField(_("排查时间"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("排查人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("排查情况"), blank=True)
    hazard = models.OneToOneField(Hazard, verbose_name=_("发现的隐患"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="check_record")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-period_start", "task_id"]
        verbose_name = _("排查记录")
        verbose_name_plural = _("排查记录")
        constraints = [models.UniqueConstraint(fields=["task", "period_start"], name="one_record_per_task_period")]
        indexes = [models.Index(fields=["result", "period_end"], name="checkrecord_result_end_idx")]

    def __str__(self):
        return f"{self.task} {self.period_start:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("checkrecord_detail", args=[self.pk])
