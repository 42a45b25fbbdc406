"""The plan's indicators, computed on every request from the stored accidents and denominators — no result is
stored. This module only gathers the numbers; `standards.kpis` does the arithmetic.

The indicators are district figures: every accident counts whoever is looking (departments and streets read
all KPIs, issue 8), so the accidents are deliberately not restricted to the viewer's scope here — only the
yearly totals leave this module.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core import xlsx
from worksafety.indicators.accidents.models import Accident
from worksafety.indicators.kpis.choices import Measure
from worksafety.indicators.kpis.models import Denominator, Indicator
from worksafety.standards import kpis
from worksafety.standards.kpis import Reason, Status

# (label, Bootstrap colour) of each status; the rule is in standards/kpis.py and docs/design.md.
STATUS_DISPLAY = {
    Status.MET: (_("达标"), "success"),
    Status.NEAR: (_("接近"), "warning"),
    Status.BEHIND: (_("落后"), "danger"),
    Status.NO_DATA: (_("无数据"), "secondary"),
    Status.NOT_ASSESSED: (_("不评价"), "light"),
}
REASON_LABELS = {
    Reason.NO_ACCIDENT_RECORDS: _("该年度没有任何事故记录（尚未录入）"),
    Reason.NO_DENOMINATOR: _("缺少该年度分母数据"),
    Reason.NO_BASELINE: _("基准年无数据，无法确定目标值"),
    Reason.BASELINE_YEAR: _("基准年"),
    Reason.BEFORE_BASELINE: _("规划基准年之前"),
    Reason.YEAR_NOT_OVER: _("年度未结束，为本年累计"),
}


@dataclass(frozen=True)
class Totals:
    """Accidents of one year, sector and GB 6441 type."""

    sector_id: int
    accident_type: str
    accidents: int
    deaths: int
    missing: int


def yearly_totals() -> dict[int, list[Totals]]:
    """Every accident summed by local calendar year (Asia/Shanghai), sector and type: one query."""
    rows = (Accident.objects.annotate(year=ExtractYear("occurred_at")).order_by()
            .values("year", "sector_id", "accident_type")
            .annotate(accidents=Count("id"), deaths=Sum("deaths"), missing=Sum("missing")))
    totals: dict[int, list[Totals]] = {}
    for row in rows:
        totals.setdefault(row["year"], []).append(Totals(row["sector_id"], row["accident_type"], row["accidents"],
                                                         row["deaths"], row["missing"]))
    return totals


def numerator(indicator: Indicator, totals: list[Totals]) -> int:
    sectors = {sector.pk for sector in indicator.sectors.all()}
    kept = [t for t in totals if (not sectors or t.sector_id in sectors)
            and (not indicator.accident_types or t.accident_type in indicator.accident_types)]
    if indicator.measure == Measure.ACCIDENTS:
        return sum(t.accidents for t in kept)
    if indicator.measure == Measure.DEATHS_AND_MISSING:
        return sum(t.deaths + t.missing for t in kept)
    return sum(t.deaths for t in kept)


def year_span(indicators, data_years: set[int], today: date) -> range:
    """From the first year with data (or the earliest baseline) to the last target year, or to the last year
    with data up to this one."""
    first = min(data_years | {i.baseline_year for i in indicators})
    last = max([i.target_year for i in indicators] + [min(max(data_years, default=first), today.year)])
    return range(first, last + 1)


@dataclass(frozen=True)
class Row:
    """A year's result with the texts a page shows; the result's own fields (year, status …) read through."""

    result: kpis.YearResult
    decimals: int

    def __getattr__(self, name):
        return getattr(self.result, name)

    @property
    def value_text(self) -> str:
        return format_number(self.result.value, self.decimals)

    @property
    def denominator_text(self) -> str:
        denominator = self.result.denominator
        return format_number(denominator, 0 if denominator is None or denominator.is_integer() else 2)

    @property
    def expected_text(self) -> str:
        return format_number(self.result.expected, self.decimals)

    @property
    def status_label(self) -> str:
        return str(STATUS_DISPLAY[self.result.status][0])

    @property
    def colour(self) -> str:
        return STATUS_DISPLAY[self.result.status][1]

    @property
    def reason_label(self) -> str:
        return str(REASON_LABELS[self.result.reason]) if self.result.reason else ""


@dataclass(frozen=True)
class IndicatorResult:
    indicator: Indicator
    evaluation: kpis.Evaluation

    @property
    def decimals(self) -> int:
        return self.indicator.decimals if self.indicator.denominator_kind else 0

    @property
    def rows(self) -> list[Row]:
        return [Row(result, self.decimals) for result in self.evaluation.years]

    @property
    def baseline_text(self) -> str:
        return format_number(self.evaluation.baseline, self.decimals)

    @property
    def goal_text(self) -> str:
        return format_number(self.evaluation.goal, self.indicator.decimals)

    @property
    def latest(self) -> Row | None:
        latest = self.evaluation.latest_assessed()
        return Row(latest, self.decimals) if latest else None

    def chart(self) -> dict:
        """What the page's ECharts trend draws: values (null: no data, or a year not over, whose total so far
        would read as a collapse), the planned line and the goal."""
        return {"id": self.indicator.pk, "name": self.indicator.name, "unit": self.indicator.unit,
                "years": [row.year for row in self.evaluation.years],
                "values": [None if row.reason == Reason.YEAR_NOT_OVER else row.value for row in self.evaluation.years],
                "expected": [row.expected for row in self.evaluation.years],
                "colours": [STATUS_DISPLAY[row.status][1] for row in self.evaluation.years],
                "goal": self.evaluation.goal, "target_year": self.indicator.target_year}


def format_number(number: float | None, decimals: int) -> str:
    return "—" if number is None else f"{number:,.{decimals}f}"


def evaluate(indicators=None, today: date | None = None) -> list[IndicatorResult]:
    """Every indicator (or those given), from the accidents and denominators as they are now."""
    indicators = list(indicators if indicators is not None else Indicator.objects.prefetch_related("sectors"))
    if not indicators:
        return []
    today = today or timezone.localdate()
    totals = yearly_totals()
    denominators = {(kind, year): float(value) for kind, year, value in
                    Denominator.objects.values_list("kind", "year", "value")}
    years = year_span(indicators, set(totals) | {year for _, year in denominators}, today)
    results = []
    for indicator in indicators:
        figures = {year: kpis.YearFigures(numerator(indicator, totals[year]) if year in totals else None,
                                          denominators.get((indicator.denominator_kind, year)))
                   for year in years}
        results.append(IndicatorResult(indicator, kpis.evaluate(indicator.formula, figures, years,
                                                                last_complete_year=today.year - 1)))
    return results


EXPORT_HEADERS = [_("序号"), _("指标"), _("指标性质"), _("规划目标"), _("年份"), _("分子"), _("分母"), _("指标值"),
                  _("计量单位"), _("计划线"), _("状态"), _("说明")]


def export_workbook(results: list[IndicatorResult]) -> bytes:
    """One row per indicator and year, the same figures as the page; the definitions' notes on a second sheet."""
    rows = ([r.indicator.number, r.indicator.name, r.indicator.get_nature_display(), r.indicator.target_text,
             row.year, row.numerator, row.denominator, row.value, r.indicator.unit, row.expected,
             row.status_label, row.reason_label] for r in results for row in r.rows)
    notes = [gettext("指标值按当前事故和分母数据实时计算，未存储；“无数据”表示该年度没有事故记录或缺少分母，不是零。"),
             gettext("状态：达标 = 不高于由基准年到目标年的直线计划值（上限目标须低于上限）；接近 = 高出计划值不超过"
                     " %(margin)s%%；落后 = 高出更多。") % {"margin": round(kpis.NEAR_MARGIN * 100)}]
    notes += [f"{r.indicator.number}. {r.indicator.name}：{r.indicator.formula_note}" for r in results]
    return xlsx.build(gettext("规划指标"), [str(h) for h in EXPORT_HEADERS], rows,
                      [6, 34, 8, 10, 6, 10, 14, 12, 12, 12, 8, 30], notes)
