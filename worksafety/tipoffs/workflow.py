"""A tip-off's handling as an explicit table of transitions (ARCHITECTURE.md rule 3; Ushahidi's lesson:
explicit triage states, a rejection always with its reason).

已受理 → 核查中 → 属实 / 不属实 (with the reason) → 已办结 (with the reply the reporter sees).

Everyone who may handle the tip-off in scope (the district, the street, park or department it is assigned
to) investigates and concludes; only the district bureau, which runs the 12350 channel, closes it.

Each step is taken by `core.workflow.transition(tipoff, action, user, comment=…, conclusion=…,
public_reply=…)`; its record is a TipOffEvent (the public reply is what the reporter reads).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import Role
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.tipoffs.choices import State
from worksafety.tipoffs.models import TipOff, TipOffEvent, TipOffPolicy

HANDLERS = frozenset({Role.DISTRICT, Role.DEPARTMENT, Role.STREET, Role.PARK})


def _handler(user, tipoff) -> bool:
    return user.role in HANDLERS


def _district(user, tipoff=None) -> bool:
    return user.role == Role.DISTRICT




TRANSITIONS = (
    Transition("investigate", _("开始核查"), State.RECEIVED, State.INVESTIGATING, _handler),
    Transition("substantiate", _("核查属实"), State.INVESTIGATING, State.SUBSTANTIATED, _handler, ("conclusion",)),
    Transition("unsubstantiate", _("核查不属实"), State.INVESTIGATING, State.UNSUBSTANTIATED, _handler,
               ("conclusion",)),
    Transition("close", _("办结并答复"), State.SUBSTANTIATED, State.CLOSED, _district, ("public_reply",)),
    Transition("close", _("办结并答复"), State.UNSUBSTANTIATED, State.CLOSED, _district, ("public_reply",)),
)


def _prepare(tipoff, step) -> dict:
    """A conclusion for 属实/不属实 (with the date it was verified and when the reporter must hear back), a reply
    to the reporter for 办结."""
    row = step.transition
    conclusion = (step.data.get("conclusion") or "").strip()
    public_reply = (step.data.get("public_reply") or "").strip()
    if "conclusion" in row.needs and not conclusion:
        raise ValidationError({"conclusion": gettext("请填写核查结论；不属实的须说明理由。")})
    if "public_reply" in row.needs and not public_reply:
        raise ValidationError({"public_reply": gettext("办结时须填写对举报人的答复。")})
    today = timezone.localdate()
    changes = {}
    if "conclusion" in row.needs:
        policy = TipOffPolicy.current()
        changes.update(conclusion=conclusion, verified_on=today, substantiated=row.target == State.SUBSTANTIATED,
                       feedback_due_on=policy.add_days(today, policy.feedback_days))
    if row.target == State.CLOSED:
        changes["closed_on"] = today
    return changes


def _record(tipoff, step) -> TipOffEvent:
    return TipOffEvent.objects.create(tipoff=tipoff, action=step.transition.action, from_state=step.transition.source,
                                      to_state=step.transition.target, actor=step.user, comment=step.comment,
                                      public_reply=(step.data.get("public_reply") or "").strip())


TIPOFFS = register(Workflow(TipOff, TRANSITIONS, record=_record, prepare=_prepare,
                            conflict=_("该举报已被他人处理，请刷新后查看。")))


def may_extend(user) -> bool:
    """The handling period is extended with the higher authority's approval: the district bureau."""
    return user.is_superuser or _district(user)
