from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.models import Area, Sector
from worksafety.registry.models import Chemical, Enterprise, HazardUnitSubstance, Licence, Park


class ParkSerializer(ScopedSerializerMixin, ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())

    class Meta:
        model = Park
        fields = ["id", "code", "name", "area", "area_km2", "safety_rating", "outline"]


class LicenceSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = Licence
        fields = ["id", "enterprise", "kind", "number", "issued_on", "expires_on", "issuer"]


GEOJSON_POINT = {
    "type": "object", "nullable": True, "required": ["type", "coordinates"],
    "properties": {"type": {"type": "string", "enum": ["Point"]},
                   "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2,
                                   "description": "[longitude, latitude], WGS-84"}},
}


@extend_schema_field(GEOJSON_POINT)
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


class EnterpriseSerializer(ScopedSerializerMixin, ModelSerializer):
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


class ChemicalSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = Chemical
        fields = ["id", "name", "cas", "un_number", "gb18218_row", "critical_quantity_t", "categories",
                  "ghs_classification", "key_supervised", "molecular_weight", "lel_pct", "uel_pct", "aegl1_ppm",
                  "aegl2_ppm", "aegl3_ppm", "idlh_ppm", "owner", "source"]
        # The standard's own data is not set through the API; enterprises add substances with categories.
        read_only_fields = ["gb18218_row", "critical_quantity_t", "key_supervised", "aegl1_ppm", "aegl2_ppm",
                            "aegl3_ppm", "source"]


class HazardUnitSubstanceSerializer(ModelSerializer):
    chemical_name = serializers.CharField(source="chemical.name", read_only=True)

    class Meta:
        model = HazardUnitSubstance
        fields = ["id", "chemical", "chemical_name", "quantity_t"]
