"""FilterSets of inspections, checklists, enforcement documents and penalty cases: each serves its list page,
its API and its xlsx export (ARCHITECTURE.md rule 4)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Area, Department, Sector
from worksafety.enforcement.cases.choices import CaseOutcome, CaseState
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.cases.services import PUBLISHABLE_STATES
from worksafety.enforcement.inspections.choices import DocumentKind, InspectionKind, InspectionStatus
from worksafety.enforcement.inspections.models import ChecklistTemplate, EnforcementDocument, Inspection


class EnterpriseFilters(BaseFilterSet):
    """Where the enterprise is: sector, street or zone (with its communities)."""

    sector = django_filters.ModelChoiceFilter(field_name="enterprise__sector__code", to_field_name="code",
                                              queryset=Sector.objects.all(), label=_("行业领域"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("街道/功能区"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    def in_area(self, queryset, name, area):
        return queryset.filter(enterprise__area__code__startswith=area.code)


class InspectionFilterSet(EnterpriseFilters):
    q = django_filters.CharFilter(method="search", label=_("企业或检查单位"))
    kind = django_filters.MultipleChoiceFilter(choices=InspectionKind.choices, label=_("检查类型"))
    status = django_filters.ChoiceFilter(choices=InspectionStatus.choices, label=_("状态"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("执法部门"))
    since = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte", label=_("检查日期起"))
    until = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte", label=_("检查日期止"))
    purchased = django_filters.BooleanFilter(field_name="agency", lookup_expr="isnull", exclude=True,
                                             label=_("政府购买服务"))
    follow_up_of = IdFilter(field_name="follow_up_of_id", label=_("原检查"))

    class Meta:
        model = Inspection
        fields = ["q", "kind", "status", "department", "sector", "area", "since", "until", "purchased",
                  "enterprise", "follow_up_of"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(organ__icontains=value)) if value else queryset


class ChecklistTemplateFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("名称"))
    sector = django_filters.ModelChoiceFilter(field_name="sector__code", to_field_name="code",
                                              queryset=Sector.objects.all(), label=_("行业领域"))
    active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = ChecklistTemplate
        fields = ["q", "sector", "active"]


class EnforcementDocumentFilterSet(EnterpriseFilters):
    q = django_filters.CharFilter(method="search", label=_("文号或当事单位"))
    kind = django_filters.MultipleChoiceFilter(choices=DocumentKind.choices, label=_("文书种类"))
    year = django_filters.NumberFilter(label=_("年度"))
    since = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte", label=_("制作日期起"))
    until = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte", label=_("制作日期止"))
    inspection = IdFilter(field_name="inspection_id", label=_("执法检查"))
    case = IdFilter(field_name="case_id", label=_("处罚案件"))

    class Meta:
        model = EnforcementDocument
        fields = ["q", "kind", "year", "sector", "area", "since", "until", "enterprise", "inspection", "case"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(number__icontains=value) | Q(enterprise__name__icontains=value)) \
            if value else queryset


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
