from rest_framework import serializers

from worksafety.core.api.serializers import ScopedSerializerMixin
from worksafety.monitoring.models import Alarm, Sensor


class SensorSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    location = serializers.JSONField(read_only=True)
    latest = serializers.SerializerMethodField()

    class Meta:
        model = Sensor
        fields = ["id", "enterprise", "hazard_unit", "code", "name", "kind", "unit", "range_low", "range_high", "oel_ppm",
                  "location_text", "lat", "lon", "location", "interval_s", "low_low", "low", "high", "high_high",
                  "deadband", "on_delay_s", "off_delay_s", "priority", "latched", "suppressed_by_design",
                  "in_service", "latest"]
        read_only_fields = ["in_service"]

    def get_latest(self, sensor):
        state = getattr(sensor, "state", None)
        return None if state is None or state.ts is None else {"ts": state.ts, "value": state.value,
                                                                "quality": state.quality}


class AlarmSerializer(serializers.ModelSerializer):
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
