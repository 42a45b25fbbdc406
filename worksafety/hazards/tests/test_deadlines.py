"""Deadline supervision by the worker (`hazards.deadlines`): stages counted in working days across holidays,
each stage notified once to the right people, overdue_since, closed hazards left alone, an approved extension
starting supervision afresh; and the worker's job registry running the hazard jobs."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import PASSWORD
from worksafety.core import jobs
from worksafety.core.choices import Role
from worksafety.core.models import Department, Notification, User
from worksafety.hazards import deadlines, services
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.models import CheckRecord, Hazard
from worksafety.hazards.tests.test_checks import make_task
from worksafety.hazards.tests.test_hazard_pages_api import make_hazard

DEADLINE = date(2026, 9, 30)  # the day before 国庆 2026 (10月1日至7日放假, 10月10日周六上班)


@pytest.fixture(autouse=True)
def workdays_settings(settings):
    settings.WORKSAFETY_HAZARD_REMIND_WORKDAYS = 3
    settings.WORKSAFETY_HAZARD_ESCALATE_WORKDAYS = 5


@pytest.mark.parametrize("today,stage", [
    pytest.param(date(2026, 9, 23), 0, id="4-workdays-before"),
    pytest.param(date(2026, 9, 24), deadlines.REMIND, id="3-workdays-before-over-中秋"),
    pytest.param(DEADLINE, deadlines.REMIND, id="on-the-day"),
    pytest.param(date(2026, 10, 1), deadlines.OVERDUE, id="day-after"),
    pytest.param(date(2026, 10, 9), deadlines.OVERDUE, id="9-days-but-2-workdays-late"),
    pytest.param(date(2026, 10, 13), deadlines.OVERDUE, id="5-workdays-late"),
    pytest.param(date(2026, 10, 14), deadlines.ESCALATED, id="6-workdays-late"),
])
def test_stage_counts_working_days_across_holidays(today, stage):
    assert deadlines.stage_for(DEADLINE, today) == stage


def test_stage_without_deadline_is_zero():
    assert deadlines.stage_for(None, date(2026, 10, 14)) == 0


@pytest.fixture
def hazchem_department_user(world):
    """A department supervising the park enterprise's sector (the world's transport bureau does not)."""
    department = Department.objects.create(code="whk", name="区应急管理局危化科", area=world.district)
    department.sectors.set([world.hazchem])
    user = User(username="dept_hazchem", role=Role.DEPARTMENT, department=department)
    user.set_password(PASSWORD)
    user.save()
    return user


def supervise(capture, today):
    with capture(execute=True):
        return deadlines.supervise_deadlines(today=today)


def recipients_of(hazard, stage):
    return {n.recipient.username for n in Notification.objects.filter(
        key=f"hazard:{hazard.pk}:{stage}:{deadlines.due_date(hazard)}")}


def test_a_hazard_climbs_the_stages_each_notified_once(world, hazchem_department_user,
                                                      django_capture_on_commit_callbacks):
    hazard = make_hazard(world, world.ent_park, state=State.RECTIFYING, title="甲厂呼吸阀失效", deadline=DEADLINE)
    expected = {
        date(2026, 9, 24): (deadlines.REMIND, {"ent_park"}),
        date(2026, 10, 9): (deadlines.OVERDUE, {"ent_park", "street_a", "park_dagushan"}),
        date(2026, 10, 14): (deadlines.ESCALATED,
                             {"ent_park", "street_a", "park_dagushan", "dept_hazchem", "district"}),
    }
    sent = 0
    for today, (stage, names) in expected.items():
        assert supervise(django_capture_on_commit_callbacks, today) == 1
        hazard.refresh_from_db()
        assert hazard.escalation == stage
        assert recipients_of(hazard, stage) == names
        sent += len(names)
        assert Notification.objects.count() == sent
        assert Notification.objects.filter(category="hazard_deadline").count() == sent
        # A rerun the same day sends nothing.
        assert supervise(django_capture_on_commit_callbacks, today) == 0
        assert Notification.objects.count() == sent
    assert hazard.overdue_since == date(2026, 10, 1)
    note = Notification.objects.get(recipient=world.district_user)
    assert note.url == f"/hazards/{hazard.pk}/" and "甲厂呼吸阀失效" in note.body and "2026-09-30" in note.body


def test_a_stage_is_never_notified_twice_even_if_the_hazard_falls_back(world, django_capture_on_commit_callbacks):
    hazard = make_hazard(world, world.ent_park, state=State.RECTIFYING, deadline=DEADLINE)
    supervise(django_capture_on_commit_callbacks, date(2026, 10, 9))
    assert Notification.objects.count() == 3
    Hazard.objects.filter(pk=hazard.pk).update(escalation=0)  # e.g. a second worker's stale view
    assert supervise(django_capture_on_commit_callbacks, date(2026, 10, 9)) == 1
    assert Notification.objects.count() == 3


def test_jumping_straight_to_escalation_sets_overdue_since(world, django_capture_on_commit_callbacks):
    hazard = make_hazard(world, world.ent_street_b, state=State.RECTIFYING, deadline=DEADLINE)
    assert supervise(django_capture_on_commit_callbacks, date(2026, 11, 2)) == 1
    hazard.refresh_from_db()
    assert (hazard.escalation, hazard.overdue_since) == (deadlines.ESCALATED, date(2026, 10, 1))
    # No enterprise login for this enterprise; its street, the transport bureau (its sector) and the district.
    assert recipients_of(hazard, deadlines.ESCALATED) == {"street_b", "dept_transport", "district"}


def test_a_listed_hazard_escalates_to_its_supervising_department_by_its_supervision_deadline(
        world, django_capture_on_commit_callbacks):
    listing = Department.objects.create(code="aj", name="区安委办", area=world.district)
    listing.sectors.set([world.transport])
    listing_user = User(username="dept_listing", role=Role.DEPARTMENT, department=listing)
    listing_user.set_password(PASSWORD)
    listing_user.save()
    hazard = make_hazard(world, world.ent_street_b, level=HazardLevel.MAJOR, state=State.RECTIFYING,
                         supervising_department=listing, supervision_deadline=DEADLINE,
                         deadline=date(2026, 9, 1))
    # Past the rectification deadline but not the supervision deadline: nothing yet.
    assert supervise(django_capture_on_commit_callbacks, date(2026, 9, 10)) == 0
    assert supervise(django_capture_on_commit_callbacks, date(2026, 10, 14)) == 1
    hazard.refresh_from_db()
    assert hazard.overdue_since == date(2026, 10, 1)
    assert recipients_of(hazard, deadlines.ESCALATED) == {"street_b", "dept_listing", "district"}


def test_closed_and_undated_hazards_are_ignored(world, django_capture_on_commit_callbacks):
    closed = make_hazard(world, world.ent_park, state=State.CLOSED, deadline=DEADLINE, closed_on=DEADLINE)
    undated = make_hazard(world, world.ent_park, state=State.REGISTERED)
    assert supervise(django_capture_on_commit_callbacks, date(2026, 11, 2)) == 0
    for hazard in (closed, undated):
        hazard.refresh_from_db()
        assert (hazard.escalation, hazard.overdue_since) == (0, None)
    assert not Notification.objects.exists()


def test_an_approved_extension_is_supervised_afresh(world, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    hazard = make_hazard(world, world.ent_park, state=State.RECTIFYING, deadline=today - timedelta(days=30))
    assert supervise(django_capture_on_commit_callbacks, today) == 1
    hazard.refresh_from_db()
    assert hazard.escalation == deadlines.ESCALATED and hazard.overdue_since is not None
    first = Notification.objects.count()

    new_deadline = today + timedelta(days=60)
    extension = services.do_request_extension(hazard, user=world.enterprise_user, new_deadline=new_deadline,
                                              reason="设备到货延迟")
    services.do_decide_extension(extension, user=world.street_a_user, approve=True)
    hazard.refresh_from_db()
    assert (hazard.deadline, hazard.escalation, hazard.overdue_since) == (new_deadline, 0, None)

    assert supervise(django_capture_on_commit_callbacks, today) == 0  # far from the new deadline
    assert supervise(django_capture_on_commit_callbacks, new_deadline) == 1
    assert recipients_of(hazard, deadlines.REMIND) == {"ent_park"}
    assert supervise(django_capture_on_commit_callbacks, new_deadline + timedelta(days=30)) == 1
    hazard.refresh_from_db()
    assert (hazard.escalation, hazard.overdue_since) == (deadlines.ESCALATED, new_deadline + timedelta(days=1))
    assert recipients_of(hazard, deadlines.ESCALATED) == {"ent_park", "street_a", "park_dagushan", "district"}
    assert Notification.objects.count() == first + 1 + 4


def test_the_worker_runs_the_hazard_jobs_when_due(world, django_capture_on_commit_callbacks):
    task = make_task(world.ent_park)
    make_hazard(world, world.ent_park, state=State.RECTIFYING, deadline=timezone.localdate() - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        ran = jobs.run_due()
    assert {"hazard_deadlines", "check_records"} <= set(ran)
    assert CheckRecord.objects.filter(task=task, result=CheckRecord.Result.DUE).count() == 1
    assert Hazard.objects.get().escalation == deadlines.ESCALATED
    assert Notification.objects.filter(category="hazard_deadline").count() == 4
    # Run again at once: neither job is due yet.
    assert not {"hazard_deadlines", "check_records"} & set(jobs.run_due())
