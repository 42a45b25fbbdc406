"""A warning's approval as an explicit table of transitions (ARCHITECTURE.md rule 3).

草稿 → 待审核 → 已发布, with 退回修改 (待审核 → 草稿, with the reason) and 作废 (草稿 → 已作废).

Only the district bureau writes and publishes warnings for the district. Publishing is 审核发布 by a second
person: the approver is never the drafter (four-eyes; the superuser too). A published warning is never
edited: a change is a new Update message and the end a new Cancel message (CAP 1.2 msgType, GB/T 35965.1),
each drafted and approved the same way; approving one moves the message it references along `ENDS`.
"""


from django.utils.translation import gettext_lazy as _

from worksafety.core import workflow
from worksafety.core.choices import Role
from worksafety.core.workflow import Transition
from worksafety.emergency.warnings.choices import MsgType, State


def _district(user, warning) -> bool:
    return user.role == Role.DISTRICT


def _not_the_drafter(user, warning) -> bool:
    return user.role == Role.DISTRICT and user.pk != warning.created_by_id




TRANSITIONS = (
    Transition("submit", _("提交审核"), State.DRAFT, State.PENDING, _district),
    Transition("return", _("退回修改"), State.PENDING, State.DRAFT, _district, ("comment",)),
    Transition("approve", _("审核发布"), State.PENDING, State.PUBLISHED, _not_the_drafter, four_eyes=True),
    Transition("discard", _("作废"), State.DRAFT, State.DISCARDED, _district),
)

# What approving an Update or a Cancel does to the message it references (which must still be published).
ENDS = {MsgType.UPDATE: State.SUPERSEDED, MsgType.CANCEL: State.CANCELLED}

# Which published messages may be followed by an Update or a Cancel: a Cancel is the end of its line.
SUCCEEDABLE = (MsgType.ALERT, MsgType.UPDATE)


def find(warning, action: str) -> Transition | None:
    return workflow.find(TRANSITIONS, action, warning.status)


def may_take(transition: Transition, user, warning) -> bool:
    if transition.four_eyes and user.pk == warning.created_by_id:
        return False
    return user.is_superuser or transition.may_act(user, warning)


def available(warning, user) -> list[Transition]:
    """The steps this user may take on this warning now (buttons on its page)."""
    return [t for t in workflow.leaving(TRANSITIONS, warning.status) if may_take(t, user, warning)]


def may_draft_successor(user, warning) -> bool:
    """起草更新 / 起草解除: on a published Alert or Update, by the district bureau."""
    return (warning.status == State.PUBLISHED and warning.msg_type in SUCCEEDABLE
            and (user.is_superuser or user.role == Role.DISTRICT))
