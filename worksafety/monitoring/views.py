"""Monitoring pages: the live page (map, alarm list, push), sensors with their trend, alarms with the
operator's actions, rejected readings and alarm KPIs.

The database is the source of truth: the alarm list is a partial the page polls, and the server-sent event
stream only says "something changed" (event id = AlarmEvent id, replayed from Last-Event-ID after a
reconnect), so a blocked stream costs at most the polling interval (monitoring-ecosystem.md §6).
"""

import asyncio
import json
import time
from datetime import timedelta

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.imports import import_page
from worksafety.core.scoping import ADD, CHANGE, VIEW, can
from worksafety.core.services import OutOfScope
from worksafety.monitoring import alarms, filtersets, forms, kpis, services, tables
from worksafety.monitoring.choices import Condition
from worksafety.monitoring.imports import SENSOR_IMPORT
from worksafety.monitoring.models import Alarm, AlarmEvent, Reading, Rejection, Rollup, Sensor
from worksafety.registry.models import Park

STREAM_SECONDS = 300  # the browser reconnects (with Last-Event-ID) after this
STREAM_POLL = 0.5  # how often the stream looks for new alarm events: the 1-second budget has room


def _alarms_for(user, request):
    queryset = Alarm.objects.restrict(user, VIEW).filter(closed=False).select_related("sensor", "enterprise")
    if request.GET.get("park"):
        queryset = queryset.filter(enterprise__park__code=request.GET["park"])
    if request.GET.get("enterprise", "").isdigit():
        queryset = queryset.filter(enterprise_id=request.GET["enterprise"])
    return queryset.order_by("acknowledged", "-raised_at")


@login_required
def live(request):
    if not can(request.user, Sensor, VIEW):
        raise Http404
    scope = request.user.scope
    # A park or an enterprise login sees one park at most: a park selector would only offer what it cannot use.
    parks = Park.objects.none() if scope.park_id or scope.enterprise_id else Park.objects.restrict(request.user, VIEW)
    return render(request, "monitoring/live.html", {
        "title": gettext("实时监测"), "parks": parks, "park": request.GET.get("park", ""),
        "enterprise": request.GET.get("enterprise", ""), "can_operate": can(request.user, Alarm, CHANGE),
        "state_counts": _state_counts(request.user, request),
    })


@login_required
def live_alarms(request):
    """The open alarms, as a partial: polled by the live page and fetched again on every pushed event."""
    if not can(request.user, Alarm, VIEW):
        raise Http404
    now = timezone.now()
    rows = list(_alarms_for(request.user, request)[:200])
    for alarm in rows:
        alarm.is_shelved = alarm.shelved_until is not None and alarm.shelved_until > now
    return render(request, "monitoring/_alarm_rows.html", {"alarms": rows,
                                                           "can_operate": can(request.user, Alarm, CHANGE)})


@login_required
def map_data(request):
    """Sensors with a location and their state: normal, an alarm condition (H/L, HH/LL, offline), 无数据 (in
    service but nothing reported yet: never 正常), out of service (oos); `state_label` is the text to show."""
    return JsonResponse({"sensors": _sensor_states(request.user, request)})


STATE_LABELS = {"normal": _("正常"), "nodata": _("无数据"), "oos": _("停用")}


def _sensors(user, request):
    """The sensors the user may see, narrowed to the park or enterprise the page asks for."""
    sensors = Sensor.objects.restrict(user, VIEW)
    if request.GET.get("park"):
        sensors = sensors.filter(enterprise__park__code=request.GET["park"])
    if request.GET.get("enterprise", "").isdigit():
        sensors = sensors.filter(enterprise_id=request.GET["enterprise"])
    return sensors


def _state_counts(user, request) -> dict[str, int]:
    """The live page's legend: every sensor in view by state (as _sensor_states decides it, those without a
    location too), in one aggregate query."""
    alarmed = Exists(Alarm.objects.filter(sensor=OuterRef("pk"), closed=False, active=True))
    quiet = Q(~alarmed, in_service=True)
    return _sensors(user, request).aggregate(
        alarm=Count("pk", filter=Q(alarmed, in_service=True)),
        normal=Count("pk", filter=quiet & Q(state__value__isnull=False)),
        nodata=Count("pk", filter=quiet & (Q(state__isnull=True) | Q(state__value=None))),
        oos=Count("pk", filter=Q(in_service=False)),
    )


