"""The FilterSet of the inspector roster (page, API and xlsx export)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet
from worksafety.core.models import Department
from worksafety.enforcement.filtersets import search_in
from worksafety.enforcement.inspectors.models import Inspector


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
        return search_in(queryset, value, "name", "certificate_number")

    def filter_valid(self, queryset, name, value):
        valid = Inspector.objects.valid().values("pk")
        return queryset.filter(pk__in=valid) if value else queryset.exclude(pk__in=valid)
