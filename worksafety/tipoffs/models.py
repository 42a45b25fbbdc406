from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Area, Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.registry.models import Enterprise, Park, PointMixin
from worksafety.standards import workdays
from worksafety.tipoffs.choices import AccidentGrade, Category, RewardStatus, State


class TipOff(PointMixin, models.Model):
    """A public 举报 from intake to its close, under 《安全生产领域举报奖励办法》 (安监总财〔2018〕19号).

    The reporter's name and phone are kept only as ciphertext (`identity_ciphertext`, see tipoffs.identity);
    the submitting address only as a keyed digest for rate limiting. The public sees the state and the
    public replies through the tracking code, nothing else.
    """

    tracking_code = models.CharField(_("查询码"), max_length=20, unique=True)
    category = models.CharField(_("举报类别"), max_length=20, choices=Category.choices)
    content = models.TextField(_("举报内容"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lon = models.FloatField(_("经度"), null=True, blank=True)
    reported_enterprise = models.CharField(_("被举报单位"), max_length=200, blank=True)
    anonymous = models.BooleanField(_("匿名"), default=True)
    identity_ciphertext = models.TextField(_("举报人信息（加密）"), blank=True)
    source_digest = models.CharField(_("来源标识"), max_length=64, db_index=True, editable=False)
    # Where it is handled: the district at first, then the street, park and sector of the enterprise concerned.
    area = models.ForeignKey(Area, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("涉及企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="tipoffs")
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    park = models.ForeignKey(Park, verbose_name=_("园区"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.RECEIVED)
    received_at = models.DateTimeField(_("受理时间"), auto_now_add=True)
    due_on = models.DateField(_("办结期限"))
    extended = models.BooleanField(_("已延期"), default=False)
    substantiated = models.BooleanField(_("核查属实"), null=True, editable=False)
    verified_on = models.DateField(_("核查结论日期"), null=True, blank=True)
    feedback_due_on = models.DateField(_("反馈期限"), null=True, blank=True)
    conclusion = models.TextField(_("核查结论"), blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    hazard = models.ForeignKey("hazards.Hazard", verbose_name=_("关联隐患"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="tipoffs")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {"area": "area__code", "sector": "sector__code", "park": "park_id"}
    audited = True
    # The ciphertext is secret by design; the audit log keeps that it changed, never its value.
    audit_exclude = {"identity_ciphertext", "source_digest"}

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        indexes = [models.Index(fields=["state", "due_on"], name="tipoff_state_due_idx"),
                   models.Index(fields=["source_digest", "received_at"], name="tipoff_source_time_idx")]

    def __str__(self):
        return self.tracking_code

    def get_absolute_url(self):
        return reverse("tipoff_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.state != State.CLOSED and self.due_on < timezone.localdate()


class TipOffEvent(models.Model):
    """One handling step (who, when, from → to, internal note) and, when given, the reply the reporter sees."""

    tipoff = models.ForeignKey(TipOff, verbose_name=_("举报"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("内部意见"), blank=True)
    public_reply = models.TextField(_("对举报人的答复"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {"area": "tipoff__area__code", "sector": "tipoff__sector__code", "park": "tipoff__park_id"}

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("举报处理记录")
        verbose_name_plural = _("举报处理记录")

    def __str__(self):
        return f"{self.tipoff} {self.action}"


class TipOffPolicy(models.Model):
    """The district's handling time limits, intake limits and reward rules (one row, edited by the district).

    Defaults: 60 days from acceptance to close, one extension of at most 30 days, the result fed back within
    10 days of verification (《安全生产举报奖励办法》 2012, kept by the 2018 rules as practice); rewards by
    安监总财〔2018〕19号: 15 % of the fine, at least 3 000 and at most 300 000 元; concealed accidents 3/4/5/6
    万元 per concealed death by grade, at most 30 万元.
    """

    handling_days = models.PositiveSmallIntegerField(_("办结时限（天）"), default=60,
                                                     validators=[MinValueValidator(1), MaxValueValidator(365)])
    extension_days = models.PositiveSmallIntegerField(_("延期上限（天）"), default=30,
                                                      validators=[MaxValueValidator(365)])
    feedback_days = models.PositiveSmallIntegerField(_("核实后反馈时限（天）"), default=10,
                                                     validators=[MinValueValidator(1), MaxValueValidator(90)])
    days_are_workdays = models.BooleanField(_("按工作日计算"), default=False,
                                            help_text=_("勾选后上述时限按工作日（扣除法定节假日）计算。"))
    per_address_per_hour = models.PositiveSmallIntegerField(_("同一地址每小时举报上限"), default=3,
                                                            validators=[MinValueValidator(1)])
    per_address_per_day = models.PositiveSmallIntegerField(_("同一地址每天举报上限"), default=10,
                                                           validators=[MinValueValidator(1)])
    reward_rate_percent = models.DecimalField(_("奖励比例（罚款的%）"), max_digits=5, decimal_places=2, default=15,
                                              validators=[MinValueValidator(0), MaxValueValidator(100)])
    reward_min_yuan = models.PositiveIntegerField(_("奖励下限（元）"), default=3000)
    reward_max_yuan = models.PositiveIntegerField(_("奖励上限（元）"), default=300000)
    death_reward_general = models.PositiveIntegerField(_("一般事故每瞒报1人奖励（元）"), default=30000)
    death_reward_larger = models.PositiveIntegerField(_("较大事故每瞒报1人奖励（元）"), default=40000)
    death_reward_major = models.PositiveIntegerField(_("重大事故每瞒报1人奖励（元）"), default=50000)
    death_reward_especially_major = models.PositiveIntegerField(_("特别重大事故每瞒报1人奖励（元）"), default=60000)
    death_reward_cap = models.PositiveIntegerField(_("瞒报事故奖励上限（元）"), default=300000)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}  # district-wide settings
    audited = True

    class Meta:
        verbose_name = _("举报办理设置")
        verbose_name_plural = _("举报办理设置")

    def __str__(self):
        return str(_("举报办理设置"))

    def clean(self):
        if self.reward_min_yuan > self.reward_max_yuan:
            raise ValidationError({"reward_min_yuan": _("奖励下限不能高于上限。")})
        if self.per_address_per_hour > self.per_address_per_day:
            raise ValidationError({"per_address_per_hour": _("每小时上限不能高于每天上限。")})

    @classmethod
    def current(cls) -> "TipOffPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

    def death_reward(self, grade: str) -> int:
        return getattr(self, f"death_reward_{grade}")

    def add_days(self, start: date, days: int) -> date:
        """A time limit counted in calendar days, or in working days when the policy says so."""
        return workdays.add_workdays(start, days) if self.days_are_workdays else start + timedelta(days=days)


class RewardHandler(models.Model):
    """A district login designated to handle rewards: the only people who see a reporter's identity."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), on_delete=models.CASCADE,
                                related_name="reward_handler")
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("指定人"), on_delete=models.PROTECT,
                                      related_name="+")
    designated_at = models.DateTimeField(_("指定时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}  # district-wide settings
    audited = True

    class Meta:
        verbose_name = _("举报奖励经办人")
        verbose_name_plural = _("举报奖励经办人")

    def __str__(self):
        return str(self.user)


class RewardProposal(models.Model):
    """A reward computed by the rules for a substantiated tip-off, approved or refused by a reward handler."""

    tipoff = models.ForeignKey(TipOff, verbose_name=_("举报"), on_delete=models.PROTECT, related_name="rewards")
    fine_yuan = models.DecimalField(_("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0)])
    penalty_reference = models.CharField(_("处罚决定书文号"), max_length=100, blank=True)
    accident_grade = models.CharField(_("事故等级"), max_length=20, choices=AccidentGrade.choices, blank=True)
    concealed_deaths = models.PositiveSmallIntegerField(_("查实瞒报死亡人数"), null=True, blank=True)
    amount_yuan = models.DecimalField(_("奖励金额（元）"), max_digits=12, decimal_places=2)
    computation = models.TextField(_("计算过程"))
    status = models.CharField(_("状态"), max_length=10, choices=RewardStatus.choices, default=RewardStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审批人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {"area": "tipoff__area__code"}
    audited = True

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("举报奖励")
        verbose_name_plural = _("举报奖励")
        constraints = [models.UniqueConstraint(fields=["tipoff"], condition=models.Q(status__in=["proposed",
                                                                                              "approved"]),
                                               name="one_live_reward_per_tipoff")]

    def __str__(self):
        return f"{self.tipoff} {self.amount_yuan}"
