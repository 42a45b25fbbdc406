from datetime import datetime

from django.utils import timezone
from rest_framework import serializers

from worksafety.core.api.serializers import (
    COUNT_MAX,
    DateTimeField,
    IntegerField,
    ModelSerializer,
    ScopedSerializerMixin,
)
from worksafety.core.models import Area, Sector
from worksafety.indicators.accidents import reporting
from worksafety.indicators.accidents.choices import RevisionKind
from worksafety.indicators.accidents.models import (
    Accident,
    AccidentRevision,
    Investigation,
    InvestigationMeasure,
)
from worksafety.indicators.kpis import compute as kpis
from worksafety.indicators.kpis.models import Indicator
from worksafety.standards import accidents


class AccidentRevisionSerializer(ModelSerializer):
    author = serializers.CharField(source="author.get_username", read_only=True)

    class Meta:
        model = AccidentRevision
        fields = ["id", "kind", "at", "author", "note", "before", "after", "after_window"]


class InvestigationMeasureSerializer(ModelSerializer):
    class Meta:
        model = InvestigationMeasure
        fields = ["id", "kind", "text", "hazard", "assignee", "due", "done_on"]


class InvestigationSerializer(ModelSerializer):
    measures = InvestigationMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Investigation
        fields = ["report_date", "cause", "responsibility", "measures"]


class AccidentSerializer(ScopedSerializerMixin, ModelSerializer):
    """An accident. POST is 录入; a PATCH may change everything but the figures, which change by POST
    …/revisions/ (续报 or correction). The grade is computed, and the report timeline is computed from it."""

    area = serializers.SlugRelatedField(slug_field="code", queryset=Area.objects.all(), required=False)
    sector = serializers.SlugRelatedField(slug_field="code", queryset=Sector.objects.all(), required=False)
    reports = serializers.SerializerMethodField()
    supplement_deadline = serializers.SerializerMethodField()
    revisions = AccidentRevisionSerializer(many=True, read_only=True)
    investigation = InvestigationSerializer(read_only=True, allow_null=True)  # none until the investigation

    class Meta:
        model = Accident
        fields = ["id", "title", "occurred_at", "place", "area", "park", "enterprise", "sector", "accident_type",
                  "road_traffic", "description", "deaths", "missing", "serious_injuries", "minor_injuries",
                  "direct_loss_yuan", "grade", "misreporting", "misreporting_note", "incident", "reports",
                  "supplement_deadline", "revisions", "investigation"]
        read_only_fields = ["grade"]

    def get_reports(self, accident) -> list[dict]:
        now = timezone.now()
        return [{"authority": step.authority.code, "due": step.due, "reported_at": step.reported_at,
                 "late": step.is_late(now)} for step in reporting.timeline(accident)]

    def get_supplement_deadline(self, accident) -> datetime:
        return reporting.supplement_deadline(accident)


class AccidentFiguresSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RevisionKind.choices)
    note = serializers.CharField(max_length=2000)
    deaths = IntegerField(min_value=0, max_value=COUNT_MAX)
    missing = IntegerField(min_value=0, max_value=COUNT_MAX)
    serious_injuries = IntegerField(min_value=0, max_value=COUNT_MAX)
    minor_injuries = IntegerField(min_value=0, max_value=COUNT_MAX)
    direct_loss_yuan = serializers.DecimalField(min_value=0, max_digits=14, decimal_places=2)


class AccidentReportSerializer(serializers.Serializer):
    authority = serializers.ChoiceField(choices=[a.code for a in accidents.CHAIN])
    at = DateTimeField()


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

    def _result(self, indicator) -> kpis.IndicatorResult:
        # Computed when first shown (after a PATCH has saved), once for all the indicators of the response.
        results = self.context.setdefault("results", {})
        if indicator.pk not in results:
            results.update({r.indicator.pk: r for r in kpis.evaluate(self.context.get("indicators") or [indicator])})
        return results[indicator.pk]

    def get_baseline(self, indicator) -> float | None:
        return self._result(indicator).evaluation.baseline

    def get_goal(self, indicator) -> float | None:
        return self._result(indicator).evaluation.goal

    def get_years(self, indicator) -> list[dict]:
        return [{"year": row.year, "numerator": row.numerator, "denominator": row.denominator, "value": row.value,
                 "expected": row.expected, "status": row.status.value, "reason": row.reason and row.reason.value}
                for row in self._result(indicator).evaluation.years]
