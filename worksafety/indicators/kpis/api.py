"""规划指标 over the API: the definitions with their values computed on every request (never stored)."""

from django.utils import timezone
from django.utils.translation import gettext
from rest_framework import serializers

from worksafety.core import xlsx
from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.models import Sector
from worksafety.indicators.kpis import compute
from worksafety.indicators.kpis.models import Indicator


class IndicatorSerializer(ScopedSerializerMixin, ModelSerializer):
    """A definition with its values computed now (never stored): the baseline, the goal and every year with its
    planned value, status and — where there is no value — the reason."""

    sectors = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), many=True,
                                           required=False)
    baseline = serializers.SerializerMethodField()
    goal = serializers.SerializerMethodField()
    years = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "number", "name", "nature", "measure", "sectors", "accident_types", "denominator_kind",
                  "multiplier", "unit", "decimals", "baseline_year", "target_year", "target_kind", "target_amount",
                  "target_text", "horizon_2035", "formula_note", "source", "baseline", "goal", "years"]

    def _result(self, indicator) -> compute.IndicatorResult:
        # Computed when first shown (after a PATCH has saved), once for all the indicators of the response.
        results = self.context.setdefault("results", {})
        if indicator.pk not in results:
            indicators = self.context.get("indicators") or [indicator]
            results.update({r.indicator.pk: r for r in compute.evaluate(indicators)})
        return results[indicator.pk]

    def get_baseline(self, indicator) -> float | None:
        return self._result(indicator).evaluation.baseline

    def get_goal(self, indicator) -> float | None:
        return self._result(indicator).evaluation.goal

    def get_years(self, indicator) -> list[dict]:
        return [{"year": row.year, "numerator": row.numerator, "denominator": row.denominator, "value": row.value,
                 "expected": row.expected, "status": row.status.value, "reason": row.reason and row.reason.value}
                for row in self._result(indicator).evaluation.years]


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
            workbook = compute.export_workbook(compute.evaluate(self.filter_queryset(self.get_queryset())))
            return xlsx.response(workbook, gettext("规划指标-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"})
        return super().list(request, *args, **kwargs)
