"""目标责任考核: each scoring rule on hand-built data, totals, grades and ranks, the services' refusals (which change
nothing), the state guard, and results frozen at publication."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from worksafety.core.models import Notification
from worksafety.core.scoping import OutOfScope
from worksafety.core.tests.factories import AreaFactory
from worksafety.core.workflow import transition
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.enforcement.plans.tests.test_plans import approve, record_inspection
from worksafety.enforcement.tests.draw_helpers import colour
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.hazards.services import do_register_hazard
from worksafety.indicators.accidents.tests.helpers import local, record
from worksafety.indicators.assessments import results as assessment_results
from worksafety.indicators.assessments import services as assessments
from worksafety.indicators.assessments.models import (
    AppliesTo,
    AssessedUnit,
    Assessment,
    AssessmentItem,
    AssessmentState,
    Evidence,
    Grade,
    UnitKind,
    UnitScore,
    VetoFinding,
    VetoRule,
)
from worksafety.indicators.assessments.scoring import Scorer, grade, ranks, total
from worksafety.indicators.tests.factories import AssessedUnitFactory, PlanTaskFactory, ProgressReportFactory

YEAR = 2025  # a finished year of the plan period: every deadline in it has passed, task reports are due


@pytest.fixture
def assessment(world):
    return assessments.do_create_assessment(world.district_user, YEAR)


def unit_of(assessment, owner) -> AssessedUnit:
    field = "department" if owner._meta.model_name == "department" else "area"
    return assessment.units.get(**{field: owner})


def item_of(assessment, evidence) -> AssessmentItem:
    return assessment.items.get(evidence=evidence)


def score(assessment, owner, evidence):
    return Scorer(assessment).score(unit_of(assessment, owner), item_of(assessment, evidence))


def hazard(world, enterprise, *, due, closed_on=None, level=HazardLevel.GENERAL, supervised=None) -> Hazard:
    """A hazard registered through the service, then given its history: deadlines and the day it was closed."""
    registered = do_register_hazard(Hazard(
        enterprise=enterprise, source=Source.SELF_INSPECTION, level=level, hazard_type=HazardType.SAFETY,
        major_criterion="AQ 3013 第4.1条" if level == HazardLevel.MAJOR else "", title="储罐区防火堤破损",
        description="防火堤有裂缝", found_on=date(YEAR - 1, 12, 1)), user=world.district_user)
    Hazard.objects.filter(pk=registered.pk).update(
        deadline=due, supervision_deadline=supervised, closed_on=closed_on,
        state=State.CLOSED if closed_on else State.RECTIFYING)
    return registered


# --- creating the year ----------------------------------------------------------------------------------------

def test_a_new_year_gets_the_default_template_and_every_department_and_street(world, assessment):
    assert assessment.state == AssessmentState.DRAFT and assessment.title == f"{YEAR}年度安全生产目标责任考核"
    assert [i.evidence for i in assessment.items.all()] == [
        Evidence.MANUAL, Evidence.HAZARD_CLOSURE, Evidence.MAJOR_HAZARD_CLOSURE, Evidence.INSPECTION_PLAN,
        Evidence.ACCIDENT_DEATHS, Evidence.TASK_REPORTING, Evidence.MANUAL]
    assert item_of(assessment, Evidence.ACCIDENT_DEATHS).deduction == 5
    assert item_of(assessment, Evidence.TASK_REPORTING).applies_to == AppliesTo.DEPARTMENT
    assert [v.rule for v in assessment.vetoes.all()] == [VetoRule.MAJOR_ACCIDENT, VetoRule.MISREPORTING,
                                                          VetoRule.MANUAL]
    assert {u.name for u in assessment.units.all()} == {"区交通运输局", "大孤山街道", "友谊街道"}  # no community


def test_a_year_copies_an_earlier_template(world, assessment):
    item = item_of(assessment, Evidence.HAZARD_CLOSURE)
    item.weight = Decimal(25)
    assessments.do_save_item(world.district_user, item)
    assessment.good_from = Decimal(85)
    assessments.do_save_assessment(world.district_user, assessment)
    copied = assessments.do_create_assessment(world.district_user, YEAR + 1, title="下一年", copy_from=assessment)
    assert copied.title == "下一年" and copied.good_from == 85
    assert [(i.name, i.weight) for i in copied.items.all()] == [(i.name, i.weight) for i in assessment.items.all()]
    assert copied.vetoes.count() == 3 and copied.units.count() == 3


@pytest.mark.parametrize("year", [YEAR, timezone.localdate().year + 2, 1999])
def test_a_year_that_exists_or_is_out_of_range_is_refused(world, assessment, year):
    with pytest.raises(ValidationError) as error:
        assessments.do_create_assessment(world.district_user, year)
    assert "year" in error.value.message_dict
    assert Assessment.objects.count() == 1 and AssessmentItem.objects.count() == 7


@pytest.mark.parametrize("role", ["department_user", "street_a_user", "enterprise_user", "expert_user"])
def test_only_the_district_creates_and_runs_a_year(world, assessment, role):
    user = getattr(world, role)
    with pytest.raises(OutOfScope):
        assessments.do_create_assessment(user, YEAR + 1)
    with pytest.raises(OutOfScope):
        transition(assessment, "start_scoring", user)
    assert Assessment.objects.count() == 1 and Assessment.objects.get().state == AssessmentState.DRAFT


# --- the rules ------------------------------------------------------------------------------------------------

def test_hazard_closure_counts_the_deadlines_of_the_year_and_the_supervision_deadline_first(world, assessment):
    b = world.ent_street_b
    hazard(world, b, due=date(YEAR, 3, 1), closed_on=date(YEAR, 2, 20))  # on time
    hazard(world, b, due=date(YEAR, 4, 1), closed_on=date(YEAR, 5, 1))  # late
    hazard(world, b, due=date(YEAR, 6, 1))  # still open
    hazard(world, b, due=date(YEAR, 1, 10), supervised=date(YEAR, 7, 1), closed_on=date(YEAR, 6, 30),
           level=HazardLevel.MAJOR)  # on time by the supervision deadline
    hazard(world, b, due=date(YEAR - 1, 12, 1))  # another year
    hazard(world, b, due=date(YEAR, 12, 1), supervised=date(YEAR + 1, 1, 15))  # supervised into next year
    for owner in (world.dept_transport, world.street_b):  # the transport bureau and the street see the same firm
        result = score(assessment, owner, Evidence.HAZARD_CLOSURE)
        assert result.points == Decimal("10.0")
        assert result.evidence == f"{YEAR}年到期隐患 4 项，按期整改 2 项，按期整改率 50.0%"
    major = score(assessment, world.dept_transport, Evidence.MAJOR_HAZARD_CLOSURE)
    assert major.points == 10 and "到期重大隐患 1 项，按期整改 1 项" in major.evidence
    nothing = score(assessment, world.street_a, Evidence.HAZARD_CLOSURE)
    assert nothing.points == 20 and nothing.evidence == f"{YEAR}年无到期隐患，按满分计"


def test_rectification_reported_by_the_deadline_is_on_time_though_accepted_after_it(world, assessment):
    """The 复查 follows the deadline by law; the unit answers for the 申请验收 that led to 销号, not for the date
    the regulator accepted it. A rejected earlier application does not count."""
    b = world.ent_street_b
    accepted_later = hazard(world, b, due=date(YEAR, 3, 1), closed_on=date(YEAR, 3, 8))
    resubmitted = hazard(world, b, due=date(YEAR, 4, 1), closed_on=date(YEAR, 4, 20))
    for event_hazard, day in ((accepted_later, date(YEAR, 2, 27)), (resubmitted, date(YEAR, 3, 30)),
                              (resubmitted, date(YEAR, 4, 12))):
        event = HazardEvent.objects.create(hazard=event_hazard, action="submit", from_state=State.RECTIFYING,
                                           to_state=State.AWAITING_ACCEPTANCE, actor=world.district_user)
        HazardEvent.objects.filter(pk=event.pk).update(at=local(YEAR, day.month, day.day))  # auto_now_add
    result = score(assessment, world.street_b, Evidence.HAZARD_CLOSURE)
    assert result.evidence == f"{YEAR}年到期隐患 2 项，按期整改 1 项，按期整改率 50.0%"


def test_a_running_year_counts_only_deadlines_that_have_passed(world):
    today = timezone.localdate()
    this_year = assessments.do_create_assessment(world.district_user, today.year)
    hazard(world, world.ent_street_b, due=today)  # due today: not late yet
    assert score(this_year, world.street_b, Evidence.HAZARD_CLOSURE).points == 20


def test_accident_deaths_deduct_per_person_dead_or_missing_down_to_zero(world, assessment):
    record(world, enterprise=world.ent_street_b, occurred_at=local(YEAR, 3), deaths=1, missing=1)
    record(world, enterprise=world.ent_street_b, occurred_at=local(YEAR + 1, 1, 1, 0) - timedelta(hours=1),
           deaths=1)  # 31 December 23:00 local: still the year
    record(world, enterprise=world.ent_street_b, occurred_at=local(YEAR - 1, 12, 31, 23), deaths=2)  # last year
    result = score(assessment, world.dept_transport, Evidence.ACCIDENT_DEATHS)
    assert result.points == Decimal(5)
    assert result.evidence == f"{YEAR}年发生生产安全事故 2 起，死亡 2 人、失踪 1 人，每人扣 5.0 分，共扣 15.0 分"
    record(world, enterprise=world.ent_street_b, occurred_at=local(YEAR, 8), deaths=1)
    assert score(assessment, world.dept_transport, Evidence.ACCIDENT_DEATHS).points == 0
    # The park's accident is in street A's area, and not in the transport bureau's sector.
    assert score(assessment, world.street_a, Evidence.ACCIDENT_DEATHS).points == 20


def test_accident_vetoes_list_the_accidents_that_trigger_them(world, assessment):
    record(world, title="丙物流“6·1”车辆伤害事故", enterprise=world.ent_street_b, occurred_at=local(YEAR, 6, 1),
           deaths=3)
    record(world, title="甲化工“4·2”灼烫事故", occurred_at=local(YEAR, 4, 2), deaths=0, serious_injuries=1,
           misreporting="concealed", misreporting_note="区应急局认定（金普应急〔2025〕3号）")
    scorer = Scorer(assessment)
    major, misreported, manual = assessment.vetoes.all()
    transport, street_a = unit_of(assessment, world.dept_transport), unit_of(assessment, world.street_a)
    assert scorer.veto(transport, major) == f"丙物流“6·1”车辆伤害事故（{YEAR}-06-01，较大事故）"
    assert scorer.veto(transport, misreported) == ""
    assert scorer.veto(street_a, misreported) == f"甲化工“4·2”灼烫事故（{YEAR}-04-02，一般事故，瞒报）"
    assert scorer.veto(street_a, major) == ""


@pytest.fixture
def plan(world):
    colour(world.ent_park, "red")  # 4 key inspections, street A responsible (no department supervises hazchem)
    colour(world.ent_street_b, "orange")  # 2 key inspections, the transport bureau
    return plans.do_create_plan(AnnualPlan(year=YEAR, random_share_percent=10), user=world.district_user)


def test_inspections_against_an_approved_plan(world, assessment, plan):
    unapproved = score(assessment, world.dept_transport, Evidence.INSPECTION_PLAN)
    assert unapproved.points is None and "未经批准" in unapproved.evidence
    approve(world, plan)
    record_inspection(world, world.ent_street_b, date(YEAR, 3, 1), plan_target=plan.targets.get(
        enterprise=world.ent_street_b))
    park_target = plan.targets.get(enterprise=world.ent_park)
    for day in (1, 2, 3, 4, 5):  # five visits to a target planned four times count four
        record_inspection(world, world.ent_park, date(YEAR, 5, day), plan_target=park_target)
    transport = score(assessment, world.dept_transport, Evidence.INSPECTION_PLAN)
    assert transport.points == 10 and "重点检查计划 2 次、完成 1 次" in transport.evidence
    assert "完成率 50.0%" in transport.evidence
    assert score(assessment, world.street_a, Evidence.INSPECTION_PLAN).points == 20
    nothing = score(assessment, world.street_b, Evidence.INSPECTION_PLAN)
    assert nothing.points == 20 and "未安排本单位检查任务" in nothing.evidence


def test_task_reporting_counts_each_quarter_of_each_task_led_or_cooperated_on(world, assessment):
    led = PlanTaskFactory(code="六(三)", kind="main", chapter="六", title="道路运输安全", content="…",
                          lead_department=world.dept_transport)
    other = PlanTaskFactory(code="六(四)", kind="main", chapter="六", title="危化品", content="…",
                            lead_department=world.dept_transport)
    other.cooperating_departments.set([world.dept_transport])  # leading and cooperating is still one report

    def report(task, quarter, day):
        ProgressReportFactory(task=task, department=world.dept_transport, year=YEAR, quarter=quarter,
                              status="on_track", percent=50, work_done="推进中",
                              submitted_by=world.department_user,
                              submitted_at=timezone.make_aware(datetime.combine(day, datetime.min.time())))

    report(led, 1, date(YEAR, 4, 10))  # on the deadline
    report(led, 2, date(YEAR, 7, 11))  # a day late
    report(other, 1, date(YEAR, 4, 1))
    result = score(assessment, world.dept_transport, Evidence.TASK_REPORTING)
    assert result.points == Decimal("2.5")  # 2 on time of 8
    assert "应报送规划任务进展 8 次（2 项任务 × 4 个季度），按时报送 2 次、逾期 1 次、未报送 5 次" in result.evidence


def test_no_task_reports_due_scores_full(world, assessment):
    PlanTaskFactory(code="六(五)", kind="main", chapter="六", title="消防安全", content="…",
                    lead_department=world.dept_transport)
    january = Scorer(assessment, today=date(YEAR, 1, 20))  # the first quarter's report is not due yet
    result = january.score(unit_of(assessment, world.dept_transport), item_of(assessment, Evidence.TASK_REPORTING))
    assert result.points == 10 and result.evidence == f"{YEAR}年无到期的规划任务进展报送，按满分计"


def test_a_year_outside_the_plan_period_has_no_task_reports_due(world):
    after = assessments.do_create_assessment(world.district_user, 2026)
    PlanTaskFactory(code="六(五)", kind="main", chapter="六", title="消防安全", content="…",
                    lead_department=world.dept_transport)
    result = score(after, world.dept_transport, Evidence.TASK_REPORTING)
    assert result.points == 10 and result.evidence == "2026年不在规划期内，无应报送的规划任务进展，按满分计"


# --- totals, grades, ranks ------------------------------------------------------------------------------------

def test_totals_are_normalised_to_100_and_rounded_half_up():
    assert total([(Decimal(15), Decimal(15)), (Decimal(20), Decimal(10))]) == Decimal("71.4")  # 25/35
    assert total([(Decimal(30), Decimal("12.5")), (Decimal(10), Decimal(10))]) == Decimal("56.3")  # 56.25
    assert total([(Decimal(90), Decimal(90))]) == 100


def test_grades_follow_the_thresholds_and_a_veto_fails():
    year = Assessment(excellent_from=Decimal(90), good_from=Decimal(80), pass_from=Decimal(60))
    assert [grade(year, Decimal(v), vetoed=False) for v in ("90", "89.9", "80", "60", "59.9")] == [
        Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.PASS, Grade.FAIL]
    assert grade(year, Decimal(99), vetoed=True) == Grade.FAIL


def test_ties_share_a_rank_and_vetoed_units_come_last():
    entries = [("a", Decimal(90), False), ("b", Decimal(95), False), ("c", Decimal(90), False),
               ("d", Decimal(99), True), ("e", Decimal(80), False), ("f", Decimal(70), True),
               ("g", Decimal(70), True)]
    assert ranks(entries) == {"b": 1, "a": 2, "c": 2, "e": 4, "d": 5, "f": 6, "g": 6}


# --- the template and the workflow ----------------------------------------------------------------------------

def test_items_are_checked_when_saved(world, assessment):
    item = AssessmentItem(assessment=assessment, name="事故控制", criteria="…", weight=Decimal(10),
                          evidence=Evidence.ACCIDENT_DEATHS)
    with pytest.raises(ValidationError) as error:
        assessments.do_save_item(world.district_user, item)
    assert "deduction" in error.value.message_dict
    item.evidence, item.applies_to = Evidence.TASK_REPORTING, AppliesTo.ALL
    with pytest.raises(ValidationError) as error:
        assessments.do_save_item(world.district_user, item)
    assert "applies_to" in error.value.message_dict
    assert assessment.items.count() == 7


def test_starting_to_score_needs_a_complete_template(world, assessment):
    AssessmentItem.objects.filter(evidence=Evidence.ACCIDENT_DEATHS).update(deduction=None)  # e.g. from an import
    AssessmentItem.objects.filter(evidence=Evidence.TASK_REPORTING).update(applies_to=AppliesTo.ALL)
    with pytest.raises(ValidationError) as error:
        transition(assessment, "start_scoring", world.district_user)
    assert error.value.messages == ["“事故控制”须填写每人扣分。", "“规划任务推进”只适用于部门。"]
    for item in assessment.items.exclude(applies_to=AppliesTo.DEPARTMENT):
        assessments.do_delete_item(world.district_user, item)
    with pytest.raises(ValidationError, match="没有适用于街道/功能区的考核项目"):
        transition(assessment, "start_scoring", world.district_user)
    for unit in assessment.units.all():
        assessments.do_remove_unit(world.district_user, unit)
    with pytest.raises(ValidationError, match="没有被考核单位"):
        transition(assessment, "start_scoring", world.district_user)
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT


def test_units_are_added_once_and_only_streets_or_departments(world, assessment):
    with pytest.raises(ValidationError, match="已在被考核单位中"):
        assessments.do_add_unit(world.district_user, assessment, area=world.street_a)
    with pytest.raises(ValidationError, match="街道和功能区"):
        assessments.do_add_unit(world.district_user, assessment, area=world.community_a)
    assert assessment.units.count() == 3


@pytest.fixture
def scoring(world, assessment):
    return transition(assessment, "start_scoring", world.district_user)


def test_the_template_freezes_once_scoring_starts(world, scoring):
    item = scoring.items.first()
    item.weight = Decimal(50)
    for step in (lambda: assessments.do_save_item(world.district_user, item),
                 lambda: assessments.do_delete_item(world.district_user, item),
                 lambda: assessments.do_save_veto(world.district_user, scoring.vetoes.first()),
                 lambda: assessments.do_remove_unit(world.district_user, scoring.units.first()),
                 lambda: transition(scoring, "start_scoring", world.district_user)):
        with pytest.raises(ValidationError):
            step()
    assert AssessmentItem.objects.get(pk=item.pk).weight == 15 and scoring.units.count() == 3


def test_manual_scores_are_checked(world, assessment, scoring):
    unit = unit_of(scoring, world.street_a)
    manual = scoring.items.get(name="组织领导和责任落实")
    for points, evidence, field in ((16, "好", "points"), (-1, "差", "points"), (12, " ", "evidence")):
        with pytest.raises(ValidationError) as error:
            assessments.do_enter_score(world.district_user, unit, manual, points=points, evidence=evidence)
        assert field in error.value.message_dict
    with pytest.raises(ValidationError, match="按平台数据计分"):
        assessments.do_enter_score(world.district_user, unit, item_of(scoring, Evidence.HAZARD_CLOSURE), points=1,
                                   evidence="x")
    with pytest.raises(ValidationError, match="不适用"):
        assessments.do_enter_score(world.district_user, unit, item_of(scoring, Evidence.TASK_REPORTING), points=1,
                                   evidence="x")
    assert not UnitScore.objects.exists()
    assessments.do_enter_score(world.district_user, unit, manual, points="12.5", evidence="安委会会议少一次")
    assessments.do_enter_score(world.district_user, unit, manual, points=14, evidence="补充材料后复核")
    assert UnitScore.objects.get().points == 14


def test_data_items_the_data_cannot_compute_are_scored_by_hand(world, scoring):
    unit = unit_of(scoring, world.street_a)  # no approved plan this year
    assessments.do_enter_score(world.district_user, unit, item_of(scoring, Evidence.INSPECTION_PLAN), points=18,
                               evidence="按区应急局检查台账核定")
    sheet = assessment_results.results(scoring, units=[unit])[1].units[0]
    cell = next(c for c in sheet.cells if c.item.evidence == Evidence.INSPECTION_PLAN)
    assert cell.points == 18 and cell.by_hand


def test_manual_vetoes_are_recorded_and_withdrawn(world, scoring):
    unit = unit_of(scoring, world.street_b)
    major, _misreported, manual = scoring.vetoes.all()
    with pytest.raises(ValidationError, match="按平台数据认定"):
        assessments.do_record_veto(world.district_user, unit, major, evidence="x")
    with pytest.raises(ValidationError):
        assessments.do_record_veto(world.district_user, unit, manual, evidence="")
    assert not VetoFinding.objects.exists()
    assessments.do_record_veto(world.district_user, unit, manual, evidence="督办隐患逾期引发火灾")
    assert VetoFinding.objects.get().found_by == world.district_user
    assessments.do_withdraw_veto(world.district_user, unit, manual)
    assert not VetoFinding.objects.exists()


def score_all_manual(world, assessment, points=10):
    for unit in assessment.units.all():
        for item in assessment.items.filter(evidence__in=[Evidence.MANUAL, Evidence.INSPECTION_PLAN]):
            if item.applies_to in (AppliesTo.ALL, unit.kind):
                assessments.do_enter_score(world.district_user, unit, item, points=min(points, item.weight),
                                           evidence="核查材料")


def test_publishing_waits_for_every_manual_score(world, scoring):
    with pytest.raises(ValidationError) as error:
        transition(scoring, "publish", world.district_user)
    assert "区交通运输局（组织领导和责任落实、监管执法计划完成、应急管理和宣传培训）" in error.value.messages[0]
    scoring.refresh_from_db()
    assert scoring.state == AssessmentState.SCORING and not AssessedUnit.objects.filter(total__isnull=False).exists()


def test_a_plan_approved_after_hand_scoring_wins_at_publication(world, scoring, plan):
    """Scored by hand while no plan was approved; the data decides once it can, and publishing still works."""
    score_all_manual(world, scoring)
    approve(world, plan)
    published = transition(scoring, "publish", world.district_user)
    inspection = UnitScore.objects.get(unit=unit_of(published, world.dept_transport),
                                       item__evidence=Evidence.INSPECTION_PLAN)
    assert inspection.entered_by is None and "年度监督检查计划" in inspection.evidence


def test_rectified_by_the_deadline_and_awaiting_acceptance_is_on_time(world, assessment):
    waiting = hazard(world, world.ent_street_b, due=date(YEAR, 3, 1))
    Hazard.objects.filter(pk=waiting.pk).update(state=State.AWAITING_ACCEPTANCE)
    event = HazardEvent.objects.create(hazard=waiting, action="submit", from_state=State.RECTIFYING,
                                       to_state=State.AWAITING_ACCEPTANCE, actor=world.district_user)
    HazardEvent.objects.filter(pk=event.pk).update(at=local(YEAR, 2, 28))
    assert "按期整改 1 项" in score(assessment, world.street_b, Evidence.HAZARD_CLOSURE).evidence


def test_publication_writes_the_results_and_freezes_them(world, scoring, django_capture_on_commit_callbacks):
    record(world, enterprise=world.ent_street_b, occurred_at=local(YEAR, 3), deaths=1)  # transport and street B
    record(world, occurred_at=local(YEAR, 5), deaths=0, serious_injuries=1, misreporting="falsified",
           misreporting_note="市应急局认定")  # street A: 谎报
    score_all_manual(world, scoring)
    with django_capture_on_commit_callbacks(execute=True):
        published = transition(scoring, "publish", world.district_user)
    assert published.state == AssessmentState.PUBLISHED and published.published_by == world.district_user
    transport, street_a, street_b = (unit_of(published, o) for o in (world.dept_transport, world.street_a,
                                                                      world.street_b))
    # transport: 10 + 20 + 10 + 10 + 15 + 10 + 5 of 100; street B: the same without task reporting, of 90.
    assert (transport.total, transport.grade, transport.rank) == (Decimal("80.0"), Grade.GOOD, 1)
    assert (street_b.total, street_b.rank, street_b.vetoed) == (Decimal("77.8"), 1, False)
    assert (street_a.total, street_a.grade, street_a.rank, street_a.vetoed) == (Decimal("83.3"), Grade.FAIL, 2, True)
    computed = UnitScore.objects.filter(unit=transport, entered_by__isnull=True)
    assert computed.count() == 4 and computed.get(item__evidence=Evidence.ACCIDENT_DEATHS).points == 15
    finding = VetoFinding.objects.get(unit=street_a)
    assert finding.found_by is None and "谎报" in finding.evidence
    notified = set(Notification.objects.filter(category="assessment_published").values_list("recipient", flat=True))
    assert notified == {world.department_user.pk, world.street_a_user.pk, world.street_b_user.pk}

    before = [(s.unit.name, s.total, [c.points for c in s.cells]) for k in assessment_results.results(published)
              for s in k.units]
    record(world, enterprise=world.ent_street_b, occurred_at=local(YEAR, 9), deaths=4)  # found later
    after = [(s.unit.name, s.total, [c.points for c in s.cells]) for k in assessment_results.results(published)
             for s in k.units]
    assert after == before
    with pytest.raises(ValidationError):
        transition(published, "publish", world.district_user)  # twice
    with pytest.raises(ValidationError):
        assessments.do_enter_score(world.district_user, transport, published.items.first(), points=1, evidence="x")
    with pytest.raises(ValidationError):
        assessments.do_save_assessment(world.district_user, published)


def test_the_state_guard_refuses_a_publication_already_made(world, scoring, monkeypatch):
    """Two assessors publish at once: the second, having passed the state check, loses at the UPDATE."""
    score_all_manual(world, scoring)
    Assessment.objects.filter(pk=scoring.pk).update(state=AssessmentState.PUBLISHED)
    monkeypatch.setattr(assessments, "_require_scoring", lambda assessment: None)
    with pytest.raises(ValidationError, match="已被他人处理"):
        transition(scoring, "publish", world.district_user)
    assert not UnitScore.objects.filter(entered_by__isnull=True).exists()


def test_the_live_sheet_of_every_unit_takes_a_bounded_number_of_queries(world, scoring, plan,
                                                                        django_assert_max_num_queries):
    """Two queries per unit (its hazards, its accidents); the plan's progress, tasks and reports once."""
    approve(world, plan)
    for n in range(3, 23):
        street = AreaFactory(code=f"210213{n:03d}", name=f"街道{n}", level="street", parent=world.district)
        AssessedUnitFactory(assessment=scoring, kind=UnitKind.STREET, area=street)
    scoring = Assessment.objects.get(pk=scoring.pk)
    units = scoring.units.count()
    with django_assert_max_num_queries(2 * units + 20):
        kinds = assessment_results.results(scoring)
    assert sum(len(k.units) for k in kinds) == units == 23

