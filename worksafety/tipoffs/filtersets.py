import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet
from worksafety.core.models import Area
from worksafety.tipoffs.choices import Category, State
from worksafety.tipoffs.models import TipOff


class TipOffFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("查询码、内容或单位"))
    state = django_filters.MultipleChoiceFilter(choices=State.choices, label=_("状态"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("类别"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("承办区域"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已超期"))
    received_after = django_filters.DateFilter(field_name="received_at__date", lookup_expr="gte",
                                               label=_("受理起始日期"))
    received_before = django_filters.DateFilter(field_name="received_at__date", lookup_expr="lte",
                                                label=_("受理截止日期"))

    class Meta:
        model = TipOff
        fields = ["q", "state", "category", "area", "overdue", "received_after", "received_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(tracking_code__icontains=value) | Q(content__icontains=value)
                               | Q(reported_enterprise__icontains=value) | Q(enterprise__name__icontains=value))

    def in_area(self, queryset, name, area):
        return queryset.filter(area__code__startswith=area.code)

    def filter_overdue(self, queryset, name, value):
        late = Q(due_on__lt=timezone.localdate()) & ~Q(state=State.CLOSED)
        return queryset.filter(late) if value else queryset.exclude(late)
