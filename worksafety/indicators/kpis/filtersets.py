import django_filters
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet
from worksafety.indicators.kpis.choices import DenominatorKind
from worksafety.indicators.kpis.models import Denominator


class DenominatorFilterSet(BaseFilterSet):
    kind = django_filters.ChoiceFilter(choices=DenominatorKind.choices, label=_("指标"))
    year = django_filters.NumberFilter(label=_("年份"), min_value=2000, max_value=2100)

    class Meta:
        model = Denominator
        fields = ["kind", "year"]
