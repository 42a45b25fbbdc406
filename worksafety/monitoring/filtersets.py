import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.monitoring.choices import Condition, Priority, SensorKind
from worksafety.monitoring.models import Alarm, Rejection, Sensor
from worksafety.registry.models import Park


class SensorFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("位号、名称或企业"))
    kind = django_filters.ChoiceFilter(choices=SensorKind.choices, label=_("类型"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", to_field_name="code",
                                            queryset=Park.objects.all(), label=_("园区"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    class Meta:
        model = Sensor
        fields = ["q", "kind", "park", "enterprise"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value)
                               | Q(enterprise__name__icontains=value)) if value else queryset


class AlarmFilterSet(BaseFilterSet):
    open = django_filters.BooleanFilter(method="filter_open", label=_("未结束"))
    condition = django_filters.ChoiceFilter(choices=Condition.choices, label=_("类型"))
    priority = django_filters.ChoiceFilter(choices=Priority.choices, label=_("优先级"))
    acknowledged = django_filters.BooleanFilter(label=_("已确认"))
    park = django_filters.ModelChoiceFilter(field_name="enterprise__park", to_field_name="code",
                                            queryset=Park.objects.all(), label=_("园区"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))
    sensor = IdFilter(field_name="sensor_id", label=_("监测点"))

    class Meta:
        model = Alarm
        fields = ["open", "condition", "priority", "acknowledged", "park", "enterprise", "sensor"]

    def filter_open(self, queryset, name, value):
        return queryset.filter(closed=not value)


class RejectionFilterSet(BaseFilterSet):
    since = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("起始日期"))
    reason = django_filters.CharFilter(label=_("原因"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    class Meta:
        model = Rejection
        fields = ["since", "reason", "enterprise"]
