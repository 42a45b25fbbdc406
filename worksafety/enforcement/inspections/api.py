"""The API of checklists, inspections and enforcement documents. Each collection filters with its page's
FilterSet and exports with its page's table (`?format=xlsx`)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.attachments import attachments_for
from worksafety.enforcement.inspections import services as inspections
from worksafety.enforcement.inspections.choices import ItemResult
from worksafety.enforcement.inspections.filtersets import (
    ChecklistTemplateFilterSet,
    EnforcementDocumentFilterSet,
    InspectionFilterSet,
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

ATTACHMENTS = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ChecklistItemSerializer(ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "text", "legal_basis", "is_major", "hazard_type"]


class ChecklistTemplateSerializer(ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name", "sector", "description", "active", "items"]


class InspectionResultSerializer(ModelSerializer):
    class Meta:
        model = InspectionResult
        fields = ["id", "order", "text", "legal_basis", "is_major", "hazard_type", "result", "note", "hazard",
                  "rechecked_hazard"]
        read_only_fields = fields


class InspectionSerializer(ScopedSerializerMixin, ModelSerializer):
    """POST starts an inspection (two inspectors with a 执法证 valid that day); results, findings and completion
    are actions on it."""

    results = InspectionResultSerializer(many=True, read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "enterprise", "kind", "inspected_on", "status", "template", "pick", "plan_target",
                  "department", "organ", "joint_departments", "inspectors", "agency", "follow_up_of", "location",
                  "summary", "rectification_deadline", "created_by", "completed_at", "results", "documents"]
        read_only_fields = ["status", "department", "organ", "summary", "rectification_deadline", "created_by",
                            "completed_at"]


class ResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=[ItemResult.PASSED, ItemResult.FAILED, ItemResult.NOT_APPLICABLE])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    attachments = ATTACHMENTS


class FindingSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    is_major = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    attachments = ATTACHMENTS


class CompleteSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    rectification_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class EnforcementDocumentSerializer(ModelSerializer):
    files = serializers.SerializerMethodField()

    class Meta:
        model = EnforcementDocument
        fields = ["id", "kind", "number", "year", "organ", "enterprise", "inspection", "case", "issued_on", "text",
                  "files"]

    def get_files(self, document) -> list[dict]:
        return [{"name": a.name, "mime_type": a.mime_type, "size": a.size, "sha256": a.sha256,
                 "url": reverse("attachment_download", args=[a.pk])} for a in attachments_for(document)]


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
