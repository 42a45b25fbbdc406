from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import RiskColour
from worksafety.core.forms import ScopedModelForm
from worksafety.risk.models import CheckTask, ControlMeasure, RiskEvent, RiskObject, RiskUnit, SupervisionRule
from worksafety.standards import control_measures, enterprise_grading, risk


class RiskObjectForm(ScopedModelForm):
    class Meta:
        model = RiskObject
        fields = ["enterprise", "hazard_unit", "name", "kind", "responsible_department", "responsible_person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit's label names its enterprise; fetch them together.
        self.fields["hazard_unit"].queryset = self.fields["hazard_unit"].queryset.select_related("enterprise")


class RiskUnitForm(ScopedModelForm):
    class Meta:
        model = RiskUnit
        fields = ["risk_object", "name", "responsible_person"]


class RiskEventForm(ScopedModelForm):
    """Factors are picked from the method's score tables, so only values the method defines can be entered."""

    class Meta:
        model = RiskEvent
        fields = ["risk_unit", "name", "accident_type", "method", "likelihood", "exposure", "consequence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["likelihood"].help_text = _("LEC：%(lec)s；LS：1–5") % {"lec": "、".join(
            str(risk.as_number(s)) for s in risk.LEC_L.scores)}
        self.fields["exposure"].help_text = "、".join(str(risk.as_number(s)) for s in risk.LEC_E.scores)
        self.fields["consequence"].help_text = _("LEC 的 C：%(c)s；LS 的 S：1–5") % {"c": "、".join(
            str(risk.as_number(s)) for s in risk.LEC_C.scores)}


class ControlMeasureForm(ScopedModelForm):
    category = forms.ChoiceField(label=_("措施类别"), choices=[(c, c) for c in control_measures.TAXONOMY])
    sub_class = forms.ChoiceField(label=_("措施子类"), choices=sorted(
        {(s, s) for subs in control_measures.TAXONOMY.values() for s in subs}))

    class Meta:
        model = ControlMeasure
        fields = ["event", "category", "sub_class", "description"]


class CheckTaskForm(ScopedModelForm):
    class Meta:
        model = CheckTask
        fields = ["measure", "content", "cycle", "cycle_unit", "responsible_post"]


class HazchemGradingForm(forms.Form):
    """The 应急〔2018〕19号 form, built from its data file: a count for per-occurrence rules, a tick for the
    others and for the four automatic-red conditions. The 重大危险源 item is filled from the hazard units."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        for item in enterprise_grading.ITEMS:
            if item.filled_from is not None:
                continue
            names = []
            for rule in item.deductions + item.bonuses:
                sign = "+" if rule in item.bonuses else "−"
                label = f"{rule.text}（{sign}{risk.as_number(rule.points)}）"
                if rule.per_occurrence:
                    self.fields[rule.id] = forms.IntegerField(label=label, min_value=0, max_value=rule.max_count,
                                                              initial=0, required=False)
                else:
                    self.fields[rule.id] = forms.BooleanField(label=label, required=False)
                names.append(rule.id)
            self.sections.append((_("%(item)s（%(cap)s 分）") % {"item": item.name, "cap": risk.as_number(item.cap)},
                                  names))
        red = []
        for condition in enterprise_grading.AUTOMATIC_RED:
            self.fields[condition.id] = forms.BooleanField(label=condition.text, required=False)
            red.append(condition.id)
        self.sections.append((_("直接判定为红色的情形"), red))

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    def answers(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class BandForm(forms.Form):
    lower = forms.DecimalField(label=_("下限"), min_value=0, max_digits=10, decimal_places=2)
    lower_inclusive = forms.BooleanField(label=_("含下限"), required=False)
    upper = forms.DecimalField(label=_("上限（空为∞）"), min_value=0, max_digits=10, decimal_places=2, required=False)
    upper_inclusive = forms.BooleanField(label=_("含上限"), required=False)
    colour = forms.ChoiceField(label=_("颜色"), choices=RiskColour.choices)


BandFormSet = forms.formset_factory(BandForm, extra=1, can_delete=True)


class SupervisionRuleForm(ScopedModelForm):
    class Meta:
        model = SupervisionRule
        fields = ["colour", "sector", "inspections_per_year"]
