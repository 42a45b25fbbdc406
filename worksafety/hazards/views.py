from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.attachments import attachments_for
from worksafety.core.choices import Role
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView, add_errors
from worksafety.core.pdf import pdf_response
from worksafety.core.scoping import VIEW, can, get_scoped_or_404, may
from worksafety.core.workflow import transition
from worksafety.hazards import checks, dossier, filtersets, forms, services, tables, workflow
from worksafety.hazards.choices import State
from worksafety.hazards.models import CheckRecord, ExtensionRequest, Hazard


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
        events = list(obj.events.select_related("actor"))
        for event in events:
            event.files = attachments_for(event)
        context["events"] = events
        context["files"] = attachments_for(obj)
        context["origin_url"] = self.origin_url(obj)
        # Tip-offs that reported this hazard, for those who may see tip-offs (never the enterprise).
        context["tipoffs"] = obj.tipoffs.all().restrict(user, VIEW)
        steps = workflow.HAZARDS.available(obj, user) if can_change else []
        context["steps"] = [(step, self.step_fields(step)) for step in steps]
        context["extensions"] = obj.extensions.select_related("requested_by", "decided_by")
        context["extension_form"] = (bootstrapify(forms.ExtensionForm())
                                     if can_change and obj.state == State.RECTIFYING else None)
        context["may_decide_extension"] = can_change and workflow.may_decide_extension(user, obj)
        return context

    def origin_url(self, hazard):
        """A link to the record the hazard came from (排查记录, 举报, 执法检查, 事故, 事件: the `origin` of
        services.do_register_hazard, each with its get_absolute_url), when this user may see that record."""
        origin = hazard.origin
        if origin is None or not may(self.request.user, origin, VIEW):
            return None
        return origin.get_absolute_url()

    @staticmethod
    def step_fields(step):
        """The fields a step's form shows: what it must bring, then a comment. Each step's form has its own
        element ids; all post the same field names."""
        form = bootstrapify(forms.TransitionForm(auto_id=f"{step.action}-%s"))
        names = [name for need in step.needs for name in workflow.STEP_FIELDS.get(need, ())] + ["comment",
                                                                                                "attachments"]
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
        services.do_register_hazard(obj, user=self.request.user, files=self.cleaned_data.get("attachments", ()))


@login_required
@require_POST
def hazard_transition(request, pk, action):
    hazard = get_scoped_or_404(Hazard, request.user, VIEW, pk=pk)
    form = forms.TransitionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("hazard_detail", pk=hazard.pk)
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("comment", "attachments")}
    try:
        transition(hazard, action, request.user, comment=form.cleaned_data["comment"],
                   files=form.cleaned_data["attachments"], **data)
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
    hazard = get_scoped_or_404(Hazard, request.user, VIEW, pk=pk)
    form = forms.ExtensionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("；".join(e for errors in form.errors.values() for e in errors))
        services.do_request_extension(hazard, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, gettext("已提交延期申请。"))
    return redirect("hazard_detail", pk=hazard.pk)


@login_required
@require_POST
def decide_extension(request, pk):
    extension = get_scoped_or_404(ExtensionRequest, request.user, VIEW, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        return HttpResponseBadRequest(gettext("审批结论须为批准或不批准。"))
    try:
        services.do_decide_extension(extension, user=request.user, approve=decision == "approve",
                                     comment=request.POST.get("comment", "")[:2000])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("hazard_detail", pk=extension.hazard_id)


@login_required
def hazard_dossier(request, pk):
    """一隐患一档 as PDF: the record, the plan and every step with its evidence."""
    hazard = get_scoped_or_404(Hazard.objects.select_related(
        "enterprise", "hazard_unit", "supervising_department", "found_by"), request.user, VIEW, pk=pk)
    return pdf_response(dossier.build(hazard), gettext("隐患档案-%(id)s-%(title)s.pdf")
                        % {"id": hazard.pk, "title": hazard.title[:30]})


@login_required
def hazard_quarterly(request):
    """16号令 第十四条: each enterprise's quarterly hazard statistics (季度统计分析), as xlsx."""
    if not can(request.user, Hazard, VIEW):
        raise Http404
    form = forms.QuarterForm(request.GET or None)
    if not form.is_valid():
        return render(request, "hazards/quarterly.html", {"title": gettext("隐患季度统计"),
                                                          "form": bootstrapify(form)})
    year, quarter = form.cleaned_data["year"], int(form.cleaned_data["quarter"])
    rows = services.quarterly_statistics(Hazard.objects.restrict(request.user, VIEW), year, quarter)
    return tables.QuarterlyTable(rows).xlsx_response(
        gettext("%(year)s年第%(q)s季度隐患排查治理统计") % {"year": year, "q": quarter})


class CheckRecordListView(ObjectListView):
    queryset = CheckRecord.objects.select_related("enterprise", "task", "checked_by", "hazard")
    filterset = filtersets.CheckRecordFilterSet
    table = tables.CheckRecordTable


class CheckRecordView(ObjectDetailView):
    """One due check: what to check, and for the enterprise the form to record it."""

    queryset = CheckRecord.objects.select_related("enterprise", "task__measure__event", "checked_by", "hazard")
    template_name = "hazards/checkrecord_detail.html"

    def get_context(self, obj, form=None):
        context = super().get_context(obj)
        may_record = context["can_change"] and obj.result == CheckRecord.Result.DUE \
            and obj.period_end > timezone.now() and (self.request.user.is_superuser
                                                      or self.request.user.role == Role.ENTERPRISE)
        context.update(title=str(obj.task), form=bootstrapify(form or forms.CheckResultForm()) if may_record else None)
        return context

    def post(self, request, pk):
        record = self.get_object(pk)
        form = forms.CheckResultForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            hazard = None
            if data["result"] == "hazard":
                hazard = Hazard(title=data["title"], description=data["description"], level=data["level"],
                                major_criterion=data["major_criterion"], hazard_type=data["hazard_type"],
                                found_on=timezone.localdate())
            try:
                checks.do_record_check(record, user=request.user, passed=hazard is None, note=data["note"],
                                       hazard=hazard, files=data["attachments"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, gettext("已记录排查结果。"))
                return redirect("hazard_detail", pk=hazard.pk) if hazard else redirect("checkrecord_list")
        return render(request, self.template_name, self.get_context(record, form))
