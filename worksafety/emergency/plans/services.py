"""Emergency plan writes (Zulip-style do_* functions) and the plan search the incident command board calls.

Writes: a plan with its steps, 应急处置卡 and links is saved as one (`do_save_plan`), checking the user's scope
(out of scope raises OutOfScope, a 404) and validating everything before writing anything, inside one
transaction with the audit entries. Its life — publication, filing, retirement, new versions, evaluations and
drills — is the table in `workflow`, taken by `core.workflow.transition`; `do_new_version` and
`do_record_drill` are the two steps whose caller needs the record they bring.

A published plan's content (name, kind, applicability, response levels and steps) is frozen: changing it is a
revision, a new version to publish and file again (管理办法). Its 应急处置卡 (contacts change) and
links stay editable, like the 附件信息 管理办法 wants kept current.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.attachments import store_attachments
from worksafety.core.choices import Role
from worksafety.core.scoping import ADD, CHANGE, VIEW, OutOfScope, can
from worksafety.core.workflow import transition
from worksafety.emergency.plans import workflow
from worksafety.emergency.plans.choices import (
    EVENT_TYPE_LABELS,
    GENERAL_KINDS,
    IN_FORCE,
    PlanKind,
    PlanStatus,
    ResponseLevel,
    related_event_types,
    same_event_types,
)
from worksafety.emergency.plans.models import Drill, EmergencyPlan, PlanLink
from worksafety.emergency.plans.workflow import CONTENT_FIELDS
from worksafety.emergency.warnings.services import district_root

# --- saving a plan with its parts ---------------------------------------------------------------------------

def do_save_plan(plan: EmergencyPlan, *, user, m2m: dict | None = None, steps=None, cards=None, links=None,
                 files=()) -> EmergencyPlan:
    """Create a draft, or save a plan with its parts. `steps` and `cards` are the complete lists the plan
    keeps (instances, new or its own; the rest are deleted), `links` the plans it connects up to; None leaves
    that part as it is. `files` are documents of the plan (the plan text, its annexes)."""
    stored = _check_may_save(plan, user)
    frozen = stored is not None and stored.status != PlanStatus.DRAFT
    if frozen and (m2m or steps is not None or any(getattr(plan, name) != getattr(stored, name)
                                                    for name in CONTENT_FIELDS)):
        raise ValidationError(_("已发布的预案不能修改名称、类型、适用范围、响应分级和响应步骤；请起草新版本。"
                                "应急处置卡、预案衔接和附件可以更新。"))
    plan.full_clean()
    errors = {}
    if steps is not None:
        errors.update(_step_errors(plan, steps))
    if cards is not None:
        errors.update(_card_errors(plan, cards))
    if links is not None:
        errors.update(_link_errors(plan, links, user))
    if errors:
        raise ValidationError(errors)
    adding = plan._state.adding
    try:
        with transaction.atomic(), audit.acting_as(user):
            plan.save()
            for name, values in (m2m or {}).items():
                getattr(plan, name).set(values)
            if steps is not None:
                _replace_parts(plan, plan.steps.all(), steps)
            if cards is not None:
                _replace_parts(plan, plan.cards.all(), cards)
            if links is not None:
                _replace_links(plan, links)
            if files:
                store_attachments(files, owner=plan, user=user)
            if not workflow.is_owner(user, plan):
                raise OutOfScope()
    except Exception:
        if adding:  # the row was rolled back: the plan is new again
            plan.pk, plan._state.adding = None, True
        raise
    return plan


def _check_may_save(plan: EmergencyPlan, user) -> EmergencyPlan | None:
    """Scope checks before a save; returns the stored plan (None for a new one), whose owner is kept."""
    if plan._state.adding:
        if not can(user, EmergencyPlan, ADD):
            raise OutOfScope()
        assign_owner(plan, user)
        plan.status, plan.created_by = PlanStatus.DRAFT, user
        return None
    stored = EmergencyPlan.objects.restrict(user, CHANGE).filter(pk=plan.pk).first()
    if stored is None:
        raise OutOfScope()
    if stored.status not in (PlanStatus.DRAFT, *IN_FORCE):
        raise ValidationError(_("已被替代或已废止的预案不能修改。"))
    plan.enterprise_id, plan.department_id, plan.area_id = stored.enterprise_id, stored.department_id, stored.area_id
    plan.status = stored.status
    return stored


def assign_owner(plan: EmergencyPlan, user) -> None:
    """A login writes plans for its own unit; the superuser names the enterprise or department (neither: the
    district)."""
    if not user.is_superuser:
        plan.enterprise_id = user.enterprise_id if user.role == Role.ENTERPRISE else None
        plan.department_id = user.department_id if user.role == Role.DEPARTMENT else None
    if plan.enterprise_id:
        plan.area_id = plan.enterprise.area_id
    elif plan.department_id:
        plan.area_id = plan.department.area_id
    else:
        root = district_root()
        if root is None:
            raise ValidationError(_("平台尚未配置区县，不能录入区级预案。"))
        plan.area = root


def _row_errors(label: str, index: int, error: ValidationError, part) -> list[str]:
    """“响应步骤第 2 行：处置措施：此字段不能为空。”, one per message."""
    found = []
    for field, field_messages in error.message_dict.items():
        name = f"{part._meta.get_field(field).verbose_name}：" if field != "__all__" else ""
        found += [_("%(part)s第 %(row)s 行：%(message)s") % {"part": label, "row": index, "message": name + message}
                  for message in field_messages]
    return found


def _step_errors(plan: EmergencyPlan, steps) -> dict:
    messages, seen = [], set()
    levels = set(plan.response_levels or ())
    for index, step in enumerate(steps, start=1):
        step.plan = plan
        try:
            step.full_clean(exclude=["plan"], validate_unique=False)  # ids: _foreign_rows
        except ValidationError as error:
            messages += _row_errors(_("响应步骤"), index, error, step)
            continue
        if step.response_level not in levels:
            messages.append(_("响应步骤第 %(row)s 行：%(level)s不在本预案的响应分级内。")
                            % {"row": index, "level": ResponseLevel(step.response_level).label})
        if (step.response_level, step.order) in seen:
            messages.append(_("响应步骤第 %(row)s 行：%(level)s的序号 %(order)s 重复。")
                            % {"row": index, "level": ResponseLevel(step.response_level).label, "order": step.order})
        seen.add((step.response_level, step.order))
    messages += _foreign_rows(plan, steps, "steps", _("响应步骤"))
    return {"steps": messages} if messages else {}


def _card_errors(plan: EmergencyPlan, cards) -> dict:
    messages = []
    if cards and plan.kind != PlanKind.ONSITE:
        messages.append(_("应急处置卡属于现场处置方案（管理办法）；本预案类型不能添加处置卡。"))
    for index, card in enumerate(cards, start=1):
        card.plan = plan
        try:
            card.full_clean(exclude=["plan"], validate_unique=False)
        except ValidationError as error:
            messages += _row_errors(_("应急处置卡"), index, error, card)
    messages += _foreign_rows(plan, cards, "cards", _("应急处置卡"))
    return {"cards": messages} if messages else {}


def _foreign_rows(plan: EmergencyPlan, parts, related_name: str, label: str) -> list[str]:
    """Rows that name an id of some other plan's part are refused, never moved over."""
    ids = {part.pk for part in parts if part.pk is not None}
    own = set(getattr(plan, related_name).values_list("pk", flat=True)) if plan.pk else set()
    return [_("%(part)s编号 %(id)s 不属于本预案。") % {"part": label, "id": pk} for pk in sorted(ids - own)]


