"""规划指标 pages: the nine indicators computed on every visit with their trends, the definitions' edit page, and
the denominators (list, edit, xlsx import and export)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core import xlsx
from worksafety.core.generic_views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.imports import import_page
from worksafety.core.scoping import ADD, CHANGE, VIEW, can
from worksafety.indicators.kpis import compute, filtersets, forms, tables
from worksafety.indicators.kpis.imports import DENOMINATOR_IMPORT
from worksafety.indicators.kpis.models import Denominator, Indicator
from worksafety.standards.kpis import NEAR_MARGIN


@login_required
def indicator_list(request):
    """The plan's indicators as they stand today (`?export=xlsx`: the same figures as a workbook)."""
    if not can(request.user, Indicator, VIEW):
        raise Http404
    results = compute.evaluate(Indicator.objects.restrict(request.user).prefetch_related("sectors"))
    if request.GET.get("export") == "xlsx":
        return xlsx.response(compute.export_workbook(results),
                             gettext("规划指标-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"})
    return render(request, "indicators/indicator_list.html", {
        "title": gettext("规划指标"), "results": results, "charts": [r.chart() for r in results],
        "near_margin": round(NEAR_MARGIN * 100), "can_change": can(request.user, Indicator, CHANGE),
        "can_view_denominators": can(request.user, Denominator, VIEW),
    })


class IndicatorEditView(ObjectEditView):
    queryset = Indicator.objects.all()
    form_class = forms.IndicatorForm

    def success_url(self, obj):
        return f"{reverse('indicator_list')}#indicator-{obj.pk}"


class DenominatorListView(ObjectListView):
    queryset = Denominator.objects.all()
    filterset = filtersets.DenominatorFilterSet
    table = tables.DenominatorTable
    add_url = "denominator_add"
    extra_actions = (("denominator_import", _("Excel 导入"), "bi-upload", ADD),)


class DenominatorDetailView(ObjectDetailView):
    queryset = Denominator.objects.all()
    fields = ("year", "kind", "value", "source")


class DenominatorEditView(ObjectEditView):
    queryset = Denominator.objects.all()
    form_class = forms.DenominatorForm


class DenominatorDeleteView(ObjectDeleteView):
    queryset = Denominator.objects.all()
    success_url_name = "denominator_list"


@login_required
def denominator_import(request):
    return import_page(request, DENOMINATOR_IMPORT, template_name="indicators/denominator_import.html",
                       title=gettext("指标分母 Excel 导入"), template_filename=gettext("指标分母导入模板.xlsx"))
