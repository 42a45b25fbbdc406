"""Pages of emergency plans and drills: the plan list (filters, xlsx export), a plan's page with its steps by
response level, 应急处置卡, links, versions, filing, evaluations and drills, and the forms of its actions; the
plan form with its steps and cards inline; the drill list, page and form; the printable 应急处置卡 (HTML and
PDF). Writes go through `emergency.plans.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import attachments_for
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView, add_errors
from worksafety.core.pdf import PdfDocument, pdf_response
from worksafety.core.scoping import VIEW, get_scoped_or_404, may
from worksafety.core.workflow import transition
from worksafety.emergency.plans import forms, rules, services, tables
from worksafety.emergency.plans.choices import IN_FORCE, PlanKind, PlanStatus, ResponseLevel
from worksafety.emergency.plans.filtersets import DrillFilterSet, PlanFilterSet
from worksafety.emergency.plans.models import Drill, EmergencyPlan, PlanReview
from worksafety.emergency.plans.workflow import PLANS, lineage

PLAN_RELATED = ("enterprise", "department", "area", "replaces", "created_by")


class PlanListView(ObjectListView):
    queryset = tables.plan_rows()
    filterset = PlanFilterSet
    table = tables.PlanTable
    add_url = "emergencyplan_add"
    extra_actions = (("drill_list", _("演练记录"), "bi-clipboard-check", VIEW),)


# --- a plan's page and its actions -----------------------------------------------------------------------------

def _step(name):
    """Take step `name` with what its form brought."""
    def take(plan, form, user):
        return transition(plan, name, user, **form.cleaned_data)
    return take


def _new_version(plan, form, user):
    return services.do_new_version(plan, user=user, **form.cleaned_data)


def _review(plan, form, user):
    return transition(plan, "review", user, review=form.save(commit=False), files=form.cleaned_data["attachments"])


# The forms of the steps taken on the plan's page, and what each does; a drill has a page of its own.
ACTION_FORMS = {
    "publish": (forms.PublishForm, _step("publish")),
    "file": (forms.FilingForm, _step("file")),
    "retire": (forms.RetireForm, _step("retire")),
    "new_version": (forms.NewVersionForm, _new_version),
    "review": (forms.ReviewForm, _review),
}


class PlanDetailView(ObjectDetailView):
    """GET shows the plan; POST with `action` takes one of its actions through the services."""

    queryset = EmergencyPlan.objects.select_related(*PLAN_RELATED)
    template_name = "emergency/plans/detail.html"

    def post(self, request, pk):
        plan = self.get_object(pk)
        name = request.POST.get("action")
        step = next((t for t in PLANS.available(plan, request.user) if t.action == name), None)
        if name not in ACTION_FORMS or step is None:
            raise Http404
        form = self.action_form(plan, name, request.POST, request.FILES)
        if form.is_valid():
            try:
                result = ACTION_FORMS[name][1](plan, form, request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, gettext("已办理：%(action)s") % {"action": step.label})
                if name == "new_version":
                    return redirect("emergencyplan_edit", pk=result.pk)
                return redirect("emergencyplan_detail", pk=plan.pk)
        return render(request, self.template_name, self.get_context(plan, bound=form), status=400)

    def action_form(self, plan, name, data=None, files=None):
        form_class = ACTION_FORMS[name][0]
        kwargs = {"instance": PlanReview(plan=plan)} if form_class is forms.ReviewForm else {}
        return bootstrapify(form_class(data, files, prefix=name, **kwargs))

    def get_context(self, obj, bound=None):
        """The page; `bound` is an action form that failed, shown open with its errors."""
        context = super().get_context(obj)
        user, today = self.request.user, timezone.localdate()
        visible = EmergencyPlan.objects.restrict(user, VIEW)
        actions = PLANS.available(obj, user)
        action_forms = [(t, bound if bound is not None and bound.prefix == t.action else self.action_form(obj, t.action))
                        for t in actions if t.action in ACTION_FORMS]
        drills = list(obj.drills.all())
        drill_due = obj.drill_due(max((d.held_on for d in drills), default=None))
        steps = list(obj.steps.all())
        context.update({
            "actions": action_forms,
            "open_action": bound.prefix if bound is not None else "",
            "may_drill": any(t.action == "drill" for t in actions),
            "may_edit": context["can_change"] and obj.status in (PlanStatus.DRAFT, *IN_FORCE),
            "steps_by_level": [(ResponseLevel(level).label, [s for s in steps if s.response_level == level])
                               for level in sorted(obj.response_levels)],
            "cards": obj.cards.all(),
            "links_up": obj.links_out.filter(to_plan__in=visible).select_related("to_plan__enterprise",
                                                                                 "to_plan__department"),
            "links_down": obj.links_in.filter(from_plan__in=visible).select_related("from_plan__enterprise",
                                                                                    "from_plan__department"),
            "versions": [p for p in lineage(obj) if may(user, p, VIEW)],
            "drills": drills,
            "drill_due": drill_due,
            "drill_overdue": drill_due is not None and drill_due < today,
            "review_overdue": obj.in_force and obj.next_review_due is not None and obj.next_review_due < today,
            "reviews": obj.reviews.select_related("recorded_by"),
            "filing_due": rules.filing_due(obj.published_on) if obj.enterprise_id and obj.published_on else None,
            "files": attachments_for(obj),
            "chemicals": obj.chemicals.all(),
            "sectors": obj.sectors.all(),
        })
        return context


class PlanEditView(ObjectEditView):
    """A draft with its steps and (现场处置方案) cards, or, for a plan in force, its cards, links and documents;
    a new draft's owner is the login's unit."""

    queryset = EmergencyPlan.objects.all()
    form_class = forms.PlanForm
    template_name = "emergency/plans/edit.html"
    preset_fields = ("enterprise",)

    def get_instance(self, pk):
        instance = super().get_instance(pk)
        if pk is not None and instance.status not in (PlanStatus.DRAFT, *IN_FORCE):
            raise Http404
        return instance

    def formsets(self, plan, data=None):
        """The inline parts this page edits: steps while the plan is a draft; 应急处置卡 on a 现场处置方案, or on
        an enterprise's draft, whose kind may still become one."""
        parts = {}
        draft = plan._state.adding or plan.status == PlanStatus.DRAFT
        if draft:
            parts["steps"] = forms.StepFormSet(data, instance=plan, prefix="steps")
        if plan.kind == PlanKind.ONSITE or (draft and (plan.enterprise_id or self.request.user.is_superuser)):
            parts["cards"] = forms.CardFormSet(data, instance=plan, prefix="cards")
        for formset in parts.values():
            for form in formset.forms:
                bootstrapify(form)
        return parts

    def get(self, request, pk=None):
        instance = self.get_instance(pk)
        return self.render_form(self.make_form(instance), instance, self.formsets(instance))

    def post(self, request, pk=None):
        instance = self.get_instance(pk)
        form = self.make_form(instance, request.POST, request.FILES)
        parts = self.formsets(instance, request.POST)
        if form.is_valid() and all(formset.is_valid() for formset in parts.values()):
            plan = form.save(commit=False)
            data = form.cleaned_data
            m2m = {name: data[name] for name in ("chemicals", "sectors") if name in data}
            try:
                services.do_save_plan(plan, user=request.user, m2m=m2m, links=list(data["links"]),
                                      files=data["documents"], **{name: _wanted(fs) for name, fs in parts.items()})
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, gettext("已保存：%(object)s") % {"object": plan})
                return redirect("emergencyplan_detail", pk=plan.pk)
        return self.render_form(form, instance, parts)

    def render_form(self, form, instance, parts=None):
        parts = parts or {}
        return render(self.request, self.template_name, {
            "form": form, "object": instance, "title": _title(instance), "steps": parts.get("steps"),
            "cards": parts.get("cards")})