def _link_errors(plan: EmergencyPlan, uppers, user) -> dict:
    """Links the plan already has stay (their upper plan may since have been retired); new ones are checked."""
    messages = []
    if len({upper.pk for upper in uppers}) != len(uppers):
        messages.append(_("同一上级预案只能衔接一次。"))
    existing = set(plan.links_out.values_list("to_plan_id", flat=True)) if plan.pk else set()
    new = [upper for upper in uppers if upper.pk not in existing]
    visible = set(EmergencyPlan.objects.restrict(user, VIEW).filter(pk__in=[u.pk for u in new])
                  .values_list("pk", flat=True))
    for upper in new:
        if upper.pk not in visible:
            messages.append(_("预案编号 %(id)s 不存在或您无权查看。") % {"id": upper.pk})
            continue
        try:
            PlanLink(from_plan=plan, to_plan=upper).clean()
        except ValidationError as error:
            messages += [f"{upper}：{message}" for message in error.messages]
    return {"links": messages} if messages else {}


def _replace_parts(plan: EmergencyPlan, existing, wanted) -> None:
    kept = {part.pk for part in wanted if part.pk is not None}
    for part in existing:
        if part.pk not in kept:
            part.delete()
    for part in wanted:
        part.plan = plan
        part.save()  # the audit entry lists what changed; an unchanged row writes none


