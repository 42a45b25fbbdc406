"""The dates the rules put on a plan (plans.rules), without the database."""

from datetime import date, timedelta

import pytest

from worksafety.emergency.plans import rules as plan_rules
from worksafety.emergency.plans.choices import PlanKind, related_event_types, same_event_types


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert plan_rules.add_months(date(2024, 1, 15), 6) == date(2024, 7, 15)
    assert plan_rules.add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert plan_rules.add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert plan_rules.add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert plan_rules.add_months(date(2024, 12, 5), 1) == date(2025, 1, 5)


def test_review_is_due_three_years_after_publication_or_the_last_review():
    assert plan_rules.review_due(date(2023, 5, 10)) == date(2026, 5, 10)
    assert plan_rules.review_due(date(2023, 5, 10), date(2025, 1, 20)) == date(2028, 1, 20)
    # An evaluation recorded before the publication of this version does not move the clock back.
    assert plan_rules.review_due(date(2023, 5, 10), date(2022, 1, 1)) == date(2026, 5, 10)


@pytest.mark.parametrize(("kind", "enterprise", "months"), [
    (PlanKind.ONSITE, True, 6), (PlanKind.COMPREHENSIVE, True, 12), (PlanKind.SPECIAL, True, 12),
    (PlanKind.OVERALL, False, 24), (PlanKind.SPECIAL, False, 24), (PlanKind.DEPARTMENT, False, 24),
])
def test_drill_intervals_follow_the_rules(kind, enterprise, months):
    assert plan_rules.drill_interval_months(kind, enterprise=enterprise) == months
    published = date(2024, 1, 10)
    assert plan_rules.drill_due(kind, enterprise=enterprise, published_on=published, last_drill_on=None) == \
        plan_rules.add_months(published, months)


def test_the_clock_runs_from_the_later_of_publication_and_the_last_drill():
    due = plan_rules.drill_due(PlanKind.ONSITE, enterprise=True, published_on=date(2024, 1, 10),
                               last_drill_on=date(2024, 4, 2))
    assert due == date(2024, 10, 2)
    before = plan_rules.drill_due(PlanKind.ONSITE, enterprise=True, published_on=date(2024, 5, 1),
                                  last_drill_on=date(2024, 4, 2))
    assert before == date(2024, 11, 1)


@pytest.mark.parametrize(("kind", "enterprise"), [(PlanKind.ONSITE, True), (PlanKind.COMPREHENSIVE, True),
                                                  (PlanKind.OVERALL, False)])
def test_the_cutoff_used_by_queries_agrees_with_the_due_date_on_every_day(kind, enterprise):
    """Month ends make `add_months` skip and repeat days; the query's cutoff must still say exactly what the
    due date says, for every basis and every day."""
    start = date(2023, 1, 1)
    for offset in range(0, 800, 3):
        today = start + timedelta(days=offset)
        cutoff = plan_rules.drill_cutoff(kind, enterprise=enterprise, today=today)
        for back in range(150, 800, 1):
            basis = today - timedelta(days=back)
            overdue = plan_rules.drill_due(kind, enterprise=enterprise, published_on=basis, last_drill_on=None) < today
            assert overdue == (basis < cutoff), (today, basis)


def test_filing_is_due_twenty_working_days_after_publication_holidays_skipped():
    # 2025 国庆中秋: 10月1日至8日放假, 9月28日（周日）和10月11日（周六）上班 (国办发明电〔2024〕12号).
    assert plan_rules.filing_due(date(2025, 9, 26)) == date(2025, 10, 30)
    assert plan_rules.filing_due(date(2025, 6, 2)) == date(2025, 6, 30)


def test_an_event_type_is_the_same_under_both_vocabularies():
    assert same_event_types("火灾") == {"火灾", "fire_explosion"}
    assert "容器爆炸" in same_event_types("fire_explosion") and "中毒和窒息" not in same_event_types("fire_explosion")
    assert same_event_types("触电") == {"触电"}


def test_a_leak_is_related_to_what_it_turns_into_both_ways():
    assert {"toxic_gas", "中毒和窒息", "fire_explosion", "火灾", "灼烫"} <= related_event_types("hazchem_leak")
    assert related_event_types("火灾") == {"hazchem_leak"}
    assert related_event_types("中毒和窒息") == {"hazchem_leak"}
    assert related_event_types("触电") == set() and related_event_types("other") == set()
