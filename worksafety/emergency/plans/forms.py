"""Forms of the plan pages: the plan with its steps and 应急处置卡 (inline formsets) and the plans it links up
to, the forms of its actions (发布, 备案, 废止, 新版本, 评估), and a drill record. `emergency.plans.services` checks
all of it again."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import DOCUMENT, PHOTO, MultipleFileField
from worksafety.core.forms import ScopedModelForm
from worksafety.core.scoping import VIEW
from worksafety.emergency.plans import services
from worksafety.emergency.plans.choices import (
    EVENT_TYPE_CHOICES,
    IN_FORCE,
    KINDS_BY_OWNER,
    OwnerLevel,
    PlanStatus,
    ResponseLevel,
)
from worksafety.emergency.plans.models import DisposalCard, Drill, EmergencyPlan, PlanResponseStep, PlanReview

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CONTENT_FIELDS = ["title", "code", "version", "kind", "scope_text", "event_types", "response_levels", "chemicals",
                  "sectors"]


def owner_level_of(user) -> str | None:
    """The owner a login writes plans for; None for the superuser, who names it."""
    if user.is_superuser:
        return None
    return {"enterprise": OwnerLevel.ENTERPRISE, "department": OwnerLevel.DEPARTMENT}.get(user.role,
                                                                                         OwnerLevel.DISTRICT)


class PlanForm(ScopedModelForm):
    """A draft's content, or, for a plan in force, only the plans it links up to and new documents (its
    content changes by a new version)."""

    event_types = forms.MultipleChoiceField(label=_("适用事件类型"), choices=EVENT_TYPE_CHOICES, required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 8}),
                                            help_text=_("可多选；不选则适用于编制单位的各类事件"))
    response_levels = forms.TypedMultipleChoiceField(label=_("响应分级"), choices=ResponseLevel.choices, coerce=int,
                                                     widget=forms.CheckboxSelectMultiple)
    links = forms.ModelMultipleChoiceField(label=_("衔接的上级预案"), required=False,
                                           queryset=EmergencyPlan.objects.none(),
                                           widget=forms.SelectMultiple(attrs={"size": 6}),
                                           help_text=_("本预案向上衔接的预案：本单位的上级预案，或区级、部门预案（政企衔接）"))
    documents = MultipleFileField(label=_("预案文本和附件"), required=False, kinds=[DOCUMENT])

    class Meta:
        model = EmergencyPlan
        fields = [*CONTENT_FIELDS, "enterprise", "department"]
        widgets = {"scope_text": forms.Textarea(attrs={"rows": 3}), "sectors": forms.CheckboxSelectMultiple,
                   "chemicals": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan, user = self.instance, self.user
        if plan._state.adding and not user.is_superuser:
            services.assign_owner(plan, user)  # so the form checks the kind against the owner the plan will have
        owner = plan.owner_level if plan.pk else owner_level_of(user)
        if owner is not None:
            self.fields["kind"].choices = [(kind.value, kind.label) for kind in KINDS_BY_OWNER[owner]]
        if not user.is_superuser or plan.pk:
            del self.fields["enterprise"], self.fields["department"]
        else:
            self.fields["enterprise"].widget = forms.HiddenInput()  # from the enterprise's page link
            self.fields["enterprise"].help_text = _("企业、部门都不选为区级预案")
        if plan.pk and plan.status != PlanStatus.DRAFT:
            for name in CONTENT_FIELDS:
                del self.fields[name]
        self.fields["links"].queryset = self._upper_candidates()
        if plan.pk:
            self.initial["links"] = list(plan.links_out.values_list("to_plan_id", flat=True))

    def _upper_candidates(self):
        """Plans in force this one may link up to: the government's, and its own enterprise's."""
        plan = self.instance
        candidates = EmergencyPlan.objects.restrict(self.user, VIEW).filter(status__in=IN_FORCE) \
            .select_related("enterprise", "department", "area")
        enterprise_id = plan.enterprise_id if plan.pk else getattr(self.user, "enterprise_id", None)
        if enterprise_id:
            candidates = candidates.filter(enterprise__isnull=True) | candidates.filter(enterprise_id=enterprise_id)
        else:
            candidates = candidates.filter(enterprise__isnull=True)
        if plan.pk:  # neither itself nor the version it replaces is its upper plan
            candidates = candidates.exclude(pk__in=[plan.pk, plan.replaces_id])
        # Links the plan already has stay selectable even when their upper plan has since been retired.
        kept = EmergencyPlan.objects.restrict(self.user, VIEW).filter(links_in__from_plan=plan) if plan.pk \
            else EmergencyPlan.objects.none()
        return (candidates | kept).distinct().order_by("title", "id")

    def clean_event_types(self):
        return list(self.cleaned_data["event_types"])


class StepForm(forms.ModelForm):
    class Meta:
        model = PlanResponseStep
        fields = ["response_level", "order", "action", "responsible", "time_limit"]
        widgets = {"action": forms.Textarea(attrs={"rows": 2})}


class CardForm(forms.ModelForm):
    class Meta:
        model = DisposalCard
        fields = ["order", "post", "scenario", "steps", "contacts", "ppe"]
        widgets = {"steps": forms.Textarea(attrs={"rows": 4}), "contacts": forms.Textarea(attrs={"rows": 3})}


StepFormSet = inlineformset_factory(EmergencyPlan, PlanResponseStep, form=StepForm, extra=2, can_delete=True)
CardFormSet = inlineformset_factory(EmergencyPlan, DisposalCard, form=CardForm, extra=1, can_delete=True)


# --- actions on a plan ----------------------------------------------------------------------------------------

class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("发布日期"), widget=DATE_WIDGET,
                                   help_text=_("主要负责人签署并向从业人员公布之日（管理办法）"))


class FilingForm(forms.Form):
    filing_number = forms.CharField(label=_("备案编号"), max_length=60)
    filing_authority = forms.CharField(label=_("备案机关"), max_length=100)
    filed_on = forms.DateField(label=_("备案日期"), widget=DATE_WIDGET)


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("废止原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class NewVersionForm(forms.Form):
    version = forms.CharField(label=_("新版本号"), max_length=20, help_text=_("如 2025 版、V3.0"))


class ReviewForm(forms.ModelForm):
    attachments = MultipleFileField(label=_("评估报告"), required=False, kinds=[DOCUMENT])

    class Meta:
        model = PlanReview
        fields = ["reviewed_on", "conclusion", "summary"]
        widgets = {"reviewed_on": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 3})}


class DrillForm(ScopedModelForm):
    attachments = MultipleFileField(label=_("照片和演练记录"), required=False, kinds=[PHOTO, DOCUMENT])

    class Meta:
        model = Drill
        fields = ["held_on", "kind", "scenario", "organiser", "participants", "participant_units",
                  "duration_minutes", "rating", "findings", "improvements"]
        widgets = {"held_on": DATE_WIDGET, "scenario": forms.Textarea(attrs={"rows": 2}),
                   "findings": forms.Textarea(attrs={"rows": 3}), "improvements": forms.Textarea(attrs={"rows": 3})}
