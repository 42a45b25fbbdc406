from decimal import Decimal

from rest_framework import serializers

from worksafety.core.api.serializers import (
    COUNT_MAX,
    DateTimeField,
    IntegerField,
    ModelSerializer,
    ScopedSerializerMixin,
)
from worksafety.core.models import Area, Sector
from worksafety.core.scoping import VIEW
from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.draws.models import Draw, DrawPick
from worksafety.enforcement.draws.services import PoolFilters
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.choices import ProgressBy
from worksafety.enforcement.plans.models import AnnualPlan, PlanQuota, PlanTarget
from worksafety.registry.models import Enterprise, Park


class InspectorSerializer(ScopedSerializerMixin, ModelSerializer):
    is_valid = serializers.BooleanField(read_only=True)

    class Meta:
        model = Inspector
        fields = ["id", "name", "department", "user", "certificate_number", "valid_from", "valid_until", "active",
                  "is_valid", "conflicts"]

    def to_representation(self, instance):
        """Declared conflicts only with enterprises the reader may see, as the inspector page shows them."""
        data = super().to_representation(instance)
        user = self.context["request"].user
        visible = set(Enterprise.objects.restrict(user, VIEW).filter(pk__in=data["conflicts"])
                      .values_list("pk", flat=True))
        data["conflicts"] = [pk for pk in data["conflicts"] if pk in visible]
        return data


class PlanQuotaSerializer(ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = PlanQuota
        fields = ["sector", "month", "quota"]


class AnnualPlanSerializer(ScopedSerializerMixin, ModelSerializer):
    """A year's plan; POST builds a draft from the supervision list, steps are POST …/transitions/."""

    quotas = PlanQuotaSerializer(many=True, read_only=True)

    class Meta:
        model = AnnualPlan
        fields = ["id", "year", "random_share_percent", "status", "note", "created_by", "created", "submitted_at",
                  "approved_by", "approved_at", "return_comment", "quotas"]
        read_only_fields = ["status", "created_by", "created", "submitted_at", "approved_by", "approved_at",
                            "return_comment"]


class PlanTargetSerializer(ModelSerializer):
    class Meta:
        model = PlanTarget
        fields = ["id", "plan", "enterprise", "colour", "key_inspections", "responsible_department",
                  "responsible_area"]


class PlanTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "return", "approve"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ProgressQuerySerializer(serializers.Serializer):
    by = serializers.ChoiceField(choices=ProgressBy.choices, default=ProgressBy.DEPARTMENT)


class ProgressRowSerializer(serializers.Serializer):
    key = serializers.SerializerMethodField()
    label = serializers.CharField()
    key_planned = serializers.IntegerField()
    key_done = serializers.IntegerField()
    random_planned = serializers.IntegerField(allow_null=True)
    random_drawn = serializers.IntegerField()
    random_done = serializers.IntegerField()

    def get_key(self, row) -> str:
        return "-".join(str(part) for part in row.key) if isinstance(row.key, tuple) else str(row.key)


class DrawPickSerializer(ModelSerializer):
    class Meta:
        model = DrawPick
        fields = ["order", "enterprise", "inspectors"]


class DrawSerializer(ScopedSerializerMixin, ModelSerializer):
    """A 双随机 draw as published: the parameters (canonical JSON text), the commitment, and once drawn the
    nonce and the picks in the user's scope."""

    nonce = serializers.CharField(source="revealed_nonce", read_only=True)
    picks = serializers.SerializerMethodField()

    class Meta:
        model = Draw
        fields = ["id", "title", "plan", "month", "status", "filters", "share_percent", "count", "pool_size",
                  "inspectors_per_pick", "avoid_previous", "extra_avoidances", "roster", "parameters",
                  "parameters_sha256", "commitment", "nonce", "announced_by", "announced_at", "scheduled_at",
                  "drawn_by", "drawn_at", "cancel_reason", "picks"]
        read_only_fields = fields

    def get_picks(self, draw) -> list[dict]:
        request = self.context.get("request")
        picks = DrawPick.objects.restrict(request.user, VIEW) if request else DrawPick.objects.none()
        return DrawPickSerializer(picks.filter(draw=draw).prefetch_related("inspectors"), many=True).data


class AnnounceSerializer(serializers.Serializer):
    """POST /draws/: what `DrawForm` asks, with pool filters by code and the roster by inspector id."""

    title = serializers.CharField(max_length=100)
    plan = serializers.PrimaryKeyRelatedField(queryset=AnnualPlan.objects.all(), required=False, allow_null=True)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True)
    scheduled_at = DateTimeField()
    count = IntegerField(min_value=1, required=False, allow_null=True, max_value=COUNT_MAX)
    share_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal("100"),
                                             required=False, allow_null=True)
    inspectors_per_pick = serializers.IntegerField(min_value=2, max_value=10, default=2)
    avoid_previous = serializers.BooleanField(default=True)
    roster = serializers.PrimaryKeyRelatedField(queryset=Inspector.objects.all(), many=True, required=False)
    sectors = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), many=True,
                                           required=False)
    areas = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), many=True, required=False)
    parks = serializers.SlugRelatedField(slug_field="code", queryset=Park.objects.all(), many=True, required=False)
    colours = serializers.ListField(child=serializers.ChoiceField(choices=["red", "orange", "yellow", "blue",
                                                                           "none"]), required=False)
    credit_below = serializers.IntegerField(min_value=1, max_value=101, required=False, allow_null=True)
    not_inspected_since = serializers.DateField(required=False, allow_null=True)
    exclude_key_targets = serializers.BooleanField(default=True)
    extra_avoidances = serializers.ListField(
        child=serializers.ListField(child=IntegerField(min_value=1), min_length=2, max_length=2),
        required=False, help_text="[[inspector id, enterprise id], …]")

    def filters(self) -> PoolFilters:
        data = self.validated_data
        return PoolFilters(
            sectors=[s.code for s in data.get("sectors", [])], areas=[a.code for a in data.get("areas", [])],
            parks=[p.code for p in data.get("parks", [])], colours=data.get("colours", []),
            credit_below=data.get("credit_below"), not_inspected_since=data.get("not_inspected_since"),
            exclude_key_targets=data["exclude_key_targets"])

    def draw(self) -> Draw:
        data = self.validated_data
        return Draw(title=data["title"], plan=data.get("plan"), month=data.get("month"),
                    scheduled_at=data["scheduled_at"], inspectors_per_pick=data["inspectors_per_pick"],
                    avoid_previous=data["avoid_previous"])


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class VerificationSerializer(serializers.Serializer):
    consistent = serializers.BooleanField()
    differences = serializers.ListField(child=serializers.CharField())


