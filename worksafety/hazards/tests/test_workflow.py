"""The hazard closed loop (`hazards.workflow` + `core.workflow.transition`): for every row of the
transition table, every role, on a hazard in each enterprise, the step is taken exactly by the roles the row
names and only inside their scope; everything else is refused with nothing changed and nothing recorded."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import ENTERPRISES, ROLES, SEES, user_of
from worksafety.core.choices import Role
from worksafety.core.models import AuditEntry, Department, User
from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.hazards import services, workflow
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.hazards.tests.factories import CRITERION, HazardFactory, plan

TODAY = timezone.localdate()
PLAN = plan(TODAY)

# A department login (区应急管理局 here) that supervises all three sectors, so it sees every enterprise: the
# "other department" when a hazard is listed with the transport bureau, and the regulator when listed with it.
OTHER_DEPARTMENT = "other_department"
MATRIX_ROLES = ROLES + [OTHER_DEPARTMENT]
MATRIX_SEES = {**SEES, "expert": [], OTHER_DEPARTMENT: ENTERPRISES}  # the expert only reads: it never acts

SUPERVISING = {"admin", "district", "department", OTHER_DEPARTMENT, "street_a", "street_b", "park"}
RESPONSIBLE = SUPERVISING | {"enterprise"}
LISTING = {"admin", "district", "department", OTHER_DEPARTMENT}

# Who may take each row's step (within scope), written out by hand from the module's docstring, per variant:
# the source of a general hazard (自查自改 lets the enterprise accept it), or the department a major hazard is
# listed with (only that department, the district and the superuser may delist it or send it back).
AWAITING = State.AWAITING_ACCEPTANCE
EXPECTED = {
    ("start", State.REGISTERED, HazardLevel.GENERAL): {"-": RESPONSIBLE},
    ("report", State.REGISTERED, HazardLevel.MAJOR): {"-": RESPONSIBLE},
    ("list", State.REPORTED, HazardLevel.MAJOR): {"-": LISTING},
    ("start", State.LISTED, HazardLevel.MAJOR): {"-": RESPONSIBLE},
    ("submit", State.RECTIFYING, HazardLevel.GENERAL): {"-": RESPONSIBLE},
    ("submit", State.RECTIFYING, HazardLevel.MAJOR): {"-": RESPONSIBLE},
    ("accept", AWAITING, HazardLevel.GENERAL): {
        Source.ENFORCEMENT: RESPONSIBLE - {"enterprise"}, Source.SELF_INSPECTION: RESPONSIBLE},
    ("reject", AWAITING, HazardLevel.GENERAL): {
        Source.ENFORCEMENT: RESPONSIBLE - {"enterprise"}, Source.SELF_INSPECTION: RESPONSIBLE},
    ("delist", AWAITING, HazardLevel.MAJOR): {
        "listed_with_transport": {"admin", "district", "department"},
        "listed_with_other": {"admin", "district", OTHER_DEPARTMENT}},
    ("reject", AWAITING, HazardLevel.MAJOR): {
        "listed_with_transport": {"admin", "district", "department"},
        "listed_with_other": {"admin", "district", OTHER_DEPARTMENT}},
}
CASES = [pytest.param(key, variant, id=f"{key[0]}-{key[1]}-{key[2]}-{variant}")
         for key, variants in EXPECTED.items() for variant in variants]


@pytest.fixture
def other_department(world):
    department = Department.objects.create(code="yjj", name="区应急管理局综合科", area=world.district)
    department.sectors.set([world.hazchem, world.trade, world.transport])
    user = User(username="dept_all", role=Role.DEPARTMENT, department=department)
    user.set_password("Str0ng-Passw0rd!")
    user.save()
    world.dept_other, world.other_department_user = department, user
    return user


def persona(world, role):
    return world.other_department_user if role == OTHER_DEPARTMENT else user_of(world, role)


def make_hazard(world, enterprise, level=HazardLevel.GENERAL, state=State.REGISTERED, source=Source.ENFORCEMENT,
                department=None, title="储罐区阀门泄漏"):
    """A hazard put straight into `state` with the ORM, found by the district, listed (if major) with
    `department` or the transport bureau."""
    return HazardFactory(enterprise=enterprise, level=level, state=state, source=source, title=title,
                         found_by=world.district_user, supervised_by=department or world.dept_transport)


def step_input(world, action, user=None, hazard=None):
    """(comment, data) that satisfy what a step must bring. A department lists a hazard with itself; anyone
    else with a department that supervises the enterprise's sector."""
    if action == "start":
        return "", dict(PLAN)
    if action == "list":
        if user is not None and user.role == "department":
            department = user.department
        elif hazard is not None:
            department = Department.objects.filter(sectors=hazard.enterprise.sector).order_by("code").first()
        else:
            department = world.dept_transport
        return "", {"supervising_department": department, "supervision_deadline": TODAY + timedelta(days=60)}
    if action == "reject":
        return "整改不到位，请补充检测报告", {}
    return "", {}


