"""The demo's enforcement year (`demo/enforcement_cases.py`) is one the services could have produced: every
inspection by two inspectors valid that day, every hazard's history along the hazards workflow, every case's
along the case workflow with a legal review where the decision is major, numbers matching their counters —
and it gives the statistics page a year to show."""

import pytest
from django.db.models import Count, Max
from django.utils import timezone

from worksafety.core.models import User
from worksafety.demo.builder import load_demo_data
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.choices import CASE_NUMBER_KEY, CaseState
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.inspections.choices import InspectionKind, ItemResult
from worksafety.enforcement.inspections.models import DocumentCounter, Inspection, InspectionResult
from worksafety.enforcement.statistics import counting
from worksafety.hazards import workflow as hazard_workflow
from worksafety.hazards.choices import Source
from worksafety.hazards.models import Hazard


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_year_is_one_the_services_could_have_produced(db, fast_passwords):
    # One test: loading even the small demo takes seconds.
    load_demo_data("small")
    has_every_kind_of_inspection_and_every_case_state()
    every_inspection_has_two_inspectors_valid_on_its_day()
    every_finding_is_a_hazard_with_a_workflow_history()
    every_case_history_follows_the_case_workflow()
    case_numbers_match_their_counters()


def has_every_kind_of_inspection_and_every_case_state():
    kinds = set(Inspection.objects.values_list("kind", flat=True))
    assert kinds == set(InspectionKind.values)
    assert set(PenaltyCase.objects.values_list("state", flat=True)) == set(CaseState.values)
    assert Inspection.objects.filter(agency__isnull=False).exists()
    figures = counting.statistics(User.objects.get(username="district"), timezone.localdate().year)
    assert figures["totals"]["inspections"] > 100 and figures["totals"]["hazards"] > 0
    assert figures["totals"]["fines_yuan"] > 0 and figures["plan"]["planned"] > 0


def every_inspection_has_two_inspectors_valid_on_its_day():
    for inspection in Inspection.objects.prefetch_related("inspectors"):
        valid = [i for i in inspection.inspectors.all() if i.is_valid_on(inspection.inspected_on)]
        assert len(valid) >= 2, inspection


def every_finding_is_a_hazard_with_a_workflow_history():
    missing = InspectionResult.objects.filter(inspection__status="completed", result=ItemResult.FAILED,
                                              rechecked_hazard=None, hazard=None)
    assert not missing.exists()
    rows = {(t.action, t.source, t.target, level) for t in hazard_workflow.TRANSITIONS for level in t.levels}
    for hazard in Hazard.objects.filter(source=Source.ENFORCEMENT, origin_id__isnull=False).prefetch_related("events"):
        events = list(hazard.events.all())
        assert events[0].action == "register" and events[-1].to_state == hazard.state
        for event in events[1:]:
            assert (event.action, event.from_state, event.to_state, hazard.level) in rows, (hazard, event.action)


def every_case_history_follows_the_case_workflow():
    rows = {(t.action, t.source, t.target) for t in case_workflow.TRANSITIONS}
    for case in PenaltyCase.objects.prefetch_related("events", "measures", "reviews"):
        # Records kept within a step (statements, hearings, transfers, publication) do not change the state.
        steps = [e for e in case.events.all() if e.action not in ("statement", "hearing", "transfer", "publish")]
        assert steps[0].action == "file" and steps[-1].to_state == case.state
        for event in steps[1:]:
            assert (event.action, event.from_state, event.to_state) in rows, (case, event.action)
        if case.decided_on and case.is_major():
            assert case_workflow.review_matches(case), case


def case_numbers_match_their_counters():
    counters = {(c.issuer_key, c.year): c.last_serial for c in DocumentCounter.objects.filter(kind=CASE_NUMBER_KEY)}
    cases = PenaltyCase.objects.values("issuer_key", "filed_on__year").annotate(n=Count("id"), last=Max("number"))
    for row in cases:
        assert counters[(row["issuer_key"], row["filed_on__year"])] == row["n"]
    assert PenaltyCase.objects.values("number").distinct().count() == PenaltyCase.objects.count()
