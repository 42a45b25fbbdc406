"""`/api/v1/emergency-plans/` and `/api/v1/drills/`: the pages' FilterSets and tables (so filters and
`?format=xlsx` exports match the pages), writes through `emergency.plans.services`, and
`/api/v1/emergency-plans/match/`, the plans for an incident as the command board gets them."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW
from worksafety.core.workflow import transition
from worksafety.emergency.plans import services, tables
from worksafety.emergency.plans.api import serializers
from worksafety.emergency.plans.filtersets import DrillFilterSet, PlanFilterSet
from worksafety.emergency.plans.models import DisposalCard, EmergencyPlan, PlanResponseStep, PlanReview

NO_DELETE = ["get", "post", "put", "patch", "head", "options"]


class EmergencyPlanViewSet(ScopedModelViewSet):
    queryset = tables.plan_rows().prefetch_related("steps", "cards", "links_out__to_plan__enterprise",
                                                   "links_out__to_plan__department", "chemicals", "sectors")
    serializer_class = serializers.EmergencyPlanSerializer
    filterset_class = PlanFilterSet
    table = tables.PlanTable
    http_method_names = NO_DELETE
    # Actions on a plan the user may see; the services decide who may take them (备案 is the regulator's).
    plan_actions = ("publish", "file", "retire", "new_version", "reviews", "match")

    def get_queryset(self):
        if self.action in self.plan_actions:
            return self.queryset.restrict(self.request.user, VIEW)
        return super().get_queryset()

    def perform_create(self, serializer):
        self._save_plan(serializer, EmergencyPlan())

    def perform_update(self, serializer):
        self._save_plan(serializer, serializer.instance)

    def _save_plan(self, serializer, plan):
        data = dict(serializer.validated_data)
        parts = {name: _parts(plan, name, model, data.pop(name))
                 for name, model in (("steps", PlanResponseStep), ("cards", DisposalCard)) if name in data}
        links = data.pop("upper_plans", None)
        m2m = {name: data.pop(name) for name in ("chemicals", "sectors") if name in data}
        for name, value in data.items():
            setattr(plan, name, value)
        services.do_save_plan(plan, user=self.request.user, m2m=m2m, links=links, **parts)
        serializer.instance = self._fresh(plan)

    def _fresh(self, plan):
        """The plan as the list shows it (the owner always may see its own)."""
        return self.queryset.restrict(self.request.user, VIEW).get(pk=plan.pk)

    def _reply(self, plan, code=status.HTTP_200_OK):
        return Response(self.get_serializer(self._fresh(plan)).data, status=code)

    def _step(self, request, serializer_class, name):
        """Take step `name` with what the request brought (`serializer_class`'s fields)."""
        plan = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        return transition(plan, name, request.user, **data.validated_data)

    @extend_schema(request=serializers.PlanPublishSerializer, responses={200: serializers.EmergencyPlanSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._reply(self._step(request, serializers.PlanPublishSerializer, "publish"))

    @extend_schema(request=serializers.PlanFilingSerializer, responses={200: serializers.EmergencyPlanSerializer})
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        return self._reply(self._step(request, serializers.PlanFilingSerializer, "file"))

    @extend_schema(request=serializers.PlanRetireSerializer, responses={200: serializers.EmergencyPlanSerializer})
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        return self._reply(self._step(request, serializers.PlanRetireSerializer, "retire"))

    @extend_schema(request=serializers.PlanVersionSerializer, responses={201: serializers.EmergencyPlanSerializer})
    @action(detail=True, methods=["post"])
    def new_version(self, request, pk=None):
        plan = self.get_object()
        data = serializers.PlanVersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = services.do_new_version(plan, user=request.user, **data.validated_data)
        return self._reply(draft, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.PlanReviewSerializer, responses={201: serializers.PlanReviewSerializer})
    @action(detail=True, methods=["post"])
    def reviews(self, request, pk=None):
        plan = self.get_object()
        data = serializers.PlanReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = PlanReview(plan=plan, **data.validated_data)
        transition(plan, "review", request.user, review=review)
        return Response(serializers.PlanReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[serializers.PlanMatchQuerySerializer], responses={200: serializers.PlanMatchSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def match(self, request):
        """The plans in force for an incident, best first, with the reasons and the steps for its level
        (`emergency.plans.services.match_plans`)."""
        query = serializers.PlanMatchQuerySerializer(data={**request.query_params.dict(),
                                                       "chemical": request.query_params.getlist("chemical")})
        query.is_valid(raise_exception=True)
        given = query.validated_data
        found = services.match_plans(event_type=given.get("event_type") or None,
                                     chemical_ids=given.get("chemical", []), sector_id=given.get("sector"),
                                     level=given.get("level"), enterprise_id=given.get("enterprise"),
                                     user=request.user, limit=given["limit"])
        return Response({"count": len(found), "results": found})


def _parts(plan, related_name: str, model, rows) -> list:
    """Rows with an `id` change that part of the plan; an id of another plan's part goes to the service as it
    is, which refuses it."""
    existing = {part.pk: part for part in getattr(plan, related_name).all()} if plan.pk else {}
    parts = []
    for row in rows:
        row = dict(row)
        pk = row.pop("id", None)
        part = existing.get(pk) or model(pk=pk)
        for name, value in row.items():
            setattr(part, name, value)
        parts.append(part)
    return parts


class DrillViewSet(ScopedModelViewSet):
    queryset = tables.drill_rows()
    serializer_class = serializers.DrillSerializer
    filterset_class = DrillFilterSet
    table = tables.DrillTable
    http_method_names = NO_DELETE

    def save_instance(self, instance, m2m):
        return services.do_record_drill(instance, user=self.request.user)
