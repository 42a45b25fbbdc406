"""Forms of the annual plan and its targets."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import ScopedModelForm
from worksafety.enforcement.plans.models import AnnualPlan, PlanTarget


class AnnualPlanForm(ScopedModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", "random_share_percent", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True  # a plan is for its year; another year is another plan
        elif not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)


class PlanTargetForm(ScopedModelForm):
    class Meta:
        model = PlanTarget
        fields = ["key_inspections", "responsible_department", "responsible_area"]
        help_texts = {"responsible_area": _("无行业主管部门时由属地街道/功能区负责；两项只填一项")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_area"].queryset = self.fields["responsible_area"].queryset.filter(
            level__in=("street", "zone"))
