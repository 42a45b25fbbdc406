"""数据大屏 (command-centre big screen): one 1920 × 1080 page and the JSON it refreshes every minute.

Each panel has its own small function of one query or a few, every queryset through `restrict(user)`, so a
street sees its own figures and a panel the user may not view comes back empty. The KPIs are the exception the
indicators module documents: district figures, read by every role that may view the indicators. A park or an
enterprise login steers by its own figures, not the district's targets: it gets the `figures` panel
(web.local.figures: its hazards, checks, sensors, licences and plans) instead of the KPIs. Alarms are
also pushed: the page listens to the monitoring SSE stream and fetches `?panels=alarms` on every event.
Query count of the whole payload: about 17 (test_bigscreen.py bounds it).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Q, Sum, When
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from worksafety.core.choices import RiskColour, Role
from worksafety.core.models import Area
from worksafety.core.scoping import VIEW, can
from worksafety.emergency.incidents.models import OPEN_STATES, Incident, IncidentState
from worksafety.enforcement.cases.choices import CaseOutcome
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.inspections.choices import InspectionStatus
from worksafety.enforcement.inspections.models import Inspection
from worksafety.enforcement.statistics.counting import plan_completion
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.models import Hazard, overdue_q
from worksafety.indicators.accidents.models import Accident
from worksafety.indicators.kpis import compute as kpis
from worksafety.indicators.kpis.models import Indicator
from worksafety.monitoring.choices import Priority
from worksafety.monitoring.models import Alarm
from worksafety.registry.models import Enterprise, HazardUnit
from worksafety.web import local

ALARM_ROWS = 12
HAZARD_ROWS = 8
INCIDENT_ROWS = 8
STREET_ROWS = 10
REFRESH_SECONDS = 60
ALARM_POLL_SECONDS = 10  # the alarm list's polling when the SSE stream is down


def _local(moment) -> str:
    return f"{timezone.localtime(moment):%m-%d %H:%M}" if moment else ""


def kpi_panel(user) -> list[dict]:
    """The nine indicators: the last judged year's value and status, and the yearly trend to the target year
    (4 queries: indicators, their sectors, yearly accident totals, denominators)."""
    results = kpis.evaluate(Indicator.objects.restrict(user, VIEW).prefetch_related("sectors"))
    panel = []
    for result in results:
        indicator, chart, latest = result.indicator, result.chart(), result.latest
        keep = [i for i, year in enumerate(chart["years"]) if year <= indicator.target_year]
        panel.append({
            "id": indicator.pk, "number": indicator.number, "name": indicator.name, "unit": indicator.unit,
            "nature": indicator.get_nature_display(), "target_text": indicator.target_text,
            "goal": chart["goal"], "goal_text": result.goal_text, "target_year": indicator.target_year,
            "latest": None if latest is None else {
                "year": latest.year, "value": latest.value, "value_text": latest.value_text,
                "expected": latest.expected, "status": str(latest.status), "status_label": latest.status_label,
                "colour": latest.colour},
            "years": [chart["years"][i] for i in keep], "values": [chart["values"][i] for i in keep],
            "expected": [chart["expected"][i] for i in keep], "colours": [chart["colours"][i] for i in keep],
        })
    return panel


def risk_panel(user) -> dict:
    """Enterprises by 红橙黄蓝 colour and major hazard units by level (2 queries); the points themselves come
    from the map's GeoJSON (web.views.map_data), fetched again when these counts change."""
    counts = dict(Enterprise.objects.restrict(user, VIEW).order_by().values_list("risk_colour")
                  .annotate(n=Count("id")))
    colours = [{"value": value, "label": str(label), "n": counts.get(value, 0)} for value, label in RiskColour.choices]
    colours.append({"value": "", "label": gettext("未分级"), "n": counts.get("", 0)})
    units = dict(HazardUnit.objects.restrict(user, VIEW).filter(is_major=True).order_by().values_list("level")
                 .annotate(n=Count("id")))
    return {"colours": colours, "enterprises": sum(counts.values()),
            "major_units": [{"level": level, "n": units.get(level, 0)} for level in (1, 2, 3, 4)]}


