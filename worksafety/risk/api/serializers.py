from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.registry.api.serializers import HazardUnitSubstanceSerializer, LocationField
from worksafety.registry.models import Chemical, HazardUnit
from worksafety.risk.models import (
    CheckTask,
    ControlMeasure,
    EnterpriseGrading,
    RiskEvent,
    RiskObject,
    RiskUnit,
)


class RiskObjectSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = RiskObject
        fields = ["id", "enterprise", "hazard_unit", "name", "kind", "responsible_department", "responsible_person"]


class RiskUnitSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = RiskUnit
        fields = ["id", "risk_object", "name", "responsible_person"]


class RiskEventSerializer(ScopedSerializerMixin, ModelSerializer):
    enterprise = serializers.IntegerField(source="risk_unit.risk_object.enterprise_id", read_only=True)

    class Meta:
        model = RiskEvent
        fields = ["id", "enterprise", "risk_unit", "name", "accident_type", "method", "likelihood", "exposure",
                  "consequence", "score", "colour", "evaluated_at"]
        read_only_fields = ["score", "colour", "evaluated_at"]


class ControlMeasureSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = ControlMeasure
        fields = ["id", "event", "category", "sub_class", "description"]


class CheckTaskSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = CheckTask
        fields = ["id", "measure", "content", "cycle", "cycle_unit", "responsible_post"]


class EnterpriseGradingSerializer(ModelSerializer):
    class Meta:
        model = EnterpriseGrading
        fields = ["id", "enterprise", "method", "graded_on", "assessor", "inputs", "result", "score", "colour",
                  "status", "reviewer", "reviewed_at", "review_comment"]
        read_only_fields = fields


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class SupervisionLineSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(source="enterprise.pk")
    name = serializers.CharField(source="enterprise.name")
    uscc = serializers.CharField(source="enterprise.uscc")
    sector = serializers.CharField(source="enterprise.sector.code")
    area = serializers.CharField(source="enterprise.area.code")
    park = serializers.CharField(source="enterprise.park.code", default=None, allow_null=True)
    risk_colour = serializers.CharField(source="enterprise.risk_colour")
    key_inspections = serializers.IntegerField()
    random_pool = serializers.SerializerMethodField()

    def get_random_pool(self, line) -> bool:
        return line.key_inspections == 0


class HazardUnitSerializer(ScopedSerializerMixin, ModelSerializer):
    substances = HazardUnitSubstanceSerializer(many=True, read_only=True)
    location = LocationField()
    grading = serializers.SerializerMethodField()

    class Meta:
        model = HazardUnit
        fields = ["id", "enterprise", "kind", "name", "location", "outline", "population_500m", "principal",
                  "principal_phone", "technical_lead", "technical_lead_phone", "operations_lead",
                  "operations_lead_phone", "is_major", "level", "s_value", "r_value", "assessed_at", "substances",
                  "grading"]
        read_only_fields = ["is_major", "level", "s_value", "r_value", "assessed_at"]

    def get_grading(self, unit) -> dict | None:
        """The latest GB 18218 result, step by step (the same JSON as `worksafety gb18218 assess`)."""
        history = list(unit.assessments.all())  # newest first; prefetched for lists
        return history[0].result if history else None


class SubstanceInputSerializer(serializers.Serializer):
    chemical = serializers.PrimaryKeyRelatedField(queryset=Chemical.objects.all())
    quantity_t = serializers.DecimalField(max_digits=14, decimal_places=4, min_value=0)
