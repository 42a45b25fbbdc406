"""The API of 双随机 draws: announcing, drawing, cancelling and verifying, through the same services as the pages."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.serializers import (
    COUNT_MAX,
    DateTimeField,
    IntegerField,
    ModelSerializer,
    ScopedSerializerMixin,
)
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.models import Area, Sector
from worksafety.core.scoping import VIEW
from worksafety.enforcement.api import CancelSerializer
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.filtersets import DrawFilterSet
from worksafety.enforcement.draws.models import Draw, DrawPick
from worksafety.enforcement.draws.tables import DrawTable
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.registry.models import Park


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

    def filters(self) -> draws.PoolFilters:
        data = self.validated_data
        return draws.PoolFilters(
            sectors=[s.code for s in data.get("sectors", [])], areas=[a.code for a in data.get("areas", [])],
            parks=[p.code for p in data.get("parks", [])], colours=data.get("colours", []),
            credit_below=data.get("credit_below"), not_inspected_since=data.get("not_inspected_since"),
            exclude_key_targets=data["exclude_key_targets"])

    def draw(self) -> Draw:
        data = self.validated_data
        return Draw(title=data["title"], plan=data.get("plan"), month=data.get("month"),
                    scheduled_at=data["scheduled_at"], inspectors_per_pick=data["inspectors_per_pick"],
                    avoid_previous=data["avoid_previous"])


class VerificationSerializer(serializers.Serializer):
    consistent = serializers.BooleanField()
    differences = serializers.ListField(child=serializers.CharField())


class DrawViewSet(ScopedModelViewSet):
    """双随机 draws. POST announces one (pool filters, count or share, roster, avoidance); POST …/run/ draws it,
    POST …/cancel/ cancels it; GET …/verify/ recomputes a drawn one from its public record."""

    queryset = Draw.objects.prefetch_related("roster")
    serializer_class = DrawSerializer
    filterset_class = DrawFilterSet
    table = DrawTable
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=AnnounceSerializer, responses={201: DrawSerializer})
    def create(self, request, *args, **kwargs):
        announce = AnnounceSerializer(data=request.data, context=self.get_serializer_context())
        announce.is_valid(raise_exception=True)
        data = announce.validated_data
        draw = draws.do_announce_draw(
            announce.draw(), user=request.user, filters=announce.filters(), roster=data.get("roster", []),
            count=data.get("count"), share_percent=data.get("share_percent"),
            extra_avoidances=data.get("extra_avoidances", []))
        return Response(self.get_serializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: DrawSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        draw = draws.do_run_draw(self.get_object(), user=request.user)
        return Response(self.get_serializer(draw).data)

    @extend_schema(request=CancelSerializer, responses={200: DrawSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        draw = draws.do_cancel_draw(self.get_object(), user=request.user, reason=body.validated_data["reason"])
        return Response(self.get_serializer(draw).data)

    @extend_schema(responses={200: VerificationSerializer})
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        differences = draws.verify(self.get_object())
        return Response({"consistent": not differences, "differences": differences})
