"""The API of credit listings and credit repairs; writes go through the same services as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.workflow import transition
from worksafety.enforcement.api import NO_DELETE, CancelSerializer
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.credit.filtersets import CreditListingFilterSet, CreditRepairFilterSet
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.credit.tables import CreditListingTable, CreditRepairTable
from worksafety.registry.models import Enterprise


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


class CreditListingViewSet(ScopedModelViewSet):
    """失信惩戒名单 and 严重失信主体名单; POST …/revoke/ {"reason"} sets a listing aside."""

    queryset = CreditListing.objects.select_related("enterprise")
    serializer_class = CreditListingSerializer
    filterset_class = CreditListingFilterSet
    table = CreditListingTable
    http_method_names = NO_DELETE

    def save_instance(self, instance, m2m):
        return credit.do_save_listing(instance, user=self.request.user)

    @extend_schema(request=CancelSerializer, responses={200: CreditListingSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        listing = credit.do_revoke_listing(self.get_object(), user=request.user,
                                           reason=body.validated_data["reason"])
        return Response(self.get_serializer(listing).data)


class CreditRepairViewSet(ScopedModelViewSet):
    """信用修复: POST applies for a listing; POST …/decide/ {"action": "approve"|"refuse", "comment"}."""

    queryset = CreditRepair.objects.select_related("listing__enterprise")
    serializer_class = CreditRepairSerializer
    filterset_class = CreditRepairFilterSet
    table = CreditRepairTable
    http_method_names = ["get", "post", "head", "options"]

    def save_instance(self, instance, m2m):
        return credit.do_apply_repair(instance.listing, user=self.request.user, reason=instance.reason,
                                      commitment=instance.commitment)

    @extend_schema(request=RepairDecisionSerializer, responses={200: CreditRepairSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = RepairDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        repair = transition(self.get_object(), body.validated_data["action"], request.user,
                            comment=body.validated_data["comment"])
        return Response(self.get_serializer(repair).data)