def _title(plan) -> str:
    if plan._state.adding:
        return gettext("新增应急预案")
    return gettext("编辑应急预案：%(plan)s") % {"plan": plan}


def _wanted(formset) -> list:
    """The rows a formset keeps: every filled-in form not marked for deletion, changed or not."""
    return [form.instance for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


# --- drills ------------------------------------------------------------------------------------------------------

class DrillListView(ObjectListView):
    queryset = tables.drill_rows()
    filterset = DrillFilterSet
    table = tables.DrillTable


class DrillDetailView(ObjectDetailView):
    queryset = tables.drill_rows()
    template_name = "emergency/plans/drill_detail.html"
    fields = ("held_on", "kind", "scenario", "organiser", "participants", "participant_units", "duration_minutes",
              "rating", "findings", "improvements", "recorded_by", "created")

    def get_context(self, obj):
        context = super().get_context(obj)
        context.update(files=attachments_for(obj), may_edit=context["can_change"] and obj.plan.in_force)
        return context


class DrillEditView(ObjectEditView):
    """Record a drill of a plan in force (from the plan's page), or correct one."""

    queryset = Drill.objects.select_related("plan")
    form_class = forms.DrillForm

    def get(self, request, pk=None, plan_pk=None):
        return super().get(request, pk)

    def post(self, request, pk=None, plan_pk=None):
        return super().post(request, pk)

    def get_instance(self, pk):
        if pk is not None:
            return self.get_object(pk)
        plan = get_scoped_or_404(EmergencyPlan, self.request.user, pk=self.kwargs["plan_pk"])
        if not any(t.action == "drill" for t in PLANS.available(plan, self.request.user)):
            raise Http404
        return Drill(plan=plan)

    def save(self, obj, m2m):
        services.do_record_drill(obj, user=self.request.user, files=self.cleaned_data["attachments"])

    def success_url(self, obj):
        return reverse("emergencyplan_detail", args=[obj.plan_id]) + "#drills"

    def render_form(self, form, instance):
        title = gettext("记录演练：%(plan)s") if instance._state.adding else gettext("修改演练记录：%(plan)s")
        return render(self.request, self.template_name, {"form": form, "object": instance,
                                                         "title": title % {"plan": instance.plan}})


# --- 应急处置卡 to print ----------------------------------------------------------------------------------------

def _cards_of(request, pk):
    plan = get_scoped_or_404(EmergencyPlan.objects.select_related(*PLAN_RELATED), request.user, pk=pk)
    cards = plan.cards.all()
    if request.GET.get("card", "").isdigit():
        cards = cards.filter(pk=int(request.GET["card"]))
    if not cards:
        raise Http404
    return plan, cards


@login_required
def plan_cards(request, pk):
    """The plan's 应急处置卡 as a page to print, one card per sheet (?card=id for one)."""
    plan, cards = _cards_of(request, pk)
    return render(request, "emergency/plans/cards_print.html", {
        "title": gettext("应急处置卡"), "plan": plan, "cards": cards})


@login_required
def plan_cards_pdf(request, pk):
    plan, cards = _cards_of(request, pk)
    document = PdfDocument(gettext("应急处置卡"), subtitle=f"{plan.owner_name} · {plan}")
    for card in cards:
        document.heading(f"{card.post}：{card.scenario}")
        document.key_values([(gettext("岗位"), card.post), (gettext("风险/事故情景"), card.scenario),
                             (gettext("处置程序和措施"), card.steps), (gettext("联络人员和联系方式"), card.contacts),
                             (gettext("个体防护和应急装备"), card.ppe or "—")])
    return pdf_response(document.render(), gettext("应急处置卡-%(plan)s.pdf") % {"plan": plan.title[:40]})