def hazard_audits(hazard):
    return AuditEntry.objects.filter(object_type="hazards.hazard", object_id=str(hazard.pk))


def attempt(hazard, action, user, comment="", data=None):
    """Take a step on a freshly loaded copy; answer "ok", "out_of_scope" or "refused"."""
    try:
        transition(Hazard.objects.get(pk=hazard.pk), action, user, comment=comment, **data)
    except OutOfScope:
        return "out_of_scope"
    except ValidationError:
        return "refused"
    return "ok"


def test_every_row_of_the_table_is_covered():
    rows = {(t.action, t.source, level) for t in workflow.TRANSITIONS for level in t.levels}
    assert rows == set(EXPECTED)


@pytest.mark.parametrize("key,variant", CASES)
def test_each_step_is_taken_exactly_by_the_roles_of_its_row_within_scope(world, other_department, key, variant):
    action, source_state, level = key
    transition = next(t for t in workflow.TRANSITIONS
                      if t.action == action and t.source == source_state and level in t.levels)
    allowed = EXPECTED[key][variant]
    source = variant if variant in (Source.ENFORCEMENT, Source.SELF_INSPECTION) else Source.ENFORCEMENT
    department = world.dept_other if variant == "listed_with_other" else world.dept_transport
    mismatches = []
    for role in MATRIX_ROLES:
        user = persona(world, role)
        for name in ENTERPRISES:
            hazard = make_hazard(world, getattr(world, name), level, source_state, source, department)
            comment, data = step_input(world, action, user, hazard)
            audits_before = hazard_audits(hazard).count()
            if name not in MATRIX_SEES[role]:
                expected = "out_of_scope"
            else:
                expected = "ok" if role in allowed else "refused"
            outcome = attempt(hazard, action, user, comment, data)
            if outcome != expected:
                mismatches.append((role, name, expected, outcome))
            hazard.refresh_from_db()
            events = list(HazardEvent.objects.filter(hazard=hazard))
            audits = list(hazard_audits(hazard).order_by("seq")[audits_before:])
            if outcome == "ok":
                assert hazard.state == transition.target, (role, name)
                assert [(e.action, e.from_state, e.to_state, e.actor_id, e.comment) for e in events] == [
                    (action, source_state, transition.target, user.pk, comment)], (role, name)
                assert len(audits) == 1, (role, name)
                assert audits[0].actor_id == user.pk and audits[0].action == "update"
                assert audits[0].before == {"state": source_state}
                assert audits[0].after["state"] == transition.target
                assert (hazard.closed_on == TODAY) == (transition.target == State.CLOSED)
            else:
                assert hazard.state == source_state, (role, name)
                assert events == [] and audits == [], (role, name)
                assert hazard.closed_on is None
    assert mismatches == []


# --- who accepts and who delists --------------------------------------------------------------------------

def test_enterprise_accepts_its_general_hazard_only_when_found_in_self_inspection(world):
    enforced = make_hazard(world, world.ent_park, state=AWAITING, source=Source.ENFORCEMENT)
    with pytest.raises(ValidationError):
        transition(enforced, "accept", world.enterprise_user)
    enforced.refresh_from_db()
    assert enforced.state == AWAITING and not enforced.events.exists()

    own = make_hazard(world, world.ent_park, state=AWAITING, source=Source.SELF_INSPECTION)
    transition(own, "accept", world.enterprise_user)
    own.refresh_from_db()
    assert own.state == State.CLOSED and own.closed_on == TODAY


