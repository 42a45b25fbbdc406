from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core.api.parsers import JSONParser
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.http import client_address
from worksafety.core.workflow import transition
from worksafety.tipoffs import filtersets, services, tables
from worksafety.tipoffs.api.serializers import (
    PublicStatusSerializer,
    PublicTipOffSerializer,
    TipOffSerializer,
    TransitionSerializer,
)
from worksafety.tipoffs.models import TipOff


class TipOffViewSet(ScopedModelViewSet):
    """Tip-offs for the staff who handle them; each change is a step: POST /tipoffs/{id}/transitions/."""

    queryset = TipOff.objects.select_related("area").prefetch_related("events__actor")
    serializer_class = TipOffSerializer
    filterset_class = filtersets.TipOffFilterSet
    table = tables.TipOffTable
    http_method_names = ["get", "head", "options", "post"]

    def create(self, request, *args, **kwargs):
        raise NotFound(_("举报由公众通过 /api/v1/public/tipoffs/ 提交。"))

    @extend_schema(request=TransitionSerializer, responses={200: TipOffSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        tipoff = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        transition(tipoff, data.pop("action"), request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=tipoff.pk)).data)


class PublicTipOffView(APIView):
    """POST a tip-off without login (JSON, or multipart with photos); answers the tracking code. Limited per
    address by the district's policy (429 beyond it)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=PublicTipOffSerializer, responses={201: {"type": "object"}})
    def post(self, request):
        data = PublicTipOffSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        location = values.pop("location") or {}
        try:
            tipoff = services.do_submit_tipoff(address=client_address(request), lat=location.get("lat"),
                                               lon=location.get("lon"), **values)
        except services.RateLimited as error:
            return Response({"detail": error.messages[0]}, status=status.HTTP_429_TOO_MANY_REQUESTS)
        except ValidationError as error:
            detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
            if "lat" in detail:  # the API takes the point as `location`
                detail["location"] = detail.pop("lat")
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        return Response({"tracking_code": tipoff.tracking_code, "due_on": tipoff.due_on},
                        status=status.HTTP_201_CREATED)


class PublicTipOffStatusView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: PublicStatusSerializer})
    def get(self, request, code):
        tipoff = TipOff.objects.filter(tracking_code=services.normalise_code(code) or None).first()
        if tipoff is None:
            raise NotFound(_("没有该查询码对应的举报。"))
        return Response(PublicStatusSerializer(tipoff).data)
