from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.monitoring import alarms, filtersets, ingest, services, tables
from worksafety.monitoring.api.serializers import (
    AlarmActionSerializer,
    AlarmSerializer,
    SensorSerializer,
)
from worksafety.monitoring.models import Alarm, IngestCredential, Sensor


class IngestKeyAuthentication(BaseAuthentication):
    """`Authorization: Token <ingest key>`: an enterprise's ingest credential, not a user's token."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if len(parts) != 2 or parts[0].lower() != b"token":
            return None
        credential = IngestCredential.objects.filter(key_digest=IngestCredential.digest(parts[1].decode(errors="replace")),
                                                     active=True).first()
        if credential is None:
            raise exceptions.AuthenticationFailed(_("接入凭证无效或已停用。"))
        return (None, credential)

    def authenticate_header(self, request):
        return "Token"


class RawBody(BaseParser):
    """The body is parsed by the pipeline itself (same code as MQTT), so DRF hands it over untouched."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        # One byte more than the limit is enough to know it is too large; a huge body is never held whole.
        return stream.read(settings.WORKSAFETY_MAX_PAYLOAD_BYTES + 1) if stream is not None else b""


class ReadingsView(APIView):
    """POST a batch of readings with an enterprise ingest key; the JSON is the MQTT payload (INTERFACES.md).
    Answers how many were accepted and, by reason, how many were refused."""

    authentication_classes = [IngestKeyAuthentication]
    permission_classes = [AllowAny]
    parser_classes = [RawBody]

    @extend_schema(request={"application/json": {"type": "object"}}, responses={200: {"type": "object"}})
    def post(self, request):
        credential = request.auth
        if credential is None:
            raise exceptions.NotAuthenticated(_("需要接入凭证：Authorization: Token <key>。"))
        body = request.data if isinstance(request.data, bytes) else b""
        prepared = ingest.ingest_now(ingest.shared_pipeline(), credential.enterprise_id, body)
        if "payload_too_large" in prepared.rejected:
            return Response({"detail": _("报文过大。")}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        if "malformed_json" in prepared.rejected:
            return Response({"detail": _('报文须为 {"readings": [...]} 形式的 JSON。')}, status=status.HTTP_400_BAD_REQUEST)
        rejected = dict(prepared.rejected)
        if prepared.inserted < len(prepared.rows):
            rejected["duplicate"] = rejected.get("duplicate", 0) + len(prepared.rows) - prepared.inserted
        return Response({"accepted": prepared.inserted, "rejected": rejected})


class SensorViewSet(ScopedModelViewSet):
    queryset = Sensor.objects.select_related("enterprise", "state")
    serializer_class = SensorSerializer
    filterset_class = filtersets.SensorFilterSet
    table = tables.SensorTable

    def save_instance(self, instance, m2m):
        return services.do_save_sensor(instance, user=self.request.user)


class AlarmViewSet(ScopedModelViewSet):
    """Alarms; operators act on them with POST /alarms/{id}/actions/ (ack, shelve, unshelve, reset)."""

    queryset = Alarm.objects.select_related("sensor", "enterprise")
    serializer_class = AlarmSerializer
    filterset_class = filtersets.AlarmFilterSet
    table = tables.AlarmTable
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        raise exceptions.NotFound(_("报警由监测数据产生。"))

    @extend_schema(request=AlarmActionSerializer, responses={200: AlarmSerializer})
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        alarm = self.get_object()
        data = AlarmActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        step = data.validated_data
        alarms.do_action(alarm, step["action"], user=request.user, comment=step["comment"], minutes=step.get("minutes"))
        return Response(self.get_serializer(self.get_queryset().get(pk=alarm.pk)).data)
