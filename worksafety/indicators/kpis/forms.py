from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import ScopedModelForm
from worksafety.indicators.kpis.models import Denominator, Indicator
from worksafety.standards.accident_types import TYPES as ACCIDENT_TYPES


class DenominatorForm(ScopedModelForm):
    class Meta:
        model = Denominator
        fields = ["kind", "year", "value", "source"]


class IndicatorForm(ScopedModelForm):
    accident_types = forms.MultipleChoiceField(label=_("计入的事故类别"), required=False,
                                               choices=[(t, t) for t in ACCIDENT_TYPES],
                                               widget=forms.CheckboxSelectMultiple, help_text=_("不选为全部类别"))

    class Meta:
        model = Indicator
        fields = ["number", "name", "nature", "measure", "sectors", "accident_types", "denominator_kind", "multiplier",
                  "unit", "decimals", "baseline_year", "target_year", "target_kind", "target_amount", "target_text",
                  "horizon_2035", "formula_note", "source"]
        widgets = {"sectors": forms.CheckboxSelectMultiple, "horizon_2035": forms.Textarea(attrs={"rows": 2}),
                   "formula_note": forms.Textarea(attrs={"rows": 4})}
