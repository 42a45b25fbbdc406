from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.hazards import filtersets, services, tables
from worksafety.hazards.api.serializers import (
    ExtensionDecisionSerializer,
    ExtensionRequestSerializer,
    ExtensionSerializer,
    HazardSerializer,
    TransitionSerializer,
)
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


    @extend_schema(request=ExtensionRequestSerializer, responses={201: ExtensionSerializer})
    @action(detail=True, methods=["post"])
    def extensions(self, request, pk=None):
        """延期申请 for a hazard being rectified."""
        hazard = self.get_object()
        data = ExtensionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extension = services.do_request_extension(hazard, user=request.user, **data.validated_data)
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionDecisionSerializer, responses={200: ExtensionSerializer})
    @action(detail=True, methods=["post"], url_path=r"extensions/(?P<extension_id>\d+)/decision")
    def decide_extension(self, request, pk=None, extension_id=None):
        hazard = self.get_object()
        extension = hazard.extensions.filter(pk=extension_id).first()
        if extension is None:
            raise NotFound
        data = ExtensionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extension = services.do_decide_extension(extension, user=request.user, **data.validated_data)
        return Response(ExtensionSerializer(extension).data)
