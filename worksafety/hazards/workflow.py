"""The hazard closed loop as an explicit table of transitions (ARCHITECTURE.md rule 3).

一般隐患: 登记 → 整改中 → 待验收 → 已销号, with 退回 from 待验收 back to 整改中.
重大隐患: 登记 → 已上报 → 挂牌督办 → 整改中 → 待验收 (评估验收) → 已销号 (摘牌销号), with 退回 likewise.

Who may act is part of each row. An enterprise never accepts its own major hazard; only the district
bureau or the supervising department lists a major hazard or delists it. An enterprise accepts a general
hazard itself only when it found the hazard in its own self-inspection (自查自改).
"""


from django.utils.translation import gettext_lazy as _

from worksafety.core import workflow
from worksafety.core.choices import Role
from worksafety.core.workflow import Transition
from worksafety.hazards.choices import HazardLevel, Source, State

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


def find(hazard, action: str) -> Transition | None:
    """The row for taking `action` on this hazard in its current state, if the table has one."""
    return workflow.find(TRANSITIONS, action, hazard.state, hazard.level)


def action_for_target(hazard, target: str) -> str | None:
    """The step that moves this hazard to `target`: from a given state and level the table has at most one."""
    return next((t.action for t in workflow.leaving(TRANSITIONS, hazard.state, hazard.level) if t.target == target),
                None)


def available(hazard, user) -> list[Transition]:
    """The steps this user may take on this hazard now (buttons on its page)."""
    return [t for t in workflow.leaving(TRANSITIONS, hazard.state, hazard.level)
            if user.is_superuser or t.may_act(user, hazard)]


def may_decide_extension(user, hazard) -> bool:
    """An extension is decided by whoever may accept the hazard: for a major one, the district or the
    department it is listed with; for a general one, a supervisor (not the enterprise, even for 自查)."""
    if user.is_superuser:
        return True
    if hazard.level == HazardLevel.MAJOR:
        return _regulator(user, hazard)
    return user.role in SUPERVISORS
