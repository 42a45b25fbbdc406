"""The arithmetic of the plan's targets (大连金普新区安全生产"十四五"规划 二(三) 主要指标表) — pure Python, no Django.

The official formulas of the statistical survey system (统计调查制度) were NOT FOUND (reference
cn-platform-specs.md §9). What an indicator counts, over which denominator and with which multiplier is
therefore data — an editable definition kept by the indicators app — and this module only does the
arithmetic on the numbers it is given:

    value(year)    = numerator ÷ denominator × multiplier      (a rate: 亿元GDP死亡率, 万车死亡率 …)
                   = numerator                                 (a count: 死亡人数, 事故起数)
    goal           = baseline × (1 − decrease)                 (a relative target: 下降15%)
                   = cap                                       (an absolute target: <0.7人)
    expected(year) = the straight line from max(baseline, goal) in the baseline year to the goal in the
                     target year, and the goal itself after it

Status of a year from the baseline year on (rule documented in docs/design.md):
    达标 (met)     value at or under the line (strictly under it for a cap: the plan writes "<0.7人");
    接近 (near)    above the line by no more than NEAR_MARGIN of it;
    落后 (behind)  further above; a line at zero has no margin;
    无数据          the year has no accident record at all, lacks its denominator, or (relative targets) the
                   baseline year does — never a misleading zero or a division by zero.
The baseline year itself, the years before it and a year not yet over are shown but not judged.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

# How far above the planned line a year may lie and still read 接近 rather than 落后 (a district decision,
# not a national rule: docs/design.md).
NEAR_MARGIN = 0.10


class TargetKind(StrEnum):
    RELATIVE = "relative"  # 下降 x% from the baseline year
    ABSOLUTE = "absolute"  # below a cap


class Status(StrEnum):
    MET = "met"
    NEAR = "near"
    BEHIND = "behind"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"


class Reason(StrEnum):
    """Why a year has no value or no status."""

    NO_ACCIDENT_RECORDS = "no_accident_records"
    NO_DENOMINATOR = "no_denominator"
    NO_BASELINE = "no_baseline"
    BASELINE_YEAR = "baseline_year"
    BEFORE_BASELINE = "before_baseline"
    YEAR_NOT_OVER = "year_not_over"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    amount: float  # relative: the fraction of decrease (0.15 for 下降15%); absolute: the cap (0.7)

    def __post_init__(self):
        if self.kind == TargetKind.RELATIVE and not 0 < self.amount < 1:
            raise ValueError(f"a relative decrease must lie between 0 and 1, got {self.amount!r}")
        if self.kind == TargetKind.ABSOLUTE and not self.amount > 0:
            raise ValueError(f"a cap must be above 0, got {self.amount!r}")

    def goal(self, baseline: float | None) -> float | None:
        """The value the target year must reach; None when a relative target has no baseline."""
        if self.kind == TargetKind.ABSOLUTE:
            return self.amount
        return None if baseline is None else baseline * (1 - self.amount)

    def within(self, value: float, line: float) -> bool:
        """A cap is met strictly below it ("<0.7人"); a decrease is met at or below its goal."""
        return value < line if self.kind == TargetKind.ABSOLUTE else value <= line


@dataclass(frozen=True)
class Formula:
    target: Target
    multiplier: float = 1
    has_denominator: bool = False  # False: the indicator is the count itself
    baseline_year: int = 2020
    target_year: int = 2025

    def __post_init__(self):
        if self.multiplier <= 0:
            raise ValueError(f"the multiplier must be above 0, got {self.multiplier!r}")
        if self.baseline_year >= self.target_year:
            raise ValueError("the baseline year must come before the target year")


@dataclass(frozen=True)
class YearFigures:
    """What was recorded for a year. `numerator` is None when the year has no accident record at all (not
    entered yet, as opposed to a true zero of this indicator); `denominator` is None when it is missing."""

    numerator: float | None
    denominator: float | None = None


@dataclass(frozen=True)
class YearResult:
    year: int
    numerator: float | None
    denominator: float | None
    value: float | None
    expected: float | None
    status: Status
    reason: Reason | None = None


@dataclass(frozen=True)
class Evaluation:
    baseline: float | None
    goal: float | None
    years: tuple[YearResult, ...]

    def latest_assessed(self) -> YearResult | None:
        """The last year that was judged (met, near or behind), for the headline of the indicator."""
        judged = [row for row in self.years if row.status in (Status.MET, Status.NEAR, Status.BEHIND)]
        return judged[-1] if judged else None


def value(formula: Formula, figures: YearFigures) -> tuple[float | None, Reason | None]:
    """The indicator's value for one year, or None with the reason it cannot be computed."""
    if figures.numerator is None:
        return None, Reason.NO_ACCIDENT_RECORDS
    if figures.numerator < 0:
        raise ValueError(f"a count cannot be negative, got {figures.numerator!r}")
    if not formula.has_denominator:
        return figures.numerator * formula.multiplier, None
    if figures.denominator is None:
        return None, Reason.NO_DENOMINATOR
    if figures.denominator <= 0:  # refused at input; a zero here would be a division error, not a value
        raise ValueError(f"a denominator must be above 0, got {figures.denominator!r}")
    return figures.numerator / figures.denominator * formula.multiplier, None


def expected(formula: Formula, baseline: float | None, goal: float, year: int) -> float:
    """The planned line for `year`: straight from the baseline (or the goal, when the baseline is already under
    it) in the baseline year to the goal in the target year, and the goal after it."""
    start = goal if baseline is None else max(baseline, goal)
    if year >= formula.target_year:
        return goal
    share = (year - formula.baseline_year) / (formula.target_year - formula.baseline_year)
    return start + (goal - start) * share


def status(target: Target, value_: float, line: float) -> Status:
    if target.within(value_, line):
        return Status.MET
    if line > 0 and value_ <= line * (1 + NEAR_MARGIN):
        return Status.NEAR
    return Status.BEHIND


def evaluate(formula: Formula, figures: Mapping[int, YearFigures], years: Iterable[int],
             last_complete_year: int) -> Evaluation:
    """Value, planned line and status of every year in `years`; a year missing from `figures` has no data."""
    empty = YearFigures(None, None)
    baseline, _ = value(formula, figures.get(formula.baseline_year, empty))
    goal = formula.target.goal(baseline)
    rows = []
    for year in years:
        year_figures = figures.get(year, empty)
        result, reason = value(formula, year_figures)
        line = None if goal is None or year < formula.baseline_year else expected(formula, baseline, goal, year)
        if year < formula.baseline_year:
            verdict, reason = Status.NOT_ASSESSED, reason or Reason.BEFORE_BASELINE
        elif year == formula.baseline_year:
            verdict, reason = Status.NOT_ASSESSED, reason or Reason.BASELINE_YEAR
        elif year > last_complete_year:
            verdict, reason = Status.NOT_ASSESSED, Reason.YEAR_NOT_OVER
        elif result is None:
            verdict = Status.NO_DATA
        elif line is None:
            verdict, reason = Status.NO_DATA, Reason.NO_BASELINE
        else:
            verdict = status(formula.target, result, line)
        rows.append(YearResult(year, year_figures.numerator, year_figures.denominator if formula.has_denominator
                               else None, result, line, verdict, reason))
    return Evaluation(baseline, goal, tuple(rows))
