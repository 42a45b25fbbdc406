"""Emergency plans (应急预案) with their response steps, 应急处置卡, links to other plans (衔接), periodic
evaluations (评估) and drills (演练).

A plan belongs to the district, to one department, or to one enterprise; its kind must suit the owner
(`choices.KINDS_BY_OWNER`). Status, dates and filing change only through `emergency.plans.services` along
`emergency.plans.workflow`. Who sees which plan is `PlanQuerySet.restrict`; the parts of a plan follow it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import Role
from worksafety.core.models import Area, Department, Sector
from worksafety.core.scoping import VIEW, RestrictedQuerySet, allowed_actions
from worksafety.emergency.plans import rules
from worksafety.emergency.plans.choices import (
    EVENT_TYPE_LABELS,
    IN_FORCE,
    KINDS_BY_OWNER,
    DrillKind,
    DrillRating,
    LinkKind,
    OwnerLevel,
    PlanKind,
    PlanStatus,
    ResponseLevel,
    ReviewConclusion,
)
from worksafety.registry.models import Chemical, Enterprise, enterprise_scope

# The enterprise plans inside a login's scope are found as that enterprise's other records are.
ENTERPRISE_PLANS = enterprise_scope("enterprise")
# The drill rules by group of plans: (which plans, a kind standing for the group, owned by an enterprise).
DRILL_GROUPS = (
    (Q(enterprise__isnull=False, kind=PlanKind.ONSITE), PlanKind.ONSITE, True),
    (Q(enterprise__isnull=False) & ~Q(kind=PlanKind.ONSITE), PlanKind.COMPREHENSIVE, True),
    (Q(enterprise__isnull=True), PlanKind.OVERALL, False),
)


def owned_by(user) -> Q | None:
    """The plans this login's unit keeps: the district bureau the district's, a department its own, an
    enterprise its own. None when it keeps none."""
    if user.role == Role.DISTRICT and user.area_id:
        return Q(enterprise__isnull=True, department__isnull=True, area__code__startswith=user.scope.area_code)
    if user.role == Role.DEPARTMENT and user.department_id:
        return Q(department_id=user.department_id)
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return None


class PlanQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """Changes: only the owner's side. Viewing: government plans are public documents (管理办法:
        依法向社会公布), so every login sees them; enterprise plans are seen within the login's scope, as the
        enterprise's other records are. A draft is its owner's working copy and stays with the owner."""
        if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
            return self
        if action not in allowed_actions(user, self.model):
            return self.none()
        own = owned_by(user)
        if action != VIEW:
            return self.filter(own) if own is not None else self.none()
        visible = Q(enterprise__isnull=True)
        in_scope = user.scope.filter_for(ENTERPRISE_PLANS)
        if in_scope is not None:
            visible |= in_scope
        visible &= ~Q(status=PlanStatus.DRAFT)
        return self.filter(visible | own if own is not None else visible)

    def in_force(self):
        return self.filter(status__in=IN_FORCE)

    def with_last_drill(self):
        return self.annotate(last_drill_on=Max("drills__held_on"))

    def drill_overdue(self, today):
        """Plans in force whose next drill was due before `today` (plans.rules)."""
        late = Q()
        for plans, kind, enterprise in DRILL_GROUPS:
            cutoff = rules.drill_cutoff(kind, enterprise=enterprise, today=today)
            recent = Drill.objects.filter(plan=OuterRef("pk"), held_on__gte=cutoff)
            late |= plans & Q(published_on__lt=cutoff) & ~Exists(recent)
        return self.in_force().filter(late)

    def review_overdue(self, today):
        return self.in_force().filter(next_review_due__lt=today)

    def review_due_soon(self, today):
        """In force, with the evaluation due within REVIEW_REMIND_DAYS (and not yet overdue)."""
        return self.in_force().filter(
            next_review_due__gte=today,
            next_review_due__lte=today + timedelta(days=rules.REVIEW_REMIND_DAYS))


class PlanPartQuerySet(RestrictedQuerySet):
    """The parts of a plan (steps, cards, links, evaluations, drills) are seen and changed with their plan."""

    def restrict(self, user, action: str = VIEW):
        if action not in allowed_actions(user, self.model):
            return self.none()
        plans = EmergencyPlan.objects.restrict(user, action)
        return self.filter(**{f"{self.model.plan_field}__in": plans})


def plan_scope(path: str) -> dict:
    """`scope_fields` of a plan `path` away, for the audit log (restrict() is the querysets' own)."""
    return {"area": f"{path}area__code", "park": f"{path}enterprise__park_id",
            "sector": f"{path}enterprise__sector__code", "enterprise": f"{path}enterprise_id"}


def validate_event_types(value) -> None:
    if not isinstance(value, list) or any(code not in EVENT_TYPE_LABELS for code in value) \
            or len(set(value)) != len(value):
        raise ValidationError(_("事件类型须为不重复的预警类别或 GB 6441 事故类别。"))


def validate_response_levels(value) -> None:
    if not isinstance(value, list) or any(level not in ResponseLevel.values for level in value) \
            or len(set(value)) != len(value):
        raise ValidationError(_("响应级别须为不重复的 Ⅰ–Ⅳ 级（1–4）。"))


class EmergencyPlan(models.Model):
    """One version of an emergency plan. A new version is a new row that `replaces` the one before; when it
    is published the earlier one becomes 已被新版本替代 and stays readable."""

    title = models.CharField(_("预案名称"), max_length=120)
    code = models.CharField(_("预案编号"), max_length=50, blank=True)
    version = models.CharField(_("版本"), max_length=20, help_text=_("如 2024 版、V2.0"))
    replaces = models.ForeignKey("self", verbose_name=_("替代的版本"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="successors", editable=False)
    kind = models.CharField(_("预案类型"), max_length=16, choices=PlanKind.choices)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("编制企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="emergency_plans")
    department = models.ForeignKey(Department, verbose_name=_("编制部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="emergency_plans")
    # The owner's area (the district's own for district plans), set by the services: scope and audit use it.
    area = models.ForeignKey(Area, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="+",
                             editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              editable=False)
    scope_text = models.TextField(_("适用范围"), blank=True)
    event_types = models.JSONField(_("适用事件类型"), default=list, blank=True, validators=[validate_event_types],
                                   help_text=_("不选则适用于编制单位的各类事件"))
    chemicals = models.ManyToManyField(Chemical, verbose_name=_("涉及危险化学品"), blank=True, related_name="+")
    sectors = models.ManyToManyField(Sector, verbose_name=_("适用行业领域"), blank=True, related_name="+")
    response_levels = models.JSONField(_("响应分级"), default=list, blank=True, validators=[validate_response_levels])
    published_on = models.DateField(_("发布日期"), null=True, blank=True, editable=False)
    filing_number = models.CharField(_("备案编号"), max_length=60, blank=True, editable=False)
    filing_authority = models.CharField(_("备案机关"), max_length=100, blank=True, editable=False)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True, editable=False)
    next_review_due = models.DateField(_("下次评估期限"), null=True, blank=True, editable=False)
    retired_on = models.DateField(_("废止日期"), null=True, blank=True, editable=False)
    retire_reason = models.TextField(_("废止原因"), blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    created = models.DateTimeField(_("录入时间"), default=timezone.now, editable=False)

    objects = PlanQuerySet.as_manager()
    scope_fields = plan_scope("")
    audited = True

    class Meta:
        ordering = ["title", "-id"]
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        constraints = [
            models.CheckConstraint(condition=Q(enterprise__isnull=True) | Q(department__isnull=True),
                                   name="emergency_plan_one_owner"),
            # One live successor per version: a retired draft frees the place for another.
            models.UniqueConstraint(fields=["replaces"], condition=~Q(status=PlanStatus.RETIRED),
                                    name="emergency_plan_one_successor"),
        ]
        indexes = [models.Index(fields=["status", "next_review_due"], name="plan_status_review_idx")]

    def __str__(self):
        return f"{self.title}（{self.version}）"

    @property
    def owner_level(self) -> str:
        if self.enterprise_id:
            return OwnerLevel.ENTERPRISE
        return OwnerLevel.DEPARTMENT if self.department_id else OwnerLevel.DISTRICT

    @property
    def owner_name(self) -> str:
        return str(self.enterprise or self.department or self.area)

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE

    @property
    def event_type_labels(self) -> list[str]:
        return [str(EVENT_TYPE_LABELS.get(code, code)) for code in self.event_types]

    @property
    def response_level_labels(self) -> list[str]:
        return [str(ResponseLevel(level).label) for level in sorted(self.response_levels)]

    def clean(self):
        errors = {}
        if not self.response_levels:
            errors["response_levels"] = _("请至少选择一个响应级别。")
        if self.enterprise_id and self.department_id:
            errors["department"] = _("预案只能属于一个编制单位：企业或部门，都不选为区级预案。")
        elif self.kind and self.kind not in KINDS_BY_OWNER[self.owner_level]:
            allowed = "、".join(str(PlanKind(kind).label) for kind in KINDS_BY_OWNER[self.owner_level])
            errors["kind"] = _("%(owner)s预案的类型只能是：%(kinds)s。") % {
                "owner": OwnerLevel(self.owner_level).label, "kinds": allowed}
        if errors:
            raise ValidationError(errors)

    def locked_fields(self, user) -> set[str]:
        """A plan stays with the unit that wrote it."""
        return {"enterprise", "department"}

    def drill_due(self, last_drill_on):
        """The day the next drill is due by, or None for a plan not in force."""
        if not self.in_force or self.published_on is None:
            return None
        return rules.drill_due(self.kind, enterprise=bool(self.enterprise_id), published_on=self.published_on,
                               last_drill_on=last_drill_on)


class PlanPart(models.Model):
    plan_field = "plan"
    objects = PlanPartQuerySet.as_manager()
    scope_fields = plan_scope("plan__")
    audited = True

    class Meta:
        abstract = True


class PlanResponseStep(PlanPart):
    """One step of the response at one level: what is done, by whom, within what time. A plan's steps are
    written together by `emergency.plans.services`, which keeps their numbers unique per level (no database
    constraint, so steps can be renumbered in any order)."""

    plan = models.ForeignKey(EmergencyPlan, verbose_name=_("应急预案"), on_delete=models.CASCADE,
                             related_name="steps")
    response_level = models.PositiveSmallIntegerField(_("响应级别"), choices=ResponseLevel.choices)
    order = models.PositiveSmallIntegerField(_("序号"), validators=[MinValueValidator(1)])
    action = models.TextField(_("处置措施"))
    responsible = models.CharField(_("责任岗位/单位"), max_length=100)
    time_limit = models.CharField(_("时限"), max_length=60, blank=True, help_text=_("如“接报后 10 分钟内”"))

    class Meta:
        ordering = ["response_level", "order", "id"]
        verbose_name = _("响应步骤")
        verbose_name_plural = _("响应步骤")

    def __str__(self):
        return f"{self.get_response_level_display()} {self.order}. {self.action[:40]}"


class DisposalCard(PlanPart):
    """应急处置卡 (管理办法): what one post does in one scenario, whom to call, what to wear; short
    enough to carry."""

    plan = models.ForeignKey(EmergencyPlan, verbose_name=_("应急预案"), on_delete=models.CASCADE,
                             related_name="cards")
    post = models.CharField(_("岗位"), max_length=60)
    scenario = models.CharField(_("风险/事故情景"), max_length=200)
    steps = models.TextField(_("处置程序和措施"), help_text=_("每行一步"))
    contacts = models.TextField(_("联络人员和联系方式"), help_text=_("每行一人，如“值班长 张三 13800000000”"))
    ppe = models.CharField(_("个体防护和应急装备"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=1)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("应急处置卡")
        verbose_name_plural = _("应急处置卡")

    def __str__(self):
        return f"{self.post}：{self.scenario}"

    @property
    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def contact_lines(self) -> list[str]:
        return [line.strip() for line in self.contacts.splitlines() if line.strip()]


class PlanLink(PlanPart):
    """衔接: `from_plan` connects up to `to_plan` — an enterprise's 现场处置方案 to its 专项 plan, an enterprise
    plan to the district's plan (政企衔接), a department or 专项 plan to the 总体 plan. The kind follows from the
    two owners."""

    plan_field = "from_plan"

    from_plan = models.ForeignKey(EmergencyPlan, verbose_name=_("本预案"), on_delete=models.CASCADE,
                                  related_name="links_out")
    to_plan = models.ForeignKey(EmergencyPlan, verbose_name=_("衔接的上级预案"), on_delete=models.CASCADE,
                                related_name="links_in")
    kind = models.CharField(_("衔接类型"), max_length=16, choices=LinkKind.choices, editable=False)

    scope_fields = plan_scope("from_plan__")

    class Meta:
        ordering = ["id"]
        verbose_name = _("预案衔接")
        verbose_name_plural = _("预案衔接")
        constraints = [
            models.UniqueConstraint(fields=["from_plan", "to_plan"], name="plan_link_unique"),
            models.CheckConstraint(condition=~Q(from_plan=models.F("to_plan")), name="plan_link_not_itself"),
        ]

    def __str__(self):
        return f"{self.from_plan} → {self.to_plan}"

    def clean(self):
        """The rules of a new link; `from_plan` may be a plan not saved yet (its owner is set)."""
        if self.to_plan_id is None:
            return
        lower, upper = self.from_plan, self.to_plan
        if lower.pk is not None and lower.pk == upper.pk:
            raise ValidationError({"to_plan": _("预案不能与自身衔接。")})
        if lower.enterprise_id and upper.enterprise_id and lower.enterprise_id != upper.enterprise_id:
            raise ValidationError({"to_plan": _("企业预案只能衔接本企业的预案或政府（部门）预案。")})
        if upper.enterprise_id and not lower.enterprise_id:
            raise ValidationError({"to_plan": _("政府（部门）预案不能以企业预案为上级预案。")})
        if upper.status not in IN_FORCE:
            raise ValidationError({"to_plan": _("只能衔接现行有效的预案。")})
        if lower.pk is not None and PlanLink.objects.filter(from_plan=upper, to_plan=lower).exists():
            raise ValidationError({"to_plan": _("“%(plan)s”已以本预案为上级预案，不能互为上级。") % {"plan": upper}})
        self.kind = LinkKind.GOVERNMENT_ENTERPRISE if bool(lower.enterprise_id) != bool(upper.enterprise_id) \
            else LinkKind.HIERARCHY


class PlanReview(PlanPart):
    """A periodic evaluation (管理办法 第三十五条) and its conclusion on whether the plan needs revising."""

    plan = models.ForeignKey(EmergencyPlan, verbose_name=_("应急预案"), on_delete=models.PROTECT,
                             related_name="reviews")
    reviewed_on = models.DateField(_("评估日期"))
    conclusion = models.CharField(_("评估结论"), max_length=12, choices=ReviewConclusion.choices)
    summary = models.TextField(_("评估意见"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                    related_name="+", editable=False)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("预案评估")
        verbose_name_plural = _("预案评估")

    def __str__(self):
        return f"{self.plan} {self.reviewed_on}"

    def clean(self):
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            raise ValidationError({"reviewed_on": _("评估日期不能晚于今天。")})
        if self.reviewed_on and self.plan_id and self.plan.published_on and self.reviewed_on < self.plan.published_on:
            raise ValidationError({"reviewed_on": _("评估日期不能早于预案发布日期（%(date)s）。")
                                   % {"date": self.plan.published_on}})


class Drill(PlanPart):
    """One 应急演练 of a plan (管理办法 第三十三条) with its evaluation; photos and records attach to it."""

    plan = models.ForeignKey(EmergencyPlan, verbose_name=_("应急预案"), on_delete=models.PROTECT,
                             related_name="drills")
    held_on = models.DateField(_("演练日期"))
    kind = models.CharField(_("演练形式"), max_length=12, choices=DrillKind.choices)
    scenario = models.TextField(_("演练情景"))
    organiser = models.CharField(_("组织单位"), max_length=100)
    participants = models.PositiveIntegerField(_("参演人数"), validators=[MinValueValidator(1)])
    participant_units = models.CharField(_("参演单位"), max_length=300, blank=True)
    duration_minutes = models.PositiveIntegerField(_("演练时长（分钟）"), validators=[MinValueValidator(1)])
    rating = models.CharField(_("评估等级"), max_length=10, choices=DrillRating.choices)
    findings = models.TextField(_("存在的问题"), blank=True)
    improvements = models.TextField(_("改进措施"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                    related_name="+", editable=False)
    created = models.DateTimeField(_("录入时间"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")

    def __str__(self):
        return f"{self.plan.title} · {self.held_on} {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.held_on and self.held_on > timezone.localdate():
            errors["held_on"] = _("演练日期不能晚于今天；计划中的演练请在举行后录入。")
        elif self.held_on and self.plan_id and self.plan.published_on and self.held_on < self.plan.published_on:
            errors["held_on"] = _("演练日期不能早于本版预案的发布日期（%(date)s）。") % {"date": self.plan.published_on}
        if self.rating in (DrillRating.FAIR, DrillRating.POOR) and not self.findings.strip():
            errors["findings"] = _("评估为“中”或“差”时须写明存在的问题。")
        if errors:
            raise ValidationError(errors)
