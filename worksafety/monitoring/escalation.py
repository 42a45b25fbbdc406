"""分级推送: an unacknowledged alarm is pushed level by level — the enterprise, then the park, then the street
and the sector department, then the district bureau — after minutes that depend on its priority
(`WORKSAFETY_ALARM_ESCALATION_MINUTES`). Each level is notified once (stored level + notification key);
shelved and suppressed alarms are not pushed."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.choices import Role
from worksafety.core.models import User, street_officers_over
from worksafety.core.notifications import notify
from worksafety.monitoring.models import Alarm

LEVELS = ("enterprise", "park", "street_department", "district")


def recipients(alarm: Alarm, level: int):
    enterprise = alarm.enterprise
    if level == 1:
        who = Q(role=Role.ENTERPRISE, enterprise=enterprise)
    elif level == 2:
        who = Q(role=Role.PARK, park_id=enterprise.park_id) if enterprise.park_id else Q(pk__in=[])
    elif level == 3:
        who = street_officers_over(enterprise.area.code) | Q(role=Role.DEPARTMENT,
                                                             department__sectors=enterprise.sector_id)
    else:
        who = Q(role=Role.DISTRICT)
    return User.objects.filter(who, is_active=True).distinct()


def level_due(alarm: Alarm, now) -> int:
    minutes = settings.WORKSAFETY_ALARM_ESCALATION_MINUTES[alarm.priority]
    waited = (now - alarm.raised_at).total_seconds() / 60
    return sum(1 for threshold in minutes if waited >= threshold)


def push(now=None) -> int:
    now = now or timezone.now()
    pushed = 0
    waiting = (Alarm.objects.filter(closed=False, acknowledged=False, suppressed=False)
               .filter(Q(shelved_until__isnull=True) | Q(shelved_until__lte=now))
               .select_related("sensor", "enterprise__area"))
    for alarm in waiting:
        due = level_due(alarm, now)
        for level in range(alarm.escalation + 1, due + 1):
            notify(recipients(alarm, level), category="alarm", key=f"alarm:{alarm.pk}:{level}",
                   title=_("%(enterprise)s %(sensor)s %(condition)s") % {
                       "enterprise": alarm.enterprise.name, "sensor": alarm.sensor.code,
                       "condition": alarm.get_condition_display()},
                   body=_("报警值 %(value)s，%(minutes)d 分钟未确认。") % {
                       "value": alarm.value if alarm.value is not None else "—",
                       "minutes": (now - alarm.raised_at).total_seconds() // 60},
                   url=reverse("alarm_detail", args=[alarm.pk]))
            pushed += 1
        if due > alarm.escalation:
            Alarm.objects.filter(pk=alarm.pk, escalation=alarm.escalation).update(escalation=due)
    return pushed
