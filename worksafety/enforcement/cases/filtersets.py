"""The FilterSet of penalty cases (page, API and xlsx export)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Department
from worksafety.enforcement.cases.choices import CaseOutcome, CaseState
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.cases.services import PUBLISHABLE_STATES
from worksafety.enforcement.filtersets import EnterpriseFilters


class PenaltyCaseFilterSet(EnterpriseFilters):
    PUBLICITY = [("public", _("已公示")), ("due", _("待公示")), ("late", _("已到应公示日（自动公示）"))]

    q = django_filters.CharFilter(method="search", label=_("案号、案由或企业"))
    state = django_filters.MultipleChoiceFilter(choices=CaseState.choices, label=_("状态"))
    outcome = django_filters.ChoiceFilter(choices=CaseOutcome.choices, label=_("处理结果"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("办案部门"))
    since = django_filters.DateFilter(field_name="filed_on", lookup_expr="gte", label=_("立案日期起"))
    until = django_filters.DateFilter(field_name="filed_on", lookup_expr="lte", label=_("立案日期止"))
    # Bounded: a year lookup outside 1–9999 would fail inside the database layer instead of as a filter error.
    decided_year = django_filters.NumberFilter(field_name="decided_on", lookup_expr="year", label=_("决定年度"),
                                               min_value=1900, max_value=2100)
    publicity = django_filters.ChoiceFilter(choices=PUBLICITY, method="filter_publicity", label=_("公示"))

    class Meta:
        model = PenaltyCase
        fields = ["q", "state", "outcome", "department", "sector", "area", "since", "until", "decided_year",
                  "publicity", "enterprise"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(cause__icontains=value)
                               | Q(enterprise__name__icontains=value)) if value else queryset

    def filter_publicity(self, queryset, name, value):
        decided = queryset.filter(state__in=PUBLISHABLE_STATES, outcome=CaseOutcome.PENALISED)
        today = timezone.localdate()
        if value == "public":
            return decided.filter(Q(published_at__isnull=False) | Q(publish_by__lte=today))
        if value == "due":
            return decided.filter(published_at__isnull=True, publish_by__gt=today)
        return decided.filter(published_at__isnull=True, publish_by__lte=today)
