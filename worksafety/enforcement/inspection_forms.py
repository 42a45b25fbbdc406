"""Forms of inspections, checklists, enforcement documents and penalty cases. Forms only check input shapes;
the services (enforcement.inspections, .penalties) check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import PHOTO, MultipleFileField
from worksafety.core.forms import ScopedModelForm
from worksafety.core.models import Area, Sector
from worksafety.enforcement.cases.choices import MeasureKind, StatementKind
from worksafety.enforcement.cases.models import JudicialTransfer, PenaltyCase
from worksafety.enforcement.cases.services import EDITABLE_FIELDS
from worksafety.enforcement.inspections.choices import ItemResult
from worksafety.enforcement.inspections.models import ChecklistItem, ChecklistTemplate, Inspection
from worksafety.enforcement.inspectors.models import Inspector

DATE = forms.DateInput(attrs={"type": "date"})


def _rows(n):
    return forms.Textarea(attrs={"rows": n})


class InspectorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, inspector):
        return _("%(name)s（%(unit)s，执法证 %(number)s，至 %(until)s）") % {
            "name": inspector.name, "unit": inspector.unit_name, "number": inspector.certificate_number,
            "until": inspector.valid_until}


def _department_only_for_superuser(form, user):
    # Everybody else inspects and handles cases as the organ their login belongs to (documents.issuer_for).
    if not user.is_superuser:
        del form.fields["department"]


class InspectionStartForm(ScopedModelForm):
    inspectors = InspectorChoices(label=_("执法人员"),
                                  queryset=Inspector.objects.filter(active=True).select_related("department"),
                                  help_text=_("至少两名，执法证在检查日期有效"))
    attachments = MultipleFileField(label=_("现场照片和材料"), required=False)

    class Meta:
        model = Inspection
        fields = ["enterprise", "kind", "inspected_on", "template", "department", "joint_departments", "pick",
                  "plan_target", "follow_up_of", "agency", "location"]
        widgets = {"inspected_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _department_only_for_superuser(self, self.user)
        self.fields["template"].queryset = self.fields["template"].queryset.filter(active=True)
        self.fields["follow_up_of"].queryset = self.fields["follow_up_of"].queryset.filter(status="completed")
        self.initial.setdefault("inspected_on", timezone.localdate())
        # A 双随机 pick, a plan target or the original of a 复查 come from their page's link (?pick=…): the
        # choice shows only that one, and is hidden otherwise (there are thousands).
        for name in ("pick", "plan_target", "follow_up_of"):
            preset = self.data.get(name) or self.initial.get(name)
            if preset and str(preset).isdigit():
                self.fields[name].queryset = self.fields[name].queryset.filter(pk=preset)
            else:
                self.fields[name].widget = forms.HiddenInput()


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("结果"), choices=[c for c in ItemResult.choices if c[0] != ItemResult.PENDING])
    note = forms.CharField(label=_("情况说明"), required=False, max_length=2000)
    photos = MultipleFileField(label=_("照片"), required=False, kinds=[PHOTO])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On a phone the camera opens straight away (HTML Media Capture).
        self.fields["photos"].widget.attrs.update(accept="image/*", capture="environment")


class FindingForm(forms.Form):
    text = forms.CharField(label=_("发现的问题"), max_length=300)
    legal_basis = forms.CharField(label=_("依据（重大隐患填判定标准条款）"), required=False, max_length=300)
    is_major = forms.BooleanField(label=_("重大事故隐患"), required=False)
    note = forms.CharField(label=_("情况说明"), required=False, max_length=2000)
    photos = MultipleFileField(label=_("照片"), required=False, kinds=[PHOTO])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].widget.attrs.update(accept="image/*", capture="environment")


class CompleteForm(forms.Form):
    summary = forms.CharField(label=_("检查情况"), required=False, max_length=5000, widget=_rows(3))
    rectification_deadline = forms.DateField(label=_("责令整改期限"), required=False, widget=DATE,
                                             help_text=_("发现问题时必填，写入责令限期整改指令书"))


class EvidenceForm(forms.Form):
    attachments = MultipleFileField(label=_("照片、录音录像的说明、文书扫描件"))


class ChecklistTemplateForm(ScopedModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "sector", "description", "active"]
        widgets = {"description": _rows(2)}


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["order", "text", "legal_basis", "is_major", "hazard_type"]


# --- penalty cases -----------------------------------------------------------------------------------------


class CaseFileForm(ScopedModelForm):
    investigators = InspectorChoices(label=_("承办人员"),
                                     queryset=Inspector.objects.filter(active=True).select_related("department"),
                                     help_text=_("本机关至少两名持有效执法证的执法人员，其中至少一人有平台账号"))

    class Meta:
        model = PenaltyCase
        fields = ["enterprise", "inspection", "source", "department", "cause", "filed_on", "party_kind", "party_name",
                  "party_id_number", "party_phone", "party_address", "facts", "violated_provisions",
                  "penalty_basis"]
        widgets = {"filed_on": DATE, "facts": _rows(3), "violated_provisions": _rows(2), "penalty_basis": _rows(2)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _department_only_for_superuser(self, self.user)
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
        widgets = {"facts": _rows(4), "violated_provisions": _rows(2), "penalty_basis": _rows(2)}


class CaseStepForm(forms.Form):
    """What a step may bring: a comment; the proposal at 告知; the service date; the payment at 结案."""

    comment = forms.CharField(label=_("意见"), required=False, max_length=5000, widget=_rows(2))
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
    text = forms.CharField(label=_("内容"), required=False, max_length=5000, widget=_rows(3))
    submitted_on = forms.DateField(label=_("提出日期"), required=False, widget=DATE,
                                   help_text=_("登记书面材料时填写当事人提出的日期"))


class HearingForm(forms.Form):
    held_on = forms.DateField(label=_("听证日期"), widget=DATE)
    record = forms.CharField(label=_("听证情况"), max_length=5000, widget=_rows(3))


class TransferForm(forms.ModelForm):
    class Meta:
        model = JudicialTransfer
        fields = ["transferred_on", "receiving_organ", "suspected_offence", "reference", "outcome"]
        widgets = {"transferred_on": DATE, "outcome": _rows(2)}


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    sector = forms.ModelChoiceField(label=_("行业领域"), required=False, queryset=Sector.objects.all(),
                                    to_field_name="code")
    area = forms.ModelChoiceField(label=_("街道/功能区"), required=False, to_field_name="code",
                                  queryset=Area.objects.exclude(level="community").exclude(parent=None))

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(timezone.localdate().year))
        super().__init__(data, **kwargs)