def _replace_links(plan: EmergencyPlan, uppers) -> None:
    wanted = {upper.pk: upper for upper in uppers}
    for link in plan.links_out.all():
        if link.to_plan_id not in wanted:
            link.delete()
        else:
            del wanted[link.to_plan_id]
    for upper in wanted.values():
        link = PlanLink(from_plan=plan, to_plan=upper)
        link.clean()  # sets the kind
        link.save()


# --- steps that bring another record ------------------------------------------------------------------------

def do_new_version(plan: EmergencyPlan, *, user, version: str) -> EmergencyPlan:
    """起草新版本 (the workflow's `new_version` step), returning the draft it made."""
    transition(plan, "new_version", user, version=version)
    return plan.successors.exclude(status=PlanStatus.RETIRED).get()


def do_record_drill(drill: Drill, *, user, files=()) -> Drill:
    """Record a drill of a plan in force, or correct one (the workflow's `drill` step, on the drill's plan);
    photos and the evaluation report attach to it. A drill stays with the plan it was held for."""
    if not drill._state.adding:
        stored = Drill.objects.restrict(user, CHANGE).filter(pk=drill.pk).first()
        if stored is None:
            raise OutOfScope()
        drill.plan_id = stored.plan_id
    if drill.plan_id is None:
        raise ValidationError({"plan": _("请选择应急预案。")})
    transition(drill.plan, "drill", user, drill=drill, files=files)
    return drill


# --- the plans for an incident ------------------------------------------------------------------------------

# Weights of `match_plans` (see its docstring).
EXACT_EVENT, RELATED_EVENT, GENERAL_PLAN = 40, 20, 10
CHEMICAL, MORE_CHEMICALS, CHEMICAL_MAX = 25, 5, 35
SECTOR, LEVEL = 15, 10
SPECIFIC = {PlanKind.ONSITE: 5, PlanKind.SPECIAL: 3}


