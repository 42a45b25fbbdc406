from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from worksafety.core import xlsx
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import ADD, can
from worksafety.registry import filtersets, tables
from worksafety.registry.api import serializers as registry_serializers
from worksafety.registry.imports import do_import_enterprises
from worksafety.registry.models import Enterprise, Licence, Park
from worksafety.registry.views import ENTERPRISE_LIST, parks_with_counts


class ParkViewSet(ScopedModelViewSet):
    queryset = Park.objects.select_related("area").order_by("code")
    serializer_class = registry_serializers.ParkSerializer
    filterset_class = filtersets.ParkFilterSet
    table = tables.ParkTable

    def get_queryset(self):
        return parks_with_counts(super().get_queryset(), self.request.user)


class LicenceViewSet(ScopedModelViewSet):
    queryset = Licence.objects.select_related("enterprise")
    serializer_class = registry_serializers.LicenceSerializer
    filterset_class = filtersets.LicenceFilterSet
    table = tables.LicenceTable


class EnterpriseViewSet(ScopedModelViewSet):
    queryset = ENTERPRISE_LIST.prefetch_related("licences")
    serializer_class = registry_serializers.EnterpriseSerializer
    filterset_class = filtersets.EnterpriseFilterSet
    table = tables.EnterpriseTable

    @extend_schema(
        request={"multipart/form-data": inline_serializer(
            "EnterpriseImport", {"file": serializers.FileField(), "dry_run": serializers.BooleanField(default=True)})},
        responses={200: inline_serializer("EnterpriseImportResult", {
            "rows": serializers.IntegerField(), "valid": serializers.IntegerField(),
            "created": serializers.IntegerField(),
            "dry_run": serializers.BooleanField()})},
    )
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_xlsx(self, request):
        """Validate an enterprise template; import every row, or none, unless `dry_run` (the default)."""
        if not can(request.user, Enterprise, ADD):
            raise NotFound
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [gettext("请上传 xlsx 文件。")]}, status=status.HTTP_400_BAD_REQUEST)
        dry_run = str(request.data.get("dry_run", "true")).lower() not in {"false", "0", "no"}
        try:
            result = do_import_enterprises(upload, user=request.user, dry_run=dry_run)
        except xlsx.WorkbookError as error:
            return Response({"file": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        body = {"rows": result.rows, "valid": result.valid, "created": result.created, "dry_run": result.dry_run}
        if not result.ok:
            body["errors"] = [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors]
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(body)
