"""Filters of the plan and drill lists: one FilterSet per list serves its page, its API collection and both
exports (ARCHITECTURE.md rule 4)."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Department
from worksafety.emergency.plans.choices import DrillKind, DrillRating, OwnerLevel, PlanKind, PlanStatus
from worksafety.emergency.plans.models import Drill, EmergencyPlan

OWNER_LEVEL = {
    OwnerLevel.DISTRICT: Q(enterprise__isnull=True, department__isnull=True),
    OwnerLevel.DEPARTMENT: Q(department__isnull=False),
    OwnerLevel.ENTERPRISE: Q(enterprise__isnull=False),
}
REVIEW_SOON, REVIEW_OVERDUE = "soon", "overdue"


class PlanFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或编号"))
    owner = django_filters.ChoiceFilter(choices=OwnerLevel.choices, method="by_owner", label=_("编制单位层级"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("编制部门"))
    kind = django_filters.ChoiceFilter(choices=PlanKind.choices, label=_("预案类型"))
    status = django_filters.MultipleChoiceFilter(choices=PlanStatus.choices, label=_("状态"))
    review = django_filters.ChoiceFilter(choices=[(REVIEW_SOON, _("60 天内到期")), (REVIEW_OVERDUE, _("已逾期"))],
                                         method="by_review", label=_("评估期限"))
    drill_overdue = django_filters.BooleanFilter(method="by_drill_overdue", label=_("演练逾期"))

    class Meta:
        model = EmergencyPlan
        fields = ["q", "owner", "enterprise", "department", "kind", "status", "review", "drill_overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value)) if value else queryset

    def by_owner(self, queryset, name, value):
        return queryset.filter(OWNER_LEVEL[value])

    def by_review(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.review_due_soon(today) if value == REVIEW_SOON else queryset.review_overdue(today)

    def by_drill_overdue(self, queryset, name, value):
        overdue = EmergencyPlan.objects.drill_overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class DrillFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="plan__title", lookup_expr="icontains", label=_("预案名称"))
    plan = IdFilter(field_name="plan_id", label=_("应急预案"))
    enterprise = IdFilter(field_name="plan__enterprise_id", label=_("企业"))
    kind = django_filters.ChoiceFilter(choices=DrillKind.choices, label=_("演练形式"))
    rating = django_filters.ChoiceFilter(choices=DrillRating.choices, label=_("评估等级"))
    since = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("起始日期"))
    until = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("截止日期"))

    class Meta:
        model = Drill
        fields = ["q", "plan", "enterprise", "kind", "rating", "since", "until"]