def match_plans(*, event_type: str | None, chemical_ids: list[int] = (), sector_id: int | None = None,
                level: int | None = None, enterprise_id: int | None = None, user=None,
                limit: int = 5) -> list[dict]:
    """The plans in force that apply to an incident, best first, for the command board.

    Candidates are the enterprise's own plans (when the incident is at one) and the district's and departments'
    plans, those the user may view (user None: all). Other enterprises' plans never apply. A plan restricted to
    sectors other than the incident's is left out, and so is one that fits neither the event type nor a
    chemical. The rest are ranked by tier, then score:

    - tier: the enterprise's own plans first (its 先期处置 comes first), then the
      government's;
    - event type: +40 when the plan lists it, or lists it under the other vocabulary (火灾爆炸 for "火灾":
      choices.same_event_types); +20 when it lists one the event leads to or comes from (a leak plan for
      a toxic cloud: related_event_types); +10 for a plan that covers every event of its owner (总体、部门、综合
      or no event type listed);
    - chemicals: +25 for the first matching chemical, +5 for each further one, at most +35;
    - sector: +15 when the plan lists the incident's sector;
    - level: +10 when the plan has steps for the response level (the steps are returned with it);
    - kind: +5 for a 现场处置方案 and +3 for a 专项 plan, so at equal fit the more specific plan leads.

    Each result is {id, title, kind (label), kind_code, owner, version, score, reasons (Chinese), url, steps:
    [{order, action, responsible, time_limit}] for `level` (none when no level is given)}.
    """
    plans = EmergencyPlan.objects.in_force().select_related("enterprise", "department", "area") \
        .prefetch_related("chemicals", "sectors", "steps")
    if user is not None:
        plans = plans.restrict(user, VIEW)
    applicable = Q(enterprise__isnull=True) | Q(enterprise_id=enterprise_id) if enterprise_id \
        else Q(enterprise__isnull=True)
    plans = plans.filter(applicable)
    chemicals = set(chemical_ids)
    found = []
    for plan in plans:
        scored = _score(plan, event_type, chemicals, sector_id, level)
        if scored is not None:
            found.append((0 if plan.enterprise_id else 1, -scored[0], plan.title, plan.pk, plan, *scored))
    found.sort(key=lambda row: row[:4])
    return [_describe(plan, score, reasons, level) for *_key, plan, score, reasons in found[:limit]]


def _score(plan: EmergencyPlan, event_type, chemicals: set, sector_id, level) -> tuple[int, list[str]] | None:
    """(score, reasons) of one plan, or None when it does not apply."""
    plan_sectors = {sector.pk: sector for sector in plan.sectors.all()}
    if sector_id and plan_sectors and sector_id not in plan_sectors:
        return None
    score, reasons = 0, []
    if plan.enterprise_id:
        reasons.append(_("事发单位本单位预案"))
    listed = set(plan.event_types)
    same = same_event_types(event_type) & listed if event_type else set()
    related = related_event_types(event_type) & listed if event_type else set()
    if same:
        score += EXACT_EVENT
        reasons.append(_("适用事件类型：%(types)s") % {"types": _labels(same)})
    elif related:
        score += RELATED_EVENT
        reasons.append(_("适用相关事件类型：%(types)s") % {"types": _labels(related)})
    elif plan.kind in GENERAL_KINDS or not plan.event_types:
        score += GENERAL_PLAN
        reasons.append(_("%(kind)s，适用于各类事件") % {"kind": plan.get_kind_display()})
    matched = sorted((c for c in plan.chemicals.all() if c.pk in chemicals), key=lambda c: c.name)
    if not score and not matched:
        return None
    if matched:
        score += min(CHEMICAL + MORE_CHEMICALS * (len(matched) - 1), CHEMICAL_MAX)
        reasons.append(_("涉及危险化学品：%(names)s") % {"names": "、".join(c.name for c in matched)})
    if sector_id in plan_sectors:
        score += SECTOR
        reasons.append(_("适用行业领域：%(sector)s") % {"sector": plan_sectors[sector_id].name})
    if level and level in plan.response_levels:
        score += LEVEL
        reasons.append(_("含%(level)s程序") % {"level": ResponseLevel(level).label})
    score += SPECIFIC.get(plan.kind, 0)
    return score, reasons


def _labels(codes) -> str:
    return "、".join(sorted(str(EVENT_TYPE_LABELS[code]) for code in codes))


def _describe(plan: EmergencyPlan, score: int, reasons: list[str], level) -> dict:
    steps = [{"order": step.order, "action": step.action, "responsible": step.responsible,
              "time_limit": step.time_limit} for step in plan.steps.all() if level and step.response_level == level]
    return {"id": plan.pk, "title": plan.title, "kind": str(plan.get_kind_display()), "kind_code": plan.kind,
            "owner": plan.owner_name, "version": plan.version, "score": score, "reasons": [str(r) for r in reasons],
            "url": reverse("emergencyplan_detail", args=[plan.pk]), "steps": steps}
