"""目标责任考核, read-only: each year with its template and, once published, every unit's total, grade, rank
and vetoes. Restricted as the pages: the district bureau sees every year, departments and streets the
published ones. Changes are made on the pages, through `assessments.services`."""

from rest_framework import serializers, viewsets

from worksafety.core.api.serializers import ModelSerializer
from worksafety.core.scoping import VIEW
from worksafety.indicators.assessments.models import (
    AssessedUnit,
    Assessment,
    AssessmentItem,
    AssessmentState,
    VetoItem,
)


class ItemSerializer(ModelSerializer):
    class Meta:
        model = AssessmentItem
        fields = ["id", "order", "name", "criteria", "weight", "evidence", "applies_to", "deduction"]


class VetoSerializer(ModelSerializer):
    class Meta:
        model = VetoItem
        fields = ["id", "order", "name", "rule"]


class UnitSerializer(ModelSerializer):
    name = serializers.CharField(read_only=True)
    vetoes = serializers.SerializerMethodField()

    class Meta:
        model = AssessedUnit
        fields = ["id", "kind", "name", "department", "area", "total", "grade", "rank", "vetoed", "vetoes"]

    def get_vetoes(self, unit) -> list[str]:
        return [finding.veto.name for finding in unit.veto_findings.all()]


class AssessmentSerializer(ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    vetoes = VetoSerializer(many=True, read_only=True)
    units = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "year", "title", "state", "excellent_from", "good_from", "pass_from", "notes", "published_at",
                  "items", "vetoes", "units"]

    def get_units(self, assessment) -> list[dict]:
        """The results, once published; before that there are none to give."""
        if assessment.state != AssessmentState.PUBLISHED:
            return []
        return UnitSerializer(assessment.units.all(), many=True).data


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Assessment.objects.prefetch_related(
        "items", "vetoes", "units__department", "units__area", "units__veto_findings__veto")
    serializer_class = AssessmentSerializer
    filterset_fields = ["year", "state"]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)
