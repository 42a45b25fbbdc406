"""Reminders of plans' evaluations and drills, run by the worker.

For every plan in force, each condition is told once to the logins of the plan's owner (the enterprise's
logins, the department's, or the district bureau's):

- 评估即将到期: the evaluation (管理办法 第三十五条, every three years) is due within 60 days;
- 评估逾期: it is past due;
- 演练逾期: the drill interval (管理办法 第三十二、三十三条: plans.rules) has passed since the later of the
  plan's publication and its last drill.

The notification key names the plan, the condition and the due date, so a rerun or a second worker sends
nothing, while a new due date (after an evaluation or a drill) is told afresh when it too runs out.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.choices import Role
from worksafety.core.jobs import periodic
from worksafety.core.models import User
from worksafety.core.notifications import notify
from worksafety.emergency.plans.models import EmergencyPlan


@periodic("plan_deadlines", timedelta(hours=6))
def plan_deadlines():
    remind()


def owner_logins(plan: EmergencyPlan):
    if plan.enterprise_id:
        who = Q(role=Role.ENTERPRISE, enterprise_id=plan.enterprise_id)
    elif plan.department_id:
        who = Q(role=Role.DEPARTMENT, department_id=plan.department_id)
    else:
        who = Q(role=Role.DISTRICT)
    return User.objects.filter(who, is_active=True)


def remind(today=None) -> int:
    """Notify every condition that holds today; returns how many (plan, condition) pairs hold."""
    today = today or timezone.localdate()
    plans = EmergencyPlan.objects.select_related("enterprise", "department", "area")
    conditions = (
        ("review-soon", plans.review_due_soon(today), lambda plan: plan.next_review_due,
         _("应急预案评估即将到期"), _("“%(plan)s”应于 %(due)s 前完成评估（管理办法 第三十五条：至少每三年一次）。")),
        ("review-overdue", plans.review_overdue(today), lambda plan: plan.next_review_due,
         _("应急预案评估已逾期"), _("“%(plan)s”的评估期限 %(due)s 已过，请尽快组织评估并记录结论。")),
        ("drill-overdue", plans.drill_overdue(today).with_last_drill(), lambda plan: plan.drill_due(plan.last_drill_on),
         _("应急预案演练已逾期"), _("“%(plan)s”应于 %(due)s 前组织演练，至今未有演练记录（管理办法 第三十二、三十三条）。")),
    )
    told = 0
    for condition, due_plans, due_of, title, body in conditions:
        for plan in due_plans:
            due = due_of(plan)
            notify(owner_logins(plan), title=f"{title}：{plan.title}", category="plan_deadline",
                   body=body % {"plan": plan, "due": due}, url=reverse("emergencyplan_detail", args=[plan.pk]),
                   key=f"plan:{plan.pk}:{condition}:{due}")
            told += 1
    return told
