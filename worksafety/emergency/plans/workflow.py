"""What can be done to a plan, in which status, by whom, as an explicit table (ARCHITECTURE.md rule 3).

草稿 → 已发布 (签署发布 and 公布, 管理办法) → 已备案 (管理办法 第二十六条); 废止 from any of them (a draft that is
废止 is simply abandoned). A published plan is changed by a new version (管理办法: revision and filing again), whose
publication turns the old one into 已被新版本替代. Evaluations and drills are recorded on plans in force.

The owner's side acts on its plans. 备案 is recorded by whoever receives the filing: for an enterprise plan the
district bureau or a department supervising the enterprise (应急管理部门和其他负有安全生产监督管理职责的部门);
a government plan is filed with the government above, so its owner records the filing it received.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import Role
from worksafety.core.scoping import CHANGE, VIEW, may
from worksafety.emergency.plans.choices import IN_FORCE, PlanStatus


def is_owner(user, plan) -> bool:
    return may(user, plan, CHANGE)


def receives_filing(user, plan) -> bool:
    if plan.enterprise_id is None:
        return is_owner(user, plan)
    regulator = user.is_superuser or user.role in (Role.DISTRICT, Role.DEPARTMENT)
    return regulator and may(user, plan, VIEW)


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple
    target: str | None  # None: the plan's status stays (a new version, an evaluation, a drill)
    may_act: Callable  # (user, plan) -> bool


ACTIONS = (
    Action("publish", _("签署发布"), (PlanStatus.DRAFT,), PlanStatus.PUBLISHED, is_owner),
    Action("file", _("登记备案"), (PlanStatus.PUBLISHED,), PlanStatus.FILED, receives_filing),
    Action("retire", _("废止"), (PlanStatus.DRAFT, *IN_FORCE), PlanStatus.RETIRED, is_owner),
    Action("new_version", _("起草新版本"), IN_FORCE, None, is_owner),
    Action("review", _("记录评估"), IN_FORCE, None, is_owner),
    Action("drill", _("记录演练"), IN_FORCE, None, is_owner),
)
BY_NAME = {action.name: action for action in ACTIONS}


def available(plan, user) -> list[Action]:
    """The actions this user may take on this plan now (the forms on its page)."""
    return [action for action in ACTIONS if plan.status in action.sources and action.may_act(user, plan)]
