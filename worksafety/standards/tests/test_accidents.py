"""Accident grades (493号令 第三条, boundaries in the higher grade) and the reporting deadlines (第九–十一条)."""

from datetime import UTC, datetime, timedelta

import pytest

from worksafety.standards import accidents


@pytest.mark.parametrize("deaths, injuries, loss, expected", [
    (0, 0, 0, "一般"), (2, 9, 9_999_999, "一般"),
    (3, 0, 0, "较大"), (0, 10, 0, "较大"), (0, 0, 10_000_000, "较大"), (9, 49, 49_999_999.99, "较大"),
    (10, 0, 0, "重大"), (0, 50, 0, "重大"), (0, 0, 50_000_000, "重大"), (29, 99, 99_999_999, "重大"),
    (30, 0, 0, "特别重大"), (0, 100, 0, "特别重大"), (0, 0, 100_000_000, "特别重大"),
    (1, 60, 0, "重大"),  # the worst measure decides
])
def test_grade_by_the_worst_of_three_measures_with_boundaries_in_the_higher_grade(deaths, injuries, loss, expected):
    assert accidents.grade(deaths, injuries, loss) == expected


@pytest.mark.parametrize("args", [(-1, 0, 0), (0, -1, 0), (0, 0, -5), (0, 0, float("nan")), (True, 0, 0),
                                  (0, 0, float("inf")), ("3", 0, 0)])
def test_impossible_figures_are_refused(args):
    with pytest.raises(ValueError):
        accidents.grade(*args)


OCCURRED = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def test_a_general_accident_goes_to_the_county_in_one_hour_and_the_city_two_hours_later():
    deadlines = accidents.report_deadlines("一般", OCCURRED)
    assert [(a.code, due - OCCURRED) for a, due in deadlines] == [
        ("county", timedelta(hours=1)), ("city", timedelta(hours=3))]


def test_a_major_accident_goes_up_to_the_state_and_each_level_counts_from_the_report_below():
    early = OCCURRED + timedelta(minutes=20)
    deadlines = accidents.report_deadlines("重大", OCCURRED, {"county": early})
    assert [(a.code, due) for a, due in deadlines] == [
        ("county", OCCURRED + timedelta(hours=1)), ("city", early + timedelta(hours=2)),
        ("province", early + timedelta(hours=4)), ("state", early + timedelta(hours=6))]
    assert [a.code for a in accidents.reporting_chain("较大")] == ["county", "city", "province"]
