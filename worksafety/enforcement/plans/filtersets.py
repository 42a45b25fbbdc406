"""FilterSets of annual plans and their targets (page, API and xlsx export)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Department
from worksafety.enforcement.filtersets import EnterpriseScopedFilterSet
from worksafety.enforcement.plans.choices import PlanStatus
from worksafety.enforcement.plans.models import AnnualPlan, PlanTarget


class AnnualPlanFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices, label=_("状态"))

    class Meta:
        model = AnnualPlan
        fields = ["year", "status"]


class PlanTargetFilterSet(EnterpriseScopedFilterSet):
    plan = IdFilter(field_name="plan_id", label=_("计划"))
    responsible_department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(),
                                                              label=_("责任部门"))

    class Meta:
        model = PlanTarget
        fields = ["plan", "q", "area", "park", "sector", "responsible_department", "colour", "enterprise"]