@pytest.mark.parametrize("source", [Source.SELF_INSPECTION, Source.ENFORCEMENT])
@pytest.mark.parametrize("action", ["delist", "accept", "reject"])
def test_enterprise_never_closes_or_returns_a_major_hazard(world, other_department, source, action):
    for department in (world.dept_transport, world.dept_other):
        hazard = make_hazard(world, world.ent_park, HazardLevel.MAJOR, AWAITING, source, department)
        with pytest.raises(ValidationError):
            transition(hazard, action, world.enterprise_user, comment="自评合格")
        hazard.refresh_from_db()
        assert hazard.state == AWAITING and hazard.closed_on is None and not hazard.events.exists()


def test_department_regulates_only_the_hazards_listed_with_it(world, other_department):
    listed_with_us = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, AWAITING,
                                 department=world.dept_transport)
    listed_elsewhere = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, AWAITING,
                                   department=world.dept_other)
    assert [t.action for t in workflow.HAZARDS.available(listed_with_us, world.department_user)] == ["delist", "reject"]
    assert workflow.HAZARDS.available(listed_elsewhere, world.department_user) == []
    with pytest.raises(ValidationError):
        transition(listed_elsewhere, "delist", world.department_user)
    transition(listed_with_us, "delist", world.department_user)
    assert listed_with_us.state == State.CLOSED


# --- steps the table does not have -------------------------------------------------------------------------

@pytest.mark.parametrize("level,state,action", [
    pytest.param(HazardLevel.GENERAL, State.REGISTERED, "accept", id="accept-from-registered"),
    pytest.param(HazardLevel.GENERAL, State.REGISTERED, "submit", id="submit-from-registered"),
    pytest.param(HazardLevel.GENERAL, State.REGISTERED, "list", id="list-general"),
    pytest.param(HazardLevel.GENERAL, State.REGISTERED, "report", id="report-general"),
    pytest.param(HazardLevel.GENERAL, AWAITING, "delist", id="delist-general"),
    pytest.param(HazardLevel.MAJOR, AWAITING, "accept", id="accept-major"),
    pytest.param(HazardLevel.MAJOR, State.REGISTERED, "start", id="start-major-before-listing"),
    pytest.param(HazardLevel.MAJOR, State.REPORTED, "start", id="start-major-reported"),
    pytest.param(HazardLevel.MAJOR, State.LISTED, "list", id="list-twice"),
    pytest.param(HazardLevel.GENERAL, State.CLOSED, "reject", id="reject-closed"),
    pytest.param(HazardLevel.GENERAL, State.CLOSED, "start", id="restart-closed"),
    pytest.param(HazardLevel.GENERAL, State.RECTIFYING, "approve", id="unknown-action"),
    pytest.param(HazardLevel.GENERAL, State.RECTIFYING, "", id="empty-action"),
    pytest.param(HazardLevel.GENERAL, State.REGISTERED, "register", id="register-again"),
])
@pytest.mark.parametrize("role", ["admin", "district"])
def test_steps_not_in_the_table_are_refused_even_for_the_district_and_superuser(world, level, state, action, role):
    hazard = make_hazard(world, world.ent_street_a, level, state)
    audits_before = hazard_audits(hazard).count()
    comment, data = step_input(world, action)
    with pytest.raises(ValidationError):
        transition(hazard, action, user_of(world, role), comment=comment or "理由", **(data or PLAN))
    hazard.refresh_from_db()
    assert hazard.state == state
    assert not hazard.events.exists() and hazard_audits(hazard).count() == audits_before


# --- what a step must bring --------------------------------------------------------------------------------

@pytest.mark.parametrize("missing", list(PLAN))
@pytest.mark.parametrize("blank", [None, ""])
def test_start_needs_the_full_five_part_plan(world, missing, blank):
    hazard = make_hazard(world, world.ent_park)
    with pytest.raises(ValidationError) as caught:
        transition(hazard, "start", world.enterprise_user, **{**PLAN, missing: blank})
    assert set(caught.value.message_dict) == {missing}
    hazard.refresh_from_db()
    assert hazard.state == State.REGISTERED and hazard.measures == "" and not hazard.events.exists()