def alarm_panel(user) -> dict:
    """Open alarms, unacknowledged and active first (2 queries: the counts, the rows)."""
    alarms = Alarm.objects.restrict(user, VIEW).filter(closed=False)
    counts = alarms.aggregate(open=Count("id"), active=Count("id", filter=Q(active=True)),
                              unacknowledged=Count("id", filter=Q(acknowledged=False)),
                              emergency=Count("id", filter=Q(priority=Priority.EMERGENCY)))
    rows = alarms.select_related("sensor", "enterprise").order_by("acknowledged", "-raised_at")[:ALARM_ROWS]
    return {**counts, "rows": [
        {"id": a.pk, "enterprise": a.enterprise.name, "sensor": a.sensor.code, "sensor_name": a.sensor.name,
         "condition": a.condition, "condition_label": a.get_condition_display(), "priority": a.priority,
         "value": None if a.value is None else round(a.value, 2), "unit": a.sensor.unit, "active": a.active, "acknowledged": a.acknowledged,
         "at": timezone.localtime(a.raised_at).isoformat(), "at_text": _local(a.raised_at)}
        for a in rows]}


def hazard_panel(user, today) -> dict:
    """Open and overdue hazards: the counts, by street (open and overdue), and the open 重大隐患, 挂牌督办 ones
    first, then the earliest due (3 queries)."""
    hazards = Hazard.objects.restrict(user, VIEW)
    is_open = ~Q(state=State.CLOSED)
    totals = hazards.aggregate(
        open=Count("id", filter=is_open), overdue=Count("id", filter=overdue_q(today)),
        major=Count("id", filter=is_open & Q(level=HazardLevel.MAJOR)),
        listed=Count("id", filter=Q(state=State.LISTED)),
        found_this_year=Count("id", filter=Q(found_on__year=today.year)),
        closed_this_year=Count("id", filter=Q(state=State.CLOSED, closed_on__year=today.year)))
    streets = (hazards.filter(is_open).order_by().values("enterprise__area__name")
               .annotate(open=Count("id"), overdue=Count("id", filter=overdue_q(today))).order_by("-open"))
    major = (hazards.filter(is_open, level=HazardLevel.MAJOR).select_related("enterprise")
             .order_by(Case(When(state=State.LISTED, then=0), default=1),
                       Coalesce("supervision_deadline", "deadline").asc(nulls_last=True), "id")[:HAZARD_ROWS])
    return {**totals, "by_street": [{"label": row["enterprise__area__name"] or gettext("（未填）"), "open": row["open"],
                                     "overdue": row["overdue"]} for row in streets[:STREET_ROWS]],
            "major_rows": [{"id": h.pk, "title": h.title, "enterprise": h.enterprise.name,
                            "state": h.get_state_display(), "listed": h.state == State.LISTED,
                            "deadline": f"{(h.supervision_deadline or h.deadline):%Y-%m-%d}"
                            if (h.supervision_deadline or h.deadline) else "",
                            "overdue": h.is_overdue} for h in major]}


def enforcement_panel(user, today) -> dict:
    """Key inspections done against the year's plan, this year's inspections by month, and the penalty
    decisions with their fines (3 queries)."""
    plan = plan_completion(user, today.year)
    months = {row["month"]: row for row in Inspection.objects.restrict(user, VIEW)
              .filter(inspected_on__year=today.year).order_by().values(month=ExtractMonth("inspected_on"))
              .annotate(n=Count("id"), completed=Count("id", filter=Q(status=InspectionStatus.COMPLETED)))}
    penalties = PenaltyCase.objects.restrict(user, VIEW).filter(
        decided_on__year=today.year, outcome=CaseOutcome.PENALISED).aggregate(n=Count("id"), fines=Sum("fine_yuan"))
    return {"year": today.year, "planned": plan["planned"], "done": plan["done"], "rate": plan["rate"],
            "targets": plan["targets"],
            "by_unit": [{k: unit[k] for k in ("label", "planned", "done", "rate")} for unit in plan["by_unit"][:6]],
            "inspections": sum(row["n"] for row in months.values()),
            "completed": sum(row["completed"] for row in months.values()),
            "months": list(range(1, today.month + 1)),
            "by_month": [months.get(m, {}).get("completed", 0) for m in range(1, today.month + 1)],
            "penalties": penalties["n"], "fines_yuan": float(penalties["fines"] or 0)}


