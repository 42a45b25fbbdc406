from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.models import Area
from worksafety.emergency.warnings.choices import LEVELS, Level, MsgType
from worksafety.emergency.warnings.models import Warning, WarningEvent


class WarningEventSerializer(ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", read_only=True)

    class Meta:
        model = WarningEvent
        fields = ["action", "from_state", "to_state", "actor", "at", "comment"]


class WarningSerializer(ScopedSerializerMixin, ModelSerializer):
    """A warning for the staff; POST enters a draft, PUT/PATCH change a draft, every other change is a step
    (POST …/transitions/) or a new Update/Cancel message (POST …/successors/)."""

    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())
    references = serializers.SlugRelatedField(slug_field="identifier", read_only=True, allow_null=True)
    colour = serializers.CharField(read_only=True)
    events = WarningEventSerializer(many=True, read_only=True)

    class Meta:
        model = Warning
        fields = ["id", "identifier", "msg_type", "references", "status", "level", "colour", "category",
                  "headline", "description", "instruction", "area", "area_description", "polygon", "onset",
                  "expires", "urgency", "certainty", "issuer", "created_by", "created", "approved_by", "sent",
                  "events"]
        read_only_fields = ["identifier", "msg_type", "status", "created_by", "created", "approved_by",
                            "sent"]


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "return", "approve", "discard"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SuccessorSerializer(serializers.Serializer):
    msg_type = serializers.ChoiceField(choices=[MsgType.UPDATE, MsgType.CANCEL])


class PublicAreaSerializer(ModelSerializer):
    class Meta:
        model = Area
        fields = ["code", "name"]


class PublicWarningSerializer(ModelSerializer):
    """What the public may know of a message in force: exactly what its CAP document says."""

    references = serializers.SlugRelatedField(slug_field="identifier", read_only=True, allow_null=True)
    level_name = serializers.CharField(source="level_short", read_only=True)
    colour = serializers.CharField(read_only=True)
    severity = serializers.SerializerMethodField(help_text="CAP 1.2 severity mapped from the level")
    category_name = serializers.CharField(source="get_category_display", read_only=True)
    area = PublicAreaSerializer(read_only=True)
    cap_url = serializers.SerializerMethodField()

    class Meta:
        model = Warning
        fields = ["identifier", "msg_type", "references", "sent", "level", "level_name", "colour", "severity",
                  "category", "category_name", "headline", "description", "instruction", "area",
                  "area_description", "polygon", "onset", "expires", "urgency", "certainty", "issuer",
                  "cap_url"]
        read_only_fields = fields

    def get_severity(self, warning) -> str:
        return LEVELS[Level(warning.level)].severity

    def get_cap_url(self, warning) -> str:
        return self.context["alert_url"](warning)
