from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.choices import RiskColour
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import ADD, CHANGE, VIEW, can
from worksafety.registry.filtersets import ChemicalFilterSet, EnterpriseFilterSet, HazardUnitFilterSet
from worksafety.registry.forms import ChemicalForm, HazardUnitForm, SubstanceForm
from worksafety.registry.models import Chemical, Enterprise, HazardUnit
from worksafety.registry.tables import ChemicalTable, HazardUnitTable
from worksafety.risk import filtersets, forms, services, tables
from worksafety.risk.choices import GradingMethod, GradingStatus, Method
from worksafety.risk.forms import BandFormSet
from worksafety.risk.models import (
    CheckTask,
    ControlMeasure,
    EnterpriseGrading,
    RiskBand,
    RiskEvent,
    RiskObject,
    RiskUnit,
    SupervisionRule,
)


class RiskEventListView(ObjectListView):
    queryset = RiskEvent.objects.select_related("risk_unit__risk_object__enterprise")
    filterset = filtersets.RiskEventFilterSet
    table = tables.RiskEventTable
    add_url = "riskevent_add"


class EnterpriseChildEditView(ObjectEditView):
    """Pages of the register's parts; after saving, back to the enterprise's register."""

    def success_url(self, obj):
        return reverse("risk_register") + f"?enterprise={self.enterprise_of(obj).pk}"

    def enterprise_of(self, obj):
        raise NotImplementedError


class RiskObjectEditView(EnterpriseChildEditView):
    queryset = RiskObject.objects.all()
    form_class = forms.RiskObjectForm
    preset_fields = ("enterprise",)

    def enterprise_of(self, obj):
        return obj.enterprise


class RiskUnitEditView(EnterpriseChildEditView):
    queryset = RiskUnit.objects.select_related("risk_object")
    form_class = forms.RiskUnitForm
    preset_fields = ("risk_object",)

    def enterprise_of(self, obj):
        return obj.risk_object.enterprise


class RiskEventEditView(EnterpriseChildEditView):
    queryset = RiskEvent.objects.select_related("risk_unit__risk_object")
    form_class = forms.RiskEventForm
    preset_fields = ("risk_unit",)

    def save(self, obj, m2m):
        services.do_save_risk_event(obj, user=self.request.user)

    def enterprise_of(self, obj):
        return obj.risk_unit.risk_object.enterprise


class ControlMeasureEditView(EnterpriseChildEditView):
    queryset = ControlMeasure.objects.select_related("event__risk_unit__risk_object")
    form_class = forms.ControlMeasureForm
    preset_fields = ("event",)

    def enterprise_of(self, obj):
        return obj.event.risk_unit.risk_object.enterprise


class CheckTaskEditView(EnterpriseChildEditView):
    queryset = CheckTask.objects.select_related("measure__event__risk_unit__risk_object")
    form_class = forms.CheckTaskForm
    preset_fields = ("measure",)

    def enterprise_of(self, obj):
        return obj.measure.event.risk_unit.risk_object.enterprise


@login_required
def risk_register(request):
    """One enterprise's 双重预防 register as a tree: objects → units → events → measures → check tasks."""
    enterprise_id = request.GET.get("enterprise", "")
    if not enterprise_id.isdigit():
        raise Http404
    enterprise = get_object_or_404(Enterprise.objects.restrict(request.user, VIEW), pk=enterprise_id)
    objects = (
        RiskObject.objects.restrict(request.user, VIEW)
        .filter(enterprise=enterprise)
        .prefetch_related("units__events__measures__tasks")
        .select_related("hazard_unit")
    )
    return render(request, "risk/register.html", {
        "title": gettext("风险分级管控清单：%(name)s") % {"name": enterprise.name},
        "enterprise": enterprise,
        "objects": objects,
        # Only the enterprise keeps its register (and the superuser); its scope is its own enterprise.
        "can_edit": can(request.user, RiskObject, ADD),
    })


class EnterpriseGradingListView(ObjectListView):
    queryset = EnterpriseGrading.objects.select_related("enterprise", "assessor", "reviewer")
    filterset = filtersets.EnterpriseGradingFilterSet
    table = tables.EnterpriseGradingTable


class EnterpriseGradingDetailView(ObjectDetailView):
    queryset = EnterpriseGrading.objects.select_related("enterprise", "assessor", "reviewer")
    template_name = "risk/grading_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        context["can_review"] = obj.status == GradingStatus.SUBMITTED and services.can_review(self.request.user)
        context["score_items"] = obj.result.get("items", [])
        counts = obj.inputs.get("events", {}) if obj.method == GradingMethod.RISK_POINTS else {}
        context["events"] = [(c.value, c.label, counts[c.value]) for c in RiskColour if c.value in counts]
        return context


