"""执法公示 of the credit lists, no login (国办发〔2018〕118号): the active public listings — enterprise, list,
criterion, basis, period; no personal data."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext

from worksafety.enforcement.credit.models import CreditListing

PAGE_SIZE = 50


def public_credit(request):
    listings = CreditListing.objects.public().select_related("enterprise").order_by("-period_start", "-id")
    query = request.GET.get("q", "").strip()
    if query:
        listings = listings.filter(Q(enterprise__name__icontains=query) | Q(enterprise__uscc=query.upper()))
    page = Paginator(listings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enforcement/public_credit.html", {
        "title": gettext("安全生产失信名单公示"), "page": page, "q": query})
