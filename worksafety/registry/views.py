from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.imports import import_page
from worksafety.core.models import User
from worksafety.core.scoping import ADD, CHANGE, VIEW, can
from worksafety.core.services import OutOfScope
from worksafety.enforcement.credit.services import credit_summary
from worksafety.hazards.choices import State
from worksafety.hazards.models import Hazard
from worksafety.registry import filtersets, forms, tables
from worksafety.registry.choices import LICENCE_NOTICE_DAYS
from worksafety.registry.imports import ENTERPRISE_IMPORT
from worksafety.registry.models import Chemical, Enterprise, HazardUnit, Licence, Park
from worksafety.risk.services import (
    do_remove_substance,
    do_save_chemical,
    do_save_hazard_unit,
    do_set_substance,
    risk_summary,
)

# The nearest licence expiry as a correlated subquery rather than a join with GROUP BY: counting and
# paging 10 000 enterprises then never groups the whole table.
ENTERPRISE_LIST = (
    Enterprise.objects.select_related("sector", "area", "park")
    .annotate(next_expiry=Subquery(
        Licence.objects.filter(enterprise=OuterRef("pk")).order_by("expires_on").values("expires_on")[:1]
    ))
    .order_by("name", "id")
)


class EnterpriseListView(ObjectListView):
    queryset = ENTERPRISE_LIST
    filterset = filtersets.EnterpriseFilterSet
    table = tables.EnterpriseTable
    add_url = "enterprise_add"
    extra_actions = (("enterprise_import", _("Excel 导入"), "bi-upload", ADD),)


class EnterpriseDetailView(ObjectDetailView):
    queryset = Enterprise.objects.select_related("sector", "area", "park")
    template_name = "registry/enterprise_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        context["licences"] = Licence.objects.restrict(user, VIEW).filter(enterprise=obj).order_by("expires_on")
        context["can_add_licence"] = can(user, Licence, ADD)
        context["hazard_units"] = HazardUnit.objects.restrict(user, VIEW).filter(enterprise=obj)
        context["can_add_unit"] = can(user, HazardUnit, ADD)
        context["can_add_login"] = can(user, User, ADD)
        hazards = Hazard.objects.restrict(user, VIEW).filter(enterprise=obj)
        context["open_hazards"] = hazards.exclude(state=State.CLOSED).order_by("deadline")[:10]
        context["hazard_count"] = hazards.count()
        context["can_add_hazard"] = can(user, Hazard, ADD)
        context.update(risk_summary(obj, user))
        context.update(credit_summary(obj, user))
        context["today"] = timezone.localdate()
        context["expiry_warning_date"] = context["today"] + timedelta(days=LICENCE_NOTICE_DAYS)
        return context


class EnterpriseEditView(ObjectEditView):
    queryset = Enterprise.objects.all()
    form_class = forms.EnterpriseForm


class EnterpriseDeleteView(ObjectDeleteView):
    queryset = Enterprise.objects.all()
    success_url_name = "enterprise_list"


class LicenceEditView(ObjectEditView):
    queryset = Licence.objects.select_related("enterprise")
    form_class = forms.LicenceForm
    preset_fields = ("enterprise",)

    def success_url(self, obj):
        from django.urls import reverse

        return reverse("enterprise_detail", args=[obj.enterprise_id])


def parks_with_counts(queryset, user):
    """Parks with the number of their enterprises the user may see (not of all their enterprises)."""
    visible = Enterprise.objects.restrict(user, VIEW).values("pk")
    return queryset.annotate(enterprise_count=Count("enterprises", filter=Q(enterprises__in=visible)))


class ParkListView(ObjectListView):
    queryset = Park.objects.select_related("area").order_by("code")

    def get_queryset(self):
        return parks_with_counts(super().get_queryset(), self.request.user)

    filterset = filtersets.ParkFilterSet
    table = tables.ParkTable
    add_url = "park_add"


class ParkDetailView(ObjectDetailView):
    queryset = Park.objects.select_related("area")
    template_name = "registry/park_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        enterprises = Enterprise.objects.restrict(self.request.user, VIEW).filter(park=obj)
        context["enterprise_count"] = enterprises.count()
        context["by_sector"] = list(enterprises.values("sector__name").annotate(n=Count("id")).order_by("-n"))
        return context


class ParkEditView(ObjectEditView):
    queryset = Park.objects.all()
    form_class = forms.ParkForm


@login_required
def enterprise_import(request):
    return import_page(request, ENTERPRISE_IMPORT, template_name="registry/enterprise_import.html",
                       title=gettext("企业 Excel 导入"), template_filename=gettext("企业导入模板.xlsx"))


class ChemicalListView(ObjectListView):
    queryset = Chemical.objects.select_related("owner")
    filterset = filtersets.ChemicalFilterSet
    table = tables.ChemicalTable
    add_url = "chemical_add"


class ChemicalDetailView(ObjectDetailView):
    queryset = Chemical.objects.select_related("owner")
    fields = ("name", "cas", "un_number", "gb18218_row", "critical_quantity_t", "categories", "ghs_classification",
              "key_supervised", "molecular_weight", "lel_pct", "uel_pct", "aegl1_ppm", "aegl2_ppm", "aegl3_ppm",
              "idlh_ppm", "owner", "source")


class ChemicalEditView(ObjectEditView):
    queryset = Chemical.objects.all()
    form_class = forms.ChemicalForm

    def save(self, obj, m2m):
        do_save_chemical(obj, user=self.request.user)


class HazardUnitListView(ObjectListView):
    queryset = HazardUnit.objects.select_related("enterprise", "enterprise__park")
    filterset = filtersets.HazardUnitFilterSet
    table = tables.HazardUnitTable
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
            context["substance_form"] = bootstrapify(forms.SubstanceForm(user=self.request.user, unit=obj))
        return context


class HazardUnitEditView(ObjectEditView):
    queryset = HazardUnit.objects.select_related("enterprise")
    form_class = forms.HazardUnitForm
    preset_fields = ("enterprise",)

    def save(self, obj, m2m):
        do_save_hazard_unit(obj, user=self.request.user)


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
            do_remove_substance(row, user=request.user)
            messages.success(request, gettext("已移除：%(name)s") % {"name": row.chemical.name})
        else:
            form = forms.SubstanceForm(request.POST, user=request.user, unit=unit)
            if form.is_valid():
                do_set_substance(unit, form.cleaned_data["chemical"], form.cleaned_data["quantity_t"], user=request.user)
                messages.success(request, gettext("已保存并重新辨识分级。"))
            else:
                messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    except OutOfScope as error:
        raise Http404 from error
    return redirect("hazardunit_detail", pk=unit.pk)
