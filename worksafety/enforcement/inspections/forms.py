"""Forms of inspections and checklists. Forms only check input shapes; the services
(enforcement.inspections.services) check the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import PHOTO, MultipleFileField
from worksafety.core.forms import ScopedModelForm
from worksafety.enforcement.forms import DATE, department_only_for_superuser, rows
from worksafety.enforcement.inspections.choices import ItemResult
from worksafety.enforcement.inspections.models import ChecklistItem, ChecklistTemplate, Inspection
from worksafety.enforcement.inspectors.forms import InspectorChoices
from worksafety.enforcement.inspectors.models import Inspector


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
        department_only_for_superuser(self, self.user)
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
    summary = forms.CharField(label=_("检查情况"), required=False, max_length=5000, widget=rows(3))
    rectification_deadline = forms.DateField(label=_("责令整改期限"), required=False, widget=DATE,
                                             help_text=_("发现问题时必填，写入责令限期整改指令书"))


class EvidenceForm(forms.Form):
    attachments = MultipleFileField(label=_("照片、录音录像的说明、文书扫描件"))


class ChecklistTemplateForm(ScopedModelForm):
    class Meta:
        model = ChecklistTemplate
        fields = ["name", "sector", "description", "active"]
        widgets = {"description": rows(2)}


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["order", "text", "legal_basis", "is_major", "hazard_type"]
