"""Pages of inspections (list, start, the on-site recording page, detail), checklists and enforcement documents.
Thin: every write goes through enforcement.inspections.services or core.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core.attachments import attachments_for
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import ADD, CHANGE, VIEW, can, get_scoped_or_404, may
from worksafety.core.services import do_delete_object, do_save_object
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.draws.models import DrawPick
from worksafety.enforcement.inspections import services as inspections
from worksafety.enforcement.inspections.choices import InspectionStatus
from worksafety.enforcement.inspections.filtersets import (
    ChecklistTemplateFilterSet,
    EnforcementDocumentFilterSet,
    InspectionFilterSet,
)
from worksafety.enforcement.inspections.forms import (
    ChecklistItemForm,
    ChecklistTemplateForm,
    CompleteForm,
    EvidenceForm,
    FindingForm,
    InspectionStartForm,
    ResultForm,
)
from worksafety.enforcement.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    EnforcementDocument,
    Inspection,
    InspectionResult,
)
from worksafety.enforcement.inspections.tables import (
    ChecklistTemplateTable,
    EnforcementDocumentTable,
    InspectionTable,
)
from worksafety.hazards.choices import State


def _refusal(request, error: ValidationError) -> None:
    messages.error(request, "；".join(error.messages))


# --- inspections -------------------------------------------------------------------------------------------


class InspectionListView(ObjectListView):
    queryset = Inspection.objects.select_related("enterprise", "agency").prefetch_related("inspectors")
    filterset = InspectionFilterSet
    table = InspectionTable
    add_url = "inspection_add"
    extra_actions = (("enforcement_statistics", _("执法统计"), "bi-graph-up", VIEW),)


class InspectionStartView(ObjectEditView):
    """开始检查: the enterprise, kind, checklist and inspectors; then the recording page opens."""

    queryset = Inspection.objects.all()
    form_class = InspectionStartForm
    preset_fields = ("enterprise", "kind", "template", "pick", "plan_target", "follow_up_of")

    def get_instance(self, pk):
        if pk is not None:
            raise Http404
        return super().get_instance(pk)

    def make_form(self, instance, data=None, files=None):
        form = super().make_form(instance, data, files)
        pick_id = self.request.GET.get("pick", "")
        if data is None and pick_id.isdigit():
            # A 双随机 inspection is done by the inspectors drawn with the enterprise.
            pick = DrawPick.objects.restrict(self.request.user, VIEW).filter(pk=pick_id).first()
            if pick is not None:
                form.initial.update(enterprise=pick.enterprise_id, inspectors=list(pick.inspectors.all()))
        return form

    def save(self, obj, m2m):
        inspections.do_start_inspection(obj, user=self.request.user, inspectors=m2m.get("inspectors", ()),
                                        joint_departments=m2m.get("joint_departments", ()),
                                        files=self.cleaned_data.get("attachments", ()))

    def success_url(self, obj):
        return reverse("inspection_record", args=[obj.pk])


class InspectionDetailView(ObjectDetailView):
    queryset = Inspection.objects.select_related("enterprise", "template", "agency", "follow_up_of", "department",
                                                 "created_by")
    template_name = "enforcement/inspections/detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        results = list(obj.results.select_related("hazard", "rechecked_hazard"))
        for result in results:
            result.files = attachments_for(result)
        documents = list(obj.documents.restrict(user, VIEW))
        for document in documents:
            document.files = attachments_for(document)
        recording = context["can_change"] and obj.status == InspectionStatus.RECORDING
        completed = obj.status == InspectionStatus.COMPLETED
        context.update(
            results=results, files=attachments_for(obj), documents=documents, recording=recording,
            hazards=inspections.hazards_of(obj).restrict(user, VIEW),
            follow_ups=obj.follow_ups.restrict(user, VIEW), cases=obj.cases.restrict(user, VIEW),
            inspectors=obj.inspectors.all(), joint=obj.joint_departments.all(),
            evidence_form=bootstrapify(EvidenceForm()) if context["can_change"] else None,
            complete_form=bootstrapify(CompleteForm()) if recording else None,
            may_follow_up=completed and can(user, Inspection, ADD)
            and inspections.hazards_of(obj).exclude(state=State.CLOSED).exists(),
            may_file_case=completed and can(user, PenaltyCase, ADD)
            and (user.is_superuser or user.role in case_workflow.HANDLING_ROLES),
        )
        return context


def _recording(request, pk) -> Inspection:
    inspection = get_scoped_or_404(Inspection.objects.select_related("enterprise"), request.user, CHANGE, pk=pk)
    if inspection.status != InspectionStatus.RECORDING:
        messages.info(request, gettext("检查已完成，记录不能再修改。"))
    return inspection


@login_required
def inspection_record(request, pk):
    """现场记录: the phone page — one item per row, big buttons, photos straight from the camera."""
    inspection = _recording(request, pk)
    if inspection.status != InspectionStatus.RECORDING:
        return redirect("inspection_detail", pk=pk)
    results = list(inspection.results.all())
    for result in results:
        result.files = attachments_for(result)
    return render(request, "enforcement/inspections/record.html", {
        "title": gettext("现场检查记录"), "inspection": inspection, "results": results,
        "pending": sum(r.result == "pending" for r in results), "finding_form": bootstrapify(FindingForm()),
        "complete_form": bootstrapify(CompleteForm()), "result_form": ResultForm(),
    })


@login_required
@require_POST
def record_result(request, pk):
    result = get_scoped_or_404(InspectionResult.objects.select_related("inspection"), request.user, VIEW, pk=pk)
    form = ResultForm(request.POST, request.FILES)
    error = None
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        inspections.do_record_result(result, user=request.user, outcome=form.cleaned_data["result"],
                                     note=form.cleaned_data["note"], files=form.cleaned_data["photos"])
    except ValidationError as refused:
        error = "；".join(refused.messages)
    if request.headers.get("HX-Request"):
        result.files = attachments_for(result)
        return render(request, "enforcement/inspections/_result_row.html", {"result": result, "error": error,
                                                                             "result_form": ResultForm()})
    if error:
        messages.error(request, error)
    return redirect(f"{reverse('inspection_record', args=[result.inspection_id])}#result-{result.pk}")


@login_required
@require_POST
def add_finding(request, pk):
    inspection = _recording(request, pk)
    form = FindingForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        inspections.do_add_finding(inspection, user=request.user, text=data["text"], legal_basis=data["legal_basis"],
                                   is_major=data["is_major"], note=data["note"], files=data["photos"])
    except ValidationError as refused:
        _refusal(request, refused)
    else:
        messages.success(request, gettext("已记录发现的问题。"))
    return redirect("inspection_record", pk=pk)


@login_required
@require_POST
def complete_inspection(request, pk):
    inspection = _recording(request, pk)
    form = CompleteForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        inspections.do_complete_inspection(inspection, user=request.user, **form.cleaned_data)
    except ValidationError as refused:
        _refusal(request, refused)
        return redirect("inspection_record", pk=pk)
    messages.success(request, gettext("检查已完成，已生成执法文书。"))
    return redirect("inspection_detail", pk=pk)


@login_required
@require_POST
def attach_evidence(request, pk):
    inspection = get_scoped_or_404(Inspection, request.user, VIEW, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        inspections.do_attach_evidence(inspection, user=request.user, files=form.cleaned_data["attachments"])
    except ValidationError as refused:
        _refusal(request, refused)
    else:
        messages.success(request, gettext("已上传执法记录材料。"))
    return redirect("inspection_detail", pk=pk)


# --- checklists --------------------------------------------------------------------------------------------


class ChecklistTemplateListView(ObjectListView):
    queryset = ChecklistTemplate.objects.select_related("sector").prefetch_related("items")
    filterset = ChecklistTemplateFilterSet
    table = ChecklistTemplateTable
    add_url = "checklisttemplate_add"


class ChecklistTemplateDetailView(ObjectDetailView):
    queryset = ChecklistTemplate.objects.select_related("sector")
    template_name = "enforcement/inspections/checklist_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        may_edit = can(self.request.user, ChecklistItem, ADD)
        context.update(items=obj.items.all(), item_form=bootstrapify(ChecklistItemForm()) if may_edit else None)
        return context

    def post(self, request, pk):
        """Add an item (the district keeps the checklists)."""
        template = self.get_object(pk)
        form = ChecklistItemForm(request.POST, instance=ChecklistItem(template=template))
        if form.is_valid():
            try:
                do_save_object(form.save(commit=False), user=request.user)
            except ValidationError as refused:
                _refusal(request, refused)
        else:
            messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("checklisttemplate_detail", pk=pk)


class ChecklistTemplateEditView(ObjectEditView):
    queryset = ChecklistTemplate.objects.all()
    form_class = ChecklistTemplateForm


@login_required
@require_POST
def delete_checklist_item(request, pk):
    item = get_scoped_or_404(ChecklistItem, request.user, VIEW, pk=pk)
    do_delete_object(item, user=request.user)
    return redirect("checklisttemplate_detail", pk=item.template_id)


# --- documents ---------------------------------------------------------------------------------------------


class EnforcementDocumentListView(ObjectListView):
    queryset = EnforcementDocument.objects.select_related("enterprise")
    filterset = EnforcementDocumentFilterSet
    table = EnforcementDocumentTable


class EnforcementDocumentDetailView(ObjectDetailView):
    queryset = EnforcementDocument.objects.select_related("enterprise", "inspection", "case")
    template_name = "enforcement/inspections/document_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        context.update(paragraphs=obj.text.splitlines(), files=attachments_for(obj),
                       inspection_visible=obj.inspection_id is not None and may(user, obj.inspection, VIEW),
                       case_visible=obj.case_id is not None and may(user, obj.case, VIEW))
        return context

