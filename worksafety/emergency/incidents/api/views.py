from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.workflow import transition
from worksafety.emergency.incidents import filtersets, services, tables
from worksafety.emergency.incidents.api.serializers import (
    AssessmentSerializer,
    IncidentSerializer,
    TransitionSerializer,
    UpdateSerializer,
)
from worksafety.emergency.incidents.models import Incident


class IncidentViewSet(ScopedModelViewSet):
    """突发事件: POST is 接报; POST …/updates/ is 续报; POST …/transitions/ confirms an alarm's proposal, starts
    or ends the response; GET …/assessment/ is the command board's decision support (zones, targets,
    resources, experts, plans)."""

    queryset = Incident.objects.select_related("area").prefetch_related("notices", "tasks", "events__actor")
    serializer_class = IncidentSerializer
    filterset_class = filtersets.IncidentFilterSet
    table = tables.IncidentTable
    http_method_names = ["get", "post", "head", "options"]

    def save_instance(self, instance, m2m):
        return services.do_report(instance, user=self.request.user)

    def _fresh(self, incident):
        return Response(IncidentSerializer(self.get_queryset().get(pk=incident.pk),
                                           context=self.get_serializer_context()).data)

    @extend_schema(request=UpdateSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None):
        incident = self.get_object()
        update = UpdateSerializer(data=request.data)
        update.is_valid(raise_exception=True)
        services.do_add_update(incident, user=request.user, **update.validated_data)
        return self._fresh(incident)

    @extend_schema(request=TransitionSerializer, responses={200: IncidentSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        incident = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        if step.validated_data["action"] == "confirm":
            services.do_confirm(incident, user=request.user)
        else:
            transition(incident, step.validated_data["action"], request.user)
        return self._fresh(incident)

    @extend_schema(responses={200: AssessmentSerializer})
    @action(detail=True, methods=["get"])
    def assessment(self, request, pk=None):
        return Response(services.assess(self.get_object(), user=request.user))
