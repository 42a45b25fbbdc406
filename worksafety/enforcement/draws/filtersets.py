"""The FilterSet of 双随机 draws (page, API and xlsx export)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.draws.models import Draw
from worksafety.enforcement.plans.models import AnnualPlan


class DrawFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("名称"))
    status = django_filters.ChoiceFilter(choices=DrawStatus.choices, label=_("状态"))
    plan = django_filters.ModelChoiceFilter(queryset=AnnualPlan.objects.all(), label=_("年度计划"))
    enterprise = IdFilter(field_name="picks__enterprise_id", distinct=True, label=_("抽中企业"))

    class Meta:
        model = Draw
        fields = ["q", "status", "plan", "month", "enterprise"]
