import django_filters
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import RiskColour
from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.risk.choices import GradingMethod, GradingStatus, Method
from worksafety.risk.models import (
    CheckTask,
    ControlMeasure,
    EnterpriseGrading,
    RiskEvent,
    RiskObject,
    RiskUnit,
)


class EnterpriseLinkedFilterSet(BaseFilterSet):
    """Filters shared by every model that hangs off an enterprise; `enterprise_path` says how."""

    enterprise_path = "enterprise"
    q = django_filters.CharFilter(method="search", label=_("名称"))
    # Set by links from an enterprise page; a select of every enterprise would be too long to use.
    enterprise = IdFilter(method="for_enterprise", label=_("企业"))

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(name__icontains=value) if value else queryset

    def for_enterprise(self, queryset, name, value):
        return queryset.filter(**{f"{self.enterprise_path}_id": value})


class RiskObjectFilterSet(EnterpriseLinkedFilterSet):
    class Meta:
        model = RiskObject
        fields = ["q", "enterprise", "kind"]


class RiskUnitFilterSet(EnterpriseLinkedFilterSet):
    enterprise_path = "risk_object__enterprise"

    class Meta:
        model = RiskUnit
        fields = ["q", "enterprise", "risk_object"]


class RiskEventFilterSet(EnterpriseLinkedFilterSet):
    enterprise_path = "risk_unit__risk_object__enterprise"
    colour = django_filters.MultipleChoiceFilter(choices=RiskColour.choices, label=_("风险等级"))
    method = django_filters.ChoiceFilter(choices=Method.choices, label=_("评价方法"))

    class Meta:
        model = RiskEvent
        fields = ["q", "enterprise", "colour", "method", "accident_type", "risk_unit"]


class ControlMeasureFilterSet(EnterpriseLinkedFilterSet):
    enterprise_path = "event__risk_unit__risk_object__enterprise"

    def search(self, queryset, name, value):
        return queryset.filter(description__icontains=value.strip())

    class Meta:
        model = ControlMeasure
        fields = ["q", "enterprise", "event", "category"]


class CheckTaskFilterSet(EnterpriseLinkedFilterSet):
    enterprise_path = "measure__event__risk_unit__risk_object__enterprise"

    def search(self, queryset, name, value):
        return queryset.filter(content__icontains=value.strip())

    class Meta:
        model = CheckTask
        fields = ["q", "enterprise", "measure", "cycle_unit"]


class EnterpriseGradingFilterSet(EnterpriseLinkedFilterSet):
    status = django_filters.ChoiceFilter(choices=GradingStatus.choices, label=_("状态"))
    method = django_filters.ChoiceFilter(choices=GradingMethod.choices, label=_("方法"))
    colour = django_filters.MultipleChoiceFilter(choices=RiskColour.choices, label=_("风险等级"))

    def search(self, queryset, name, value):
        return queryset.filter(enterprise__name__icontains=value.strip())

    class Meta:
        model = EnterpriseGrading
        fields = ["q", "enterprise", "status", "method", "colour"]

