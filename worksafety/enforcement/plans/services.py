"""年度监督检查计划: building a year's plan from the risk supervision list, its approval, and progress.

Building (`do_create_plan`, `do_regenerate_plan`): every enterprise that `risk.services.SupervisionPlan` gives
key inspections becomes a target, with the number of inspections its colour and sector call for (分类分级,
差异化). The rest form the random-draw pool; each sector's yearly quota is the plan's share of its pool, rounded
up, spread over the months so that by the end of month m, ⌊total·m/12⌋ have been drawn.

Approval: 草稿 → 待审批 → 已批准, with 退回 (reason required); the approver is never the drafter (four-eyes).
Each step is taken by `core.workflow.transition(plan, action, user, comment=…)` (the PLANS workflow below).
Targets and quotas change only while the plan is a draft.

Progress (`plan_progress`) counts the completed inspections of `enforcement.Inspection`, read lazily so this
module works whether or not the inspections module is installed.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.core import audit
from worksafety.core.choices import AuditAction, Role
from worksafety.core.models import Department
from worksafety.core.scoping import ADD, CHANGE, VIEW, OutOfScope, can, require
from worksafety.core.services import do_save_object
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.enforcement.draws.models import DrawPick
from worksafety.enforcement.inspections.choices import InspectionStatus
from worksafety.enforcement.inspections.models import Inspection
from worksafety.enforcement.plans.choices import PlanStatus, ProgressBy
from worksafety.enforcement.plans.models import AnnualPlan, PlanQuota, PlanTarget
from worksafety.registry.models import Enterprise
from worksafety.risk.services import SupervisionPlan

MONTHS = range(1, 13)


def due_by_month(total: int, month: int) -> int:
    """How many of a yearly `total` fall in `month`, spread evenly: ⌊total·m/12⌋ − ⌊total·(m−1)/12⌋."""
    return total * month // 12 - total * (month - 1) // 12


def sector_departments() -> dict[int, Department]:
    """The department responsible for each sector: where several supervise one, the first registered."""
    responsible: dict[int, Department] = {}
    for department in Department.objects.prefetch_related("sectors").order_by("pk"):
        for sector in department.sectors.all():
            responsible.setdefault(sector.pk, department)
    return responsible


# --- building ------------------------------------------------------------------------------------------------

def _targets(plan: AnnualPlan, lines, departments) -> list[PlanTarget]:
    targets = []
    for line in lines:
        if not line.key_inspections:
            continue
        enterprise = line.enterprise
        department = departments.get(enterprise.sector_id)
        targets.append(PlanTarget(plan=plan, enterprise=enterprise, colour=enterprise.risk_colour,
                                  key_inspections=line.key_inspections, responsible_department=department,
                                  responsible_area=None if department else enterprise.area))
    return targets


def _quotas(plan: AnnualPlan, lines) -> list[PlanQuota]:
    pool = defaultdict(int)
    for line in lines:
        if not line.key_inspections:
            pool[line.enterprise.sector] += 1
    quotas = []
    for sector, size in sorted(pool.items(), key=lambda item: (item[0].order, item[0].code)):
        total = math.ceil(size * plan.random_share_percent / 100)
        quotas += [PlanQuota(plan=plan, sector=sector, month=month, quota=due_by_month(total, month))
                   for month in MONTHS]
    return quotas


def _build(plan: AnnualPlan, *, targets: bool) -> dict:
    """Write the plan's quotas (and its targets when asked) from the supervision list as it stands."""
    lines = SupervisionPlan(Enterprise.objects.all()).lines()
    written = {}
    if targets:
        plan.targets.all().delete()
        written["targets"] = len(PlanTarget.objects.bulk_create(_targets(plan, lines, sector_departments())))
    plan.quotas.all().delete()
    written["quotas"] = len(PlanQuota.objects.bulk_create(_quotas(plan, lines)))
    return written


