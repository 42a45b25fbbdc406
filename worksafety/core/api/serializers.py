from rest_framework import serializers

from worksafety.core.models import Area, AuditEntry, Department, Notification, Sector
from worksafety.core.scoping import VIEW


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


class AreaSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), allow_null=True,
                                          required=False)

    class Meta:
        model = Area
        fields = ["id", "code", "name", "level", "parent", "centre_lat", "centre_lon", "outline"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "code", "name", "colour"]


class DepartmentSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())
    sectors = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), many=True)

    class Meta:
        model = Department
        fields = ["id", "code", "name", "area", "sectors", "phone"]


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["seq", "timestamp", "actor_name", "remote_addr", "request_id", "action", "object_type",
                  "object_id", "object_repr", "before", "after", "prev_hash", "hash"]


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "category", "title", "body", "url", "created", "read_at"]
        read_only_fields = fields
