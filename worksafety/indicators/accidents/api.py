"""生产安全事故 over the API: the register with its computed grade, report timeline and 续报 window; 录入, edits,
续报/更正 and the reports up the chain go through `accidents.services`."""

from datetime import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.serializers import (
    COUNT_MAX,
    DateTimeField,
    IntegerField,
    ModelSerializer,
    ScopedSerializerMixin,
)
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.models import Area, Sector
from worksafety.indicators.accidents import filtersets, reporting, services, tables
from worksafety.indicators.accidents.choices import RevisionKind
from worksafety.indicators.accidents.models import (
    Accident,
    AccidentRevision,
    Investigation,
    InvestigationMeasure,
)
from worksafety.standards import accidents


class AccidentRevisionSerializer(ModelSerializer):
    author = serializers.CharField(source="author.get_username", read_only=True)

    class Meta:
        model = AccidentRevision
        fields = ["id", "kind", "at", "author", "note", "before", "after", "after_window"]


class InvestigationMeasureSerializer(ModelSerializer):
    class Meta:
        model = InvestigationMeasure
        fields = ["id", "kind", "text", "hazard", "assignee", "due", "done_on"]


class InvestigationSerializer(ModelSerializer):
    measures = InvestigationMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Investigation
        fields = ["report_date", "cause", "responsibility", "measures"]


class AccidentSerializer(ScopedSerializerMixin, ModelSerializer):
    """An accident. POST is 录入; a PATCH may change everything but the figures, which change by POST
    …/revisions/ (续报 or correction). The grade is computed, and the report timeline is computed from it."""

    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), required=False)
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), required=False)
    reports = serializers.SerializerMethodField()
    supplement_deadline = serializers.SerializerMethodField()
    revisions = AccidentRevisionSerializer(many=True, read_only=True)
    investigation = InvestigationSerializer(read_only=True, allow_null=True)  # none until the investigation

    class Meta:
        model = Accident
        fields = ["id", "title", "occurred_at", "place", "area", "park", "enterprise", "sector", "accident_type",
                  "road_traffic", "description", "deaths", "missing", "serious_injuries", "minor_injuries",
                  "direct_loss_yuan", "grade", "misreporting", "misreporting_note", "incident", "reports",
                  "supplement_deadline", "revisions", "investigation"]
        read_only_fields = ["grade"]

    def get_reports(self, accident) -> list[dict]:
        now = timezone.now()
        return [{"authority": step.authority.code, "due": step.due, "reported_at": step.reported_at,
                 "late": step.is_late(now)} for step in reporting.timeline(accident)]

    def get_supplement_deadline(self, accident) -> datetime:
        return reporting.supplement_deadline(accident)


class AccidentFiguresSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RevisionKind.choices)
    note = serializers.CharField(max_length=2000)
    deaths = IntegerField(min_value=0, max_value=COUNT_MAX)
    missing = IntegerField(min_value=0, max_value=COUNT_MAX)
    serious_injuries = IntegerField(min_value=0, max_value=COUNT_MAX)
    minor_injuries = IntegerField(min_value=0, max_value=COUNT_MAX)
    direct_loss_yuan = serializers.DecimalField(min_value=0, max_digits=14, decimal_places=2)


class AccidentReportSerializer(serializers.Serializer):
    authority = serializers.ChoiceField(choices=[a.code for a in accidents.CHAIN])
    at = DateTimeField()


class AccidentViewSet(ScopedModelViewSet):
    """生产安全事故: POST is 录入; POST …/revisions/ is a 续报 or a correction of the figures; POST …/reports/ records
    when a report up the chain was made. `?format=xlsx` exports the filtered list like the page."""

    queryset = Accident.objects.select_related("area", "sector").prefetch_related(
        "reports", "revisions__author", "investigation__measures")
    serializer_class = AccidentSerializer
    filterset_class = filtersets.AccidentFilterSet
    table = tables.AccidentTable
    http_method_names = ["get", "post", "patch", "head", "options"]

    def save_instance(self, instance, m2m):
        if instance.pk is None:
            return services.do_record_accident(instance, user=self.request.user)
        return services.do_save_accident(instance, user=self.request.user)

    def _fresh(self, accident):
        return Response(AccidentSerializer(self.get_queryset().get(pk=accident.pk),
                                           context=self.get_serializer_context()).data)

    @extend_schema(request=AccidentFiguresSerializer, responses={200: AccidentSerializer})
    @action(detail=True, methods=["post"])
    def revisions(self, request, pk=None):
        accident = self.get_object()
        figures = AccidentFiguresSerializer(data=request.data)
        figures.is_valid(raise_exception=True)
        services.do_revise_figures(accident, user=request.user, **figures.validated_data)
        return self._fresh(accident)

    @extend_schema(request=AccidentReportSerializer, responses={200: AccidentSerializer})
    @action(detail=True, methods=["post"])
    def reports(self, request, pk=None):
        accident = self.get_object()
        report = AccidentReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        services.do_record_report(accident, user=request.user, **report.validated_data)
        return self._fresh(accident)
