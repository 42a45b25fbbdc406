"""执法公示 of 双随机 draws, no login (国办发〔2015〕58号 抽查结果公开; 国办发〔2018〕118号 行政执法公示).

Every announced draw stays public, cancelled ones too (re-announcing to get another result would show). Each
shows its parameters and commitment from the moment it is announced, the nonce and the result once drawn, and
how to recompute it. People named are inspectors only, by name and certificate number, as 三项制度 requires;
enterprise staff never appear.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.draws.models import Draw, DrawPick

PAGE_SIZE = 50


def public_draws(request):
    page = Paginator(Draw.objects.order_by("-announced_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enforcement/public_draws.html", {"title": gettext("双随机抽查公示"), "page": page})


@never_cache
def public_draw(request, pk):
    draw = get_object_or_404(Draw, pk=pk)
    drawn = draw.status == DrawStatus.DRAWN
    picks = (DrawPick.objects.filter(draw=draw).select_related("enterprise").prefetch_related("inspectors")
             if drawn else DrawPick.objects.none())
    return render(request, "enforcement/public_draw.html", {
        "title": draw.title, "draw": draw, "drawn": drawn, "picks": picks,
        "filters": draws.filter_summary(draw.filters), "roster": draw.roster.order_by("pk"),
    })


def public_draw_parameters(request, pk):
    """The published parameters exactly as hashed: what a re-implementation reads."""
    draw = get_object_or_404(Draw, pk=pk)
    response = HttpResponse(draw.parameters, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{draw.pk}-parameters.json"'
    return response