def _sensor_states(user, request) -> list[dict]:
    sensors = _sensors(user, request).filter(lat__isnull=False).select_related("state")
    open_alarms = dict(Alarm.objects.filter(closed=False, active=True, sensor__in=sensors)
                       .values_list("sensor_id", "condition"))
    rows = []
    for sensor in sensors[:5000]:
        reading = getattr(sensor, "state", None)
        value = reading.value if reading else None
        if not sensor.in_service:
            state, label = "oos", STATE_LABELS["oos"]
        elif sensor.pk in open_alarms:
            state = open_alarms[sensor.pk]
            label = Condition(state).label
        else:
            state = "normal" if value is not None else "nodata"
            label = STATE_LABELS[state]
        rows.append({"id": sensor.pk, "code": sensor.code, "name": sensor.name, "lat": sensor.lat, "lon": sensor.lon,
                     "unit": sensor.unit, "value": value, "state": state, "state_label": str(label)})
    return rows


def _new_events(user, after: int) -> list[dict]:
    events = AlarmEvent.objects.restrict(user, VIEW).filter(id__gt=after).select_related("alarm__sensor")
    return [{"id": e.id, "kind": e.kind, "condition": e.condition, "alarm": e.alarm_id, "sensor": e.alarm.sensor.code,
             "value": e.value, "at": e.at.isoformat()} for e in events.order_by("id")[:100]]


def _last_event_id() -> int:
    return AlarmEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _frame(row: dict) -> str:
    return f"id: {row['id']}\nevent: alarm\ndata: {json.dumps(row, ensure_ascii=False)}\n\n"


async def _async_events(user, last: int):
    loop = asyncio.get_running_loop()
    ends, quiet = loop.time() + STREAM_SECONDS, 0.0
    yield "retry: 2000\n\n"
    while loop.time() < ends:
        rows = await sync_to_async(_new_events)(user, last)
        for row in rows:
            last = row["id"]
            yield _frame(row)
        quiet = 0.0 if rows else quiet + STREAM_POLL
        if quiet >= 15:  # a comment keeps proxies from closing an idle stream
            quiet = 0.0
            yield ": keep-alive\n\n"
        await asyncio.sleep(STREAM_POLL)


def _sync_events(user, last: int):
    """The same stream for a WSGI server (one thread per open stream)."""
    ends, quiet = time.monotonic() + STREAM_SECONDS, 0.0
    yield "retry: 2000\n\n"
    while time.monotonic() < ends:
        rows = _new_events(user, last)
        for row in rows:
            last = row["id"]
            yield _frame(row)
        quiet = 0.0 if rows else quiet + STREAM_POLL
        if quiet >= 15:
            quiet = 0.0
            yield ": keep-alive\n\n"
        time.sleep(STREAM_POLL)


