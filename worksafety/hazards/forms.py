import json
from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import MultipleFileField
from worksafety.core.forms import ScopedModelForm
from worksafety.core.models import Department
from worksafety.hazards.choices import HazardLevel, HazardType
from worksafety.hazards.models import Hazard

MAJOR_CRITERIA = json.loads((Path(__file__).parent / "data" / "major_criteria.json").read_text(encoding="utf-8"))


class HazardForm(ScopedModelForm):
    class Meta:
        model = Hazard
        fields = ["enterprise", "hazard_unit", "risk_event", "source", "source_reference", "level", "major_criterion",
                  "hazard_type", "checklist_item", "title", "description", "found_on"]
        widgets = {"found_on": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 3})}

    attachments = MultipleFileField(label=_("照片和材料"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["major_criterion"].widget = forms.Select(choices=criterion_choices())
        self.fields["major_criterion"].help_text = _("重大隐患按行业判定标准选择；化工和危险化学品为安监总管三〔2017〕121号 20 项。")
        # The enterprise comes from its page's link; its units and risk events are the only sensible choices.
        self.fields["enterprise"].widget = forms.HiddenInput()
        enterprise = str(self.data.get("enterprise") or self.initial.get("enterprise") or self.instance.enterprise_id or "")
        if enterprise.isdigit():
            self.fields["hazard_unit"].queryset = self.fields["hazard_unit"].queryset.filter(enterprise_id=enterprise)
            self.fields["risk_event"].queryset = self.fields["risk_event"].queryset.filter(
                risk_unit__risk_object__enterprise_id=enterprise)


def criterion_choices():
    return [("", "—")] + [(c, c) for items in MAJOR_CRITERIA["sectors"].values() for c in items]


class CheckResultForm(forms.Form):
    """One check of a self-inspection task: passed, or the hazard it found."""

    result = forms.ChoiceField(label=_("排查结果"), choices=[("passed", _("正常")), ("hazard", _("发现隐患"))],
                               widget=forms.RadioSelect, initial="passed")
    note = forms.CharField(label=_("排查情况"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    title = forms.CharField(label=_("隐患名称"), required=False, max_length=200)
    level = forms.ChoiceField(label=_("隐患等级"), choices=HazardLevel.choices, initial=HazardLevel.GENERAL)
    major_criterion = forms.ChoiceField(label=_("重大隐患判定依据"), required=False, choices=criterion_choices)
    hazard_type = forms.ChoiceField(label=_("隐患类别"), choices=HazardType.choices, initial=HazardType.SAFETY)
    description = forms.CharField(label=_("隐患描述"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    attachments = MultipleFileField(label=_("照片和材料"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("result") == "hazard":
            for name in ("title", "description"):
                if not data.get(name):
                    self.add_error(name, _("发现隐患时须填写隐患名称和描述。"))
        return data


class TransitionForm(forms.Form):
    """What a step may bring: a comment, the 五到位 plan (开始整改) or the listing (挂牌督办)."""

    comment = forms.CharField(label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=_("整改措施"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    responsible_person = forms.CharField(label=_("整改责任人"), required=False, max_length=50)
    funds_yuan = forms.DecimalField(label=_("整改资金（元）"), required=False, min_value=0, max_digits=14,
                                    decimal_places=2)
    deadline = forms.DateField(label=_("整改期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    contingency = forms.CharField(label=_("应急预案/临时措施"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    supervising_department = forms.ModelChoiceField(label=_("督办部门"), required=False,
                                                    queryset=Department.objects.all())
    supervision_deadline = forms.DateField(label=_("督办期限"), required=False,
                                           widget=forms.DateInput(attrs={"type": "date"}))
    attachments = MultipleFileField(label=_("照片和材料"), required=False)


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label=_("申请延至"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("延期理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class QuarterForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.ChoiceField(label=_("季度"), choices=[(q, _("第%(q)s季度") % {"q": q}) for q in "1234"])
