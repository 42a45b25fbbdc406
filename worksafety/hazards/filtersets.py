import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Area, Sector
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.hazards.models import CheckRecord, Hazard, overdue_q
from worksafety.registry.models import Park


class HazardFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("隐患或企业名称"))
    level = django_filters.ChoiceFilter(choices=HazardLevel.choices, label=_("等级"))
    state = django_filters.MultipleChoiceFilter(choices=State.choices, label=_("状态"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("来源"))
    hazard_type = django_filters.ChoiceFilter(choices=HazardType.choices, label=_("类别"))
    sector = django_filters.ModelChoiceFilter(field_name="enterprise__sector__code", to_field_name="code",
                                              queryset=Sector.objects.all(), label=_("行业领域"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("街道/功能区"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", to_field_name="code",
                                            queryset=Park.objects.all(), label=_("园区"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已逾期"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    class Meta:
        model = Hazard
        fields = ["q", "level", "state", "source", "hazard_type", "sector", "area", "park", "overdue", "enterprise"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value)) if value else queryset

    def in_area(self, queryset, name, area):
        return queryset.filter(enterprise__area__code__startswith=area.code)

    def filter_overdue(self, queryset, name, value):
        """Past the supervision deadline when listed, else past the rectification deadline, and not closed."""
        late = overdue_q(timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class CheckRecordFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("排查内容或企业"))
    result = django_filters.MultipleChoiceFilter(choices=CheckRecord.Result.choices, label=_("结果"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("街道/功能区"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", to_field_name="code",
                                            queryset=Park.objects.all(), label=_("园区"))
    since = django_filters.DateFilter(field_name="period_end__date", lookup_expr="gte", label=_("周期结束不早于"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    class Meta:
        model = CheckRecord
        fields = ["q", "result", "area", "park", "since", "enterprise"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(task__content__icontains=value) | Q(enterprise__name__icontains=value)) \
            if value else queryset

    def in_area(self, queryset, name, area):
        return queryset.filter(enterprise__area__code__startswith=area.code)