def test_start_without_any_plan_names_every_missing_field(world):
    hazard = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, State.LISTED)
    with pytest.raises(ValidationError) as caught:
        transition(hazard, "start", world.district_user)
    assert set(caught.value.message_dict) == set(PLAN)
    hazard.refresh_from_db()
    assert hazard.state == State.LISTED


def test_start_with_a_deadline_in_the_past_is_refused(world):
    hazard = make_hazard(world, world.ent_park)
    with pytest.raises(ValidationError) as caught:
        transition(hazard, "start", world.enterprise_user, **{**PLAN, "deadline": TODAY - timedelta(days=1)})
    assert set(caught.value.message_dict) == {"deadline"}
    hazard.refresh_from_db()
    assert hazard.state == State.REGISTERED and hazard.deadline is None and not hazard.events.exists()


def test_start_with_todays_deadline_and_no_funds_needed_is_allowed(world):
    hazard = make_hazard(world, world.ent_park)
    transition(hazard, "start", world.enterprise_user, **{**PLAN, "deadline": TODAY, "funds_yuan": Decimal("0")})
    assert hazard.state == State.RECTIFYING and hazard.deadline == TODAY and hazard.funds_yuan == 0


@pytest.mark.parametrize("listing,errors", [
    pytest.param({"supervision_deadline": TODAY + timedelta(days=30)}, {"supervising_department"}, id="no-department"),
    pytest.param({"supervising_department": "transport"}, {"supervision_deadline"}, id="no-deadline"),
    pytest.param({}, {"supervising_department", "supervision_deadline"}, id="nothing"),
    pytest.param({"supervising_department": "transport", "supervision_deadline": TODAY - timedelta(days=1)},
                 {"supervision_deadline"}, id="past-deadline"),
])
def test_list_needs_a_department_and_a_future_deadline(world, listing, errors):
    if listing.get("supervising_department") == "transport":
        listing = {**listing, "supervising_department": world.dept_transport}
    hazard = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, State.REPORTED)
    with pytest.raises(ValidationError) as caught:
        transition(hazard, "list", world.district_user, **listing)
    assert set(caught.value.message_dict) == errors
    hazard.refresh_from_db()
    assert hazard.state == State.REPORTED and hazard.supervising_department is None
    assert not hazard.events.exists()


def test_list_records_the_department_and_deadline(world):
    hazard = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, State.REPORTED)
    due = TODAY + timedelta(days=45)
    transition(hazard, "list", world.district_user, **{"supervising_department": world.dept_transport, "supervision_deadline": due})
    assert hazard.state == State.LISTED
    assert hazard.supervising_department == world.dept_transport and hazard.supervision_deadline == due
    entry = hazard_audits(hazard).order_by("-seq").first()
    assert entry.after == {"state": "listed", "supervising_department": world.dept_transport.pk,
                           "supervision_deadline": due.isoformat()}


@pytest.mark.parametrize("level,user_attr", [(HazardLevel.GENERAL, "street_a_user"), (HazardLevel.MAJOR, "district_user")])
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_reject_needs_a_reason(world, level, user_attr, comment):
    hazard = make_hazard(world, world.ent_street_a, level, AWAITING)
    with pytest.raises(ValidationError) as caught:
        transition(hazard, "reject", getattr(world, user_attr), comment=comment)
    assert set(caught.value.message_dict) == {"comment"}
    hazard.refresh_from_db()
    assert hazard.state == AWAITING and not hazard.events.exists()


# --- two people at once ------------------------------------------------------------------------------------

