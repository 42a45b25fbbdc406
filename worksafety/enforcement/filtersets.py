"""One FilterSet per list: each serves the page, the API and the xlsx export (ARCHITECTURE.md rule 4)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Area, Department, Sector
from worksafety.enforcement.agencies.choices import AgencyKind, ReportKind
from worksafety.enforcement.agencies.models import AgencyReport, ThirdPartyAgency
from worksafety.enforcement.credit.choices import ListingStatus, ListKind, RepairStatus
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.draws.models import Draw
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.choices import PlanStatus
from worksafety.enforcement.plans.models import AnnualPlan, PlanTarget
from worksafety.registry.models import Park


def _search(queryset, value, *fields):
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
        return _search(queryset, value, "enterprise__name", "enterprise__uscc")

    def in_area(self, queryset, name, area):
        return queryset.filter(enterprise__area__code__startswith=area.code)


class InspectorFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("姓名或执法证号"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("所属部门"))
    bureau = django_filters.BooleanFilter(field_name="department", lookup_expr="isnull", label=_("区应急管理局"))
    valid = django_filters.BooleanFilter(method="filter_valid", label=_("执法证有效"))
    active = django_filters.BooleanFilter(label=_("在岗"))

    class Meta:
        model = Inspector
        fields = ["q", "department", "bureau", "valid", "active"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "name", "certificate_number")

    def filter_valid(self, queryset, name, value):
        valid = Inspector.objects.valid().values("pk")
        return queryset.filter(pk__in=valid) if value else queryset.exclude(pk__in=valid)


class AnnualPlanFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("状态"))

    class Meta:
        model = AnnualPlan
        fields = ["year", "status"]


class PlanTargetFilterSet(EnterpriseScopedFilterSet):
    plan = IdFilter(field_name="plan_id", label=_("计划"))
    responsible_department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(),
                                                              label=_("责任部门"))

    class Meta:
        model = PlanTarget
        fields = ["plan", "q", "area", "park", "sector", "responsible_department", "colour", "enterprise"]


class DrawFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("名称"))
    status = django_filters.ChoiceFilter(choices=DrawStatus.choices, label=_("状态"))
    plan = django_filters.ModelChoiceFilter(queryset=AnnualPlan.objects.all(), label=_("年度计划"))
    enterprise = IdFilter(field_name="picks__enterprise_id", distinct=True, label=_("抽中企业"))

    class Meta:
        model = Draw
        fields = ["q", "status", "plan", "month", "enterprise"]


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
        return _search(queryset, value, "listing__enterprise__name", "listing__enterprise__uscc")


class ThirdPartyAgencyFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或信用代码"))
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices, method="filter_kind", label=_("有效资质"))
    active = django_filters.BooleanFilter(label=_("服务中"))

    class Meta:
        model = ThirdPartyAgency
        fields = ["q", "kind", "active"]

    def search(self, queryset, name, value):
        return _search(queryset, value, "name", "uscc")

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
