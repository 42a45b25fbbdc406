"""Tip-off time limits, watched by the worker: the district's handlers hear of a tip-off about to pass its
handling limit, one past it, and a verified one whose reporter has not had the result within the feedback
limit. Each message goes once per tip-off, stage and date (notification keys)."""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.choices import Role
from worksafety.core.models import User, street_officers_over
from worksafety.core.notifications import notify
from worksafety.tipoffs.choices import State
from worksafety.tipoffs.models import TipOff

WARN_DAYS = 7


def handlers_of(tipoff: TipOff):
    """The district bureau, and whoever the tip-off is assigned to."""
    who = Q(role=Role.DISTRICT)
    if tipoff.area.level != "district":
        who |= street_officers_over(tipoff.area.code)
    if tipoff.park_id:
        who |= Q(role=Role.PARK, park_id=tipoff.park_id)
    if tipoff.sector_id:
        who |= Q(role=Role.DEPARTMENT, department__sectors=tipoff.sector_id)
    return User.objects.filter(who, is_active=True).distinct()


def watch_time_limits(today=None) -> int:
    today = today or timezone.localdate()
    sent = 0
    open_tipoffs = TipOff.objects.exclude(state=State.CLOSED).select_related("area")
    due_soon = open_tipoffs.filter(due_on__lte=today + timedelta(days=WARN_DAYS))
    feedback_late = open_tipoffs.filter(state__in=[State.SUBSTANTIATED, State.UNSUBSTANTIATED],
                                        feedback_due_on__lt=today)
    for tipoff in due_soon:
        late = tipoff.due_on < today
        title = _("举报办理已超期") if late else _("举报即将到办结期限")
        notify(handlers_of(tipoff), title=title, category="tipoff_deadline",
               body=_("举报 %(code)s 办结期限 %(due)s。") % {"code": tipoff.tracking_code, "due": tipoff.due_on},
               url=reverse("tipoff_detail", args=[tipoff.pk]),
               key=f"tipoff:{tipoff.pk}:{'late' if late else 'soon'}:{tipoff.due_on}")
        sent += 1
    for tipoff in feedback_late:
        notify(handlers_of(tipoff), title=_("举报核查结果未按期反馈"), category="tipoff_feedback",
               body=_("举报 %(code)s 已于 %(date)s 得出核查结论，应在 %(due)s 前答复举报人。")
               % {"code": tipoff.tracking_code, "date": tipoff.verified_on, "due": tipoff.feedback_due_on},
               url=reverse("tipoff_detail", args=[tipoff.pk]), key=f"tipoff:{tipoff.pk}:feedback")
        sent += 1
    return sent

