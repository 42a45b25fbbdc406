import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet
from worksafety.emergency.incidents.models import GRADE_CHOICES, Incident, IncidentState
from worksafety.registry.models import Park
from worksafety.standards.accident_types import TYPES


class IncidentFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称、地点或单位"))
    state = django_filters.MultipleChoiceFilter(choices=IncidentState.choices, label=_("状态"))
    grade = django_filters.ChoiceFilter(choices=GRADE_CHOICES, label=_("事故等级"))
    accident_type = django_filters.ChoiceFilter(choices=[(t, t) for t in TYPES], label=_("事故类别"))
    park = django_filters.ModelChoiceFilter(queryset=Park.objects.all(), label=_("园区"))
    occurred_after = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__gte", label=_("发生日期起"))
    occurred_before = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__lte",
                                                label=_("发生日期止"))

    class Meta:
        model = Incident
        fields = ["q", "state", "grade", "accident_type", "park", "occurred_after", "occurred_before"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value)
                               | Q(enterprise__name__icontains=value))
