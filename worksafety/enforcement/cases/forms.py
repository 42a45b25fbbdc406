"""Forms of penalty cases. Forms only check input shapes; the services (enforcement.cases.services) check
the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import ScopedModelForm
from worksafety.enforcement.cases.choices import MeasureKind, StatementKind
from worksafety.enforcement.cases.models import JudicialTransfer, PenaltyCase
from worksafety.enforcement.cases.services import EDITABLE_FIELDS
from worksafety.enforcement.forms import DATE, department_only_for_superuser, rows
from worksafety.enforcement.inspectors.forms import InspectorChoices
from worksafety.enforcement.inspectors.models import Inspector


class CaseFileForm(ScopedModelForm):
    investigators = InspectorChoices(label=_("承办人员"),
                                     queryset=Inspector.objects.filter(active=True).select_related("department"),
                                     help_text=_("本机关至少两名持有效执法证的执法人员，其中至少一人有平台账号"))

    class Meta:
        model = PenaltyCase
        fields = ["enterprise", "inspection", "source", "department", "cause", "filed_on", "party_kind", "party_name",
                  "party_id_number", "party_phone", "party_address", "facts", "violated_provisions",
                  "penalty_basis"]
        widgets = {"filed_on": DATE, "facts": rows(3), "violated_provisions": rows(2), "penalty_basis": rows(2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        department_only_for_superuser(self, self.user)
        self.initial.setdefault("filed_on", timezone.localdate())
        inspections = self.fields["inspection"].queryset.filter(status="completed").select_related("enterprise")
        preset = self.data.get("inspection") or self.initial.get("inspection")
        if preset and str(preset).isdigit():  # from the inspection's page; thousands otherwise
            self.fields["inspection"].queryset = inspections.filter(pk=preset)
        else:
            self.fields["inspection"].queryset = inspections
            self.fields["inspection"].widget = forms.HiddenInput()


class CaseEditForm(ScopedModelForm):
    class Meta:
        model = PenaltyCase
        fields = list(EDITABLE_FIELDS)
        widgets = {"facts": rows(4), "violated_provisions": rows(2), "penalty_basis": rows(2)}


class CaseStepForm(forms.Form):
    """What a step may bring: a comment; the proposal at 告知; the service date; the payment at 结案."""

    comment = forms.CharField(label=_("意见"), required=False, max_length=5000, widget=rows(2))
    fine_yuan = forms.DecimalField(label=_("罚款（元）"), required=False, min_value=0, max_digits=14, decimal_places=2)
    measures = forms.MultipleChoiceField(label=_("处罚种类及措施"), required=False, choices=MeasureKind.choices)
    measure_detail = forms.CharField(label=_("措施内容"), required=False, max_length=300)
    measure_start = forms.DateField(label=_("措施起始日期"), required=False, widget=DATE)
    measure_end = forms.DateField(label=_("措施截止日期"), required=False, widget=DATE)
    served_on = forms.DateField(label=_("送达日期"), required=False, widget=DATE)
    fine_paid_on = forms.DateField(label=_("罚款缴纳日期"), required=False, widget=DATE)
    fine_paid_yuan = forms.DecimalField(label=_("已缴罚款（元）"), required=False, min_value=0, max_digits=14,
                                        decimal_places=2)

    # The fields each need of case_workflow shows.
    FIELDS_FOR_NEED = {"proposal": ("fine_yuan", "measures", "measure_detail", "measure_start", "measure_end"),
                       "served": ("served_on",), "paid": ("fine_paid_on", "fine_paid_yuan")}

    def step_data(self) -> dict:
        data = self.cleaned_data
        measures = [{"kind": kind, "detail": data["measure_detail"], "start_on": data["measure_start"],
                     "end_on": data["measure_end"]} for kind in data["measures"]]
        return {"fine_yuan": data["fine_yuan"], "measures": measures, "served_on": data["served_on"],
                "fine_paid_on": data["fine_paid_on"], "fine_paid_yuan": data["fine_paid_yuan"]}


class StatementForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=StatementKind.choices)
    text = forms.CharField(label=_("内容"), required=False, max_length=5000, widget=rows(3))
    submitted_on = forms.DateField(label=_("提出日期"), required=False, widget=DATE,
                                   help_text=_("登记书面材料时填写当事人提出的日期"))


class HearingForm(forms.Form):
    held_on = forms.DateField(label=_("听证日期"), widget=DATE)
    record = forms.CharField(label=_("听证情况"), max_length=5000, widget=rows(3))


class TransferForm(forms.ModelForm):
    class Meta:
        model = JudicialTransfer
        fields = ["transferred_on", "receiving_organ", "suspected_offence", "reference", "outcome"]
        widgets = {"transferred_on": DATE, "outcome": rows(2)}
