from django.contrib.auth import authenticate
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core import audit, filtersets, tables
from worksafety.core.api import serializers as core_serializers
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.auth import lockout_message
from worksafety.core.choices import AuditAction
from worksafety.core.models import Area, AuditEntry, Department, Sector


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
        username = request.data.get("username")
        password = request.data.get("password")
        if not isinstance(username, str) or not isinstance(password, str) or not username or not password:
            return Response({"detail": gettext("请提供 username 和 password。")}, status=status.HTTP_400_BAD_REQUEST)
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            message = lockout_message(username) or gettext("用户名或密码错误。")
            return Response({"detail": message}, status=status.HTTP_400_BAD_REQUEST)
        token, _ = Token.objects.get_or_create(user=user)
        audit.record(AuditAction.TOKEN, actor=user, object_repr=username)
        return Response({"token": token.key})
