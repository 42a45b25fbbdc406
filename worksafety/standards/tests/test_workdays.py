import json
from datetime import date, timedelta

import pytest

from worksafety.standards import workdays
from worksafety.standards.workdays import CalendarDataError, add_workdays, is_workday, workdays_between

# --- the data ---------------------------------------------------------------------------------------


def test_shipped_data_loads_and_names_its_notices():
    calendar = workdays.load()
    assert {2024, 2025, 2026} <= calendar.years
    data = json.loads(workdays.DATA_FILE.read_text(encoding="utf-8"))
    assert data["years"]["2026"]["notice"] == "国办发明电〔2025〕7号"
    for entry in data["years"].values():
        assert entry["url"].startswith("https://www.gov.cn/")


def test_covered_through_and_is_covered():
    assert workdays.covered_through() == max(workdays.load().years) >= 2026
    assert workdays.is_covered(date(2026, 12, 31))
    assert not workdays.is_covered(date(workdays.covered_through() + 1, 1, 1))


@pytest.mark.parametrize(("year", "count"), [(2024, 251), (2025, 248), (2026, 248)])
def test_working_days_per_year(year, count):
    # Counted by hand from the notices: weekdays − holidays on weekdays + make-up days.
    # 2024: 262 − 19 + 8; 2025: 261 − 18 + 5; 2026: 261 − 19 + 6.
    assert workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == count


# --- is_workday -------------------------------------------------------------------------------------


def test_2026_spring_festival():
    # 国办发明电〔2025〕7号: 2月15日至23日放假调休; 2月14日（周六）、2月28日（周六）上班.
    assert is_workday(date(2026, 2, 14))
    assert is_workday(date(2026, 2, 28))
    day = date(2026, 2, 15)
    while day <= date(2026, 2, 23):
        assert not is_workday(day), day
        day += timedelta(days=1)
    assert is_workday(date(2026, 2, 24))
    assert not is_workday(date(2026, 3, 1))  # an ordinary Sunday


@pytest.mark.parametrize("day", [date(2024, 2, 4), date(2024, 10, 12), date(2025, 1, 26), date(2026, 1, 4)])
def test_make_up_weekend_days_are_workdays(day):
    assert day.weekday() >= 5
    assert is_workday(day)


@pytest.mark.parametrize("day", [date(2024, 1, 1), date(2025, 10, 8), date(2026, 1, 2), date(2026, 6, 19)])
def test_weekday_holidays_are_rest_days(day):
    assert day.weekday() < 5
    assert not is_workday(day)


def test_uncovered_years_fall_back_to_monday_to_friday():
    year = workdays.covered_through() + 1
    day = date(year, 10, 1)  # 国庆 of a year without a notice in the data
    assert not workdays.is_covered(day)
    assert is_workday(day) == (day.weekday() < 5)
    saturday = date(year, 1, 1) + timedelta(days=(5 - date(year, 1, 1).weekday()) % 7)
    assert not is_workday(saturday)


# --- add_workdays and workdays_between --------------------------------------------------------------


def test_add_workdays_across_the_2026_national_day_week():
    # 10月1日至7日放假; 9月20日（周日）、10月10日（周六）上班.
    assert add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    # 9-29, 9-30, 10-08, 10-09, then the make-up Saturday 10-10.
    assert add_workdays(date(2026, 9, 28), 5) == date(2026, 10, 10)
    assert add_workdays(date(2026, 9, 18), 1) == date(2026, 9, 20)  # Friday → make-up Sunday


def test_add_workdays_across_the_new_year():
    # 2026 元旦: 1月1日至3日放假, 1月4日（周日）上班.
    assert add_workdays(date(2025, 12, 31), 1) == date(2026, 1, 4)


def test_add_zero_workdays_is_the_start_even_on_a_holiday():
    assert add_workdays(date(2026, 2, 17), 0) == date(2026, 2, 17)
    with pytest.raises(ValueError):
        add_workdays(date(2026, 2, 17), -1)


def test_add_workdays_beyond_the_data_counts_weekdays():
    year = workdays.covered_through() + 1
    friday = date(year, 3, 1) + timedelta(days=(4 - date(year, 3, 1).weekday()) % 7)
    assert add_workdays(friday, 1) == friday + timedelta(days=3)
    assert add_workdays(friday, 5) == friday + timedelta(days=7)


def test_workdays_between_counts_end_not_start():
    # 2-14 (make-up Saturday), 2-24..2-27, 2-28 (make-up Saturday); 3-01 is a Sunday.
    assert workdays_between(date(2026, 2, 13), date(2026, 3, 1)) == 6
    assert workdays_between(date(2026, 2, 13), date(2026, 2, 14)) == 1
    assert workdays_between(date(2026, 2, 14), date(2026, 2, 14)) == 0
    assert workdays_between(date(2026, 3, 1), date(2026, 2, 1)) == 0


@pytest.mark.parametrize("start", [date(2024, 1, 1), date(2025, 9, 26), date(2026, 2, 10), date(2026, 12, 25)])
@pytest.mark.parametrize("n", [0, 1, 5, 20])
def test_between_inverts_add(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or is_workday(end)


# --- validation -------------------------------------------------------------------------------------


def write(tmp_path, years):
    path = tmp_path / "cn_workdays.json"
    path.write_text(json.dumps({"years": years}, ensure_ascii=False), encoding="utf-8")
    return path


def year_2026(**changes):
    entry = {"notice": "国办发明电〔2025〕7号", "holidays": ["2026-10-01", "2026-10-02"], "workdays": ["2026-10-10"]}
    return entry | changes


def test_a_consistent_file_loads(tmp_path):
    calendar = workdays.load(write(tmp_path, {"2026": year_2026()}))
    assert calendar.years == {2026}
    assert calendar.workdays == {date(2026, 10, 10)}


@pytest.mark.parametrize(("entry", "message"), [
    (year_2026(holidays=["2026-10-10"]), "both a holiday and a make-up workday"),
    (year_2026(workdays=["2026-10-09"]), "2026-10-09 is not a Saturday or Sunday"),
    (year_2026(holidays=["2025-10-01"]), "2025-10-01 is listed under 2026"),
    (year_2026(workdays=["2027-01-02"]), "2027-01-02 is listed under 2026"),
    (year_2026(holidays=["2026-10-01", "2026-10-01"]), "listed twice"),
    (year_2026(holidays=["2026-13-01"]), "not an ISO date"),
    (year_2026(notice=""), "no notice"),
])
def test_inconsistent_data_is_refused(tmp_path, entry, message):
    path = write(tmp_path, {"2026": entry})
    with pytest.raises(CalendarDataError, match=message) as err:
        workdays.load(path)
    assert str(path) in str(err.value)


def test_empty_data_is_refused(tmp_path):
    with pytest.raises(CalendarDataError, match="no \"years\""):
        workdays.load(write(tmp_path, {}))


def test_functions_use_the_loaded_calendar(tmp_path, monkeypatch):
    # With data for 2026 only, 2025's 国庆 is outside the data and counts as plain weekdays.
    path = write(tmp_path, {"2026": year_2026()})
    real_load = workdays.load
    monkeypatch.setattr(workdays, "load", lambda: real_load(path))
    assert workdays.covered_through() == 2026
    assert not workdays.is_covered(date(2025, 10, 1))
    assert is_workday(date(2025, 10, 1))
    assert not is_workday(date(2026, 10, 1))
    assert is_workday(date(2026, 10, 10))
