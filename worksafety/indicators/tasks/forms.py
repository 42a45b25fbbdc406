"""Forms of the plan's tasks: the district's edit pages, a department's 报送, a milestone's completion and the
报送情况 filter."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import ScopedModelForm
from worksafety.core.models import Department
from worksafety.indicators.tasks import services
from worksafety.indicators.tasks.models import Milestone, PlanTask, ProgressStatus
from worksafety.indicators.widgets import DATE_WIDGET


class PlanTaskForm(ScopedModelForm):
    class Meta:
        model = PlanTask
        fields = ["code", "kind", "chapter", "title", "content", "lead_department", "cooperating_departments", "order"]
        widgets = {"content": forms.Textarea(attrs={"rows": 6}),
                   "cooperating_departments": forms.CheckboxSelectMultiple}

    def clean(self):
        data = super().clean()
        lead, cooperating = data.get("lead_department"), data.get("cooperating_departments") or []
        if lead and lead in cooperating:
            self.add_error("cooperating_departments", _("牵头部门不必再列为配合部门。"))
        return data


class MilestoneForm(ScopedModelForm):
    class Meta:
        model = Milestone
        fields = ["task", "due_on", "description"]
        widgets = {"due_on": DATE_WIDGET}


class ProgressForm(forms.Form):
    """报送本季度进展: the quarter's figures; `do_file_progress` checks the rules."""

    quarter_of = forms.ChoiceField(label=_("报告季度"))
    status = forms.ChoiceField(label=_("推进状态"), choices=ProgressStatus.choices)
    percent = forms.IntegerField(label=_("累计完成（%）"), min_value=0, max_value=100)
    work_done = forms.CharField(label=_("本季度工作进展"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    problems = forms.CharField(label=_("存在问题"), max_length=5000, required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    next_steps = forms.CharField(label=_("下一步打算"), max_length=5000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        quarters = [yq for yq in services.plan_quarters() if services.quarter_start(*yq) <= today]
        self.fields["quarter_of"].choices = [(f"{y}-{q}", _("%(year)s年第%(quarter)s季度") % {"year": y, "quarter": q})
                                             for y, q in reversed(quarters)]

    def quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["quarter_of"].split("-")
        return int(year), int(quarter)


class AchieveForm(forms.Form):
    achieved_on = forms.DateField(label=_("实际完成日期"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("完成情况说明"), max_length=300, required=False)


class ReportingFilterForm(forms.Form):
    """The 报送情况 page: one year of the plan, optionally one department."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=[
        (y, format_lazy(_("{year}年"), year=y))
        for y in range(services.PLAN_LAST_YEAR, services.PLAN_FIRST_YEAR - 1, -1)])
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.all(), required=False,
                                        empty_label=_("全部"))
