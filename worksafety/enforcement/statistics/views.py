"""执法统计: the figures, their charts and the xlsx export on one page, over what the user may see."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext

from worksafety.core.forms import bootstrapify
from worksafety.core.scoping import VIEW, can
from worksafety.enforcement.inspections.models import Inspection
from worksafety.enforcement.statistics import counting
from worksafety.enforcement.statistics.forms import StatisticsForm
from worksafety.enforcement.statistics.tables import StatisticsTable


def figures_for(request) -> tuple[StatisticsForm, dict | None]:
    """The form and, when it is valid, the figures it asks for (also used by the API)."""
    if not can(request.user, Inspection, VIEW):
        raise Http404
    form = StatisticsForm(request.GET)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, counting.statistics(request.user, data["year"], sector=data["sector"], area=data["area"])


@login_required
def statistics_page(request):
    form, figures = figures_for(request)
    if figures is not None and request.GET.get("export") == "xlsx":
        return StatisticsTable(counting.export_rows(figures)).xlsx_response(
            gettext("%(year)s年执法统计") % {"year": figures["year"]})
    return render(request, "enforcement/cases/statistics.html", {
        "title": gettext("执法统计"), "form": bootstrapify(form), "figures": figures,
        "groupings": [(label, figures[f"by_{key}"]) for key, (label, _lookup) in counting.GROUPINGS.items()]
        if figures else [],
    })
