from django.contrib.auth import authenticate
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core import audit, filtersets, tables
from worksafety.core import notifications as notifications_service
from worksafety.core.api import serializers as core_serializers
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.auth import lockout_message
from worksafety.core.choices import AuditAction
from worksafety.core.models import Area, AuditEntry, Department, Notification, Sector


class AreaViewSet(ScopedModelViewSet):
    queryset = Area.objects.select_related("parent")
    serializer_class = core_serializers.AreaSerializer
    filterset_class = filtersets.AreaFilterSet
    table = tables.AreaTable


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Sector.objects.all()
    serializer_class = core_serializers.SectorSerializer
    pagination_class = None

    def get_queryset(self):
        return self.queryset.restrict(self.request.user)


class DepartmentViewSet(ScopedModelViewSet):
    queryset = Department.objects.select_related("area").prefetch_related("sectors")
    serializer_class = core_serializers.DepartmentSerializer
    filterset_class = filtersets.DepartmentFilterSet
    table = tables.DepartmentTable


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AuditEntry.objects.all()
    serializer_class = core_serializers.AuditEntrySerializer
    filterset_class = filtersets.AuditEntryFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user)


class ObtainTokenView(APIView):
    """Exchanges a username and password for an API token, under the same lockout as the login page."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=inline_serializer("TokenRequest", {"username": serializers.CharField(),
                                                   "password": serializers.CharField()}),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
    )
    def post(self, request):
        # The body may be any JSON (a list, a number): only an object with two strings is a login.
        data = request.data if isinstance(request.data, dict) else {}
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            return Response({"detail": gettext("请提供 username 和 password。")}, status=status.HTTP_400_BAD_REQUEST)
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            message = lockout_message(username) or gettext("用户名或密码错误。")
            return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        audit.record(AuditAction.TOKEN, actor=user, object_repr=username)
        return Response({"token": token.key})


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The requesting user's own notifications, newest first; `?unread=1` for the unread ones only.
    Notifications are personal, so they are not scoped by area but by recipient."""

    queryset = Notification.objects.none()  # names the model for the schema; requests get their user's own
    serializer_class = core_serializers.NotificationSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Notification.objects.none()
        notifications = Notification.objects.filter(recipient=self.request.user)
        if self.request.query_params.get("unread", "").lower() in {"1", "true", "yes"}:
            notifications = notifications.filter(read_at__isnull=True)
        return notifications

    @extend_schema(parameters=[OpenApiParameter("unread", bool, description=gettext_lazy("只列出未读消息"))])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=core_serializers.NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notifications_service.do_mark_read(request.user, ids=[notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None,
                   responses=inline_serializer("NotificationsRead", {"read": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"read": notifications_service.do_mark_read(request.user)})
