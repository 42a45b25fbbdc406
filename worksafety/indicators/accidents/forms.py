from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import DateTimeField, ScopedModelForm
from worksafety.emergency.widgets import DATETIME_WIDGET
from worksafety.indicators.accidents.choices import MeasureKind, RevisionKind
from worksafety.indicators.accidents.models import FIGURES, Accident
from worksafety.indicators.widgets import DATE_WIDGET
from worksafety.standards import accidents


class AccidentForm(ScopedModelForm):
    """录入 and editing. Once recorded, the figures change only by 续报 or correction (shown, not editable), and the
    incident an accident came from stays its source."""

    class Meta:
        model = Accident
        fields = ["title", "occurred_at", "accident_type", "road_traffic", "place", "area", "park", "enterprise",
                  "sector", "description", *FIGURES, "misreporting", "misreporting_note", "incident"]
        widgets = {"occurred_at": DATETIME_WIDGET, "description": forms.Textarea(attrs={"rows": 3}),
                   "incident": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["incident"]
            for name in FIGURES:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("请在事故页面以“续报/更正”变更")


class FiguresForm(forms.Form):
    """续报 or correction: every figure as it now stands (0 where none)."""

    kind = forms.ChoiceField(label=_("类型"), choices=RevisionKind.choices, initial=RevisionKind.SUPPLEMENT,
                             help_text=_("续报：伤亡人数发生变化（续报期内）；更正：录入错误或经核查认定的数字"))
    deaths = forms.IntegerField(label=_("死亡（人）"), min_value=0)
    missing = forms.IntegerField(label=_("失踪（人）"), min_value=0)
    serious_injuries = forms.IntegerField(label=_("重伤（人）"), min_value=0)
    minor_injuries = forms.IntegerField(label=_("轻伤（人）"), min_value=0)
    direct_loss_yuan = forms.DecimalField(label=_("直接经济损失（元）"), min_value=0, max_digits=14, decimal_places=2,
                                          help_text=_("单位：元"))
    note = forms.CharField(label=_("说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    authority = forms.ChoiceField(label=_("报告对象"), choices=[(a.code, a.name) for a in accidents.CHAIN])
    at = DateTimeField(label=_("报告时间"), widget=DATETIME_WIDGET)


class InvestigationForm(forms.Form):
    report_date = forms.DateField(label=_("报告日期"), widget=DATE_WIDGET)
    cause = forms.CharField(label=_("事故原因"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    responsibility = forms.CharField(label=_("责任认定"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    hazards = forms.CharField(label=_("登记为隐患的措施（每行一条）"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    tasks = forms.CharField(label=_("整改任务（每行一条）"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def measures(self) -> list[tuple[str, str]]:
        lines = [(MeasureKind.HAZARD, line) for line in self.cleaned_data["hazards"].splitlines()]
        lines += [(MeasureKind.TASK, line) for line in self.cleaned_data["tasks"].splitlines()]
        return [(kind, line.strip()) for kind, line in lines if line.strip()]
