"""Penalty cases (`enforcement.cases.workflow` + `enforcement.cases.services`): every row of the transition
table is taken exactly by the people it names — the case's investigators, a legal reviewer who did not investigate it,
a deciding official of the same organ, the superuser — and refused to everyone else with nothing changed; the
legal-review rule; the party's rights; a closed case is read-only."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.choices import (
    CaseOutcome,
    CaseState,
    MeasureKind,
    ReviewConclusion,
    StatementKind,
)
from worksafety.enforcement.cases.models import CaseEvent, JudicialTransfer, PenaltyCase
from worksafety.enforcement.inspections.choices import DocumentKind
from worksafety.enforcement.tests.inspection_fixtures import (
    TODAY,
    _inspector,
    file_case,
    inspected_with_findings,
    proposal,
)

S = CaseState


def step(case, action, user, comment="", data=None):
    return transition(case, action, user, comment=comment, **(data or {}))


def waive(case, user):
    penalties.do_add_statement(case, user=user, kind=StatementKind.WAIVER)


def walk(people, target, fine="20000", measures=(), **fields) -> PenaltyCase:
    """A district-bureau case brought to `target` along the table by the people allowed each step."""
    case = file_case(people, **fields)
    path = [
        (S.INVESTIGATING, lambda: step(case, "approve_filing", people.official)),
        (S.NOTIFIED, lambda: step(case, "notify", people.investigator_a, data=proposal(fine, measures))),
        (S.REVIEWING, lambda: (waive(case, people.investigator_a), step(case, "submit_review", people.investigator_a))),
        (S.REVIEWED, lambda: step(case, "pass_review", people.reviewer, "事实清楚，证据确凿，适用依据正确")),
        (S.DECIDED, lambda: step(case, "decide", people.official)),
        (S.EXECUTING, lambda: step(case, "serve", people.investigator_a, data={"served_on": TODAY})),
    ]
    for state, take in path:
        if case.state == target:
            break
        take()
        assert case.state == state
    return case


class Rollback(Exception):
    pass


def outcome(case, action, user, comment, data) -> str:
    """"allowed" (taken, then rolled back), "role" (refused for who acts) or "scope" (404)."""
    try:
        with transaction.atomic():
            step(case, action, user, comment, data)
            raise Rollback
    except Rollback:
        return "allowed"
    except OutOfScope:
        return "scope"
    except ValidationError as refused:
        assert "您在本案中不能执行" in str(refused), refused
        return "role"


INVESTIGATORS = {"investigator_a", "investigator_b", "admin"}
REVIEWERS = {"reviewer", "admin"}
OFFICIALS = {"official", "admin"}
# Everybody who might try: the case's people, district staff with no part in the case, another department's
# reviewer and official, a street, the enterprise, an expert.
ACTORS = ["investigator_a", "investigator_b", "reviewer", "official", "district", "dept_reviewer", "dept_official",
          "street_a", "park", "enterprise", "expert", "admin"]
DATA = {"notify": proposal(), "serve": {"served_on": TODAY},
        "close": {"fine_paid_on": TODAY, "fine_paid_yuan": Decimal("20000")}}
# (action, source) -> who may; written out from case_workflow's docstring.
EXPECTED = {
    ("approve_filing", S.FILED): OFFICIALS,
    ("drop", S.FILED): OFFICIALS,
    ("notify", S.INVESTIGATING): INVESTIGATORS,
    ("drop", S.INVESTIGATING): OFFICIALS,
    ("submit_review", S.NOTIFIED): INVESTIGATORS,
    ("decide", S.NOTIFIED): OFFICIALS,
    ("pass_review", S.REVIEWING): REVIEWERS,
    ("return_review", S.REVIEWING): REVIEWERS,
    ("decide", S.REVIEWED): OFFICIALS,
    ("serve", S.DECIDED): INVESTIGATORS,
    ("close", S.EXECUTING): OFFICIALS,
}


def actor(people, name):
    world = people.world
    return {"district": world.district_user, "street_a": world.street_a_user, "park": world.park_user,
            "enterprise": world.enterprise_user, "expert": world.expert_user, "admin": world.admin,
            }.get(name) or getattr(people, name)


def test_the_expectations_cover_every_row_of_the_table():
    assert set(EXPECTED) == {(t.action, t.source) for t in case_workflow.TRANSITIONS}


@pytest.mark.parametrize(("action", "source"), list(EXPECTED), ids=[f"{a}-{s}" for a, s in EXPECTED])
def test_each_step_is_taken_exactly_by_the_people_it_names(people, action, source):
    case = walk(people, source)
    if source == S.NOTIFIED:
        waive(case, people.investigator_a)
    events = CaseEvent.objects.count()
    results = {name: outcome(case, action, actor(people, name), "意见", DATA.get(action)) for name in ACTORS}
    assert {name for name, result in results.items() if result == "allowed"} == EXPECTED[(action, source)]
    # Outside the case's organ or scope it is a 404, never a hint.
    assert results["street_a"] == results["park"] == results["enterprise"] == results["expert"] == "scope"
    case.refresh_from_db()
    assert case.state == source and CaseEvent.objects.count() == events


def test_a_department_handles_its_own_cases_and_the_district_bureau_does_not(people):
    case = file_case(people, department_case=True)
    with pytest.raises(ValidationError, match="您在本案中不能执行"):
        step(case, "approve_filing", people.official)  # the district bureau's official, not this organ's
    step(case, "approve_filing", people.dept_official)
    assert case.state == S.INVESTIGATING
    assert case.number.startswith("金交通运输局罚立〔")


def test_the_legal_reviewer_never_reviews_a_case_they_investigate(people):
    reviewer_as_inspector = _inspector("孙法制", "21020009", people.reviewer)
    case = walk(people, S.REVIEWING)
    case.investigators.add(reviewer_as_inspector)
    with pytest.raises(ValidationError, match="不得是本案承办人员"):
        step(case, "pass_review", people.reviewer, "同意")
    superuser_inspector = _inspector("管理员", "21020010", people.world.admin)
    case.investigators.add(superuser_inspector)
    with pytest.raises(ValidationError):
        step(case, "pass_review", people.world.admin, "同意")  # not even the superuser


@pytest.mark.parametrize(("fine", "measures"), [("50000", ()), ("0", (MeasureKind.SUSPEND,)),
                                                ("1000", (MeasureKind.SEAL,)), ("0", (MeasureKind.REVOKE,))])
def test_a_major_decision_without_legal_review_is_refused_with_a_clear_message(people, fine, measures):
    case = walk(people, S.NOTIFIED, fine=fine, measures=measures)
    waive(case, people.investigator_a)
    assert case.is_major()
    with pytest.raises(ValidationError) as refused:
        step(case, "decide", people.official)
    assert "未经法制审核" in str(refused.value) and "第五十八条" in str(refused.value)
    case.refresh_from_db()
    assert case.state == S.NOTIFIED and not case.documents.filter(kind=DocumentKind.PENALTY_DECISION).exists()


def test_a_fine_below_the_threshold_is_decided_without_review(people, settings):
    settings.WORKSAFETY_MAJOR_DECISION_FINE_YUAN = 50000
    case = walk(people, S.NOTIFIED, fine="49999.99")
    waive(case, people.investigator_a)
    step(case, "decide", people.official)
    assert case.state == S.DECIDED and case.outcome == CaseOutcome.PENALISED
    assert case.decided_by == people.official


def test_the_threshold_is_a_setting(people, settings):
    settings.WORKSAFETY_MAJOR_DECISION_FINE_YUAN = 10000
    case = walk(people, S.NOTIFIED, fine="20000")
    waive(case, people.investigator_a)
    with pytest.raises(ValidationError, match="未经法制审核"):
        step(case, "decide", people.official)


def test_a_review_that_sent_the_case_back_does_not_count_for_a_new_proposal(people):
    case = walk(people, S.REVIEWING, fine="80000")
    step(case, "return_review", people.reviewer, "证据不足，补充调查")
    assert case.state == S.INVESTIGATING and case.reviews.get().conclusion == ReviewConclusion.RETURNED
    step(case, "notify", people.investigator_a, data=proposal("90000"))
    waive(case, people.investigator_a)
    with pytest.raises(ValidationError, match="未经法制审核"):
        step(case, "decide", people.official)
    step(case, "submit_review", people.investigator_a)
    step(case, "pass_review", people.reviewer, "同意")
    step(case, "decide", people.official)
    assert case.state == S.DECIDED and case.fine_yuan == Decimal("90000")


def test_the_whole_case_issues_its_documents_and_records_each_step(people):
    case = walk(people, S.EXECUTING, fine="60000")
    step(case, "close", people.official, "罚款已缴清，结案",
         {"fine_paid_on": TODAY, "fine_paid_yuan": Decimal("60000")})
    assert case.state == S.CLOSED and case.closed_on == TODAY
    assert list(case.documents.order_by("pk").values_list("kind", flat=True)) == [DocumentKind.PENALTY_NOTICE,
                                                                                  DocumentKind.PENALTY_DECISION]
    assert list(case.events.values_list("action", flat=True)) == [
        "file", "approve_filing", "notify", "statement", "submit_review", "pass_review", "decide", "serve", "close"]


def test_a_fine_must_be_paid_before_closing(people):
    case = walk(people, S.EXECUTING)
    with pytest.raises(ValidationError) as refused:
        step(case, "close", people.official, "结案", {"fine_paid_on": TODAY, "fine_paid_yuan": Decimal("100")})
    assert "fine_paid_yuan" in refused.value.message_dict
    with pytest.raises(ValidationError, match="罚款未缴纳"):
        step(case, "close", people.official, "结案")


def test_a_proposal_needs_a_penalty_and_the_facts(people):
    case = walk(people, S.INVESTIGATING, facts="")
    with pytest.raises(ValidationError) as refused:
        step(case, "notify", people.investigator_a, data=proposal(fine=None))
    assert {"fine_yuan", "facts"} <= set(refused.value.message_dict)


def test_the_party_is_heard_before_the_case_moves_on(people):
    case = walk(people, S.NOTIFIED)
    assert case.statement_deadline > TODAY  # five working days after the notice
    with pytest.raises(ValidationError, match="未届满"):
        step(case, "submit_review", people.investigator_a)
    penalties.do_add_statement(case, user=people.world.enterprise_user, kind=StatementKind.STATEMENT,
                               text="已更换报警器，请求从轻处罚")
    with pytest.raises(ValidationError, match="未届满"):  # a statement alone does not end the period
        step(case, "submit_review", people.investigator_a)
    PenaltyCase.objects.filter(pk=case.pk).update(statement_deadline=TODAY - timedelta(days=1))
    step(case, "submit_review", people.investigator_a)
    assert case.state == S.REVIEWING


def test_a_requested_hearing_must_be_held(people):
    case = walk(people, S.NOTIFIED, fine="80000")
    penalties.do_add_statement(case, user=people.world.enterprise_user, kind=StatementKind.HEARING)
    PenaltyCase.objects.filter(pk=case.pk).update(statement_deadline=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="组织听证"):
        step(case, "submit_review", people.investigator_a)
    penalties.do_record_hearing(case, user=people.investigator_a, held_on=TODAY, record="当事人到场陈述")
    step(case, "submit_review", people.investigator_a)
    assert case.state == S.REVIEWING


def test_a_hearing_only_for_penalties_that_allow_one_and_statements_only_in_time(people):
    case = walk(people, S.NOTIFIED, fine="1000")
    with pytest.raises(ValidationError, match="不属于听证范围"):
        penalties.do_add_statement(case, user=people.world.enterprise_user, kind=StatementKind.HEARING)
    PenaltyCase.objects.filter(pk=case.pk).update(statement_deadline=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="已超过"):
        penalties.do_add_statement(case, user=people.world.enterprise_user, kind=StatementKind.STATEMENT,
                                   text="迟到的申辩")


def test_another_enterprise_cannot_file_a_statement(people):
    case = walk(people, S.NOTIFIED, enterprise=people.world.ent_street_a)
    with pytest.raises(OutOfScope):
        penalties.do_add_statement(case, user=people.world.enterprise_user, kind=StatementKind.WAIVER)


def test_a_closed_case_is_read_only(people):
    case = walk(people, S.INVESTIGATING)
    step(case, "drop", people.official, "违法事实不能成立，撤销立案")
    assert case.state == S.CLOSED and case.outcome == CaseOutcome.NOT_PENALISED
    for attempt in (
        lambda: penalties.do_update_case(case, user=people.investigator_a, data={"facts": "改"}),
        lambda: step(case, "notify", people.investigator_a, data=proposal()),
        lambda: penalties.do_add_statement(case, user=people.world.enterprise_user, kind=StatementKind.WAIVER),
        lambda: penalties.do_record_transfer(case, user=people.investigator_a, transfer=JudicialTransfer(
            transferred_on=TODAY, receiving_organ="公安分局", suspected_offence="重大责任事故罪")),
    ):
        with pytest.raises(ValidationError, match="已结案"):
            attempt()
    case.refresh_from_db()
    assert case.facts.startswith("经查") and not case.transfers.exists()


def test_facts_are_edited_only_under_investigation(people):
    case = walk(people, S.INVESTIGATING)
    penalties.do_update_case(case, user=people.investigator_b, data={"facts": "补充调查后的事实"})
    assert PenaltyCase.objects.get(pk=case.pk).facts == "补充调查后的事实"
    with pytest.raises(ValidationError, match="只有本案承办人员"):
        penalties.do_update_case(case, user=people.reviewer, data={"facts": "审核人改的"})
    step(case, "notify", people.investigator_a, data=proposal())
    with pytest.raises(ValidationError, match="已告知当事人"):
        penalties.do_update_case(case, user=people.investigator_a, data={"facts": "告知后改的"})


def test_filing_needs_two_valid_inspectors_of_the_organ_with_a_login(people):
    world = people.world
    for investigators, message in (
        ([people.inspector_a], "不得少于两人"),
        ([people.inspector_a, people.expired], "吴过期"),
        ([people.inspector_a, people.dept_inspector_a], "不是"),
        ([people.inspector_c, people.dept_inspector_b], "不是"),
    ):
        with pytest.raises(ValidationError, match=message):
            penalties.do_file_case(PenaltyCase(enterprise=world.ent_park, filed_on=TODAY, cause="案由"),
                                   user=people.investigator_a, investigators=investigators)
    no_login = [people.inspector_c, _inspector("冯无号", "21020011")]
    with pytest.raises(ValidationError, match="平台账号"):
        penalties.do_file_case(PenaltyCase(enterprise=world.ent_park, filed_on=TODAY, cause="案由"),
                               user=people.investigator_a, investigators=no_login)
    assert not PenaltyCase.objects.exists()


def test_streets_and_enterprises_do_not_file_cases(people):
    world = people.world
    for user in (world.street_a_user, world.enterprise_user, world.expert_user):
        with pytest.raises(OutOfScope):
            penalties.do_file_case(PenaltyCase(enterprise=world.ent_park, filed_on=TODAY, cause="案由"),
                                   user=user, investigators=[people.inspector_a, people.inspector_b])


def test_case_numbers_are_sequential_per_organ_and_year(people):
    first, second = file_case(people), file_case(people)
    department = file_case(people, department_case=True)
    year = TODAY.year
    assert (first.number, second.number) == (f"金应急罚立〔{year}〕1号", f"金应急罚立〔{year}〕2号")
    assert department.number == f"金交通运输局罚立〔{year}〕1号"


def test_a_case_from_an_inspection_and_a_transfer_to_the_judicial_organs(people):
    inspection = inspected_with_findings(people)
    case = file_case(people, inspection=inspection)
    assert list(inspection.cases.all()) == [case]
    penalties.do_record_transfer(case, user=people.investigator_a, transfer=JudicialTransfer(
        transferred_on=TODAY, receiving_organ="大连市公安局金普新区分局", suspected_offence="重大责任事故罪",
        reference="金应急移〔2026〕1号"))
    assert case.transfers.get().suspected_offence == "重大责任事故罪"
    assert case.events.last().action == "transfer"


def test_a_new_notice_opens_a_new_period_for_the_party(people):
    case = walk(people, S.REVIEWING, fine="80000")  # the party waived on the first notice
    step(case, "return_review", people.reviewer, "补充调查")
    step(case, "notify", people.investigator_a, data=proposal("70000"))
    with pytest.raises(ValidationError, match="未届满"):
        step(case, "submit_review", people.investigator_a)
    waive(case, people.investigator_a)
    step(case, "submit_review", people.investigator_a)
    assert case.state == S.REVIEWING
