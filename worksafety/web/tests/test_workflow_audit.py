"""Every state change of every workflow writes an audit entry (issue 14 item 3, ARCHITECTURE.md rules 3 and 7).

Each workflow's transition table is walked through its services, every row where the walk is cheap, and after
each step the object's audit log must hold an update whose `after` carries the new state. The first test finds
the transition tables in the source, so a new workflow fails here until it is walked too."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

import worksafety
from worksafety.core.models import AuditEntry
from worksafety.core.workflow import transition
from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.models import Incident
from worksafety.emergency.incidents.tests.test_incidents import new_incident
from worksafety.emergency.plans.choices import ReviewConclusion
from worksafety.emergency.plans.models import PlanReview
from worksafety.emergency.plans.tests.helpers import make_plan
from worksafety.emergency.warnings.tests.helpers import make_warning
from worksafety.enforcement.cases.choices import CaseState
from worksafety.enforcement.cases.tests.test_penalties import walk
from worksafety.enforcement.credit.tests.test_credit import apply, listing
from worksafety.enforcement.plans import services as enforcement_plans
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.enforcement.tests.draw_helpers import colour, second_bureau_login
from worksafety.enforcement.tests.inspection_fixtures import make_people
from worksafety.hazards.choices import HazardLevel
from worksafety.hazards.tests.test_workflow import make_hazard, step_input
from worksafety.indicators.assessments import services as assessments
from worksafety.indicators.assessments.tests.test_assessments import score_all_manual
from worksafety.tipoffs.tests.helpers import CONCLUSION, REPLY, make_tipoff

# Every transition table in the project, as "module:NAME", and the test below that walks it.
WALKED = {
    "worksafety.hazards.workflow:TRANSITIONS": "test_hazard_steps_are_audited",
    "worksafety.tipoffs.workflow:TRANSITIONS": "test_tipoff_steps_are_audited",
    "worksafety.enforcement.cases.workflow:TRANSITIONS": "test_penalty_case_steps_are_audited",
    "worksafety.enforcement.credit.services:REPAIR_TRANSITIONS": "test_credit_repair_steps_are_audited",
    "worksafety.enforcement.plans.services:TRANSITIONS": "test_enforcement_plan_steps_are_audited",
    "worksafety.indicators.assessments.services:TRANSITIONS": "test_assessment_steps_are_audited",
    "worksafety.emergency.incidents.services:TRANSITIONS": "test_incident_steps_are_audited",
    "worksafety.emergency.warnings.workflow:TRANSITIONS": "test_warning_steps_are_audited",
    "worksafety.emergency.plans.workflow:TRANSITIONS": "test_emergency_plan_steps_are_audited",
}
TABLE = re.compile(r"^(\w*TRANSITIONS|ACTIONS)\s*=\s*[({]", re.MULTILINE)


def test_every_transition_table_in_the_project_is_walked():
    root = Path(worksafety.__file__).parent
    found = set()
    for path in root.rglob("*.py"):
        if {"tests", "migrations", "demo"} & set(path.parts):  # the demo replays the tables, it has none
            continue
        module = ".".join(("worksafety", *path.relative_to(root).with_suffix("").parts))
        found |= {f"{module}:{name}" for name in TABLE.findall(path.read_text(encoding="utf-8"))}
    assert found == set(WALKED)
    assert all(name in globals() for name in WALKED.values())


def audited_states(obj, field: str) -> list[str]:
    entries = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk),
                                        action="update").order_by("seq")
    return [entry.after[field] for entry in entries if field in (entry.after or {})]


class Walk:
    """Takes steps on one object and remembers the state each step left it in."""

    def __init__(self, obj, field="state"):
        self.obj, self.field, self.states = obj, field, []

    def __call__(self, step):
        step()
        self.obj.refresh_from_db()
        self.states.append(getattr(self.obj, self.field))

    def check(self):
        assert self.states, "no step taken"
        assert audited_states(self.obj, self.field) == self.states


def test_hazard_steps_are_audited(world):
    user = world.district_user
    for level, path in ((HazardLevel.GENERAL, ["start", "submit", "reject", "submit", "accept"]),
                        (HazardLevel.MAJOR, ["report", "list", "start", "submit", "reject", "submit", "delist"])):
        hazard = make_hazard(world, world.ent_street_b, level, department=world.dept_transport)
        walk_ = Walk(hazard)
        for action in path:
            comment, data = step_input(world, action, user, hazard)
            walk_(lambda hazard=hazard, action=action, comment=comment, data=data: transition(
                hazard, action, user, comment=comment, **data))
        walk_.check()


@pytest.mark.parametrize("verdict", ["substantiate", "unsubstantiate"])
def test_tipoff_steps_are_audited(world, verdict):
    tipoff = make_tipoff(world, "ent_park")
    walk_ = Walk(tipoff)
    user = world.district_user
    walk_(lambda: transition(tipoff, "investigate", user))
    walk_(lambda: transition(tipoff, verdict, user, conclusion=CONCLUSION))
    walk_(lambda: transition(tipoff, "close", user, public_reply=REPLY))
    walk_.check()


def test_incident_steps_are_audited(world):
    user = world.district_user
    incident = incidents.do_report(new_incident(world), user=user)
    walk_ = Walk(incident)
    for row in incidents.TRANSITIONS:
        walk_(lambda row=row: transition(incident, row.action, user))
    walk_(lambda: incidents.do_review(incident, user=user, summary="处置及时", lessons="加强巡检", actions=[]))
    walk_.check()
    for step in (lambda proposed: incidents.do_confirm(proposed, user=user),
                 lambda proposed: incidents.do_dismiss(proposed, user=user, reason="误报")):
        proposed = new_incident(world, state="proposed")
        proposed.save()
        walk_ = Walk(proposed)
        walk_(lambda proposed=proposed, step=step: step(proposed))
        walk_.check()


def test_incident_task_changes_are_audited(world):
    user = world.district_user
    incident = incidents.do_report(new_incident(world), user=user)
    task = incidents.do_add_task(incident, user=user, title="疏散下风向居民", assignee="大孤山街道")
    incidents.do_update_task(task, user=user, state="done", note="已疏散")
    assert audited_states(task, "state") == ["done"]


def test_warning_steps_are_audited(world):
    user, approver = world.district_user, second_bureau_login(world)
    warning = make_warning(world)
    walk_ = Walk(warning, "status")
    walk_(lambda: transition(warning, "submit", user))
    walk_(lambda: transition(warning, "return", approver, comment="措施不具体"))
    walk_(lambda: transition(warning, "submit", user))
    walk_(lambda: transition(warning, "approve", approver))
    walk_.check()
    discarded = make_warning(world)
    walk_ = Walk(discarded, "status")
    walk_(lambda: transition(discarded, "discard", user))
    walk_.check()


def test_emergency_plan_steps_are_audited(world):
    plan = make_plan(world.district_user)
    walk_ = Walk(plan, "status")
    walk_(lambda: transition(plan, "publish", world.district_user, published_on=timezone.localdate()))
    walk_(lambda: transition(plan, "retire", world.district_user, reason="机构调整"))
    walk_.check()
    filed = make_plan(world.enterprise_user)
    walk_ = Walk(filed, "status")
    walk_(lambda: transition(filed, "publish", world.enterprise_user, published_on=timezone.localdate()))
    walk_(lambda: transition(filed, "file", world.district_user, filing_number="F-1", filing_authority="金普新区应急管理局",
                             filed_on=timezone.localdate()))
    # An evaluation leaves the status and moves the next one's due date: its entry carries both.
    walk_(lambda: transition(filed, "review", world.enterprise_user, review=PlanReview(
        reviewed_on=timezone.localdate(), conclusion=ReviewConclusion.VALID, summary="内容适用")))
    walk_.check()
    assert AuditEntry.objects.filter(object_type="emergency.emergencyplan", object_id=str(filed.pk)).latest(
        "seq").after["next_review_due"] == str(filed.next_review_due)


def test_penalty_case_steps_are_audited(world):
    case = walk(make_people(world), CaseState.EXECUTING)
    assert audited_states(case, "state") == [CaseState.INVESTIGATING, CaseState.NOTIFIED, CaseState.REVIEWING,
                                             CaseState.REVIEWED, CaseState.DECIDED, CaseState.EXECUTING]


@pytest.mark.parametrize("decision,comment", [("approve", "整改到位"), ("refuse", "罚款未缴清")])
def test_credit_repair_steps_are_audited(world, decision, comment):
    repair = apply(world, listing(world, started_days_ago=100))
    walk_ = Walk(repair, "status")
    walk_(lambda: transition(repair, decision, world.district_user, comment=comment))
    walk_.check()


def test_enforcement_plan_steps_are_audited(world):
    colour(world.ent_park, "red")
    plan = enforcement_plans.do_create_plan(AnnualPlan(year=timezone.localdate().year), user=world.district_user)
    approver = second_bureau_login(world)
    walk_ = Walk(plan, "status")
    walk_(lambda: transition(plan, "submit", world.district_user))
    walk_(lambda: transition(plan, "return", approver, comment="抽查比例偏低"))
    walk_(lambda: transition(plan, "submit", world.district_user))
    walk_(lambda: transition(plan, "approve", approver))
    walk_.check()


def test_assessment_steps_are_audited(world):
    assessment = assessments.do_create_assessment(world.district_user, timezone.localdate().year)
    walk_ = Walk(assessment)
    walk_(lambda: transition(assessment, "start_scoring", world.district_user))
    score_all_manual(world, assessment)
    walk_(lambda: transition(assessment, "publish", world.district_user))
    walk_.check()


def test_a_refused_step_writes_nothing(world):
    incident = incidents.do_report(new_incident(world), user=world.district_user)
    before = AuditEntry.objects.count()
    Incident.objects.filter(pk=incident.pk).update(state="responding")  # someone else acted first
    with pytest.raises(ValidationError, match="已被他人处理"):
        transition(incident, "respond", world.district_user)
    assert AuditEntry.objects.count() == before
