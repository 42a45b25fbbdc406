"""The dates the rules put on a plan, as plain functions (no database): when it must be filed, evaluated and
drilled. Sources: 《生产安全事故应急预案管理办法》(应急管理部令第2号, 2019 revision), "管理办法" below.

- 备案 within 20 working days of publication (管理办法 第二十六条), counted as standards.workdays counts.
- 评估 at least every three years (管理办法 第三十五条), from the later of publication and the last evaluation.
- 演练 (管理办法 第三十三条): an enterprise drills its 现场处置方案 at least every six months and its 综合/专项
  plans at least once a year; the district bureau drills its plans at least every two years (第三十二条).
  The clock runs from the later of the last drill and the publication of this version.
"""

import calendar
from datetime import date, timedelta

from worksafety.emergency.plans.choices import PlanKind
from worksafety.standards import workdays

FILING_WORKDAYS = 20
REVIEW_INTERVAL_MONTHS = 36
REVIEW_REMIND_DAYS = 60
ONSITE_DRILL_MONTHS = 6
ENTERPRISE_DRILL_MONTHS = 12
GOVERNMENT_DRILL_MONTHS = 24


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def filing_due(published_on: date) -> date:
    return workdays.add_workdays(published_on, FILING_WORKDAYS)


def review_due(published_on: date, last_review_on: date | None = None) -> date:
    basis = max(published_on, last_review_on) if last_review_on else published_on
    return add_months(basis, REVIEW_INTERVAL_MONTHS)


def drill_interval_months(kind: str, *, enterprise: bool) -> int:
    if not enterprise:
        return GOVERNMENT_DRILL_MONTHS
    return ONSITE_DRILL_MONTHS if kind == PlanKind.ONSITE else ENTERPRISE_DRILL_MONTHS


def drill_due(kind: str, *, enterprise: bool, published_on: date, last_drill_on: date | None) -> date:
    """The last day by which the next drill must be held."""
    basis = max(published_on, last_drill_on) if last_drill_on else published_on
    return add_months(basis, drill_interval_months(kind, enterprise=enterprise))


def drill_cutoff(kind: str, *, enterprise: bool, today: date) -> date:
    """A plan is overdue for a drill when neither its publication nor any drill falls on or after this day:
    the rule `drill_due(...) < today` in a form a database query can use.

    It is the first day whose due date is not before `today`. Counting back from `today` alone is not
    enough, since months of different lengths make `add_months` skip and repeat days at month ends.
    """
    months = drill_interval_months(kind, enterprise=enterprise)
    cutoff = add_months(today, -months)
    while add_months(cutoff, months) < today:
        cutoff += timedelta(days=1)
    while add_months(cutoff - timedelta(days=1), months) >= today:
        cutoff -= timedelta(days=1)
    return cutoff
