from rest_framework import serializers

from worksafety.core.api.serializers import ScopedSerializerMixin
from worksafety.core.models import Area, Sector
from worksafety.emergency.models import Incident, IncidentEvent, IncidentNotice, IncidentTask


class NoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentNotice
        fields = ["id", "authority", "due", "reported_at"]


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = IncidentTask
        fields = ["id", "title", "assignee", "team", "due", "state", "note", "created", "done_at"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True, default=None)

    class Meta:
        model = IncidentEvent
        fields = ["at", "kind", "text", "actor"]


class IncidentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    """An incident; POST is 接报 (the grade and the reports due follow), every later change is an action."""

    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), required=False,
                                          allow_null=True)
    location = serializers.JSONField(read_only=True)
    notices = NoticeSerializer(many=True, read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "title", "state", "grade", "occurred_at", "reported_at", "place", "lat", "lon", "location",
                  "area", "park", "enterprise", "sector", "hazard_unit", "accident_type", "chemical", "description", "deaths",
                  "missing", "serious_injuries", "minor_injuries", "direct_loss_yuan", "release", "weather",
                  "origin_alarm", "notices", "tasks", "events"]
        read_only_fields = ["state", "grade", "origin_alarm"]


class UpdateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2000)
    deaths = serializers.IntegerField(min_value=0)
    missing = serializers.IntegerField(min_value=0)
    serious_injuries = serializers.IntegerField(min_value=0)
    minor_injuries = serializers.IntegerField(min_value=0)
    direct_loss_yuan = serializers.DecimalField(min_value=0, max_digits=14, decimal_places=2)


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["confirm", "respond", "end"])
