from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from worksafety.core import xlsx
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.indicators.accidents import filtersets, services, tables
from worksafety.indicators.accidents.models import Accident
from worksafety.indicators.api.serializers import (
    AccidentFiguresSerializer,
    AccidentReportSerializer,
    AccidentSerializer,
    IndicatorSerializer,
)
from worksafety.indicators.kpis import compute as kpis
from worksafety.indicators.kpis.models import Indicator


class AccidentViewSet(ScopedModelViewSet):
    """生产安全事故: POST is 录入; POST …/revisions/ is a 续报 or a correction of the figures; POST …/reports/ records
    when a report up the chain was made. `?format=xlsx` exports the filtered list like the page."""

    queryset = Accident.objects.select_related("area", "sector").prefetch_related(
        "reports", "revisions__author", "investigation__measures")
    serializer_class = AccidentSerializer
    filterset_class = filtersets.AccidentFilterSet
    table = tables.AccidentTable
    http_method_names = ["get", "post", "patch", "head", "options"]

    def save_instance(self, instance, m2m):
        if instance.pk is None:
            return services.do_record_accident(instance, user=self.request.user)
        return services.do_save_accident(instance, user=self.request.user)

    def _fresh(self, accident):
        return Response(AccidentSerializer(self.get_queryset().get(pk=accident.pk),
                                           context=self.get_serializer_context()).data)

    @extend_schema(request=AccidentFiguresSerializer, responses={200: AccidentSerializer})
    @action(detail=True, methods=["post"])
    def revisions(self, request, pk=None):
        accident = self.get_object()
        figures = AccidentFiguresSerializer(data=request.data)
        figures.is_valid(raise_exception=True)
        services.do_revise_figures(accident, user=request.user, **figures.validated_data)
        return self._fresh(accident)

    @extend_schema(request=AccidentReportSerializer, responses={200: AccidentSerializer})
    @action(detail=True, methods=["post"])
    def reports(self, request, pk=None):
        accident = self.get_object()
        report = AccidentReportSerializer(data=request.data)
        report.is_valid(raise_exception=True)
        services.do_record_report(accident, user=request.user, **report.validated_data)
        return self._fresh(accident)


class IndicatorViewSet(ScopedModelViewSet):
    """The plan's indicators with their yearly values, computed from the accidents and denominators on every
    request. A PATCH edits a definition; `?format=xlsx` is the page's export."""

    queryset = Indicator.objects.prefetch_related("sectors")
    serializer_class = IndicatorSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "list":  # one computation, one span of years, for the whole list
            context["indicators"] = list(self.filter_queryset(self.get_queryset()))
        return context

    def exports_xlsx(self) -> bool:
        return self.action == "list"

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "xlsx":
            workbook = kpis.export_workbook(kpis.evaluate(self.filter_queryset(self.get_queryset())))
            return xlsx.response(workbook, gettext("规划指标-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"})
        return super().list(request, *args, **kwargs)
