"""One FilterSet per list: the page, the API and the xlsx export all filter through these."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import RiskColour
from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Area, Sector
from worksafety.registry.choices import (
    LicenceKind,
    MajorHazardLevel,
    Scale,
    StandardisationGrade,
    Status,
    UnitKind,
)
from worksafety.registry.models import Chemical, Enterprise, HazardUnit, Licence, Park


class EnterpriseFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或信用代码"))
    sector = django_filters.ModelMultipleChoiceFilter(
        field_name="sector__code", to_field_name="code", queryset=Sector.objects.all(), label=_("行业领域")
    )
    area = django_filters.ModelChoiceFilter(
        method="in_area", to_field_name="code", queryset=Area.objects.exclude(level="community"), label=_("街道/功能区")
    )
    park = django_filters.ModelChoiceFilter(
        field_name="park", to_field_name="code", queryset=Park.objects.all(), label=_("园区")
    )
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("状态"))
    risk_colour = django_filters.MultipleChoiceFilter(choices=RiskColour.choices, label=_("风险等级"))
    scale = django_filters.ChoiceFilter(choices=Scale.choices, label=_("规模"))
    standardisation_grade = django_filters.ChoiceFilter(choices=StandardisationGrade.choices, label=_("标准化等级"))
    licence_expiring_days = django_filters.NumberFilter(
        method="licence_expiring", label=_("证照到期天数内"), min_value=0, max_value=3650
    )

    class Meta:
        model = Enterprise
        fields = ["q", "sector", "area", "park", "status", "risk_colour", "scale", "standardisation_grade"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(uscc__icontains=value.upper())) if value else queryset

    def in_area(self, queryset, name, area):
        return queryset.filter(area__code__startswith=area.code)

    def licence_expiring(self, queryset, name, days):
        """Enterprises holding a licence that has expired or expires within `days` days from today."""
        limit = timezone.localdate() + timedelta(days=int(days))
        return queryset.filter(pk__in=Licence.objects.filter(expires_on__lte=limit).values("enterprise_id"))


class ParkFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("名称"))

    class Meta:
        model = Park
        fields = ["q"]


class LicenceFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=LicenceKind.choices, label=_("证照类型"))
    enterprise = django_filters.ModelChoiceFilter(queryset=Enterprise.objects.all(), label=_("企业"))
    expires_before = django_filters.DateFilter(field_name="expires_on", lookup_expr="lte", label=_("有效期至不晚于"))

    class Meta:
        model = Licence
        fields = ["kind", "enterprise", "expires_before"]


class ChemicalFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或 CAS 号"))
    in_table1 = django_filters.BooleanFilter(field_name="gb18218_row", lookup_expr="isnull", exclude=True,
                                             label=_("GB 18218 表1 物质"))
    key_supervised = django_filters.BooleanFilter(label=_("重点监管危险化学品"))

    class Meta:
        model = Chemical
        fields = ["q", "in_table1", "key_supervised"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(cas__icontains=value)) if value else queryset


class HazardUnitFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("企业或单元名称"))
    area = django_filters.ModelChoiceFilter(
        method="in_area", to_field_name="code", queryset=Area.objects.exclude(level="community"), label=_("街道/功能区")
    )
    park = django_filters.ModelChoiceFilter(
        field_name="enterprise__park", to_field_name="code", queryset=Park.objects.all(), label=_("园区")
    )
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("单元类型"))
    is_major = django_filters.BooleanFilter(label=_("构成重大危险源"))
    level = django_filters.MultipleChoiceFilter(choices=MajorHazardLevel.choices, label=_("等级"))
    # Set by the link from an enterprise page; a select of every enterprise would be too long to use.
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    class Meta:
        model = HazardUnit
        fields = ["q", "area", "park", "kind", "is_major", "level", "enterprise"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(enterprise__name__icontains=value)) if value else queryset

    def in_area(self, queryset, name, area):
        return queryset.filter(enterprise__area__code__startswith=area.code)
