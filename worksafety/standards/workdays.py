"""Working days (工作日) for Chinese deadlines such as "列入清单之日起5个工作日内".

A day is a rest day when it is a Saturday or Sunday (国务院关于职工工作时间的规定, 国务院令第174号) or a date
of a 放假 period, and a working day otherwise, unless the State Council names the weekend day as 调休上班.
The yearly notices of 国务院办公厅 are data (data/cn_workdays.json, with notice numbers and URLs): 2024
国办发明电〔2023〕7号, 2025 国办发明电〔2024〕12号, 2026 国办发明电〔2025〕7号.

A year without a notice in the data falls back to Monday–Friday. That can be wrong by a holiday, so callers
that show a deadline should check `is_covered` and say when it is not.
"""

import functools
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "cn_workdays.json"


class CalendarDataError(ValueError):
    """The holiday data contradicts itself or the notices' rules."""


@dataclass(frozen=True)
class Calendar:
    years: frozenset[int]
    holidays: frozenset[date]  # 放假 dates, weekends inside a period included
    workdays: frozenset[date]  # weekend days named 调休上班


def _dates(year: int, kind: str, values: object) -> list[date]:
    if not isinstance(values, list):
        raise CalendarDataError(f"{year} {kind}: expected a list of ISO dates")
    out = []
    for value in values:
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            raise CalendarDataError(f"{year} {kind}: {value!r} is not an ISO date") from None
        # Each notice covers one calendar year; a date filed under another year is a typo.
        if day.year != year:
            raise CalendarDataError(f"{year} {kind}: {day} is listed under {year}")
        out.append(day)
    if len(set(out)) != len(out):
        raise CalendarDataError(f"{year} {kind}: a date is listed twice")
    return out


@functools.cache
def load(path: Path = DATA_FILE) -> Calendar:
    """Read and check the holiday data once; raises CalendarDataError, naming the file, when it is wrong."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        return _calendar(data)
    except CalendarDataError as err:
        raise CalendarDataError(f"{path}: {err}") from None


def _calendar(data: object) -> Calendar:
    entries = data.get("years") if isinstance(data, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise CalendarDataError('no "years" with notices')
    years, holidays, workdays = set(), set(), set()
    for key, entry in entries.items():
        if not key.isdigit():
            raise CalendarDataError(f"{key!r} is not a year")
        year = int(key)
        if not entry.get("notice"):
            raise CalendarDataError(f"{year}: no notice named as the source")
        rest = _dates(year, "holidays", entry.get("holidays"))
        work = _dates(year, "workdays", entry.get("workdays"))
        for day in work:
            # 调休 only moves work onto a weekend; a weekday "上班" would be a typo.
            if day.weekday() < 5:
                raise CalendarDataError(f"{year} workdays: {day} is not a Saturday or Sunday")
        both = set(rest) & set(work)
        if both:
            raise CalendarDataError(f"{year}: {min(both)} is both a holiday and a make-up workday")
        years.add(year)
        holidays.update(rest)
        workdays.update(work)
    return Calendar(frozenset(years), frozenset(holidays), frozenset(workdays))


def covered_through() -> int:
    """The last year whose State Council notice is in the data."""
    return max(load().years)


def is_covered(day: date) -> bool:
    """True when `day`'s year has its notice in the data; otherwise answers are plain Monday–Friday."""
    return day.year in load().years


def is_workday(day: date) -> bool:
    """True for a working day: a weekday that is not a holiday, or a weekend day named 调休上班."""
    calendar = load()
    if day in calendar.workdays:
        return True
    if day in calendar.holidays:
        return False
    return day.weekday() < 5


def add_workdays(start: date, n: int) -> date:
    """The n-th working day after `start`; `start` itself is day 0 whatever it is.

    "5个工作日内" from a listing date is add_workdays(listing_date, 5): as 民法典 第二百零一条 has it for periods
    counted in days, the first day is not counted and counting starts the next day.
    """
    if n < 0:
        raise ValueError("n must be 0 or more")
    day = start
    while n:
        day += timedelta(days=1)
        if is_workday(day):
            n -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """How many working days fall in (start, end]; 0 when end is not after start."""
    return sum(is_workday(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))
