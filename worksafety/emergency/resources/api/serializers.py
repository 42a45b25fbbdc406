"""Serializers of the emergency resources' API. Writes go through the same model validation and services as
the pages; an expert's phone and e-mail are null for whoever may not see them."""

from django.utils.translation import gettext
from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.choices import Role
from worksafety.core.models import Area, Department, User
from worksafety.emergency.resources.choices import MovementKind, Specialty
from worksafety.emergency.resources.models import (
    QUANTITY,
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
)
from worksafety.emergency.resources.services import KINDS
from worksafety.registry.models import Park

LOCATED_FIELDS = ["area", "address", "lat", "lon", "location", "contact", "phone"]
OWNER_FIELDS = ["enterprise", "park", "department", "owner"]


class SpecialtiesField(serializers.ListField):
    child = serializers.ChoiceField(choices=Specialty.choices)


class LocatedSerializer(ScopedSerializerMixin, ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all())
    location = serializers.JSONField(read_only=True, help_text="GeoJSON Point (WGS-84)")


class OwnedSerializer(LocatedSerializer):
    park = serializers.SlugRelatedField(slug_field="code", queryset=Park.objects.all(), allow_null=True,
                                        required=False)
    department = serializers.SlugRelatedField(slug_field="code", queryset=Department.objects.all(),
                                              allow_null=True, required=False)
    owner = serializers.CharField(read_only=True)


class RescueTeamSerializer(OwnedSerializer):
    specialties = SpecialtiesField(required=False)

    class Meta:
        model = RescueTeam
        fields = ["id", "name", "kind", *OWNER_FIELDS, "headcount", "specialties", "equipment", "duty_status",
                  *LOCATED_FIELDS]


class WarehouseSerializer(OwnedSerializer):
    class Meta:
        model = Warehouse
        fields = ["id", "name", *OWNER_FIELDS, *LOCATED_FIELDS]


class SupplyItemSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = SupplyItem
        fields = ["id", "name", "category", "unit", "specification", "min_quantity"]


class StockSerializer(ModelSerializer):
    warehouse_name = serializers.CharField(source="warehouse.name", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    expired = serializers.BooleanField(source="is_expired", read_only=True)

    class Meta:
        model = Stock
        fields = ["id", "warehouse", "warehouse_name", "item", "item_name", "unit", "batch", "expiry", "quantity",
                  "expired"]
        read_only_fields = fields


class StockMovementSerializer(ScopedSerializerMixin, ModelSerializer):
    """POST moves stock: `in` needs `target`, `out` needs `source`, `transfer` both; a blank `batch` on
    out or transfer takes the batches that expire first."""

    quantity = serializers.DecimalField(**QUANTITY)
    actor = serializers.CharField(source="actor.get_username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = StockMovement
        fields = ["id", "kind", "item", "batch", "expiry", "quantity", "source", "target", "actor", "at", "note"]
        read_only_fields = ["actor", "at"]

    def validate(self, data):
        needs = {MovementKind.IN: ("target",), MovementKind.OUT: ("source",),
                 MovementKind.TRANSFER: ("source", "target")}[data["kind"]]
        missing = {name: gettext("该类型须填写此项。") for name in needs if not data.get(name)}
        if missing:
            raise serializers.ValidationError(missing)
        return data


class ExpertSerializer(ScopedSerializerMixin, ModelSerializer):
    specialties = SpecialtiesField(allow_empty=False)
    user = serializers.SlugRelatedField(slug_field="username", queryset=User.objects.filter(role=Role.EXPERT),
                                        allow_null=True, required=False)
    contacts_visible = serializers.BooleanField(read_only=True)

    class Meta:
        model = Expert
        fields = ["id", "name", "specialties", "title", "employer", "phone", "email", "contacts_visible",
                  "expertise", "user"]

    def to_representation(self, expert):
        data = super().to_representation(expert)
        data["phone"], data["email"] = expert.visible_phone, expert.visible_email
        return data


class ShelterSerializer(LocatedSerializer):
    class Meta:
        model = Shelter
        fields = ["id", "name", "capacity", "area_m2", "facilities", *LOCATED_FIELDS]


class SensitiveTargetSerializer(LocatedSerializer):
    class Meta:
        model = SensitiveTarget
        fields = ["id", "name", "kind", "population", *LOCATED_FIELDS]


class ResourceQuerySerializer(serializers.Serializer):
    """The filters of /api/v1/emergency-resources/."""

    kind = serializers.ChoiceField(choices=sorted(KINDS), required=False, help_text="team, warehouse, shelter, target or expert")
    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), required=False,
                                        help_text="an area code: resources in it and in the areas below it")
