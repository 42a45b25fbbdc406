import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import AreaLevel, AuditAction, Role
from worksafety.core.models import Area, AuditEntry, Department, User
from worksafety.core.scoping import VIEW

# The range of the databases' 64-bit integer columns: a number outside it is a field error, never a crash
# (SQLite raises OverflowError binding it; PostgreSQL a DataError).
DB_INT_MAX = 2**63 - 1
DB_INT_MIN = -(2**63)
YEAR_MIN, YEAR_MAX = 1, 9999  # what a `year` lookup can turn into a date


class IdFilter(django_filters.NumberFilter):
    """An object id from a link (`?enterprise=12`): a whole number in the database's range, else a field error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", DB_INT_MAX)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class BaseFilterSet(django_filters.FilterSet):
    """Limits related-object choices to what the requesting user may see; an empty choice reads 全部, and a
    yes/no filter offers 全部/是/否."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        for field in self.filters.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, VIEW)
            if isinstance(field, django_filters.NumberFilter):
                # Every number filter, declared or generated from Meta.fields, stays within what the lookup takes.
                low, high = (YEAR_MIN, YEAR_MAX) if field.lookup_expr == "year" else (DB_INT_MIN, DB_INT_MAX)
                field.extra.setdefault("min_value", low)
                field.extra.setdefault("max_value", high)
            if isinstance(field, django_filters.ModelChoiceFilter):
                field.extra["empty_label"] = gettext("全部")
            elif isinstance(field, django_filters.BooleanFilter):
                # Django's NullBooleanSelect reads “Unknown/Yes/No”; a filter means “all/yes/no”.
                field.extra["widget"] = forms.Select(choices=[("", gettext("全部")), ("true", gettext("是")),
                                                              ("false", gettext("否"))])


class AreaFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或代码"))
    level = django_filters.ChoiceFilter(choices=AreaLevel.choices, label=_("级别"))
    parent = django_filters.ModelChoiceFilter(
        field_name="parent", to_field_name="code", queryset=Area.objects.exclude(level="community"), label=_("上级")
    )

    class Meta:
        model = Area
        fields = ["q", "level", "parent"]

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(code__startswith=value)


class DepartmentFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("名称"))

    class Meta:
        model = Department
        fields = ["q"]


def audited_types() -> list[tuple[str, str]]:
    """Every kind of object the audit log records (models marked `audited`), by label, named as its app names it."""
    return sorted(((model._meta.label_lower, str(model._meta.verbose_name)) for model in apps.get_models()
                   if getattr(model, "audited", False)), key=lambda choice: choice[0])


class AuditEntryFilterSet(BaseFilterSet):
    action = django_filters.MultipleChoiceFilter(choices=AuditAction.choices, label=_("操作"))
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="iexact", label=_("操作人账号"))
    object_type = django_filters.ChoiceFilter(choices=audited_types, label=_("对象类型"))
    object_id = django_filters.CharFilter(label=_("对象编号"))
    since = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__gte", label=_("起始日期"))
    until = django_filters.DateFilter(field_name="timestamp", lookup_expr="date__lte", label=_("截止日期"))

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "object_type", "object_id", "since", "until"]


class UserFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("账号或姓名"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("角色"))
    is_active = django_filters.BooleanFilter(label=_("启用"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(full_name__icontains=value)) if value else queryset