def do_create_plan(plan: AnnualPlan, *, user) -> AnnualPlan:
    """A new draft for a year, with its targets and quotas."""
    if not can(user, AnnualPlan, ADD):
        raise OutOfScope()
    plan.status, plan.created_by = PlanStatus.DRAFT, user
    plan.full_clean()
    try:
        with transaction.atomic(), audit.acting_as(user):
            plan.save()
            written = _build(plan, targets=True)
            audit.record(AuditAction.UPDATE, instance=plan, after={"built_from": "risk.SupervisionPlan", **written})
    except IntegrityError as error:  # the same year created at the same moment
        plan.pk, plan._state.adding = None, True
        raise ValidationError({"year": _("该年度已有监督检查计划。")}) from error
    return plan


def _check_draft(plan: AnnualPlan, user) -> None:
    require(user, plan, CHANGE)
    if AnnualPlan.objects.filter(pk=plan.pk).values_list("status", flat=True).first() != PlanStatus.DRAFT:
        raise ValidationError(_("只有草稿状态的计划可以修改；已提交的计划请先退回。"))


def do_save_plan(plan: AnnualPlan, *, user) -> AnnualPlan:
    """Change a draft's share or note; a changed share recomputes the quotas (targets stay as edited)."""
    _check_draft(plan, user)
    share_before = AnnualPlan.objects.values_list("random_share_percent", flat=True).get(pk=plan.pk)
    with transaction.atomic():
        do_save_object(plan, user=user)
        if plan.random_share_percent != share_before:
            _build(plan, targets=False)
    return plan


def do_regenerate_plan(plan: AnnualPlan, *, user) -> dict:
    """按风险清单重新生成: targets and quotas again from today's colours (edits to targets are lost)."""
    _check_draft(plan, user)
    with transaction.atomic(), audit.acting_as(user):
        written = _build(plan, targets=True)
        audit.record(AuditAction.UPDATE, instance=plan, after={"regenerated": True, **written})
    return written


def do_save_target(target: PlanTarget, *, user) -> PlanTarget:
    """Adjust a target's inspections or responsibility while its plan is a draft."""
    if target.plan_id is None:
        raise ValidationError({"plan": _("请选择计划。")})
    _check_draft(target.plan, user)
    return do_save_object(target, user=user)


# --- approval ------------------------------------------------------------------------------------------------

def _bureau(user, plan) -> bool:
    return user.is_superuser or user.role == Role.DISTRICT


TRANSITIONS = (
    Transition("submit", gettext_lazy("提交审批"), PlanStatus.DRAFT, PlanStatus.SUBMITTED, _bureau),
    Transition("return", gettext_lazy("退回修改"), PlanStatus.SUBMITTED, PlanStatus.DRAFT, _bureau,
               ("comment",)),
    Transition("approve", gettext_lazy("批准"), PlanStatus.SUBMITTED, PlanStatus.APPROVED, _bureau,
               four_eyes=True),
)


def _approval_fields(plan: AnnualPlan, step) -> dict:
    """What each step also sets: when it was submitted, why it was returned, who approved it and when."""
    if "comment" in step.transition.needs and not step.comment:
        raise ValidationError({"comment": _("退回时须说明理由。")})
    now = timezone.now()
    return {
        PlanStatus.SUBMITTED: {"submitted_at": now, "return_comment": ""},
        PlanStatus.DRAFT: {"return_comment": step.comment},
        PlanStatus.APPROVED: {"approved_by": step.user, "approved_at": now},
    }[step.transition.target]


PLANS = register(Workflow(AnnualPlan, TRANSITIONS, state_field="status", drafter_field="created_by",
                          prepare=_approval_fields, conflict=gettext_lazy("该计划已被他人处理，请刷新后查看。"),
                          drafter_refusal=gettext_lazy("计划须由编制人以外的人员批准。")))


# --- progress ------------------------------------------------------------------------------------------------

@dataclass
class ProgressRow:
    """One department, street or month: key inspections planned and done, random draws planned, drawn and
    inspected. `random_planned` is None where quotas (per sector and month) cannot be attributed (streets)."""

    key: object
    label: str
    key_planned: int = 0
    key_done: int = 0
    random_planned: int | None = 0
    random_drawn: int = 0
    random_done: int = 0

    @property
    def key_rate(self) -> float | None:
        return self.key_done / self.key_planned if self.key_planned else None


