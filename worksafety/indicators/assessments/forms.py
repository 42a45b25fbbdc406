"""Forms of the 目标责任考核 pages; the services check the rules, the forms the shape of the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import AreaLevel
from worksafety.core.models import Area, Department
from worksafety.indicators.assessments.models import Assessment, AssessmentItem, VetoItem


class CreateForm(forms.Form):
    year = forms.IntegerField(label=_("考核年度"), min_value=2000)
    title = forms.CharField(label=_("名称"), max_length=100, required=False, help_text=_("不填则为“某年度安全生产目标责任考核”"))
    copy_from = forms.ModelChoiceField(label=_("沿用考核方案"), queryset=Assessment.objects.none(), required=False,
                                       empty_label=_("默认方案"))

    def __init__(self, *args, assessments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = assessments
        self.fields["year"].initial = timezone.localdate().year


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["title", "excellent_from", "good_from", "pass_from", "notes"]


class ItemForm(forms.ModelForm):
    class Meta:
        model = AssessmentItem
        fields = ["order", "name", "weight", "evidence", "applies_to", "deduction", "criteria"]
        widgets = {"criteria": forms.Textarea(attrs={"rows": 3})}


class VetoForm(forms.ModelForm):
    class Meta:
        model = VetoItem
        fields = ["order", "name", "rule"]


class AddUnitForm(forms.Form):
    """One department or street/功能区 not yet assessed, as "department:<pk>" or "area:<pk>"."""

    unit = forms.ChoiceField(label=_("增加被考核单位"))

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        units = assessment.units.all()
        departments = Department.objects.exclude(pk__in=units.exclude(department=None).values("department")).order_by("code")
        areas = Area.objects.filter(level__in=[AreaLevel.STREET, AreaLevel.ZONE]).exclude(
            pk__in=units.exclude(area=None).values("area"))
        self.fields["unit"].choices = [
            (_("部门"), [(f"department:{d.pk}", d.name) for d in departments]),
            (_("街道/功能区"), [(f"area:{a.pk}", a.name) for a in areas]),
        ]

    def owner(self) -> dict:
        kind, pk = self.cleaned_data["unit"].split(":")
        model = Department if kind == "department" else Area
        return {kind: model.objects.get(pk=pk)}


class ScoreForm(forms.Form):
    points = forms.DecimalField(label=_("得分"), max_digits=5, decimal_places=1, min_value=0)
    evidence = forms.CharField(label=_("评分依据"), widget=forms.Textarea(attrs={"rows": 2}))


class VetoFindingForm(forms.Form):
    evidence = forms.CharField(label=_("认定依据"), widget=forms.Textarea(attrs={"rows": 2}))
