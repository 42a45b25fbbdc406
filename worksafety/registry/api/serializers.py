from django.utils.translation import gettext
from rest_framework import serializers

from worksafety.core.api.serializers import ScopedSerializerMixin
from worksafety.core.models import Area, Sector
from worksafety.registry.models import Enterprise, Licence, Park


class ParkSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())

    class Meta:
        model = Park
        fields = ["id", "code", "name", "area", "area_km2", "safety_rating", "outline"]


class LicenceSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Licence
        fields = ["id", "enterprise", "kind", "number", "issued_on", "expires_on", "issuer"]


class LocationField(serializers.Field):
    """A GeoJSON Point (lon, lat in WGS-84) read from and written to the model's lat/lon."""

    def __init__(self, **kwargs):
        super().__init__(source="*", allow_null=True, required=False, **kwargs)

    def to_representation(self, instance):
        return instance.location

    def to_internal_value(self, data):
        if data is None:
            return {"lat": None, "lon": None}
        try:
            if data["type"] != "Point":
                raise ValueError
            lon, lat = (float(v) for v in data["coordinates"])
        except (KeyError, TypeError, ValueError):
            raise serializers.ValidationError(
                gettext('须为 GeoJSON Point，如 {"type": "Point", "coordinates": [121.83, 39.03]}（先经度后纬度）。')
            ) from None
        return {"lat": lat, "lon": lon}


class EnterpriseSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all())
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.filter(level__in=["street", "zone"]))
    park = serializers.SlugRelatedField(slug_field="code", queryset=Park.objects.all(), allow_null=True,
                                        required=False)
    location = LocationField()
    licences = LicenceSerializer(many=True, read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id", "name", "uscc", "sector", "industry_code", "scale", "area", "park", "address", "location",
            "legal_representative", "safety_manager", "safety_phone", "employees", "standardisation_grade",
            "status", "licences", "created", "updated",
        ]
        read_only_fields = ["created", "updated"]
        # Uniqueness is checked by the model's full_clean in the service, with the same message as the page.
        extra_kwargs = {"uscc": {"validators": []}}

    def validate_uscc(self, value):
        return value.strip().upper()