@pytest.mark.parametrize("level,state,action,first_attr,second_attr", [
    pytest.param(HazardLevel.GENERAL, State.REGISTERED, "start", "enterprise_user", "park_user", id="start"),
    pytest.param(HazardLevel.GENERAL, AWAITING, "accept", "street_a_user", "district_user", id="accept"),
    pytest.param(HazardLevel.GENERAL, AWAITING, "reject", "street_a_user", "park_user", id="reject"),
    pytest.param(HazardLevel.MAJOR, State.REPORTED, "list", "district_user", "admin", id="list"),
    pytest.param(HazardLevel.MAJOR, AWAITING, "delist", "district_user", "admin", id="delist"),
])
def test_second_of_two_concurrent_steps_fails(world, level, state, action, first_attr, second_attr):
    # Listing needs a department that supervises the sector: ent_street_b is road transport (交通运输局).
    enterprise = world.ent_street_b if action == "list" else world.ent_park
    hazard = make_hazard(world, enterprise, level, state)
    first, second = Hazard.objects.get(pk=hazard.pk), Hazard.objects.get(pk=hazard.pk)
    comment, data = step_input(world, action)
    transition(first, action, getattr(world, first_attr), comment=comment, **data)
    audits_after_first = hazard_audits(hazard).count()
    with pytest.raises(ValidationError):
        transition(second, action, getattr(world, second_attr), comment=comment, **data)
    assert HazardEvent.objects.filter(hazard=hazard).count() == 1
    assert HazardEvent.objects.get(hazard=hazard).actor == getattr(world, first_attr)
    assert hazard_audits(hazard).count() == audits_after_first


def test_stale_reject_after_accept_does_not_reopen_the_hazard(world):
    hazard = make_hazard(world, world.ent_street_a, state=AWAITING)
    accepting, rejecting = Hazard.objects.get(pk=hazard.pk), Hazard.objects.get(pk=hazard.pk)
    transition(accepting, "accept", world.street_a_user)
    with pytest.raises(ValidationError):
        transition(rejecting, "reject", world.district_user, comment="不合格")
    hazard.refresh_from_db()
    assert hazard.state == State.CLOSED and [e.action for e in hazard.events.all()] == ["accept"]


# --- the record of every step ------------------------------------------------------------------------------

def test_register_and_every_step_write_an_event_and_an_audit_entry(world):
    hazard = Hazard(enterprise=world.ent_street_b, source=Source.TIPOFF, level=HazardLevel.MAJOR,
                    major_criterion=CRITERION, hazard_type=HazardType.SAFETY, title="驾驶员未持证上岗",
                    description="两名驾驶员无从业资格证", found_on=TODAY)
    services.do_register_hazard(hazard, user=world.street_b_user)
    assert hazard.found_by == world.street_b_user and hazard.state == State.REGISTERED
    created = hazard_audits(hazard).get()
    assert created.action == "create" and created.actor == world.street_b_user

    steps = [("report", world.street_b_user, "", {}),
             ("list", world.district_user, "", {"supervising_department": world.dept_transport,
                                                 "supervision_deadline": TODAY + timedelta(days=60)}),
             ("start", world.street_b_user, "", PLAN),
             ("submit", world.street_b_user, "", {}),
             ("reject", world.department_user, "证件未全部补齐", {}),
             ("submit", world.street_b_user, "", {}),
             ("delist", world.department_user, "", {})]
    for number, (action, user, comment, data) in enumerate(steps, start=1):
        transition(hazard, action, user, comment=comment, **data)
        assert hazard.events.count() == number + 1
        assert hazard_audits(hazard).count() == number + 1
        latest = hazard_audits(hazard).order_by("-seq").first()
        assert latest.actor == user and latest.after["state"] == hazard.state
        assert latest.enterprise_id == world.ent_street_b.pk
    assert hazard.state == State.CLOSED and hazard.closed_on == TODAY
    assert [(e.action, e.to_state) for e in hazard.events.all()] == [
        ("register", "registered"), ("report", "reported"), ("list", "listed"), ("start", "rectifying"),
        ("submit", "awaiting_acceptance"), ("reject", "rectifying"), ("submit", "awaiting_acceptance"),
        ("delist", "closed")]


def test_a_department_lists_only_with_itself_and_only_where_it_supervises_the_sector(world, other_department):
    hazard = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, State.REPORTED)
    due = TODAY + timedelta(days=30)
    with pytest.raises(ValidationError, match="本部门"):
        transition(hazard, "list", world.department_user, **{"supervising_department": world.dept_other, "supervision_deadline": due})
    park_hazard = make_hazard(world, world.ent_park, HazardLevel.MAJOR, State.REPORTED)
    with pytest.raises(ValidationError, match="不监管"):  # transport does not supervise 危险化学品
        transition(park_hazard, "list", world.district_user, **{"supervising_department": world.dept_transport, "supervision_deadline": due})
    for h in (hazard, park_hazard):
        h.refresh_from_db()
        assert h.state == State.REPORTED and not h.events.exists()
