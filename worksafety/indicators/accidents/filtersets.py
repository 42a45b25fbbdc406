import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Area, Sector
from worksafety.indicators.accidents.choices import Misreporting
from worksafety.indicators.accidents.models import GRADE_CHOICES, Accident
from worksafety.standards.accident_types import TYPES


class AccidentFilterSet(BaseFilterSet):
    """One FilterSet for the accident list, its statistics, the API and the xlsx export."""

    q = django_filters.CharFilter(method="search", label=_("名称、地点或单位"))
    year = django_filters.NumberFilter(field_name="occurred_at", lookup_expr="year", label=_("年份"),
                                       min_value=2000, max_value=2100)
    grade = django_filters.ChoiceFilter(choices=GRADE_CHOICES, label=_("事故等级"))
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(), label=_("行业领域"))
    accident_type = django_filters.ChoiceFilter(choices=[(t, t) for t in TYPES], label=_("事故类别"))
    area = django_filters.ModelChoiceFilter(queryset=Area.objects.exclude(level="community"), method="within_area",
                                            label=_("区域"))
    with_deaths = django_filters.BooleanFilter(method="filter_deaths", label=_("有死亡"))
    misreporting = django_filters.ChoiceFilter(choices=Misreporting.choices, label=_("瞒报/谎报"))
    enterprise = IdFilter(field_name="enterprise_id")
    occurred_after = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__gte", label=_("发生日期起"))
    occurred_before = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__lte",
                                                label=_("发生日期止"))

    class Meta:
        model = Accident
        fields = ["q", "year", "grade", "sector", "accident_type", "area", "with_deaths", "misreporting", "enterprise",
                  "occurred_after", "occurred_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value)
                               | Q(enterprise__name__icontains=value))

    def within_area(self, queryset, name, value):
        return queryset.filter(area__code__startswith=value.code)

    def filter_deaths(self, queryset, name, value):
        return queryset.filter(deaths__gt=0) if value else queryset.filter(deaths=0)
