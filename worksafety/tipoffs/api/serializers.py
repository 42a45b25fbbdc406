from django.utils.translation import gettext as _
from rest_framework import serializers

from worksafety.core.api.serializers import JSONField, ModelSerializer
from worksafety.core.models import Area
from worksafety.tipoffs.choices import Category
from worksafety.tipoffs.models import TipOff, TipOffEvent
from worksafety.tipoffs.services import MAX_CONTENT


class TipOffEventSerializer(ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = TipOffEvent
        fields = ["action", "from_state", "to_state", "actor", "at", "comment", "public_reply"]


class TipOffSerializer(ModelSerializer):
    """Staff view of a tip-off. The reporter's identity is never in the API: only reward handlers see it,
    on its own audited page."""

    events = TipOffEventSerializer(many=True, read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    location = serializers.JSONField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = TipOff
        fields = ["id", "tracking_code", "category", "content", "place", "location", "reported_enterprise",
                  "anonymous", "area", "enterprise", "sector", "park", "state", "received_at", "due_on", "extended",
                  "verified_on", "feedback_due_on", "conclusion", "substantiated", "closed_on", "hazard",
                  "is_overdue", "events"]
        read_only_fields = fields


class TransitionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=20)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    conclusion = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    public_reply = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class PublicTipOffSerializer(serializers.Serializer):
    """What the public may send (INTERFACES.md): content and anonymous at least; location as GeoJSON Point."""

    content = serializers.CharField(max_length=MAX_CONTENT)
    anonymous = serializers.BooleanField(default=True)
    category = serializers.ChoiceField(choices=Category.choices, default=Category.OTHER_VIOLATION)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    reported_enterprise = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    area = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True, default=None,
                                        queryset=Area.objects.filter(level__in=["street", "zone"]))
    location = JSONField(required=False, allow_null=True, default=None)
    name = serializers.CharField(required=False, allow_blank=True, max_length=50, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20, default="")
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list)

    def validate_location(self, value):
        if value is None:
            return None
        coordinates = value.get("coordinates") if isinstance(value, dict) else None
        if not isinstance(value, dict) or value.get("type") != "Point" or not isinstance(coordinates, list) \
                or len(coordinates) != 2 \
                or not all(isinstance(c, int | float) for c in coordinates):
            raise serializers.ValidationError(_('须为 GeoJSON Point：{"type": "Point", "coordinates": [经度, 纬度]}。'))
        return {"lon": float(coordinates[0]), "lat": float(coordinates[1])}


class PublicStatusSerializer(ModelSerializer):
    """All the public learns: the state, the dates and the public replies."""

    state_display = serializers.CharField(source="get_state_display")
    replies = serializers.SerializerMethodField()

    class Meta:
        model = TipOff
        fields = ["tracking_code", "state", "state_display", "received_at", "due_on", "replies"]

    def get_replies(self, tipoff):
        return [{"at": e.at, "text": e.public_reply} for e in tipoff.events.exclude(public_reply="").order_by("at")]
