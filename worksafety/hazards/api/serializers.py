from rest_framework import serializers

from worksafety.core.api.serializers import ScopedSerializerMixin
from worksafety.core.models import Department
from worksafety.hazards.models import ExtensionRequest, Hazard, HazardEvent


class HazardEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True)

    class Meta:
        model = HazardEvent
        fields = ["action", "from_state", "to_state", "actor", "at", "comment"]


class HazardSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    events = HazardEventSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Hazard
        fields = ["id", "enterprise", "hazard_unit", "risk_event", "source", "source_reference", "level",
                  "major_criterion", "hazard_type", "title", "description", "found_on", "found_by", "measures",
                  "responsible_person", "funds_yuan", "deadline", "contingency", "supervising_department",
                  "supervision_deadline", "state", "closed_on", "is_overdue", "events"]
        # After registration every change is a step of the closed loop (POST …/transitions/).
        read_only_fields = ["found_by", "measures", "responsible_person", "funds_yuan", "deadline", "contingency",
                            "supervising_department", "supervision_deadline", "state", "closed_on"]


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=20)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    measures = serializers.CharField(required=False, max_length=5000)
    responsible_person = serializers.CharField(required=False, max_length=50)
    funds_yuan = serializers.DecimalField(required=False, max_digits=14, decimal_places=2, min_value=0)
    deadline = serializers.DateField(required=False)
    contingency = serializers.CharField(required=False, max_length=5000)
    supervising_department = serializers.PrimaryKeyRelatedField(required=False, queryset=Department.objects.all())
    supervision_deadline = serializers.DateField(required=False)


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = ["id", "hazard", "requested_by", "requested_at", "new_deadline", "reason", "status", "decided_by",
                  "decided_at", "decision_comment"]


class ExtensionRequestSerializer(serializers.Serializer):
    new_deadline = serializers.DateField()
    reason = serializers.CharField(max_length=2000)


class ExtensionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