class CreditListingSerializer(ScopedSerializerMixin, ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    legal_basis = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = CreditListing
        fields = ["id", "enterprise", "kind", "criterion", "legal_basis", "basis_reference", "decided_on",
                  "period_start", "period_end", "status", "ended_on", "is_active", "public", "note", "created_by",
                  "created"]
        read_only_fields = ["status", "ended_on", "created_by", "created"]


class CreditRepairSerializer(ScopedSerializerMixin, ModelSerializer):
    """POST applies for a repair of a listing (the listed enterprise, or the bureau on its behalf)."""

    listing = serializers.PrimaryKeyRelatedField(queryset=CreditListing.objects.all())

    class Meta:
        model = CreditRepair
        fields = ["id", "listing", "reason", "commitment", "status", "applicant", "applied_at", "reviewer",
                  "reviewed_at", "review_comment"]
        read_only_fields = ["status", "applicant", "applied_at", "reviewer", "reviewed_at", "review_comment"]


class RepairDecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["approve", "refuse"])
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class QualificationSerializer(ModelSerializer):
    is_valid = serializers.BooleanField(read_only=True)

    class Meta:
        model = AgencyQualification
        fields = ["id", "kind", "number", "scope", "issuer", "valid_until", "is_valid"]


class ThirdPartyAgencySerializer(ScopedSerializerMixin, ModelSerializer):
    qualifications = QualificationSerializer(many=True, read_only=True)

    class Meta:
        model = ThirdPartyAgency
        fields = ["id", "name", "uscc", "address", "contact", "phone", "active", "qualifications"]


class AgencyReportSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = AgencyReport
        fields = ["id", "agency", "enterprise", "kind", "number", "date", "conclusion", "created_by"]
        read_only_fields = ["created_by"]

