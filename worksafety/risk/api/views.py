from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW, can
from worksafety.registry.api.serializers import ChemicalSerializer
from worksafety.registry.filtersets import ChemicalFilterSet, EnterpriseFilterSet, HazardUnitFilterSet
from worksafety.registry.models import Chemical, Enterprise, HazardUnit
from worksafety.registry.tables import ChemicalTable, HazardUnitTable
from worksafety.risk import filtersets, services, tables
from worksafety.risk.api import serializers
from worksafety.risk.models import (
    CheckTask,
    ControlMeasure,
    EnterpriseGrading,
    MajorHazardAssessment,
    RiskEvent,
    RiskObject,
    RiskUnit,
)


class RiskObjectViewSet(ScopedModelViewSet):
    queryset = RiskObject.objects.all()
    serializer_class = serializers.RiskObjectSerializer
    filterset_class = filtersets.RiskObjectFilterSet


class RiskUnitViewSet(ScopedModelViewSet):
    queryset = RiskUnit.objects.all()
    serializer_class = serializers.RiskUnitSerializer
    filterset_class = filtersets.RiskUnitFilterSet


class RiskEventViewSet(ScopedModelViewSet):
    """Risk points (风险事件) with their LEC/LS score and colour."""

    queryset = RiskEvent.objects.select_related("risk_unit__risk_object__enterprise")
    serializer_class = serializers.RiskEventSerializer
    filterset_class = filtersets.RiskEventFilterSet
    table = tables.RiskEventTable

    def save_instance(self, instance, m2m):
        return services.do_save_risk_event(instance, user=self.request.user)


class ControlMeasureViewSet(ScopedModelViewSet):
    queryset = ControlMeasure.objects.all()
    serializer_class = serializers.ControlMeasureSerializer
    filterset_class = filtersets.ControlMeasureFilterSet


class CheckTaskViewSet(ScopedModelViewSet):
    queryset = CheckTask.objects.all()
    serializer_class = serializers.CheckTaskSerializer
    filterset_class = filtersets.CheckTaskFilterSet


class EnterpriseGradingViewSet(viewsets.ReadOnlyModelViewSet):
    """Enterprise gradings; new ones are made by the two methods, and the district reviews them."""

    queryset = EnterpriseGrading.objects.select_related("enterprise", "assessor", "reviewer")
    serializer_class = serializers.EnterpriseGradingSerializer
    filterset_class = filtersets.EnterpriseGradingFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    def exports_xlsx(self) -> bool:
        return self.action == "list"

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "xlsx":
            objects = self.filter_queryset(self.get_queryset())[: settings.WORKSAFETY_MAX_EXPORT_ROWS]
            return tables.EnterpriseGradingTable(objects).xlsx_response(str(EnterpriseGrading._meta.verbose_name_plural))
        return super().list(request, *args, **kwargs)

    @extend_schema(request=serializers.ReviewSerializer, responses={200: serializers.EnterpriseGradingSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        grading = self.get_object()
        data = serializers.ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.do_review_grading(grading, user=request.user, approve=data.validated_data["approve"],
                                   comment=data.validated_data["comment"])
        return Response(self.get_serializer(grading).data)


class SupervisionPlanView(APIView):
    """差异化监管: key inspections for the year per enterprise, and the random-draw pool (`random_pool`).

    Filters are the enterprise list's; `?format=xlsx` downloads the same rows.
    """

    def exports_xlsx(self) -> bool:
        return True

    @extend_schema(parameters=[OpenApiParameter("year", int)],
                   responses={200: inline_serializer("SupervisionPlan", {
                       "year": drf_serializers.IntegerField(),
                       "results": serializers.SupervisionLineSerializer(many=True)})})
    def get(self, request, format=None):
        if not can(request.user, Enterprise, VIEW):
            raise NotFound
        filterset = EnterpriseFilterSet(request.query_params, queryset=Enterprise.objects.restrict(request.user, VIEW),
                                        request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        lines = services.SupervisionPlan(filterset.qs).lines()
        year = services.plan_year(request.query_params.get("year"))
        if request.accepted_renderer.format == "xlsx":
            name = gettext("%(year)d年差异化监管清单") % {"year": year}
            return tables.SupervisionTable(lines).xlsx_response(name, f"{name}.xlsx")
        return Response({"year": year, "results": serializers.SupervisionLineSerializer(lines, many=True).data},
                        status=status.HTTP_200_OK)


class ChemicalViewSet(ScopedModelViewSet):
    queryset = Chemical.objects.select_related("owner")
    serializer_class = ChemicalSerializer
    filterset_class = ChemicalFilterSet
    table = ChemicalTable

    def save_instance(self, instance, m2m):
        return services.do_save_chemical(instance, user=self.request.user)


class HazardUnitViewSet(ScopedModelViewSet):
    queryset = HazardUnit.objects.select_related("enterprise", "enterprise__park").prefetch_related(
        "substances__chemical", Prefetch("assessments", queryset=MajorHazardAssessment.objects.order_by("-assessed_at", "-id"))
    )
    serializer_class = serializers.HazardUnitSerializer
    filterset_class = HazardUnitFilterSet
    table = HazardUnitTable

    def save_instance(self, instance, m2m):
        return services.do_save_hazard_unit(instance, user=self.request.user)

    @extend_schema(request=serializers.SubstanceInputSerializer,
                   responses={200: serializers.HazardUnitSerializer})
    @action(detail=True, methods=["post"], url_path="substances")
    def set_substance(self, request, pk=None):
        """Add a chemical to the unit or change its design maximum quantity; the unit is regraded."""
        unit = self.get_object()
        data = serializers.SubstanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.do_set_substance(unit, data.validated_data["chemical"], data.validated_data["quantity_t"],
                                  user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=unit.pk)).data)

    @action(detail=True, methods=["delete"], url_path=r"substances/(?P<substance_id>\d+)")
    def remove_substance(self, request, pk=None, substance_id=None):
        unit = self.get_object()
        row = unit.substances.filter(pk=substance_id).first()
        if row is None:
            raise NotFound
        services.do_remove_substance(row, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
