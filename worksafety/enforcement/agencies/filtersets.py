"""FilterSets of third-party agencies and their reports (page, API and xlsx export)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet
from worksafety.enforcement.agencies.choices import AgencyKind, ReportKind
from worksafety.enforcement.agencies.models import AgencyReport, ThirdPartyAgency
from worksafety.enforcement.filtersets import EnterpriseScopedFilterSet, search_in


class ThirdPartyAgencyFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或信用代码"))
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, method="filter_kind", label=_("有效资质"))
    active = django_filters.BooleanFilter(label=_("服务中"))

    class Meta:
        model = ThirdPartyAgency
        fields = ["q", "kind", "active"]

    def search(self, queryset, name, value):
        return search_in(queryset, value, "name", "uscc")

    def filter_kind(self, queryset, name, value):
        return queryset.filter(qualifications__kind=value,
                               qualifications__valid_until__gte=timezone.localdate()).distinct()


class AgencyReportFilterSet(EnterpriseScopedFilterSet):
    agency = django_filters.ModelChoiceFilter(queryset=ThirdPartyAgency.objects.all(), label=_("机构"))
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label=_("报告类别"))
    since = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("报告日期起"))
    until = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("报告日期止"))

    class Meta:
        model = AgencyReport
        fields = ["q", "agency", "kind", "since", "until", "area", "park", "sector", "enterprise"]
