from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.hazards import filtersets, services, tables
from worksafety.hazards.api.serializers import HazardSerializer, TransitionSerializer
from worksafety.hazards.models import Hazard


class HazardViewSet(ScopedModelViewSet):
    """Hazards; registering is POST, and every later change is a step: POST /hazards/{id}/transitions/."""

    queryset = Hazard.objects.select_related("enterprise").prefetch_related("events__actor")
    serializer_class = HazardSerializer
    filterset_class = filtersets.HazardFilterSet
    table = tables.HazardTable
    http_method_names = ["get", "post", "head", "options"]

    def save_instance(self, instance, m2m):
        return services.do_register_hazard(instance, user=self.request.user)

    @extend_schema(request=TransitionSerializer, responses={200: HazardSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        hazard = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        action_name, comment = data.pop("action"), data.pop("comment")
        services.do_transition(hazard, action_name, user=request.user, comment=comment, data=data)
        return Response(self.get_serializer(self.get_queryset().get(pk=hazard.pk)).data)
