"""What the FilterSets of the enforcement lists share: a search over several fields, and the filters of lists
whose rows belong to an enterprise. Each FilterSet serves its list page, its API and its xlsx export
(ARCHITECTURE.md rule 4)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Area, Sector
from worksafety.registry.models import Park


def search_in(queryset, value, *fields):
    value = value.strip()
    if not value:
        return queryset
    condition = Q()
    for name in fields:
        condition |= Q(**{f"{name}__icontains": value})
    return queryset.filter(condition)


class EnterpriseScopedFilterSet(BaseFilterSet):
    """Filters of lists whose rows belong to an enterprise: its name or USCC, street, park, sector."""

    q = django_filters.CharFilter(method="search", label=_("企业名称或信用代码"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("街道/功能区"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", to_field_name="code",
                                            queryset=Park.objects.all(), label=_("园区"))
    sector = django_filters.ModelChoiceFilter(field_name="enterprise__sector", to_field_name="code",
                                              queryset=Sector.objects.all(), label=_("行业领域"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    def search(self, queryset, name, value):
        return search_in(queryset, value, "enterprise__name", "enterprise__uscc")

    def in_area(self, queryset, name, area):
        return queryset.filter(enterprise__area__code__startswith=area.code)


class EnterpriseFilters(BaseFilterSet):
    """Where the enterprise is: sector, street or zone (with its communities)."""

    sector = django_filters.ModelChoiceFilter(field_name="enterprise__sector__code", to_field_name="code",
                                              queryset=Sector.objects.all(), label=_("行业领域"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("街道/功能区"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    def in_area(self, queryset, name, area):
        return queryset.filter(enterprise__area__code__startswith=area.code)
