"""FilterSets of credit listings and credit repairs (page, API and xlsx export)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.enforcement.credit.choices import ListingStatus, ListKind, RepairStatus
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.filtersets import EnterpriseScopedFilterSet, search_in


class CreditListingFilterSet(EnterpriseScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=ListKind.choices, label=_("名单"))
    status = django_filters.ChoiceFilter(choices=ListingStatus.choices, label=_("状态"))
    active = django_filters.BooleanFilter(method="filter_active", label=_("公示期内"))

    class Meta:
        model = CreditListing
        fields = ["q", "kind", "status", "active", "area", "park", "sector", "enterprise"]

    def filter_active(self, queryset, name, value):
        active = CreditListing.objects.active(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class CreditRepairFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("企业名称或信用代码"))
    status = django_filters.ChoiceFilter(choices=RepairStatus.choices, label=_("状态"))
    listing = IdFilter(field_name="listing_id", label=_("失信名单"))

    class Meta:
        model = CreditRepair
        fields = ["q", "status", "listing"]

    def search(self, queryset, name, value):
        return search_in(queryset, value, "listing__enterprise__name", "listing__enterprise__uscc")