@login_required
@require_POST
def grading_review(request, pk):
    grading = get_object_or_404(EnterpriseGrading.objects.restrict(request.user, VIEW), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "return"):
        return HttpResponseBadRequest(gettext("审核结论须为通过或退回。"))
    try:
        services.do_review_grading(grading, user=request.user, approve=decision == "approve",
                                   comment=request.POST.get("comment", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, gettext("已审核。"))
    return redirect("enterprisegrading_detail", pk=grading.pk)


def _gradable_enterprise(request, pk):
    if not can(request.user, EnterpriseGrading, ADD):
        raise Http404
    return get_object_or_404(Enterprise.objects.restrict(request.user, VIEW).select_related("sector"), pk=pk)


@login_required
def grade_hazchem(request, pk):
    """The 应急〔2018〕19号 assessment form for one 危险化学品 enterprise."""
    enterprise = _gradable_enterprise(request, pk)
    try:
        services.check_hazchem(enterprise)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("enterprise_detail", pk=enterprise.pk)
    form = forms.HazchemGradingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            grading = services.do_grade_hazchem_enterprise(enterprise, form.answers(), user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("enterprisegrading_detail", pk=grading.pk)
    return render(request, "risk/grade_hazchem.html", {
        "title": gettext("安全风险评估诊断分级：%(name)s") % {"name": enterprise.name},
        "enterprise": enterprise, "form": bootstrapify(form),
        "major_hazard_level": services.most_severe_level(enterprise),
    })


@login_required
@require_POST
def grade_from_risk_points(request, pk):
    enterprise = _gradable_enterprise(request, pk)
    try:
        grading = services.do_grade_from_risk_points(enterprise, user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("enterprise_detail", pk=enterprise.pk)
    return redirect("enterprisegrading_detail", pk=grading.pk)


@login_required
def supervision(request):
    """差异化监管: the key-inspection list and the random-draw pool for a year, filtered like the enterprise
    list; `?export=xlsx` downloads exactly what is shown."""
    if not can(request.user, Enterprise, VIEW):
        raise Http404
    year = services.plan_year(request.GET.get("year"))
    filterset = EnterpriseFilterSet(request.GET or None, queryset=Enterprise.objects.restrict(request.user, VIEW),
                                    request=request)
    enterprises = filterset.qs if not filterset.is_bound or filterset.is_valid() else Enterprise.objects.none()
    plan = services.SupervisionPlan(enterprises)
    if request.GET.get("export") == "xlsx":
        name = gettext("%(year)d年差异化监管清单") % {"year": year}
        return tables.SupervisionTable(plan.lines()).xlsx_response(name, f"{name}.xlsx")
    page = Paginator(plan.enterprises.order_by("name", "id"), 100).get_page(request.GET.get("page"))
    return render(request, "risk/supervision.html", {
        "title": gettext("差异化监管"), "year": year,
        "years": range(timezone.localdate().year - 1, timezone.localdate().year + 3),
        "filter_form": bootstrapify(filterset.form), "page": page,
        "table": tables.SupervisionTable(plan.lines(page.object_list)), **plan.totals(),
        "query": request.GET.copy(),
    })


@login_required
def risk_settings(request):
    """The district's colour band tables (LEC and LS) and supervision frequencies."""
    if not can(request.user, RiskBand, VIEW):
        raise Http404
    editable = can(request.user, RiskBand, CHANGE)
    formsets = {}
    for method, label in Method.choices:
        initial = [{"lower": b.lower, "lower_inclusive": b.lower_inclusive, "upper": b.upper,
                    "upper_inclusive": b.upper_inclusive, "colour": b.colour}
                   for b in RiskBand.objects.filter(method=method).order_by("lower")]
        data = request.POST if request.method == "POST" and request.POST.get("method") == method else None
        # Bound forms get no initial: a row equal to its initial value would count as unchanged and be dropped.
        formsets[method] = (label, BandFormSet(data, initial=None if data else initial, prefix=method))
    if request.method == "POST":
        if not editable:
            raise Http404
        method = request.POST.get("method")
        if method not in formsets:
            raise Http404
        formset = formsets[method][1]
        if formset.is_valid():
            rows = [(f.cleaned_data["lower"], f.cleaned_data["lower_inclusive"], f.cleaned_data["upper"],
                     f.cleaned_data["upper_inclusive"], f.cleaned_data["colour"])
                    for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                services.do_replace_bands(method, rows, user=request.user)
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, gettext("已保存，相关风险事件已按新色带重新分级。"))
                return redirect("risk_settings")
    return render(request, "risk/settings.html", {
        "title": gettext("风险分级设置"), "formsets": formsets, "editable": editable,
        "rules": SupervisionRule.objects.select_related("sector"),
        "can_edit_rules": can(request.user, SupervisionRule, CHANGE),
    })


class SupervisionRuleEditView(ObjectEditView):
    queryset = SupervisionRule.objects.all()
    form_class = forms.SupervisionRuleForm

    def success_url(self, obj):
        return reverse("risk_settings")


@login_required
def risk_overview(request):
    """风险分布: enterprises by colour per street, park and sector, and major hazard units by level."""
    if not can(request.user, Enterprise, VIEW):
        raise Http404
    enterprises = Enterprise.objects.restrict(request.user, VIEW).exclude(status="closed")
    units = HazardUnit.objects.restrict(request.user, VIEW).filter(is_major=True)
    return render(request, "risk/overview.html", {
        "title": gettext("风险分布"),
        "colours": [{"value": c.value, "label": c.label} for c in RiskColour] + [{"value": "", "label": gettext("未分级")}],
        "by_area": services.colour_counts(enterprises, "area__name"),
        "by_park": services.colour_counts(enterprises.filter(park__isnull=False), "park__name"),
        "by_sector": services.colour_counts(enterprises, "sector__name"),
        "unit_levels": list(units.values("level").annotate(n=Count("id")).order_by("level")),
    })


# --- hazard units and the chemicals they hold: every change regrades the unit by GB 18218-2018 --------------

class ChemicalListView(ObjectListView):
    queryset = Chemical.objects.select_related("owner")
    filterset = ChemicalFilterSet
    table = ChemicalTable
    add_url = "chemical_add"


class ChemicalDetailView(ObjectDetailView):
    queryset = Chemical.objects.select_related("owner")
    fields = ("name", "cas", "un_number", "gb18218_row", "critical_quantity_t", "categories", "ghs_classification",
              "key_supervised", "molecular_weight", "lel_pct", "uel_pct", "aegl1_ppm", "aegl2_ppm", "aegl3_ppm",
              "idlh_ppm", "owner", "source")


class ChemicalEditView(ObjectEditView):
    queryset = Chemical.objects.all()
    form_class = ChemicalForm

    def save(self, obj, m2m):
        services.do_save_chemical(obj, user=self.request.user)


class HazardUnitListView(ObjectListView):
    queryset = HazardUnit.objects.select_related("enterprise", "enterprise__park")
    filterset = HazardUnitFilterSet
    table = HazardUnitTable
    add_url = "hazardunit_add"


class HazardUnitDetailView(ObjectDetailView):
    queryset = HazardUnit.objects.select_related("enterprise", "enterprise__park")
    template_name = "registry/hazardunit_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        latest = obj.assessments.first()
        context["assessment"] = latest
        context["history"] = obj.assessments.select_related("actor")[:20]
        context["substances"] = obj.substances.select_related("chemical")
        # β·q/Q per substance, the summand of R (式2), shown next to the standard's own terms.
        context["terms"] = [{**term, "weighted": term["beta"] * term["q_t"] / term["Q_t"]}
                            for term in (latest.result["terms"] if latest else [])]
        if context["can_change"]:
            context["substance_form"] = bootstrapify(SubstanceForm(user=self.request.user, unit=obj))
        return context


class HazardUnitEditView(ObjectEditView):
    queryset = HazardUnit.objects.select_related("enterprise")
    form_class = HazardUnitForm
    preset_fields = ("enterprise",)

    def save(self, obj, m2m):
        services.do_save_hazard_unit(obj, user=self.request.user)


class HazardUnitDeleteView(ObjectDeleteView):
    queryset = HazardUnit.objects.all()
    success_url_name = "hazardunit_list"


@login_required
@require_POST
def hazardunit_substance(request, pk):
    """Add a chemical to a unit, change its quantity, or remove it (quantity left empty with `remove`)."""
    unit = get_object_or_404(HazardUnit.objects.restrict(request.user, CHANGE), pk=pk)
    try:
        if "remove" in request.POST:
            if not request.POST["remove"].isdigit():
                raise Http404
            row = get_object_or_404(unit.substances, pk=request.POST["remove"])
            services.do_remove_substance(row, user=request.user)
            messages.success(request, gettext("已移除：%(name)s") % {"name": row.chemical.name})
        else:
            form = SubstanceForm(request.POST, user=request.user, unit=unit)
            if form.is_valid():
                services.do_set_substance(unit, form.cleaned_data["chemical"], form.cleaned_data["quantity_t"],
                                          user=request.user)
                messages.success(request, gettext("已保存并重新辨识分级。"))
            else:
                messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("hazardunit_detail", pk=unit.pk)
