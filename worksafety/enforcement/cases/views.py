"""Pages of penalty cases: list, 立案, the case page with the steps this user may take, and the records kept
within a step. Thin: every step goes through core.workflow.transition, every other write through
enforcement.cases.services."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.attachments import attachments_for
from worksafety.core.choices import Role
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView, run_service
from worksafety.core.scoping import VIEW, can, get_scoped_or_404
from worksafety.core.workflow import transition
from worksafety.enforcement.cases import publication
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.choices import CaseOutcome, CaseState, StatementKind
from worksafety.enforcement.cases.filtersets import PenaltyCaseFilterSet
from worksafety.enforcement.cases.forms import (
    CaseEditForm,
    CaseFileForm,
    CaseStepForm,
    HearingForm,
    StatementForm,
    TransferForm,
)
from worksafety.enforcement.cases.models import CaseEvent, JudicialTransfer, LegalReview, PenaltyCase
from worksafety.enforcement.cases.tables import PenaltyCaseTable


class PenaltyCaseListView(ObjectListView):
    queryset = PenaltyCase.objects.select_related("enterprise")
    filterset = PenaltyCaseFilterSet
    table = PenaltyCaseTable
    add_url = "penaltycase_add"


class PenaltyCaseFileView(ObjectEditView):
    """立案, usually from a completed inspection's page (…/add/?inspection=12&enterprise=3)."""

    queryset = PenaltyCase.objects.all()
    form_class = CaseFileForm
    preset_fields = ("enterprise", "inspection", "source")

    def get_instance(self, pk):
        user = self.request.user
        if pk is not None or not (user.is_superuser or user.role in case_workflow.HANDLING_ROLES):
            raise Http404
        return super().get_instance(pk)

    def save(self, obj, m2m):
        penalties.do_file_case(obj, user=self.request.user, investigators=m2m.get("investigators", ()))


class PenaltyCaseEditView(ObjectEditView):
    """The facts, basis and party, while the case is under investigation (penalties.do_update_case)."""

    queryset = PenaltyCase.objects.all()
    form_class = CaseEditForm

    def save(self, obj, m2m):
        penalties.do_update_case(obj, user=self.request.user, data=self.cleaned_data)


class PenaltyCaseDetailView(ObjectDetailView):
    queryset = PenaltyCase.objects.select_related("enterprise", "inspection", "department", "decided_by",
                                                  "created_by")
    template_name = "enforcement/cases/detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        handler = context["can_change"] and case_workflow.may_handle(user, obj)
        documents = list(obj.documents.restrict(user, VIEW))
        for document in documents:
            document.files = attachments_for(document)
        steps = case_workflow.CASES.available(obj, user) if context["can_change"] else []
        public = obj.outcome == CaseOutcome.PENALISED and obj.state in penalties.PUBLISHABLE_STATES
        context.update(
            measures=obj.measures.all(), statements=obj.statements.select_related("recorded_by"),
            documents=documents, investigators=obj.investigators.all(),
            # Internal records: shown only to those whose role may see them (never the enterprise).
            events=self.events(obj, user),
            reviews=LegalReview.objects.restrict(user, VIEW).filter(case=obj).select_related("reviewer"),
            transfers=JudicialTransfer.objects.restrict(user, VIEW).filter(case=obj),
            steps=[(step, self.step_fields(step)) for step in steps],
            editable=handler and obj.state in penalties.EDITABLE_STATES,
            is_major=obj.is_major(), hearing_eligible=obj.hearing_eligible(),
            review_matches=case_workflow.review_matches(obj),
            statement_form=self.statement_form(obj, user, handler),
            hearing_form=bootstrapify(HearingForm()) if handler and obj.state == CaseState.NOTIFIED
            and case_workflow.current_statements(obj).filter(kind=StatementKind.HEARING).exists()
            and not obj.hearing_held_on else None,
            transfer_form=bootstrapify(TransferForm()) if handler and can(user, JudicialTransfer, VIEW) else None,
            public_record=publication.public_record(obj) if public and context["can_change"] else None,
            may_publish=public and not obj.published_at and context["can_change"]
            and (case_workflow.investigator(user, obj) or case_workflow.deciding_official(user, obj)),
        )
        return context

    @staticmethod
    def events(case, user) -> list[CaseEvent]:
        """The case's steps; a review step's comment is the legal-review opinion, so it is blanked for those who
        may not view legal reviews (streets and parks follow the steps, not the review)."""
        events = list(CaseEvent.objects.restrict(user, VIEW).filter(case=case).select_related("actor"))
        if not can(user, LegalReview, VIEW):
            for event in events:
                if event.action in case_workflow.REVIEW_ACTIONS:
                    event.comment = ""
        return events

    @staticmethod
    def step_fields(step):
        form = bootstrapify(CaseStepForm(auto_id=f"{step.action}-{step.source}-%s"))
        names = [name for need in step.needs for name in CaseStepForm.FIELDS_FOR_NEED.get(need, ())] + ["comment"]
        return [form[name] for name in names]

    @staticmethod
    def statement_form(case, user, handler):
        if case.state != CaseState.NOTIFIED:
            return None
        if handler:
            return bootstrapify(StatementForm(auto_id="statement-%s"))
        if getattr(user, "role", "") == Role.ENTERPRISE and timezone.localdate() <= case.statement_deadline:
            form = bootstrapify(StatementForm(auto_id="statement-%s"))
            del form.fields["submitted_on"]  # the enterprise files today
            return form
        return None


def _case(request, pk) -> PenaltyCase:
    return get_scoped_or_404(PenaltyCase, request.user, VIEW, pk=pk)


def _run(request, pk, action, success):
    """Run a service call for the case page: a refusal is a message (out of scope propagates: a 404)."""
    run_service(request, action, success)
    return redirect("penaltycase_detail", pk=pk)


def _form_errors(form) -> ValidationError:
    return ValidationError([e for errors in form.errors.values() for e in errors])


@login_required
@require_POST
def case_transition(request, pk, action):
    case = _case(request, pk)
    form = CaseStepForm(request.POST)

    def step():
        if not form.is_valid():
            raise _form_errors(form)
        transition(case, action, request.user, comment=form.cleaned_data["comment"], **form.step_data())

    return _run(request, pk, step, gettext("已办理。"))


@login_required
@require_POST
def add_statement(request, pk):
    case = _case(request, pk)
    form = StatementForm(request.POST)

    def record():
        if not form.is_valid():
            raise _form_errors(form)
        penalties.do_add_statement(case, user=request.user, **form.cleaned_data)

    return _run(request, pk, record, gettext("已登记。"))


@login_required
@require_POST
def record_hearing(request, pk):
    case = _case(request, pk)
    form = HearingForm(request.POST)

    def record():
        if not form.is_valid():
            raise _form_errors(form)
        penalties.do_record_hearing(case, user=request.user, **form.cleaned_data)

    return _run(request, pk, record, gettext("已登记听证情况。"))


@login_required
@require_POST
def record_transfer(request, pk):
    case = _case(request, pk)
    form = TransferForm(request.POST)

    def record():
        if not form.is_valid():
            raise _form_errors(form)
        penalties.do_record_transfer(case, user=request.user, transfer=form.save(commit=False))

    return _run(request, pk, record, gettext("已登记移送司法。"))


@login_required
@require_POST
def publish_case(request, pk):
    case = _case(request, pk)
    return _run(request, pk, lambda: penalties.do_publish(case, user=request.user), gettext("已公示。"))
