"""FilterSets of inspections, checklists and enforcement documents: each serves its list page, its API and
its xlsx export (ARCHITECTURE.md rule 4)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Department, Sector
from worksafety.enforcement.filtersets import EnterpriseFilters
from worksafety.enforcement.inspections.choices import DocumentKind, InspectionKind, InspectionStatus
from worksafety.enforcement.inspections.models import ChecklistTemplate, EnforcementDocument, Inspection


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