def incident_panel(user) -> dict:
    """Incidents being handled (已接报, 处置中) with grade and state, and the alarm-proposed ones waiting for a
    person (2 queries)."""
    incidents = Incident.objects.restrict(user, VIEW)
    counts = dict(incidents.filter(state__in=(*OPEN_STATES, IncidentState.PROPOSED)).order_by()
                  .values_list("state").annotate(n=Count("id")))
    rows = (incidents.filter(state__in=OPEN_STATES).select_related("area", "enterprise")
            .order_by("-occurred_at", "-id")[:INCIDENT_ROWS])
    return {"open": sum(counts.get(s, 0) for s in OPEN_STATES),
            "responding": counts.get(IncidentState.RESPONDING, 0), "proposed": counts.get(IncidentState.PROPOSED, 0),
            "rows": [{"id": i.pk, "title": i.title, "grade": i.grade, "state": i.state,
                      "state_label": i.get_state_display(), "place": i.enterprise.name if i.enterprise else i.place,
                      "area": i.area.name, "deaths": i.deaths, "missing": i.missing, "at_text": _local(i.occurred_at)}
                     for i in rows]}


def accident_panel(user, today) -> dict:
    """Accidents and deaths by sector, this year so far and last year (1 query)."""
    years = (today.year - 1, today.year)
    rows = (Accident.objects.restrict(user, VIEW).filter(occurred_at__year__gte=years[0])
            .annotate(year=ExtractYear("occurred_at")).order_by().values("year", "sector__name")
            .annotate(n=Count("id"), deaths=Sum("deaths")))
    sectors: dict[str, dict] = {}
    for row in rows:
        if row["year"] not in years:
            continue
        sector = sectors.setdefault(row["sector__name"] or gettext("（未填）"),
                                    {"label": row["sector__name"] or gettext("（未填）"), "n": [0, 0], "deaths": [0, 0]})
        index = years.index(row["year"])
        sector["n"][index], sector["deaths"][index] = row["n"], row["deaths"] or 0
    ordered = sorted(sectors.values(), key=lambda s: (-(s["n"][0] + s["n"][1]), s["label"]))
    return {"years": list(years), "sectors": ordered,
            "totals": {"n": [sum(s["n"][i] for s in ordered) for i in (0, 1)],
                       "deaths": [sum(s["deaths"][i] for s in ordered) for i in (0, 1)]}}


PANELS = {
    "kpis": lambda user, today: kpi_panel(user),
    "figures": local.figures,
    "risk": lambda user, today: risk_panel(user),
    "alarms": lambda user, today: alarm_panel(user),
    "hazards": hazard_panel,
    "enforcement": enforcement_panel,
    "incidents": lambda user, today: incident_panel(user),
    "accidents": accident_panel,
}


def gather(user, panels=None, today=None) -> dict:
    """The panels asked for (all by default), each scoped to the user: the district's KPIs for supervisors,
    the login's own figures for a park or an enterprise."""
    today = today or timezone.localdate()
    mine = "figures" if local.is_local(user) else "kpis"
    chosen = [name for name in PANELS if (panels is None or name in panels) and name not in {"figures", "kpis"} - {mine}]
    return {"generated_at": timezone.localtime().isoformat(), "today": today.isoformat(),
            **{name: PANELS[name](user, today) for name in chosen}}


def _scope_label(user) -> str:
    if user.area_id and user.area.level != "district":
        return user.area.name
    for attribute in ("park", "department", "enterprise"):
        if getattr(user, f"{attribute}_id", None):
            return str(getattr(user, attribute))
    district = Area.objects.filter(level="district").order_by("code").first()
    return district.name if district else ""


@login_required
def page(request):
    user = request.user
    return render(request, "web/bigscreen.html", {
        "title": gettext("数据大屏"), "scope_label": _scope_label(user), "local": local.is_local(user),
        "config": {"data": reverse("bigscreen_data"), "map": reverse("map_data"),
                   "stream": reverse("monitoring_stream") if can(user, Alarm, VIEW) else "",
                   "refresh_ms": REFRESH_SECONDS * 1000, "alarm_poll_ms": ALARM_POLL_SECONDS * 1000,
                   "tiles": settings.WORKSAFETY_TILE_URL, "alarm_url": reverse("alarm_list"), "incident_url": reverse("incident_list"),
                   "map_allowed": can(user, Enterprise, VIEW),
                   # A street, park, department or enterprise sees its own enterprises up close, not the district.
                   "fit_points": bool(user.role != Role.DISTRICT and not user.is_superuser)},
    })


@login_required
def data(request):
    """`?panels=alarms,hazards` returns only those panels (the alarm push fetches only its own)."""
    wanted = request.GET.get("panels")
    panels = {name for name in wanted.split(",") if name in PANELS} if wanted else None
    response = JsonResponse(gather(request.user, panels), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response

