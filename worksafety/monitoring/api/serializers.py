from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from worksafety.core.api.serializers import DateTimeField, ModelSerializer, ScopedSerializerMixin
from worksafety.monitoring.choices import Quality
from worksafety.monitoring.models import Alarm, Sensor


class LatestReadingSerializer(serializers.Serializer):
    ts = DateTimeField()
    value = serializers.FloatField()
    quality = serializers.ChoiceField(choices=Quality.choices)


class SensorSerializer(ScopedSerializerMixin, ModelSerializer):
    location = serializers.JSONField(read_only=True)
    latest = serializers.SerializerMethodField()

    class Meta:
        model = Sensor
        fields = ["id", "enterprise", "hazard_unit", "code", "name", "kind", "unit", "range_low", "range_high", "oel_ppm",
                  "location_text", "lat", "lon", "location", "interval_s", "low_low", "low", "high", "high_high",
                  "deadband", "on_delay_s", "off_delay_s", "priority", "latched", "suppressed_by_design",
                  "in_service", "latest"]
        read_only_fields = ["in_service"]

    @extend_schema_field(LatestReadingSerializer(allow_null=True))
    def get_latest(self, sensor):
        state = getattr(sensor, "state", None)
        return None if state is None or state.ts is None else {"ts": state.ts, "value": state.value,
                                                                "quality": state.quality}


class AlarmSerializer(ModelSerializer):
    sensor_code = serializers.CharField(source="sensor.code", read_only=True)

    class Meta:
        model = Alarm
        fields = ["id", "sensor", "sensor_code", "enterprise", "condition", "priority", "active", "acknowledged",
                  "latched", "suppressed", "shelved_until", "shelve_reason", "raised_at", "value", "peak",
                  "cleared_at", "acknowledged_at", "acknowledged_by", "closed", "escalation"]
        read_only_fields = fields


class AlarmActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["ack", "shelve", "unshelve", "reset"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    minutes = serializers.IntegerField(required=False, min_value=1, max_value=480)
