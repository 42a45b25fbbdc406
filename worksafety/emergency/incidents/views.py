"""Incident pages: the list, 接报, and the command board (指挥一张图) with its actions. Every action is a POST to
one small view that calls one service and returns to the board."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectEditView, ObjectListView, run_step
from worksafety.core.scoping import CHANGE, VIEW, get_scoped_or_404, may, require
from worksafety.core.workflow import transition
from worksafety.emergency.incidents import assistance, filtersets, forms, model_labels, services, tables
from worksafety.emergency.incidents.models import Incident, IncidentNotice, IncidentState, IncidentTask

ZONE_COLOURS = {"AEGL-3": "#dc3545", "IDLH": "#dc3545", "AEGL-2": "#fd7e14", "AEGL-1": "#ffc107"}
BLAST_COLOURS = ("#842029", "#dc3545", "#fd7e14")


class IncidentListView(ObjectListView):
    queryset = Incident.objects.select_related("enterprise")
    filterset = filtersets.IncidentFilterSet
    table = tables.IncidentTable
    add_url = "incident_add"


class IncidentReportView(ObjectEditView):
    """接报."""

    queryset = Incident.objects.all()
    form_class = forms.IncidentForm

    def get_instance(self, pk):
        if pk is not None:  # a reported incident changes by 续报, not by editing the 接报 record
            raise Http404
        return super().get_instance(pk)

    def save(self, obj, m2m):
        services.do_report(obj, user=self.request.user)

    def success_url(self, obj):
        return reverse("incident_board", args=[obj.pk])


def _incident(request, pk) -> Incident:
    queryset = Incident.objects.select_related(
        "area", "park", "enterprise__sector", "hazard_unit", "chemical", "origin_alarm__sensor")
    return get_scoped_or_404(queryset, request.user, pk=pk)


def _map_layers(assessment: dict, lat: float, lon: float, title: str) -> dict:
    """What the board's map draws, as plain data for the page's script."""
    zones = []
    if assessment["toxic"]:
        zones += [{"label": " ".join(filter(None, (f"{z['level']} {z['threshold_ppm']:g} ppm", model_labels.zone_cut(z)))),
                   "colour": ZONE_COLOURS.get(z["level"], "#ffc107"), "polygon": z["polygon"]}
                  for z in assessment["toxic"]["zones"] if z["polygon"]]
    if assessment["explosion"]:
        zones += [{"label": z["criterion"].split("（")[0] + f" {z['radius_m']:.0f} m", "colour": colour,
                   "polygon": z["polygon"]}
                  for z, colour in zip(assessment["explosion"]["zones"], BLAST_COLOURS, strict=False)]
    point = lambda row, kind: {"kind": kind, "name": row["name"], "lat": row["lat"], "lon": row["lon"],  # noqa: E731
                               "detail": row.get("eta_min") and gettext("约 %(m)s 分钟到达") % {"m": row["eta_min"]}}
    return {
        "incident": {"lat": lat, "lon": lon, "title": title},
        "zones": zones,
        "targets": [{**point(t, "target"), "detail": gettext("%(zone)s · %(n)s 人") % {"zone": t["zone"], "n": t["population"]}} for t in assessment["targets"]],
        "teams": [point(t, "team") for t in assessment["teams"]],
        "shelters": [point(s, "shelter") for s in assessment["shelters"]],
        "supplies": [point(s, "warehouse") for s in assessment["supplies"]],
    }


@login_required
def incident_board(request, pk):
    """指挥一张图: the incident, its threat zones and everything near it, recomputed on every visit (the weather
    station's wind moves the plume); the record keeps what the confirmation was based on."""
    incident = _incident(request, pk)
    assessment = services.assess(incident, user=request.user)
    can_change = may(request.user, incident, CHANGE)
    now = timezone.now()
    notices = list(incident.notices.order_by("due"))
    scenario = forms.ScenarioForm(initial={**incident.release, **incident.weather})
    return render(request, "emergency/incidents/board.html", {
        "title": incident.title, "incident": incident, "assessment": assessment,
        "layers": _map_layers(assessment, incident.lat, incident.lon, incident.title), "can_change": can_change,
        "chemical": incident.chemical,
        "notices": [(n, int((n.due - now).total_seconds())) for n in notices],
        "events": incident.events.select_related("actor"),
        "updates": incident.updates.select_related("author"),
        "tasks": incident.tasks.select_related("team"),
        "review": getattr(incident, "review", None),
        "transitions": services.INCIDENTS.available(incident, request.user) if can_change else [],
        "update_form": bootstrapify(forms.UpdateForm()),
        "scenario_form": bootstrapify(scenario),
        "task_form": bootstrapify(forms.TaskForm(user=request.user)),
        "task_state_choices": forms.TaskState.choices,
        "review_form": bootstrapify(forms.ReviewForm()),
        "proposed": incident.state == IncidentState.PROPOSED,
    })


def _act(request, incident: Incident, action, success: str, form=None):
    return run_step(request, reverse("incident_board", args=[incident.pk]), action, success, form)


@login_required
@require_POST
def incident_confirm(request, pk):
    incident = _incident(request, pk)
    return _act(request, incident, lambda: services.do_confirm(incident, user=request.user),
                gettext("已确认接报。"))


@login_required
@require_POST
def incident_dismiss(request, pk):
    incident = _incident(request, pk)
    reason = request.POST.get("reason", "")[:300]
    return _act(request, incident, lambda: services.do_dismiss(incident, user=request.user, reason=reason),
                gettext("已否决该建议。"))


@login_required
@require_POST
def incident_update(request, pk):
    incident = _incident(request, pk)
    form = forms.UpdateForm(request.POST)
    return _act(request, incident, lambda: services.do_add_update(incident, user=request.user, **form.cleaned_data),
                gettext("已续报。"), form)


@login_required
@require_POST
def incident_notice(request, pk, notice_pk):
    incident = _incident(request, pk)
    notice = get_object_or_404(IncidentNotice, pk=notice_pk, incident=incident)
    return _act(request, incident, lambda: services.do_mark_notice_reported(notice, user=request.user),
                gettext("已登记报告%(to)s。") % {"to": notice.get_authority_display()})


@login_required
@require_POST
def incident_transition(request, pk, action):
    incident = _incident(request, pk)
    return _act(request, incident, lambda: transition(incident, action, request.user),
                gettext("已办理。"))


@login_required
@require_POST
def incident_scenario(request, pk):
    incident = _incident(request, pk)
    form = forms.ScenarioForm(request.POST)
    return _act(request, incident, lambda: services.do_recompute(incident, user=request.user,
                                                                 release=form.release(), weather=form.weather()),
                gettext("已按新的泄漏和气象条件重新计算影响区域。"), form)


@login_required
@require_POST
def incident_task_add(request, pk):
    incident = _incident(request, pk)
    form = forms.TaskForm(request.POST, user=request.user)
    return _act(request, incident, lambda: services.do_add_task(incident, user=request.user, **form.cleaned_data),
                gettext("已下达任务。"), form)


@login_required
@require_POST
def incident_task_state(request, pk, task_pk):
    incident = _incident(request, pk)
    task = get_object_or_404(IncidentTask, pk=task_pk, incident=incident)
    form = forms.TaskStateForm(request.POST)
    return _act(request, incident, lambda: services.do_update_task(task, user=request.user, **form.cleaned_data),
                gettext("已更新任务。"), form)


@login_required
@require_POST
def incident_review(request, pk):
    incident = _incident(request, pk)
    form = forms.ReviewForm(request.POST)
    return _act(request, incident, lambda: services.do_review(
        incident, user=request.user, summary=form.cleaned_data["summary"], lessons=form.cleaned_data["lessons"],
        actions=form.actions()), gettext("已完成复盘。"), form)


@login_required
def consequence_simulation(request):
    """后果模拟: the board's zones and surroundings for a release anyone may imagine; nothing is stored."""
    form = bootstrapify(forms.SimulationForm(request.GET or None, user=request.user))
    context = {"title": gettext("后果模拟"), "form": form, "units": form.units()}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        assessment = assistance.assess(lat=data["lat"], lon=data["lon"], chemical=data["chemical"],
                                       park=assistance.park_at(data["lat"], data["lon"]), release=form.release(),
                                       weather=form.weather(), event_type="hazchem_leak", user=request.user)
        context.update(assessment=assessment, chemical=data["chemical"],
                       layers=_map_layers(assessment, data["lat"], data["lon"], gettext("泄漏点")))
    return render(request, "emergency/incidents/simulation.html", context)


@login_required
@require_POST
def alarm_propose_incident(request, alarm_pk):
    """报警—响应联动 at once, without waiting for the worker: the HH gas alarm's proposal, or the one it has."""
    from worksafety.monitoring.models import Alarm

    alarm = get_scoped_or_404(Alarm, request.user, pk=alarm_pk)
    incident = Incident.objects.filter(origin_alarm=alarm).first()
    if incident is None:
        proposing = services.proposing_alarms().filter(pk=alarm.pk).first()
        if proposing is None:
            messages.error(request, gettext("只有未结束的可燃、有毒气体二级报警可以生成处置建议。"))
            return redirect("alarm_detail", pk=alarm.pk)
        incident = services.propose_from_alarm(proposing) or Incident.objects.get(origin_alarm=alarm)
    require(request.user, incident, VIEW)
    return redirect("incident_board", pk=incident.pk)
