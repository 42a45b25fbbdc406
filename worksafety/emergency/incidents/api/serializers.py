from rest_framework import serializers

from worksafety.core.api.serializers import COUNT_MAX, IntegerField, ModelSerializer, ScopedSerializerMixin
from worksafety.core.models import Area, Sector
from worksafety.emergency.incidents.models import Incident, IncidentEvent, IncidentNotice, IncidentTask


class NoticeSerializer(ModelSerializer):
    class Meta:
        model = IncidentNotice
        fields = ["id", "authority", "due", "reported_at"]


class TaskSerializer(ModelSerializer):
    class Meta:
        model = IncidentTask
        fields = ["id", "title", "assignee", "team", "due", "state", "note", "created", "done_at"]


class EventSerializer(ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = IncidentEvent
        fields = ["at", "kind", "text", "actor"]


class IncidentSerializer(ScopedSerializerMixin, ModelSerializer):
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
    deaths = IntegerField(min_value=0, max_value=COUNT_MAX)
    missing = IntegerField(min_value=0, max_value=COUNT_MAX)
    serious_injuries = IntegerField(min_value=0, max_value=COUNT_MAX)
    minor_injuries = IntegerField(min_value=0, max_value=COUNT_MAX)
    direct_loss_yuan = serializers.DecimalField(min_value=0, max_digits=14, decimal_places=2)


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["confirm", "respond", "end"])


class AssessmentSerializer(serializers.Serializer):
    """What GET /incidents/{id}/assessment/ answers (`emergency.incidents.assistance.assess`), for the schema: the
    models' parts are null when the chemical has no data for them (the reason is in `notes`)."""

    weather = serializers.DictField()
    release = serializers.DictField(allow_null=True)
    toxic = serializers.DictField(allow_null=True)
    explosion = serializers.DictField(allow_null=True)
    notes = serializers.ListField(child=serializers.CharField())
    targets = serializers.ListField(child=serializers.DictField())
    population = serializers.IntegerField()
    shelters = serializers.ListField(child=serializers.DictField())
    teams = serializers.ListField(child=serializers.DictField())
    supplies = serializers.ListField(child=serializers.DictField())
    experts = serializers.ListField(child=serializers.DictField())
    plans = serializers.ListField(child=serializers.DictField())
    computed_ms = serializers.FloatField()
