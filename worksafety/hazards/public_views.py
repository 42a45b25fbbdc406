"""挂牌督办公告: the public notice of major hazards listed for supervision, and of their delisting.

What is public is what a listing notice says — enterprise, hazard, criterion, supervising department,
deadline and outcome — never the enterprise's plan, funds, people or photos.
"""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext

from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.models import Hazard


def listed_hazards():
    return (Hazard.objects.filter(level=HazardLevel.MAJOR, supervising_department__isnull=False)
            .select_related("enterprise", "supervising_department").order_by("state", "-supervision_deadline", "-id"))


def listed_notice(request):
    page = Paginator(listed_hazards(), 50).get_page(request.GET.get("page"))
    return render(request, "hazards/public_listed.html", {
        "title": gettext("重大事故隐患挂牌督办公告"), "page": page, "closed": State.CLOSED,
    })
