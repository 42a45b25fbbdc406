import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet
from worksafety.core.models import Area
from worksafety.emergency.warnings.choices import Category, Level, MsgType, State
from worksafety.emergency.warnings.models import Warning


class WarningFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("标题或标识"))
    status = django_filters.MultipleChoiceFilter(choices=State.choices, label=_("状态"))
    level = django_filters.TypedChoiceFilter(choices=Level.choices, coerce=int, label=_("级别"))
    category = django_filters.ChoiceFilter(choices=Category.choices, label=_("类别"))
    msg_type = django_filters.ChoiceFilter(choices=MsgType.choices, label=_("信息类型"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("区域"))
    current = django_filters.BooleanFilter(method="filter_current", label=_("现行有效"))

    class Meta:
        model = Warning
        fields = ["q", "status", "level", "category", "msg_type", "area", "current"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(headline__icontains=value) | Q(identifier__startswith=value))

    def in_area(self, queryset, name, area):
        """Warnings for the area, for places inside it, and for the larger areas that contain it."""
        enclosing = [area.code[:i] for i in range(1, len(area.code))]
        return queryset.filter(Q(area__code__startswith=area.code) | Q(area__code__in=enclosing))

    def filter_current(self, queryset, name, value):
        current = Q(status=State.PUBLISHED, expires__gt=timezone.now())
        return queryset.filter(current) if value else queryset.exclude(current)
