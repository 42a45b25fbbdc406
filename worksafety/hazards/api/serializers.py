from django.utils.translation import gettext as _
from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.models import Department
from worksafety.hazards.choices import HazardLevel, HazardType, State
from worksafety.hazards.models import CheckRecord, ExtensionRequest, Hazard, HazardEvent


class HazardEventSerializer(ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True)

    class Meta:
        model = HazardEvent
        fields = ["action", "from_state", "to_state", "actor", "at", "comment"]


class HazardSerializer(ScopedSerializerMixin, ModelSerializer):
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
    """A step named by its action (`start`, `accept`, …) or by the state it leads to (`to_state`)."""

    action = serializers.CharField(max_length=20, required=False)
    to_state = serializers.ChoiceField(choices=State.choices, required=False)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    measures = serializers.CharField(required=False, max_length=5000)
    responsible_person = serializers.CharField(required=False, max_length=50)
    funds_yuan = serializers.DecimalField(required=False, max_digits=14, decimal_places=2, min_value=0)
    deadline = serializers.DateField(required=False)
    contingency = serializers.CharField(required=False, max_length=5000)
    supervising_department = serializers.PrimaryKeyRelatedField(required=False, queryset=Department.objects.all())
    supervision_deadline = serializers.DateField(required=False)

    def validate(self, data):
        if not data.get("action") and not data.get("to_state"):
            raise serializers.ValidationError({"to_state": _("请给出目标状态 to_state（或操作 action）。")})
        return data


class ExtensionSerializer(ModelSerializer):
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


class CheckRecordSerializer(ModelSerializer):
    task_content = serializers.CharField(source="task.content", read_only=True)

    class Meta:
        model = CheckRecord
        fields = ["id", "task", "task_content", "enterprise", "period_start", "period_end", "result", "checked_at",
                  "checked_by", "note", "hazard"]
        read_only_fields = fields


class CheckResultSerializer(serializers.Serializer):
    """A check's result: passed, or the hazard it found (registered with source 企业自查)."""

    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    title = serializers.CharField(required=False, max_length=200)
    description = serializers.CharField(required=False, max_length=5000)
    level = serializers.ChoiceField(choices=HazardLevel.choices, required=False, default=HazardLevel.GENERAL)
    major_criterion = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    hazard_type = serializers.ChoiceField(choices=HazardType.choices, required=False, default=HazardType.SAFETY)
    attachments = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate(self, data):
        if not data["passed"] and not (data.get("title") and data.get("description")):
            raise serializers.ValidationError({"title": _("发现隐患时须填写隐患名称（title）和描述（description）。")})
        return data