def completed_inspections(user=None):
    """Finished inspections (those still being recorded on site do not count yet)."""
    return _restricted(Inspection.objects.filter(status=InspectionStatus.COMPLETED), user)


def _restricted(queryset, user):
    return queryset if user is None else queryset.restrict(user, VIEW)


def plan_progress(plan: AnnualPlan, *, by: str, user=None) -> list[ProgressRow]:
    """Progress against the plan per responsible unit (`by="department"`: departments, and streets responsible
    for targets no department supervises), per street or zone the enterprises lie in (`"area"`) or per month.

    A target's completed inspections in the plan's year count up to its planned number, in date order (分类分级 sets a
    ceiling, so extra visits do not make up for missed ones elsewhere). Random inspections are those recorded
    against a pick of one of the plan's draws. With `user`, only targets, picks and inspections in their scope
    count.
    """
    if by not in ProgressBy.values:
        raise ValueError(f"by must be one of {ProgressBy.values}")
    departments = sector_departments()
    rows: dict[object, ProgressRow] = {}

    def row(key, label) -> ProgressRow:
        if key not in rows:
            rows[key] = ProgressRow(key, label, random_planned=None if by == ProgressBy.AREA else 0)
        return rows[key]

    def group(enterprise, responsible_department=None, responsible_area=None, month=None):
        if by == ProgressBy.MONTH:
            return month, _("%(month)s月") % {"month": month}
        if by == ProgressBy.AREA:
            return enterprise.area_id, enterprise.area.name
        unit = responsible_department or responsible_area
        if unit is None:  # a random inspection: its sector's department
            unit = departments.get(enterprise.sector_id)
        if unit is None:
            return ("area", enterprise.area_id), enterprise.area.name
        return (unit._meta.model_name, unit.pk), unit.name

    if by == ProgressBy.MONTH:
        for month in MONTHS:
            row(*group(None, month=month))
    targets = {t.pk: t for t in _restricted(PlanTarget.objects.filter(plan=plan), user)
               .select_related("enterprise__area", "responsible_department", "responsible_area")}
    for target in targets.values():
        if by == ProgressBy.MONTH:
            for month in MONTHS:
                row(*group(None, month=month)).key_planned += due_by_month(target.key_inspections, month)
        else:
            row(*group(target.enterprise, target.responsible_department, target.responsible_area)).key_planned += \
                target.key_inspections
    for quota in plan.quotas.all():
        if by == ProgressBy.MONTH:
            row(*group(None, month=quota.month)).random_planned += quota.quota
        elif by == ProgressBy.DEPARTMENT and quota.sector_id in departments:
            department = departments[quota.sector_id]
            row(("department", department.pk), department.name).random_planned += quota.quota
    picks = _restricted(DrawPick.objects.filter(draw__plan=plan), user).select_related(
        "enterprise__area", "draw")
    for pick in picks:
        month = pick.draw.month or timezone.localtime(pick.draw.drawn_at or pick.draw.announced_at).month
        row(*group(pick.enterprise, month=month)).random_drawn += 1
    _count_inspections(plan, user, targets, row, group)
    return list(rows.values())


def _count_inspections(plan, user, targets, row, group) -> None:
    inspections = completed_inspections(user).filter(inspected_on__year=plan.year).select_related("enterprise__area")
    counted: dict[int, int] = defaultdict(int)
    for inspected in inspections.filter(plan_target__plan=plan).order_by("inspected_on", "pk"):
        target = targets.get(inspected.plan_target_id)
        if target is None or counted[target.pk] >= target.key_inspections:
            continue
        counted[target.pk] += 1
        row(*group(inspected.enterprise, target.responsible_department, target.responsible_area,
                   inspected.inspected_on.month)).key_done += 1
    for inspected in inspections.filter(pick__draw__plan=plan):
        row(*group(inspected.enterprise, month=inspected.inspected_on.month)).random_done += 1
