"""The API of enforcement plans: a year's plan with its quotas, its targets and its progress. Writes go through
the same services as the pages."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW
from worksafety.core.workflow import transition
from worksafety.enforcement.api import NO_DELETE
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.choices import ProgressBy
from worksafety.enforcement.plans.filtersets import AnnualPlanFilterSet
from worksafety.enforcement.plans.models import AnnualPlan, PlanQuota, PlanTarget
from worksafety.enforcement.plans.tables import AnnualPlanTable


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


class AnnualPlanViewSet(ScopedModelViewSet):
    """年度监督检查计划. POST builds a draft for a year from the supervision list; PATCH changes a draft's share
    or note; steps are POST …/transitions/; GET …/targets/ and …/progress/?by=department|area|month."""

    queryset = AnnualPlan.objects.prefetch_related("quotas__sector")
    serializer_class = AnnualPlanSerializer
    filterset_class = AnnualPlanFilterSet
    table = AnnualPlanTable
    http_method_names = NO_DELETE

    def save_instance(self, instance, m2m):
        if instance.pk is None:
            return plans.do_create_plan(instance, user=self.request.user)
        return plans.do_save_plan(instance, user=self.request.user)

    @extend_schema(request=PlanTransitionSerializer, responses={200: AnnualPlanSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        plan = self.get_object()
        step = PlanTransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        transition(plan, step.validated_data["action"], request.user, comment=step.validated_data["comment"])
        return Response(self.get_serializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(responses={200: PlanTargetSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def targets(self, request, pk=None):
        plan = self.get_object()
        targets = PlanTarget.objects.restrict(request.user, VIEW).filter(plan=plan).order_by("pk")
        page = self.paginate_queryset(targets)
        return self.get_paginated_response(PlanTargetSerializer(page, many=True).data)

    @extend_schema(parameters=[ProgressQuerySerializer],
                   responses={200: inline_serializer("PlanProgress", {
                       "by": serializers.ChoiceField(choices=ProgressBy.choices),
                       "results": ProgressRowSerializer(many=True)})})
    @action(detail=True, methods=["get"])
    def progress(self, request, pk=None):
        plan = self.get_object()
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = plans.plan_progress(plan, by=query.validated_data["by"], user=request.user)
        return Response({"by": query.validated_data["by"],
                         "results": ProgressRowSerializer(rows, many=True).data})
