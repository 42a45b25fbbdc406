from datetime import UTC, datetime

from django.db import models
from django.utils import timezone
from rest_framework import serializers

from worksafety.core import jsonparse
from worksafety.core.filtersets import DB_INT_MAX, DB_INT_MIN
from worksafety.core.models import Area, AuditEntry, Department, Notification, Sector
from worksafety.core.scoping import VIEW
from worksafety.core.validators import DATETIME_RANGE_MESSAGE, in_datetime_range, validate_datetime_range

COUNT_MAX = 2**31 - 1  # PostgreSQL's integer: the columns people and item counts are stored in


class IntegerField(serializers.IntegerField):
    """An integer from a request (body or query), within the databases' 64-bit range unless narrower bounds are
    given: a larger one is a field error, never an OverflowError or a DataError."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", DB_INT_MIN)
        kwargs.setdefault("max_value", DB_INT_MAX)
        super().__init__(**kwargs)


class DateTimeField(serializers.DateTimeField):
    """A moment from a request within the years the platform accepts (`validate_datetime_range`, 1970–2100):
    outside them a field error, nothing saved. A value outside them that is already stored (from before this
    bound) is written in UTC, so the output stays an RFC 3339 date-time: in local time zoneinfo would give it
    local mean time (+08:05:43) before 1901, or overflow near year 9999."""

    default_error_messages = {"overflow": DATETIME_RANGE_MESSAGE}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(validate_datetime_range)

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:  # DRF's check of a naive 0001-01-01 (or 9999-12-31) made aware leaves year 1..9999
            self.fail("overflow")

    def to_representation(self, value):
        if isinstance(value, datetime) and not in_datetime_range(value):
            with timezone.override(UTC):
                return super().to_representation(value)
        return super().to_representation(value)


class JSONField(serializers.JSONField):
    """JSON from a request with its nesting bounded (`core.jsonparse`). A JSON body arrives parsed by the
    project's bounded parser; this covers a value sent as text in a form or multipart body, which DRF parses
    with plain `json.loads` (a field nested thousands deep would be a RecursionError, a 500)."""

    def to_internal_value(self, data):
        if self.binary or getattr(data, "is_json_string", False):
            try:
                return jsonparse.loads(data, cls=self.decoder)
            except ValueError:
                self.fail("invalid")
        return super().to_internal_value(data)


class ModelSerializer(serializers.ModelSerializer):
    """The base of every model serializer in the project: its model date-times are `DateTimeField`s and its
    model JSON fields bounded `JSONField`s."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.DateTimeField: DateTimeField, models.JSONField: JSONField}


class ScopedSerializerMixin:
    """Limits related-object choices to what the user may see and makes role-locked fields read-only."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, VIEW)
        instance = self.instance if not isinstance(self.instance, list | tuple) else None
        if instance is not None and hasattr(instance, "locked_fields") and getattr(instance, "pk", None):
            for name in instance.locked_fields(user) & set(fields):
                fields[name].read_only = True
        return fields


class AreaSerializer(ScopedSerializerMixin, ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), allow_null=True,
                                          required=False)

    class Meta:
        model = Area
        fields = ["id", "code", "name", "level", "parent", "centre_lat", "centre_lon", "outline"]


class SectorSerializer(ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "code", "name", "colour"]


class DepartmentSerializer(ScopedSerializerMixin, ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())
    sectors = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), many=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "area", "sectors", "phone"]


class AuditEntrySerializer(ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["seq", "timestamp", "actor_name", "remote_addr", "request_id", "action", "object_type",
                  "object_id", "object_repr", "before", "after", "prev_hash", "hash"]

    def to_representation(self, instance):
        """Without the values the reader may not see on the object itself (`restricted_fields`)."""
        data = super().to_representation(instance)
        data["before"], data["after"] = instance.visible_values(getattr(self.context.get("request"), "user", None))
        return data


class NotificationSerializer(ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "category", "title", "body", "url", "created", "read_at"]
        read_only_fields = fields
