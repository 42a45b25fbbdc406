"""Accident pages: the list and its statistics, 录入 (also from an incident), the accident's page with its report
timeline, 续报/更正 and investigation, and the small POST views of those steps — each calls one service and
returns to the accident's page."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectEditView, ObjectListView, run_step
from worksafety.core.scoping import ADD, CHANGE, VIEW, can, get_scoped_or_404, may
from worksafety.hazards.models import Hazard
from worksafety.indicators.accidents import filtersets, forms, reporting, services, tables
from worksafety.indicators.accidents.choices import RevisionKind
from worksafety.indicators.accidents.models import Accident, InvestigationMeasure


class AccidentListView(ObjectListView):
    queryset = Accident.objects.select_related("sector", "area", "enterprise").prefetch_related("reports")
    filterset = filtersets.AccidentFilterSet
    table = tables.AccidentTable
    add_url = "accident_add"
    extra_actions = (("accident_statistics", _("统计分析"), "bi-bar-chart", VIEW),
                     ("accident_from_incident", _("从事件生成"), "bi-box-arrow-in-down", ADD))


class AccidentEditView(ObjectEditView):
    """录入 (`?incident=<id>` prefills from an incident of the response) and editing."""

    queryset = Accident.objects.all()
    form_class = forms.AccidentForm

    def get_instance(self, pk):
        instance = super().get_instance(pk)
        incident_pk = self.request.GET.get("incident", "")
        if pk is None and incident_pk.isdigit():
            incident = get_object_or_404(services.incidents_to_record(self.request.user), pk=incident_pk)
            return services.draft_from_incident(incident)
        return instance

    def save(self, obj, m2m):
        if obj.pk is None:
            services.do_record_accident(obj, user=self.request.user)
        else:
            services.do_save_accident(obj, user=self.request.user)


def _accident(request, pk, action=VIEW) -> Accident:
    return get_scoped_or_404(Accident.objects.select_related("area", "park", "enterprise", "sector", "incident",
                                                             "recorded_by"), request.user, action, pk=pk)


@login_required
def accident_detail(request, pk):
    accident = _accident(request, pk)
    now = timezone.now()
    can_change = may(request.user, accident, CHANGE)
    investigation = getattr(accident, "investigation", None)
    deadline = reporting.supplement_deadline(accident)
    supplement_open = now <= deadline
    # After the window a change in casualties can only be a correction; offer that first.
    revision_kind = RevisionKind.SUPPLEMENT if supplement_open else RevisionKind.CORRECTION
    return render(request, "indicators/accident_detail.html", {
        "title": accident.title, "accident": accident, "can_change": can_change,
        "timeline": [(step, step.is_late(now)) for step in reporting.timeline(accident)],
        "revisions": accident.revisions.select_related("author"),
        "supplement_deadline": deadline, "supplement_open": supplement_open,
        "supplement_days": reporting.supplement_days(accident),
        "investigation": investigation,
        "measures": _measures(investigation, request.user),
        "figures_form": bootstrapify(forms.FiguresForm(initial={**accident.figures, "kind": revision_kind})),
        "report_form": bootstrapify(forms.ReportForm(initial={"at": timezone.localtime(now).replace(second=0,
                                                                                                 microsecond=0)})),
        "investigation_form": bootstrapify(forms.InvestigationForm()),
    })


def _measures(investigation, user) -> list:
    """The investigation's measures; a measure's hazard is shown only to whoever may see that hazard (its scope
    follows its enterprise, which need not match the accident's area or sector)."""
    if investigation is None:
        return []
    measures = list(investigation.measures.select_related("hazard"))
    visible = set(Hazard.objects.restrict(user, VIEW).filter(pk__in=[m.hazard_id for m in measures if m.hazard_id])
                  .values_list("pk", flat=True))
    for measure in measures:
        measure.visible_hazard = measure.hazard if measure.hazard_id in visible else None
    return measures


def _act(request, accident: Accident, action, success: str, form=None):
    return run_step(request, reverse("accident_detail", args=[accident.pk]), action, success, form)


@login_required
@require_POST
def accident_revise(request, pk):
    accident = _accident(request, pk, CHANGE)
    form = forms.FiguresForm(request.POST)
    return _act(request, accident, lambda: services.do_revise_figures(accident, user=request.user, **form.cleaned_data),
                gettext("已登记，事故等级已按新的数字重新计算。"), form)


@login_required
@require_POST
def accident_report(request, pk):
    accident = _accident(request, pk, CHANGE)
    form = forms.ReportForm(request.POST)
    return _act(request, accident, lambda: services.do_record_report(accident, user=request.user,
                                                                     **form.cleaned_data),
                gettext("已登记报告时间。"), form)


@login_required
@require_POST
def accident_investigation(request, pk):
    accident = _accident(request, pk, CHANGE)
    form = forms.InvestigationForm(request.POST)
    return _act(request, accident, lambda: services.do_record_investigation(
        accident, user=request.user, report_date=form.cleaned_data["report_date"], cause=form.cleaned_data["cause"],
        responsibility=form.cleaned_data["responsibility"], measures=form.measures()),
        gettext("已录入调查报告，措施已登记为隐患或整改任务。"), form)


@login_required
@require_POST
def measure_done(request, pk, measure_pk):
    accident = _accident(request, pk, CHANGE)
    measure = get_object_or_404(InvestigationMeasure, pk=measure_pk, investigation__accident=accident)
    return _act(request, accident, lambda: services.do_complete_measure(measure, user=request.user),
                gettext("措施已完成。"))


@login_required
def accident_from_incident(request):
    """从事件生成: the incidents of the response not yet recorded as accidents, each opening a prefilled 录入."""
    if not can(request.user, Accident, ADD):
        raise Http404
    incidents = services.incidents_to_record(request.user).select_related("enterprise", "area")
    return render(request, "indicators/accident_from_incident.html", {
        "title": gettext("从事件生成事故记录"), "incidents": incidents, "add_url": reverse("accident_add")})


@login_required
def accident_statistics(request):
    """事故统计: the accidents the user may see, filtered like the list, by year, sector, type and grade."""
    if not can(request.user, Accident, VIEW):
        raise Http404
    filterset = filtersets.AccidentFilterSet(request.GET or None, queryset=Accident.objects.restrict(request.user),
                                             request=request)
    accidents = filterset.qs if not filterset.is_bound or filterset.is_valid() else Accident.objects.none()
    accidents = accidents.order_by()
    totals = accidents.aggregate(accidents=Count("id"), deaths=Sum("deaths"), missing=Sum("missing"),
                                 serious=Sum("serious_injuries"), loss=Sum("direct_loss_yuan"))

    def by(field):
        rows = accidents.values(field).annotate(n=Count("id"), deaths=Sum("deaths")).order_by("-deaths", "-n")
        return [{"label": row[field], "n": row["n"], "deaths": row["deaths"]} for row in rows]

    yearly = accidents.annotate(year=ExtractYear("occurred_at")).values("year").annotate(
        n=Count("id"), deaths=Sum("deaths")).order_by("year")
    return render(request, "indicators/accident_statistics.html", {
        "title": gettext("事故统计分析"), "filter_form": bootstrapify(filterset.form), "totals": totals,
        "stats": {"by_year": list(yearly), "by_sector": by("sector__name"), "by_type": by("accident_type"),
                  "by_grade": by("grade")},
    })