def stream(request):
    """Server-sent events: one `alarm` event per AlarmEvent the user may see after Last-Event-ID. Under ASGI
    (uvicorn, production) the stream is asynchronous and holds no thread; under WSGI it holds one."""
    if not request.user.is_authenticated or not can(request.user, Alarm, VIEW):
        return HttpResponse(status=403)
    header = request.headers.get("Last-Event-ID") or request.GET.get("after") or ""
    last = int(header) if header.isdigit() else _last_event_id()
    events = _async_events if hasattr(request, "scope") else _sync_events
    return StreamingHttpResponse(events(request.user, last), content_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


class SensorListView(ObjectListView):
    queryset = Sensor.objects.select_related("enterprise", "state")
    filterset = filtersets.SensorFilterSet
    table = tables.SensorTable
    add_url = "sensor_add"
    extra_actions = (("sensor_import", _("Excel 导入"), "bi-upload", ADD),)


class SensorDetailView(ObjectDetailView):
    queryset = Sensor.objects.select_related("enterprise", "hazard_unit", "state")
    template_name = "monitoring/sensor_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        context["alarms"] = obj.alarms.order_by("-raised_at")[:20]
        context["service_form"] = context["can_change"]
        return context


class SensorEditView(ObjectEditView):
    queryset = Sensor.objects.all()
    form_class = forms.SensorForm
    preset_fields = ("enterprise", "hazard_unit")

    def save(self, obj, m2m):
        services.do_save_sensor(obj, user=self.request.user)


@login_required
def sensor_import(request):
    return import_page(request, SENSOR_IMPORT, template_name="monitoring/sensor_import.html",
                       title=gettext("监测点 Excel 导入"), template_filename=gettext("监测点导入模板.xlsx"))


@login_required
@require_POST
def sensor_service(request, pk):
    sensor = get_object_or_404(Sensor.objects.restrict(request.user, VIEW), pk=pk)
    try:
        services.do_set_in_service(sensor, user=request.user, in_service=request.POST.get("in_service") == "1",
                                   reason=request.POST.get("reason", "")[:200])
    except OutOfScope as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("sensor_detail", pk=sensor.pk)


RANGES = {"1h": (timedelta(hours=1), None), "24h": (timedelta(hours=24), Rollup.Span.MINUTE),
          "7d": (timedelta(days=7), Rollup.Span.HOUR)}


@login_required
def trend(request, pk):
    """The trend of one sensor: the last hour from raw readings, a day from 1-minute and a week from 1-hour
    rollups, so a chart never pulls more than about 1 500 points."""
    sensor = get_object_or_404(Sensor.objects.restrict(request.user, VIEW), pk=pk)
    span, rollup = RANGES.get(request.GET.get("range"), RANGES["1h"])
    since = timezone.now() - span
    if rollup is None:
        points = [[r.ts.isoformat(), r.value, r.value, r.value]
                  for r in Reading.objects.filter(sensor_id=sensor.pk, ts__gte=since).order_by("ts")]
    else:
        points = [[r.start.isoformat(), r.mean, r.minimum, r.maximum]
                  for r in Rollup.objects.filter(sensor_id=sensor.pk, span=rollup, start__gte=since).order_by("start")]
    limits = {name: getattr(sensor, name) for name in ("low_low", "low", "high", "high_high")}
    return JsonResponse({"sensor": sensor.code, "unit": sensor.unit, "points": points, "limits": limits})


class AlarmListView(ObjectListView):
    queryset = Alarm.objects.select_related("sensor", "enterprise")
    filterset = filtersets.AlarmFilterSet
    table = tables.AlarmTable


class AlarmDetailView(ObjectDetailView):
    queryset = Alarm.objects.select_related("sensor", "enterprise", "acknowledged_by")
    template_name = "monitoring/alarm_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        context["events"] = obj.events.select_related("actor")
        context["shelved"] = obj.shelved_until is not None and obj.shelved_until > timezone.now()
        # 报警—响应联动: an HH gas alarm leads to its incident proposal (emergency.incidents).
        from worksafety.emergency.incidents import services as incidents

        context["incident"] = getattr(obj, "incident", None)
        context["may_propose"] = incidents.proposing_alarms().filter(pk=obj.pk).exists()
        return context


@login_required
@require_POST
def alarm_action(request, pk, action):
    alarm = get_object_or_404(Alarm.objects.restrict(request.user, VIEW), pk=pk)
    minutes = request.POST.get("minutes", "")
    try:
        alarms.do_action(alarm, action, user=request.user, comment=request.POST.get("comment", "")[:200],
                         minutes=int(minutes) if minutes.isdigit() else None)
    except OutOfScope as error:
        raise Http404 from error
    except ValidationError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse("；".join(error.messages), status=409)
        messages.error(request, "；".join(error.messages))
    if request.headers.get("HX-Request"):
        return live_alarms(request)
    return redirect("alarm_detail", pk=alarm.pk)


class RejectionListView(ObjectListView):
    queryset = Rejection.objects.select_related("enterprise")
    filterset = filtersets.RejectionFilterSet
    table = tables.RejectionTable


@login_required
def kpi_page(request):
    """ISA-18.2 / EEMUA 191 alarm KPIs per park for one day."""
    if not can(request.user, Alarm, VIEW):
        raise Http404
    form = bootstrapify(forms.KpiForm(request.GET or None))
    day = form.cleaned_data["day"] if form.is_valid() and form.cleaned_data.get("day") else timezone.localdate()
    rows = kpis.per_park(Alarm.objects.restrict(request.user, VIEW), day)
    return render(request, "monitoring/kpis.html", {"title": gettext("报警绩效指标"), "form": form, "day": day,
                                                    "rows": rows})
