from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import VIEW, can
from worksafety.core.services import OutOfScope
from worksafety.hazards import filtersets, forms, services, tables, workflow
from worksafety.hazards.choices import State
from worksafety.hazards.models import ExtensionRequest, Hazard


class HazardListView(ObjectListView):
    queryset = Hazard.objects.select_related("enterprise", "supervising_department")
    filterset = filtersets.HazardFilterSet
    table = tables.HazardTable
    add_url = "hazard_add"


class HazardDetailView(ObjectDetailView):
    queryset = Hazard.objects.select_related("enterprise", "hazard_unit", "risk_event", "supervising_department",
                                             "found_by")
    template_name = "hazards/hazard_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user, can_change = self.request.user, context["can_change"]
        context["events"] = obj.events.select_related("actor")
        steps = workflow.available(obj, user) if can_change else []
        context["steps"] = [(step, self.step_fields(step)) for step in steps]
        context["extensions"] = obj.extensions.select_related("requested_by", "decided_by")
        context["extension_form"] = (bootstrapify(forms.ExtensionForm())
                                     if can_change and obj.state == State.RECTIFYING else None)
        context["may_decide_extension"] = can_change and workflow.may_decide_extension(user, obj)
        return context

    @staticmethod
    def step_fields(step):
        """The fields a step's form shows: what it must bring, then a comment. Each step's form has its own
        element ids; all post the same field names."""
        form = bootstrapify(forms.TransitionForm(auto_id=f"{step.action}-%s"))
        names = [name for need in step.needs for name in services.STEP_FIELDS.get(need, ())] + ["comment"]
        return [form[name] for name in names]


class HazardRegisterView(ObjectEditView):
    """Registering a hazard; later changes go through the closed loop's steps, not through this form."""

    queryset = Hazard.objects.all()
    form_class = forms.HazardForm
    preset_fields = ("enterprise", "source", "source_reference", "hazard_unit", "risk_event")

    def get_instance(self, pk):
        if pk is not None:
            raise Http404
        return super().get_instance(pk)

    def save(self, obj, m2m):
        services.do_register_hazard(obj, user=self.request.user)


@login_required
@require_POST
def hazard_transition(request, pk, action):
    hazard = get_object_or_404(Hazard.objects.restrict(request.user, VIEW), pk=pk)
    form = forms.TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("hazard_detail", pk=hazard.pk)
    data = {k: v for k, v in form.cleaned_data.items() if k != "comment"}
    try:
        services.do_transition(hazard, action, user=request.user, comment=form.cleaned_data["comment"], data=data)
    except OutOfScope as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, gettext("已办理：%(state)s") % {"state": hazard.get_state_display()})
    return redirect("hazard_detail", pk=hazard.pk)


@login_required
def hazard_statistics(request):
    """隐患统计分析: the figures of the hazards the user may see, filtered like the hazard list."""
    if not can(request.user, Hazard, VIEW):
        raise Http404
    filterset = filtersets.HazardFilterSet(request.GET or None, queryset=Hazard.objects.restrict(request.user, VIEW),
                                           request=request)
    hazards = filterset.qs if not filterset.is_bound or filterset.is_valid() else Hazard.objects.none()
    return render(request, "hazards/statistics.html", {
        "title": gettext("隐患统计分析"), "filter_form": bootstrapify(filterset.form),
        "stats": services.statistics(hazards),
    })


@login_required
@require_POST
def request_extension(request, pk):
    hazard = get_object_or_404(Hazard.objects.restrict(request.user, VIEW), pk=pk)
    form = forms.ExtensionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("；".join(e for errors in form.errors.values() for e in errors))
        services.do_request_extension(hazard, user=request.user, **form.cleaned_data)
    except OutOfScope as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, gettext("已提交延期申请。"))
    return redirect("hazard_detail", pk=hazard.pk)


@login_required
@require_POST
def decide_extension(request, pk):
    extension = get_object_or_404(ExtensionRequest.objects.restrict(request.user, VIEW), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        return HttpResponseBadRequest(gettext("审批结论须为批准或不批准。"))
    try:
        services.do_decide_extension(extension, user=request.user, approve=decision == "approve",
                                     comment=request.POST.get("comment", "")[:2000])
    except OutOfScope as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("hazard_detail", pk=extension.hazard_id)
