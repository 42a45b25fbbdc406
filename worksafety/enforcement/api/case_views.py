"""API of inspections, checklists, enforcement documents, penalty cases and enforcement statistics. Each
collection filters with its page's FilterSet and exports with its page's table (`?format=xlsx`)."""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW, can
from worksafety.enforcement.api.case_serializers import (
    CaseTransitionSerializer,
    ChecklistTemplateSerializer,
    CompleteSerializer,
    EnforcementDocumentSerializer,
    FindingSerializer,
    InspectionSerializer,
    PenaltyCaseSerializer,
    ResultSerializer,
    StatementInputSerializer,
)
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases.filtersets import PenaltyCaseFilterSet
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.cases.tables import PenaltyCaseTable
from worksafety.enforcement.inspections import services as inspections
from worksafety.enforcement.inspections.filtersets import (
    ChecklistTemplateFilterSet,
    EnforcementDocumentFilterSet,
    InspectionFilterSet,
)
from worksafety.enforcement.inspections.models import ChecklistTemplate, EnforcementDocument, Inspection
from worksafety.enforcement.inspections.tables import (
    ChecklistTemplateTable,
    EnforcementDocumentTable,
    InspectionTable,
)
from worksafety.enforcement.statistics import counting
from worksafety.enforcement.statistics.forms import StatisticsForm


class ChecklistTemplateViewSet(ScopedModelViewSet):
    """检查表 with their items (the district keeps them on their pages)."""

    queryset = ChecklistTemplate.objects.select_related("sector").prefetch_related("items")
    serializer_class = ChecklistTemplateSerializer
    filterset_class = ChecklistTemplateFilterSet
    table = ChecklistTemplateTable
    http_method_names = ["get", "head", "options"]


class InspectionViewSet(ScopedModelViewSet):
    """执法检查: POST starts one; POST …/results/{result_id}/ records an item, …/findings/ a problem outside the
    checklist, …/complete/ completes it (documents issued, findings registered as hazards)."""

    queryset = Inspection.objects.select_related("enterprise", "agency").prefetch_related(
        "results", "inspectors", "joint_departments", "documents")
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    table = InspectionTable
    http_method_names = ["get", "post", "head", "options"]

    def save_instance(self, instance, m2m):
        return inspections.do_start_inspection(instance, user=self.request.user, inspectors=m2m.get("inspectors", ()),
                                               joint_departments=m2m.get("joint_departments", ()))

    def _fresh(self, inspection):
        return Response(self.get_serializer(self.get_queryset().get(pk=inspection.pk)).data)

    @extend_schema(request=ResultSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"], url_path=r"results/(?P<result_id>\d+)")
    def result(self, request, pk=None, result_id=None):
        inspection = self.get_object()
        result = inspection.results.filter(pk=result_id).first()
        if result is None:
            raise NotFound
        data = ResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        inspections.do_record_result(result, user=request.user, outcome=values["result"], note=values["note"],
                                     files=values["attachments"])
        return self._fresh(inspection)

    @extend_schema(request=FindingSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        inspection = self.get_object()
        data = FindingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        inspections.do_add_finding(inspection, user=request.user, files=values.pop("attachments"), **values)
        return self._fresh(inspection)

    @extend_schema(request=CompleteSerializer, responses={200: InspectionSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        inspection = self.get_object()
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspections.do_complete_inspection(inspection, user=request.user, **data.validated_data)
        return self._fresh(inspection)


class EnforcementDocumentViewSet(ScopedModelViewSet):
    """执法文书 with their docx and PDF files (download links and SHA-256)."""

    queryset = EnforcementDocument.objects.select_related("enterprise")
    serializer_class = EnforcementDocumentSerializer
    filterset_class = EnforcementDocumentFilterSet
    table = EnforcementDocumentTable
    http_method_names = ["get", "head", "options"]


class PenaltyCaseViewSet(ScopedModelViewSet):
    """行政处罚案件: POST is 立案; PATCH the facts while under investigation; POST …/transitions/ takes a step
    (`action` as in the case's workflow); POST …/statements/ is 陈述申辩, a hearing request or a waiver; POST
    …/publish/ publishes the decision ahead of its publication day."""

    queryset = PenaltyCase.objects.select_related("enterprise").prefetch_related("measures", "statements",
                                                                                 "documents", "investigators")
    serializer_class = PenaltyCaseSerializer
    filterset_class = PenaltyCaseFilterSet
    table = PenaltyCaseTable
    http_method_names = ["get", "post", "patch", "head", "options"]

    def save_instance(self, instance, m2m):
        return penalties.do_file_case(instance, user=self.request.user, investigators=m2m.get("investigators", ()))

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in penalties.EDITABLE_FIELDS}
        unknown = set(serializer.validated_data) - set(data)
        if unknown:
            raise ValidationError({name: gettext("立案后只能修改案由、来源、当事人和案情。") for name in unknown})
        serializer.instance = penalties.do_update_case(serializer.instance, user=self.request.user, data=data)

    def _fresh(self, case):
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=CaseTransitionSerializer, responses={200: PenaltyCaseSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        case = self.get_object()
        step = CaseTransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        action_name, comment = data.pop("action"), data.pop("comment")
        penalties.do_transition(case, action_name, user=request.user, comment=comment, data=data)
        return self._fresh(case)

    @extend_schema(request=StatementInputSerializer, responses={200: PenaltyCaseSerializer})
    @action(detail=True, methods=["post"])
    def statements(self, request, pk=None):
        # The party files on its own case, which it may only view: the case is looked up for viewing.
        case = get_object_or_404(PenaltyCase.objects.restrict(request.user, VIEW), pk=pk)  # "abc" too is a 404
        data = StatementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        penalties.do_add_statement(case, user=request.user, **data.validated_data)
        return Response(self.get_serializer(PenaltyCase.objects.get(pk=case.pk)).data)

    @extend_schema(request=None, responses={200: PenaltyCaseSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        case = self.get_object()
        penalties.do_publish(case, user=request.user)
        return self._fresh(case)


class EnforcementStatisticsView(APIView):
    """执法统计 of a year, over what the user may see: totals, by organ, street, sector and month, by kind, and
    the annual plan's completion."""

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("sector", str),
                               OpenApiParameter("area", str)], responses={200: dict})
    def get(self, request):
        if not can(request.user, Inspection, VIEW):
            raise NotFound
        form = StatisticsForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        return Response(counting.statistics(request.user, data["year"], sector=data["sector"], area=data["area"]))
