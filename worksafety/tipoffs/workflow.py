"""A tip-off's handling as an explicit table of transitions (ARCHITECTURE.md rule 3; Ushahidi's lesson:
explicit triage states, a rejection always with its reason).

已受理 → 核查中 → 属实 / 不属实 (with the reason) → 已办结 (with the reply the reporter sees).

Everyone who may handle the tip-off in scope (the district, the street, park or department it is assigned
to) investigates and concludes; only the district bureau, which runs the 12350 channel, closes it.
"""


from django.utils.translation import gettext_lazy as _

from worksafety.core import workflow
from worksafety.core.choices import Role
from worksafety.core.workflow import Transition
from worksafety.tipoffs.choices import State

HANDLERS = frozenset({Role.DISTRICT, Role.DEPARTMENT, Role.STREET, Role.PARK})


def _handler(user) -> bool:
    return user.role in HANDLERS


def _district(user) -> bool:
    return user.role == Role.DISTRICT




TRANSITIONS = (
    Transition("investigate", _("开始核查"), State.RECEIVED, State.INVESTIGATING, _handler),
    Transition("substantiate", _("核查属实"), State.INVESTIGATING, State.SUBSTANTIATED, _handler, ("conclusion",)),
    Transition("unsubstantiate", _("核查不属实"), State.INVESTIGATING, State.UNSUBSTANTIATED, _handler,
               ("conclusion",)),
    Transition("close", _("办结并答复"), State.SUBSTANTIATED, State.CLOSED, _district, ("public_reply",)),
    Transition("close", _("办结并答复"), State.UNSUBSTANTIATED, State.CLOSED, _district, ("public_reply",)),
)


def find(tipoff, action: str) -> Transition | None:
    return workflow.find(TRANSITIONS, action, tipoff.state)


def available(tipoff, user) -> list[Transition]:
    return [t for t in workflow.leaving(TRANSITIONS, tipoff.state) if user.is_superuser or t.may_act(user)]


def may_extend(user) -> bool:
    """The handling period is extended with the higher authority's approval: the district bureau."""
    return user.is_superuser or _district(user)
