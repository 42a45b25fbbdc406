"""The hazard closed loop as an explicit table of transitions (ARCHITECTURE.md rule 3).

一般隐患: 登记 → 整改中 → 待验收 → 已销号, with 退回 from 待验收 back to 整改中.
重大隐患: 登记 → 已上报 → 挂牌督办 → 整改中 → 待验收 (评估验收) → 已销号 (摘牌销号), with 退回 likewise.

Who may act is part of each row. An enterprise never accepts its own major hazard; only the district
bureau or the supervising department lists a major hazard or delists it. An enterprise accepts a general
hazard itself only when it found the hazard in its own self-inspection (自查自改).

Each step is taken by `core.workflow.transition(hazard, action, user, comment=…, files=…, **fields)`: 开始整改
brings the 五到位 plan (PLAN_FIELDS), 挂牌督办 the listing (LISTING_FIELDS), a 退回 its reason; the step's
record is a HazardEvent, its evidence (photos, acceptance reports) is kept with that record.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import store_attachments
from worksafety.core.choices import Role
from worksafety.core.workflow import Transition, Workflow, leaving, register
from worksafety.hazards.choices import HazardLevel, Source, State
from worksafety.hazards.models import Hazard, HazardEvent

SUPERVISORS = frozenset({Role.DISTRICT, Role.DEPARTMENT, Role.STREET, Role.PARK})
EVERYONE_RESPONSIBLE = SUPERVISORS | {Role.ENTERPRISE}
GENERAL = frozenset({HazardLevel.GENERAL})
MAJOR = frozenset({HazardLevel.MAJOR})
BOTH = GENERAL | MAJOR


def _general_acceptor(user, hazard) -> bool:
    return user.role in SUPERVISORS or (user.role == Role.ENTERPRISE and hazard.source == Source.SELF_INSPECTION)


def _regulator(user, hazard) -> bool:
    """The district bureau, or the department a major hazard is listed with."""
    if user.role == Role.DISTRICT:
        return True
    return user.role == Role.DEPARTMENT and hazard.supervising_department_id == user.department_id


def _listing_authority(user, hazard) -> bool:
    return user.role in (Role.DISTRICT, Role.DEPARTMENT)


def _responsible(user, hazard) -> bool:
    return user.role in EVERYONE_RESPONSIBLE




TRANSITIONS = (
    Transition("start", _("开始整改"), State.REGISTERED, State.RECTIFYING, _responsible, ("plan",),
               levels=GENERAL),
    Transition("report", _("上报重大隐患"), State.REGISTERED, State.REPORTED, _responsible, levels=MAJOR),
    Transition("list", _("挂牌督办"), State.REPORTED, State.LISTED, _listing_authority, ("listing",),
               levels=MAJOR),
    Transition("start", _("开始整改"), State.LISTED, State.RECTIFYING, _responsible, ("plan",), levels=MAJOR),
    Transition("submit", _("申请验收"), State.RECTIFYING, State.AWAITING_ACCEPTANCE, _responsible, levels=BOTH),
    Transition("accept", _("验收销号"), State.AWAITING_ACCEPTANCE, State.CLOSED, _general_acceptor,
               levels=GENERAL),
    Transition("reject", _("验收不通过，退回整改"), State.AWAITING_ACCEPTANCE, State.RECTIFYING, _general_acceptor,
               ("comment",), levels=GENERAL),
    Transition("delist", _("评估验收，摘牌销号"), State.AWAITING_ACCEPTANCE, State.CLOSED, _regulator, levels=MAJOR),
    Transition("reject", _("评估不通过，退回整改"), State.AWAITING_ACCEPTANCE, State.RECTIFYING, _regulator,
               ("comment",), levels=MAJOR),
)


PLAN_FIELDS = ("measures", "responsible_person", "funds_yuan", "deadline", "contingency")
LISTING_FIELDS = ("supervising_department", "supervision_deadline")
STEP_FIELDS = {"plan": PLAN_FIELDS, "listing": LISTING_FIELDS}


def _required_changes(transition, comment: str, data: dict) -> dict:
    """What a step must bring, checked field by field: 五到位 plan, listing, or a reason."""
    errors, changes = {}, {}
    today = timezone.localdate()
    if "comment" in transition.needs and not comment:
        errors["comment"] = gettext("退回时须说明理由。")
    if "plan" in transition.needs:
        for name in PLAN_FIELDS:
            value = data.get(name)
            if value in (None, ""):
                errors[name] = gettext("整改方案须做到“五到位”：措施、责任、资金、时限、预案都须填写。")
            else:
                changes[name] = value
        if changes.get("deadline") and changes["deadline"] < today:
            errors["deadline"] = gettext("整改期限不能早于今天。")
    if "listing" in transition.needs:
        for name in LISTING_FIELDS:
            if not data.get(name):
                errors[name] = gettext("挂牌督办须指定督办部门和督办期限。")
            else:
                changes[name] = data[name]
        if changes.get("supervision_deadline") and changes["supervision_deadline"] < today:
            errors["supervision_deadline"] = gettext("督办期限不能早于今天。")
    if errors:
        raise ValidationError(errors)
    return changes


def _check_listing(hazard, user, department) -> None:
    """A department lists a hazard with itself; the district with a department that supervises the sector
    (管行业必须管安全), so the listing department can see the hazard and delist it."""
    if user.role == Role.DEPARTMENT and department.pk != user.department_id:
        raise ValidationError({"supervising_department": gettext("部门只能以本部门名义挂牌督办。")})
    if not department.sectors.filter(pk=hazard.enterprise.sector_id).exists():
        raise ValidationError({"supervising_department": gettext("所选部门不监管该企业所在行业。")})


def _prepare(hazard, step) -> dict:
    changes = _required_changes(step.transition, step.comment, step.data)
    if "listing" in step.transition.needs:
        _check_listing(hazard, step.user, changes["supervising_department"])
    if step.transition.target == State.CLOSED:
        changes["closed_on"] = timezone.localdate()
    return changes


def _record(hazard, step) -> HazardEvent:
    return HazardEvent.objects.create(hazard=hazard, action=step.transition.action, from_state=step.transition.source,
                                      to_state=step.transition.target, actor=step.user, comment=step.comment)


def _keep_evidence(hazard, step, event) -> None:
    if step.data.get("files"):
        store_attachments(step.data["files"], owner=event, user=step.user)


HAZARDS = register(Workflow(Hazard, TRANSITIONS, record=_record, level_field="level", prepare=_prepare,
                            after=_keep_evidence, conflict=_("该隐患已被他人处理，请刷新后查看。")))


def action_for_target(hazard, target: str) -> str | None:
    """The step that moves this hazard to `target`: from a given state and level the table has at most one."""
    return next((t.action for t in leaving(TRANSITIONS, hazard.state, hazard.level) if t.target == target), None)


def may_decide_extension(user, hazard) -> bool:
    """An extension is decided by whoever may accept the hazard: for a major one, the district or the
    department it is listed with; for a general one, a supervisor (not the enterprise, even for 自查)."""
    if user.is_superuser:
        return True
    if hazard.level == HazardLevel.MAJOR:
        return _regulator(user, hazard)
    return user.role in SUPERVISORS
