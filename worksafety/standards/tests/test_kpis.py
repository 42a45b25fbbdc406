"""KPI arithmetic (standards/kpis.py): values from counts and denominators, relative and absolute targets, the
straight line from the baseline to the target year, status colours and "no data" instead of a zero or a
division error."""

import pytest

from worksafety.standards import kpis
from worksafety.standards.kpis import Formula, Reason, Status, Target, TargetKind, YearFigures

DEATHS_DOWN_15 = Formula(Target(TargetKind.RELATIVE, 0.15))
GDP_RATE_DOWN_33 = Formula(Target(TargetKind.RELATIVE, 0.33), multiplier=1, has_denominator=True)
FISHERY_CAP = Formula(Target(TargetKind.ABSOLUTE, 0.7), multiplier=1, has_denominator=True)
YEARS = range(2018, 2026)


def years_of(evaluation):
    return {row.year: row for row in evaluation.years}


# --- value --------------------------------------------------------------------------------------------------

def test_a_rate_divides_by_the_denominator_and_applies_the_multiplier():
    per_100k = Formula(Target(TargetKind.RELATIVE, 0.2), multiplier=100_000, has_denominator=True)
    assert kpis.value(per_100k, YearFigures(6, 400_000)) == (pytest.approx(1.5), None)


def test_a_count_is_its_numerator_and_ignores_any_denominator():
    assert kpis.value(DEATHS_DOWN_15, YearFigures(31, None)) == (31, None)


def test_a_true_zero_is_a_value_but_a_year_without_records_is_no_data():
    assert kpis.value(DEATHS_DOWN_15, YearFigures(0)) == (0, None)
    assert kpis.value(DEATHS_DOWN_15, YearFigures(None)) == (None, Reason.NO_ACCIDENT_RECORDS)


def test_a_missing_denominator_is_no_data_not_a_division_error():
    assert kpis.value(GDP_RATE_DOWN_33, YearFigures(12, None)) == (None, Reason.NO_DENOMINATOR)


@pytest.mark.parametrize("figures", [YearFigures(3, 0), YearFigures(3, -100), YearFigures(-1, 100)])
def test_a_zero_or_negative_denominator_and_a_negative_count_are_refused(figures):
    with pytest.raises(ValueError):
        kpis.value(GDP_RATE_DOWN_33, figures)


@pytest.mark.parametrize("kind, amount", [(TargetKind.RELATIVE, 0), (TargetKind.RELATIVE, 1.2),
                                          (TargetKind.ABSOLUTE, 0), (TargetKind.ABSOLUTE, -0.7)])
def test_impossible_targets_are_refused(kind, amount):
    with pytest.raises(ValueError):
        Target(kind, amount)


def test_a_formula_needs_a_positive_multiplier_and_a_baseline_before_the_target_year():
    with pytest.raises(ValueError):
        Formula(Target(TargetKind.RELATIVE, 0.1), multiplier=0)
    with pytest.raises(ValueError):
        Formula(Target(TargetKind.RELATIVE, 0.1), baseline_year=2025, target_year=2025)


# --- targets and the line -----------------------------------------------------------------------------------

def test_a_relative_target_is_the_baseline_less_the_decrease():
    assert Target(TargetKind.RELATIVE, 0.15).goal(40) == pytest.approx(34)
    assert Target(TargetKind.RELATIVE, 0.15).goal(None) is None


def test_an_absolute_target_is_the_cap_whatever_the_baseline():
    assert Target(TargetKind.ABSOLUTE, 0.7).goal(None) == 0.7
    assert Target(TargetKind.ABSOLUTE, 0.7).goal(2.0) == 0.7


def test_a_cap_is_met_only_strictly_below_it_and_a_decrease_at_its_goal():
    assert not Target(TargetKind.ABSOLUTE, 0.7).within(0.7, 0.7)
    assert Target(TargetKind.ABSOLUTE, 0.7).within(0.69, 0.7)
    assert Target(TargetKind.RELATIVE, 0.15).within(34, 34)


def test_the_line_runs_straight_from_the_baseline_to_the_goal_and_stays_there():
    line = [kpis.expected(DEATHS_DOWN_15, 40, 34, year) for year in range(2020, 2028)]
    assert line == pytest.approx([40, 38.8, 37.6, 36.4, 35.2, 34, 34, 34])


