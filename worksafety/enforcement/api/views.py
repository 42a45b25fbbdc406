"""The enforcement API: inspectors, enforcement plans, 双随机 draws (with verify), credit listings and repairs,
third-party agencies and their reports. Writes go through the same services as the pages."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW
from worksafety.enforcement.agencies import services as agencies
from worksafety.enforcement.agencies.filtersets import AgencyReportFilterSet, ThirdPartyAgencyFilterSet
from worksafety.enforcement.agencies.models import AgencyReport, ThirdPartyAgency
from worksafety.enforcement.agencies.tables import AgencyReportTable, ThirdPartyAgencyTable
from worksafety.enforcement.api import serializers
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.credit.filtersets import CreditListingFilterSet, CreditRepairFilterSet
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.credit.tables import CreditListingTable, CreditRepairTable
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.filtersets import DrawFilterSet
from worksafety.enforcement.draws.models import Draw
from worksafety.enforcement.draws.tables import DrawTable
from worksafety.enforcement.inspectors.filtersets import InspectorFilterSet
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.inspectors.tables import InspectorTable
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.choices import ProgressBy
from worksafety.enforcement.plans.filtersets import AnnualPlanFilterSet
from worksafety.enforcement.plans.models import AnnualPlan, PlanTarget
from worksafety.enforcement.plans.tables import AnnualPlanTable

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class InspectorViewSet(ScopedModelViewSet):
    """执法人员名录库; inspectors are retired (`active`), never deleted: draws name them for good."""

    queryset = Inspector.objects.select_related("department").prefetch_related("conflicts")
    serializer_class = serializers.InspectorSerializer
    filterset_class = InspectorFilterSet
    table = InspectorTable
    http_method_names = NO_DELETE


class AnnualPlanViewSet(ScopedModelViewSet):
    """年度监督检查计划. POST builds a draft for a year from the supervision list; PATCH changes a draft's share
    or note; steps are POST …/transitions/; GET …/targets/ and …/progress/?by=department|area|month."""

    queryset = AnnualPlan.objects.prefetch_related("quotas__sector")
    serializer_class = serializers.AnnualPlanSerializer
    filterset_class = AnnualPlanFilterSet
    table = AnnualPlanTable
    http_method_names = NO_DELETE

    def save_instance(self, instance, m2m):
        if instance.pk is None:
            return plans.do_create_plan(instance, user=self.request.user)
        return plans.do_save_plan(instance, user=self.request.user)

    @extend_schema(request=serializers.PlanTransitionSerializer, responses={200: serializers.AnnualPlanSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        plan = self.get_object()
        step = serializers.PlanTransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        plans.do_plan_transition(plan, step.validated_data["action"], user=request.user,
                                 comment=step.validated_data["comment"])
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(responses={200: serializers.PlanTargetSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def targets(self, request, pk=None):
        plan = self.get_object()
        targets = PlanTarget.objects.restrict(request.user, VIEW).filter(plan=plan).order_by("pk")
        page = self.paginate_queryset(targets)
        return self.get_paginated_response(serializers.PlanTargetSerializer(page, many=True).data)

    @extend_schema(parameters=[serializers.ProgressQuerySerializer],
                   responses={200: inline_serializer("PlanProgress", {
                       "by": drf_serializers.ChoiceField(choices=ProgressBy.choices),
                       "results": serializers.ProgressRowSerializer(many=True)})})
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        plan = self.get_object()
        query = serializers.ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = plans.plan_progress(plan, by=query.validated_data["by"], user=request.user)
        return Response({"by": query.validated_data["by"],
                         "results": serializers.ProgressRowSerializer(rows, many=True).data})


class DrawViewSet(ScopedModelViewSet):
    """双随机 draws. POST announces one (pool filters, count or share, roster, avoidance); POST …/run/ draws it,
    POST …/cancel/ cancels it; GET …/verify/ recomputes a drawn one from its public record."""

    queryset = Draw.objects.prefetch_related("roster")
    serializer_class = serializers.DrawSerializer
    filterset_class = DrawFilterSet
    table = DrawTable
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=serializers.AnnounceSerializer, responses={201: serializers.DrawSerializer})
    def create(self, request, *args, **kwargs):
        announce = serializers.AnnounceSerializer(data=request.data, context=self.get_serializer_context())
        announce.is_valid(raise_exception=True)
        data = announce.validated_data
        draw = draws.do_announce_draw(
            announce.draw(), user=request.user, filters=announce.filters(), roster=data.get("roster", []),
            count=data.get("count"), share_percent=data.get("share_percent"),
            extra_avoidances=data.get("extra_avoidances", []))
        return Response(self.get_serializer(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: serializers.DrawSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request, pk=None):
        draw = draws.do_run_draw(self.get_object(), user=request.user)
        return Response(self.get_serializer(draw).data)

    @extend_schema(request=serializers.CancelSerializer, responses={200: serializers.DrawSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        body = serializers.CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        draw = draws.do_cancel_draw(self.get_object(), user=request.user, reason=body.validated_data["reason"])
        return Response(self.get_serializer(draw).data)

    @extend_schema(responses={200: serializers.VerificationSerializer})
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        differences = draws.verify(self.get_object())
        return Response({"consistent": not differences, "differences": differences})


class CreditListingViewSet(ScopedModelViewSet):
    """失信惩戒名单 and 严重失信主体名单; POST …/revoke/ {"reason"} sets a listing aside."""

    queryset = CreditListing.objects.select_related("enterprise")
    serializer_class = serializers.CreditListingSerializer
    filterset_class = CreditListingFilterSet
    table = CreditListingTable
    http_method_names = NO_DELETE

    def save_instance(self, instance, m2m):
        return credit.do_save_listing(instance, user=self.request.user)

    @extend_schema(request=serializers.CancelSerializer, responses={200: serializers.CreditListingSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        body = serializers.CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        listing = credit.do_revoke_listing(self.get_object(), user=request.user,
                                           reason=body.validated_data["reason"])
        return Response(self.get_serializer(listing).data)


class CreditRepairViewSet(ScopedModelViewSet):
    """信用修复: POST applies for a listing; POST …/decide/ {"action": "approve"|"refuse", "comment"}."""

    queryset = CreditRepair.objects.select_related("listing__enterprise")
    serializer_class = serializers.CreditRepairSerializer
    filterset_class = CreditRepairFilterSet
    table = CreditRepairTable
    http_method_names = ["get", "post", "head", "options"]

    def save_instance(self, instance, m2m):
        return credit.do_apply_repair(instance.listing, user=self.request.user, reason=instance.reason,
                                      commitment=instance.commitment)

    @extend_schema(request=serializers.RepairDecisionSerializer, responses={200: serializers.CreditRepairSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = serializers.RepairDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        repair = credit.do_decide_repair(self.get_object(), body.validated_data["action"], user=request.user,
                                         comment=body.validated_data["comment"])
        return Response(self.get_serializer(repair).data)


class ThirdPartyAgencyViewSet(ScopedModelViewSet):
    queryset = ThirdPartyAgency.objects.prefetch_related("qualifications")
    serializer_class = serializers.ThirdPartyAgencySerializer
    filterset_class = ThirdPartyAgencyFilterSet
    table = ThirdPartyAgencyTable


class AgencyReportViewSet(ScopedModelViewSet):
    queryset = AgencyReport.objects.select_related("agency", "enterprise")
    serializer_class = serializers.AgencyReportSerializer
    filterset_class = AgencyReportFilterSet
    table = AgencyReportTable

    def save_instance(self, instance, m2m):
        return agencies.do_save_report(instance, user=self.request.user)
