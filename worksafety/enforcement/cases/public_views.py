"""执法公示: the public page of penalty decisions (no login), with personal data masked (cases/publication.py)."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext

from worksafety.enforcement.cases.publication import public_record, published_cases

PAGE_SIZE = 30


def public_penalties(request):
    page = Paginator(published_cases(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enforcement/cases/public_list.html", {
        "title": gettext("行政处罚决定公示"), "page": page,
        "records": [public_record(case) for case in page.object_list],
        "workdays": settings.WORKSAFETY_PENALTY_PUBLISH_WORKDAYS,
    })


def public_penalty(request, pk):
    case = published_cases().filter(pk=pk).first()
    if case is None:
        raise Http404
    record = public_record(case)
    return render(request, "enforcement/cases/public_detail.html", {"title": record.decision_number,
                                                                     "record": record})
