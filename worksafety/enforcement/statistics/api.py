"""The API of the enforcement statistics: the same figures as the page."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from worksafety.core.scoping import VIEW, can
from worksafety.enforcement.inspections.models import Inspection
from worksafety.enforcement.statistics import counting
from worksafety.enforcement.statistics.forms import StatisticsForm


class EnforcementStatisticsView(APIView):
    """执法统计 of a year, over what the user may see: totals, by organ, street, sector and month, by kind, and
    the annual plan's completion."""

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("sector", str),
                               OpenApiParameter("area", str)], responses={200: dict})
    def get(self, request):
        if not can(request.user, Inspection, VIEW):
            raise NotFound
        form = StatisticsForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        return Response(counting.statistics(request.user, data["year"], sector=data["sector"], area=data["area"]))
