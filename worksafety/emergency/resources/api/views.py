"""The emergency resources' API: a collection per kind (the pages' FilterSets and tables, so filters and
`?format=xlsx` exports match the pages), stock movements posted through the stock services, and
`/api/v1/emergency-resources/`, every resource of every kind in one read-only list."""

from django.conf import settings
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core.api.pagination import Pagination
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW, can
from worksafety.core.services import do_save_object
from worksafety.emergency.resources import filtersets, services, tables
from worksafety.emergency.resources.api import serializers
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
)

READ_ONLY = ["get", "head", "options"]


class RescueTeamViewSet(ScopedModelViewSet):
    queryset = RescueTeam.objects.select_related(*services.OWNER_RELATED)
    serializer_class = serializers.RescueTeamSerializer
    filterset_class = filtersets.RescueTeamFilterSet
    table = tables.RescueTeamTable


class WarehouseViewSet(ScopedModelViewSet):
    queryset = Warehouse.objects.select_related(*services.OWNER_RELATED)
    serializer_class = serializers.WarehouseSerializer
    filterset_class = filtersets.WarehouseFilterSet
    table = tables.WarehouseTable


class SupplyItemViewSet(ScopedModelViewSet):
    queryset = SupplyItem.objects.all()
    serializer_class = serializers.SupplyItemSerializer
    filterset_class = filtersets.SupplyItemFilterSet
    table = tables.SupplyItemTable


class StockViewSet(ScopedModelViewSet):
    """Stock per warehouse, item and batch; it changes only by POST /api/v1/stock-movements/."""

    queryset = Stock.objects.select_related("warehouse", "item")
    serializer_class = serializers.StockSerializer
    filterset_class = filtersets.StockFilterSet
    table = tables.StockTable
    http_method_names = READ_ONLY


class StockMovementViewSet(ScopedModelViewSet):
    """The movement history; POST moves stock (入库 `in`, 出库 `out`, 调拨 `transfer`) and answers with the
    movements written, one per batch."""

    queryset = StockMovement.objects.select_related("item", "source", "target", "actor")
    serializer_class = serializers.StockMovementSerializer
    filterset_class = filtersets.StockMovementFilterSet
    table = tables.StockMovementTable
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(responses={201: serializers.StockMovementSerializer(many=True)})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        movements = services.do_stock_movement(
            data["kind"], data["item"], data["quantity"], user=request.user, source=data.get("source"),
            target=data.get("target"), batch=data.get("batch"), expiry=data.get("expiry"), note=data.get("note", ""))
        return Response(self.get_serializer(movements, many=True).data, status=status.HTTP_201_CREATED)


class ExpertViewSet(ScopedModelViewSet):
    queryset = Expert.objects.select_related("user")
    serializer_class = serializers.ExpertSerializer
    filterset_class = filtersets.ExpertFilterSet
    table = tables.ExpertTable

    def save_instance(self, instance, m2m):
        do_save_object(instance, user=self.request.user, m2m=m2m)
        # Read back through restrict(), which says whether this user may see the contacts just saved.
        return Expert.objects.restrict(self.request.user, VIEW).get(pk=instance.pk)


class ShelterViewSet(ScopedModelViewSet):
    queryset = Shelter.objects.select_related("area")
    serializer_class = serializers.ShelterSerializer
    filterset_class = filtersets.ShelterFilterSet
    table = tables.ShelterTable


class SensitiveTargetViewSet(ScopedModelViewSet):
    queryset = SensitiveTarget.objects.select_related("area")
    serializer_class = serializers.SensitiveTargetSerializer
    filterset_class = filtersets.SensitiveTargetFilterSet
    table = tables.SensitiveTargetTable


class EmergencyResourceListView(APIView):
    """Every emergency resource the user may see: `kind` (team, warehouse, shelter, target, expert), `id`,
    `name`, `location` (GeoJSON Point; null for experts), `area` (code), `url` (its page) and what matters
    about its kind (a team's duty status and headcount, a warehouse's usable stock, a shelter's capacity, a
    target's population, an expert's specialties). `?kind=` and `?area=` filter; `?format=xlsx` exports."""

    def exports_xlsx(self) -> bool:
        return True

    @extend_schema(parameters=[serializers.ResourceQuerySerializer,
                               OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
                   responses={200: {"type": "object"}})
    def get(self, request):
        query = serializers.ResourceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = self.rows(request.user, query.validated_data.get("kind"), query.validated_data.get("area"))
        if request.accepted_renderer.format == "xlsx":
            return tables.ResourceTable(rows[: settings.WORKSAFETY_MAX_EXPORT_ROWS]).xlsx_response(gettext("应急资源"))
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([self.present(row) for row in page])

    def rows(self, user, kind, area) -> list[dict]:
        rows = []
        for name, model in services.KINDS.items():
            if kind not in (None, name) or not can(user, model, VIEW):
                continue
            objects = services.visible(name, user).order_by("name", "pk")
            if area is not None:
                if name not in services.LOCATED_KINDS:
                    continue  # experts serve the whole district
                objects = objects.filter(area__code__startswith=area.code)
            rows += services.describe(name, objects)
        return rows

    @staticmethod
    def present(row: dict) -> dict:
        lat, lon = row.pop("lat"), row.pop("lon")
        return {**row, "location": {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None}
