"""What a park or an enterprise login sees first: its own deadlines, sensors, alarms, licences and plans, not the
district's widgets. Used by the home page (web.views.home) and the big screen's figures panel (web.bigscreen).

Every queryset goes through `restrict(user, VIEW)`, so the same functions give a park its enterprises' figures and
an enterprise its own; each list is one query, whatever the number of rows, and shows at most ROWS rows (the
page links to the full list).
"""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from worksafety.core.choices import Role
from worksafety.core.scoping import VIEW
from worksafety.emergency.plans.models import EmergencyPlan
from worksafety.hazards.choices import State
from worksafety.hazards.models import CheckRecord, Hazard, overdue_q
from worksafety.monitoring.models import Alarm, Sensor
from worksafety.registry.choices import LICENCE_NOTICE_DAYS
from worksafety.registry.models import HazardUnit, Licence

ROWS = 10
# Logins whose scope is one park or one enterprise: the district's targets are not theirs to steer by.
LOCAL_ROLES = (Role.PARK, Role.ENTERPRISE)


def is_local(user) -> bool:
    return not user.is_superuser and user.role in LOCAL_ROLES


def hazard_rows(user) -> list[Hazard]:
    """Open hazards, the earliest deadline (督办期限, else 整改期限) first, so the overdue ones lead."""
    due = Coalesce("supervision_deadline", "deadline")
    return list(Hazard.objects.restrict(user, VIEW).exclude(state=State.CLOSED).select_related("enterprise")
                .annotate(due=due).order_by(due.asc(nulls_last=True), "id")[:ROWS])


def due_checks(user) -> list[CheckRecord]:
    """排查任务 records waiting to be checked, the earliest period end first."""
    return list(CheckRecord.objects.restrict(user, VIEW).filter(result=CheckRecord.Result.DUE)
                .select_related("task", "enterprise").order_by("period_end", "id")[:ROWS])


def active_alarms(user) -> list[Alarm]:
    return list(Alarm.objects.restrict(user, VIEW).filter(closed=False).select_related("sensor", "enterprise")
                .order_by("acknowledged", "-raised_at")[:ROWS])


def expiring_licences(user, today: date):
    return (Licence.objects.restrict(user, VIEW).filter(expires_on__lte=today + timedelta(days=LICENCE_NOTICE_DAYS))
            .select_related("enterprise").order_by("expires_on"))


def plan_deadlines(user, today: date) -> list[dict]:
    """The first ROWS enterprise plans in force in scope with their evaluation and drill due dates, the most
    urgent first (one query: the last drill is an annotation). The drill due date follows plan_rules' month
    arithmetic, which SQLite and PostgreSQL do not share, so the plans in force are sorted here."""
    plans = (EmergencyPlan.objects.restrict(user, VIEW).filter(enterprise__isnull=False).in_force()
             .with_last_drill().select_related("enterprise"))
    rows = []
    for plan in plans:
        drill_due = plan.drill_due(plan.last_drill_on)
        dues = [d for d in (plan.next_review_due, drill_due) if d is not None]
        rows.append({"plan": plan, "review_due": plan.next_review_due, "drill_due": drill_due,
                     "review_late": plan.next_review_due is not None and plan.next_review_due < today,
                     "drill_late": drill_due is not None and drill_due < today,
                     "first_due": min(dues) if dues else date.max})
    return sorted(rows, key=lambda row: (row["first_due"], row["plan"].pk))[:ROWS]


def major_units(user) -> list[HazardUnit]:
    """The first ROWS major hazard installations in scope, 一级 first."""
    return list(HazardUnit.objects.restrict(user, VIEW).filter(is_major=True).select_related("enterprise")
                .order_by("level", "enterprise__name", "name", "id")[:ROWS])


def figures(user, today: date) -> list[dict]:
    """The local login's key figures, each with a tone (danger, warning or empty) for the page to colour
    (5 queries: hazards, checks, sensors, licences, plans)."""
    hazards = Hazard.objects.restrict(user, VIEW).aggregate(
        open=Count("id", filter=~Q(state=State.CLOSED)), overdue=Count("id", filter=overdue_q(today)))
    checks = CheckRecord.objects.restrict(user, VIEW).aggregate(
        due=Count("id", filter=Q(result=CheckRecord.Result.DUE)),
        missed=Count("id", filter=Q(result=CheckRecord.Result.MISSED, period_end__year=today.year)))
    sensors = sensor_counts(user)
    licences = Licence.objects.restrict(user, VIEW).filter(
        expires_on__lte=today + timedelta(days=LICENCE_NOTICE_DAYS)).count()
    plans = EmergencyPlan.objects.restrict(user, VIEW).filter(enterprise__isnull=False)
    late_plans = (plans.review_overdue(today) | plans.drill_overdue(today)).count()
    tone = lambda n, bad="danger": bad if n else ""  # noqa: E731
    return [
        {"key": "hazards_open", "label": gettext("未整改隐患"), "value": hazards["open"], "tone": tone(hazards["open"], "warning")},
        {"key": "hazards_overdue", "label": gettext("逾期隐患"), "value": hazards["overdue"], "tone": tone(hazards["overdue"])},
        {"key": "checks_due", "label": gettext("待排查任务"), "value": checks["due"], "tone": tone(checks["due"], "warning")},
        {"key": "checks_missed", "label": gettext("今年漏检"), "value": checks["missed"], "tone": tone(checks["missed"])},
        {"key": "sensors", "label": gettext("监测点"), "value": sensors["total"], "tone": ""},
        {"key": "sensors_nodata", "label": gettext("无数据监测点"), "value": sensors["nodata"],
         "tone": tone(sensors["nodata"], "warning")},
        {"key": "alarms", "label": gettext("报警中"), "value": sensors["alarming"], "tone": tone(sensors["alarming"])},
        {"key": "licences", "label": gettext("证照 %(days)s 天内到期") % {"days": LICENCE_NOTICE_DAYS}, "value": licences,
         "tone": tone(licences, "warning")},
        {"key": "plans_late", "label": gettext("预案评估/演练逾期"), "value": late_plans, "tone": tone(late_plans)},
    ]


def sensor_counts(user) -> dict:
    """Sensors in scope: all, those in service without any reading yet (无数据), and those with an active alarm
    (1 query; the alarm is an EXISTS, not a join with every alarm ever raised)."""
    nodata = Q(in_service=True) & (Q(state__isnull=True) | Q(state__value__isnull=True))
    alarming = Exists(Alarm.objects.filter(sensor=OuterRef("pk"), closed=False, active=True))
    return Sensor.objects.restrict(user, VIEW).aggregate(
        total=Count("id"), nodata=Count("id", filter=nodata), alarming=Count("id", filter=alarming))
