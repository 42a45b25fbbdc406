"""Deadline supervision by the worker (16号令 第十五条: rectification within the time limit; 督办提醒).

Each open hazard with a deadline climbs three stages, each notified once (a Notification key per stage and
deadline, plus a conditional UPDATE of `Hazard.escalation`, so a second worker or a rerun sends nothing):

1. 到期提醒 — the deadline is within `WORKSAFETY_HAZARD_REMIND_WORKDAYS` working days: the enterprise.
2. 逾期 — the deadline has passed: the enterprise, and the street or park that supervises it locally;
   `overdue_since` is set.
3. 逾期督办 — overdue by more than `WORKSAFETY_HAZARD_ESCALATE_WORKDAYS` working days: the supervising
   department (the listing department, else those supervising the sector) and the district bureau.

Working days follow the State Council holiday calendar (standards.workdays). An approved extension resets
the stage, so the new deadline is supervised afresh.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.choices import Role
from worksafety.core.models import User, street_officers_over
from worksafety.core.notifications import notify
from worksafety.hazards.choices import State
from worksafety.hazards.models import Hazard
from worksafety.standards import workdays

REMIND, OVERDUE, ESCALATED = 1, 2, 3


def due_date(hazard: Hazard):
    return hazard.supervision_deadline or hazard.deadline


def stage_for(due, today) -> int:
    if due is None:
        return 0
    if due < today:
        late = workdays.workdays_between(due, today)
        return ESCALATED if late > settings.WORKSAFETY_HAZARD_ESCALATE_WORKDAYS else OVERDUE
    if workdays.workdays_between(today, due) <= settings.WORKSAFETY_HAZARD_REMIND_WORKDAYS:
        return REMIND
    return 0


def recipients(hazard: Hazard, stage: int):
    enterprise = hazard.enterprise
    who = Q(role=Role.ENTERPRISE, enterprise=enterprise)
    if stage >= OVERDUE:
        who |= street_officers_over(enterprise.area.code)
        if enterprise.park_id:
            who |= Q(role=Role.PARK, park_id=enterprise.park_id)
    if stage >= ESCALATED:
        if hazard.supervising_department_id:
            who |= Q(role=Role.DEPARTMENT, department_id=hazard.supervising_department_id)
        else:
            who |= Q(role=Role.DEPARTMENT, department__sectors=enterprise.sector_id)
        who |= Q(role=Role.DISTRICT)
    return User.objects.filter(who, is_active=True).distinct()


MESSAGES = {
    REMIND: (_("隐患整改即将到期"), _("“%(title)s”（%(enterprise)s）整改期限为 %(due)s，请按期完成整改并申请验收。")),
    OVERDUE: (_("隐患整改已逾期"), _("“%(title)s”（%(enterprise)s）整改期限 %(due)s 已过，尚未销号。")),
    ESCALATED: (_("隐患逾期未整改，请督办"), _("“%(title)s”（%(enterprise)s）已逾期 %(late)d 个工作日（期限 %(due)s）。")),
}


def supervise_deadlines(today=None) -> int:
    """Advance every open hazard to the stage its deadline puts it in; returns how many moved."""
    today = today or timezone.localdate()
    moved = 0
    open_hazards = Hazard.objects.exclude(state=State.CLOSED).filter(
        Q(deadline__isnull=False) | Q(supervision_deadline__isnull=False)).select_related("enterprise__area")
    for hazard in open_hazards.iterator(chunk_size=500):
        due = due_date(hazard)
        stage = stage_for(due, today)
        if stage <= hazard.escalation:
            continue
        changes = {"escalation": stage}
        if stage >= OVERDUE and hazard.overdue_since is None:
            changes["overdue_since"] = due + timedelta(days=1)
        if Hazard.objects.filter(pk=hazard.pk, escalation=hazard.escalation).update(**changes) != 1:
            continue  # another worker moved it
        title, body = MESSAGES[stage]
        notify(recipients(hazard, stage), title=title, category="hazard_deadline",
               body=body % {"title": hazard.title, "enterprise": hazard.enterprise.name, "due": due,
                            "late": workdays.workdays_between(due, today)},
               url=reverse("hazard_detail", args=[hazard.pk]), key=f"hazard:{hazard.pk}:{stage}:{due}")
        moved += 1
    return moved