def test_a_baseline_already_under_the_cap_keeps_the_line_at_the_cap():
    assert kpis.expected(FISHERY_CAP, 0.3, 0.7, 2022) == pytest.approx(0.7)
    assert kpis.expected(FISHERY_CAP, 1.2, 0.7, 2022) == pytest.approx(1.0)


# --- status -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [(37.6, Status.MET), (30, Status.MET), (41.36, Status.NEAR),
                                             (41.4, Status.BEHIND)])
def test_status_against_the_line_with_a_ten_percent_margin_for_near(value, expected):
    assert kpis.status(DEATHS_DOWN_15.target, value, 37.6) == expected


def test_a_line_at_zero_has_no_margin():
    assert kpis.status(DEATHS_DOWN_15.target, 0, 0) == Status.MET
    assert kpis.status(DEATHS_DOWN_15.target, 1, 0) == Status.BEHIND


# --- a whole series -----------------------------------------------------------------------------------------

def test_every_year_is_judged_against_the_line_from_the_recomputed_baseline():
    figures = {2018: YearFigures(45), 2019: YearFigures(44), 2020: YearFigures(40), 2021: YearFigures(38),
               2022: YearFigures(40), 2023: YearFigures(41), 2024: YearFigures(35), 2025: YearFigures(33)}
    evaluation = kpis.evaluate(DEATHS_DOWN_15, figures, YEARS, last_complete_year=2025)
    assert (evaluation.baseline, evaluation.goal) == (40, pytest.approx(34))
    rows = years_of(evaluation)
    assert [rows[y].status for y in YEARS] == [
        Status.NOT_ASSESSED, Status.NOT_ASSESSED, Status.NOT_ASSESSED, Status.MET, Status.NEAR, Status.BEHIND,
        Status.MET, Status.MET]
    assert (rows[2018].reason, rows[2020].reason) == (Reason.BEFORE_BASELINE, Reason.BASELINE_YEAR)
    assert rows[2018].expected is None and rows[2022].expected == pytest.approx(37.6)
    assert evaluation.latest_assessed().year == 2025


def test_a_year_without_its_denominator_or_records_is_no_data_and_never_zero():
    figures = {2020: YearFigures(30, 2000), 2021: YearFigures(28, None), 2023: YearFigures(20, 2300)}
    rows = years_of(kpis.evaluate(GDP_RATE_DOWN_33, figures, range(2020, 2024), last_complete_year=2025))
    assert (rows[2021].value, rows[2021].status, rows[2021].reason) == (None, Status.NO_DATA, Reason.NO_DENOMINATOR)
    assert (rows[2022].value, rows[2022].status, rows[2022].reason) == (
        None, Status.NO_DATA, Reason.NO_ACCIDENT_RECORDS)
    assert rows[2023].value == pytest.approx(20 / 2300) and rows[2023].status == Status.MET


def test_a_relative_target_without_a_baseline_cannot_be_judged():
    figures = {2021: YearFigures(30)}
    evaluation = kpis.evaluate(DEATHS_DOWN_15, figures, [2020, 2021], last_complete_year=2025)
    assert evaluation.goal is None
    rows = years_of(evaluation)
    assert (rows[2021].value, rows[2021].status, rows[2021].reason) == (30, Status.NO_DATA, Reason.NO_BASELINE)
    assert evaluation.latest_assessed() is None


def test_an_absolute_target_is_judged_even_without_a_baseline():
    figures = {2024: YearFigures(2, 25.0), 2025: YearFigures(20, 25.0)}
    rows = years_of(kpis.evaluate(FISHERY_CAP, figures, [2024, 2025], last_complete_year=2025))
    assert rows[2024].status == Status.MET and rows[2024].value == pytest.approx(0.08)
    assert rows[2025].status == Status.BEHIND


def test_a_year_not_over_shows_its_value_so_far_without_a_verdict():
    figures = {2020: YearFigures(40), 2026: YearFigures(5)}
    rows = years_of(kpis.evaluate(DEATHS_DOWN_15, figures, [2026], last_complete_year=2025))
    assert (rows[2026].value, rows[2026].status, rows[2026].reason) == (5, Status.NOT_ASSESSED, Reason.YEAR_NOT_OVER)
