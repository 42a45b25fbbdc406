"""Self-inspection (`hazards.checks`): the periods of a check cycle in local time, the worker opening one record
per task and period and marking unchecked past periods as missed, recording a check (a failed check registers
a self-inspection hazard linked to the record), the check page and the list of missed checks."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import PASSWORD, ROLES, SEES, make_uscc, user_of
from worksafety.core.choices import Role
from worksafety.core.models import User
from worksafety.core.scoping import OutOfScope
from worksafety.hazards import checks
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.hazards.models import CheckRecord, Hazard
from worksafety.registry.models import Enterprise
from worksafety.risk import services as risk_services
from worksafety.risk.models import CheckTask, ControlMeasure, RiskEvent, RiskObject, RiskUnit

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE, PASSED, FOUND, MISSED = (CheckRecord.Result.DUE, CheckRecord.Result.PASSED, CheckRecord.Result.HAZARD,
                              CheckRecord.Result.MISSED)


def local(*args):
    return datetime(*args, tzinfo=SHANGHAI)


def make_task(enterprise, content="检查储罐紧急切断阀", cycle=1, unit="day"):
    """A check task at the end of a minimal 双重预防 register (object → unit → event → measure) of `enterprise`."""
    risk_object = RiskObject.objects.create(enterprise=enterprise, name="储罐区", kind="facility",
                                            responsible_person="王五")
    risk_unit = RiskUnit.objects.create(risk_object=risk_object, name="1号储罐", responsible_person="赵六")
    event = RiskEvent(risk_unit=risk_unit, name=f"{content}失效泄漏", accident_type="中毒和窒息", method="lec",
                      likelihood=3, exposure=6, consequence=7)
    risk_services.evaluate(event)
    event.save()
    measure = ControlMeasure.objects.create(event=event, category="工程技术", sub_class="工艺控制",
                                            description="设置紧急切断阀")
    return CheckTask.objects.create(measure=measure, content=content, cycle=cycle, cycle_unit=unit,
                                    responsible_post="班长")


def make_record(task, start, end, result=DUE):
    return CheckRecord.objects.create(task=task, enterprise=task.measure.event.risk_unit.risk_object.enterprise,
                                      period_start=start, period_end=end, result=result)


def current_record(task):
    """The record of the task's period now, as the worker opens it."""
    checks.open_due_records()
    return CheckRecord.objects.get(task=task, period_end__gt=timezone.now())


def found_hazard(title="呼吸阀堵塞"):
    return Hazard(title=title, description="呼吸阀阀盘锈死", level=HazardLevel.GENERAL,
                  hazard_type=HazardType.EQUIPMENT, found_on=timezone.localdate())


# --- periods -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("cycle,unit,moment,start,end", [
    pytest.param(8, "hour", local(2026, 3, 10, 8), local(2026, 3, 10, 8), local(2026, 3, 10, 16), id="8h-at-start"),
    pytest.param(8, "hour", local(2026, 3, 10, 7, 59, 59), local(2026, 3, 10), local(2026, 3, 10, 8),
                 id="8h-second-before"),
    pytest.param(8, "hour", local(2026, 3, 10, 23, 59, 59), local(2026, 3, 10, 16), local(2026, 3, 11), id="8h-night"),
    pytest.param(1, "day", local(2026, 3, 10), local(2026, 3, 10), local(2026, 3, 11), id="day-at-midnight"),
    pytest.param(1, "day", local(2026, 3, 9, 23, 59, 59), local(2026, 3, 9), local(2026, 3, 10),
                 id="day-second-before"),
    # A moment given in UTC: 16:00Z is local midnight, so the day is the local one.
    pytest.param(1, "day", datetime(2026, 3, 9, 16, tzinfo=ZoneInfo("UTC")), local(2026, 3, 10), local(2026, 3, 11),
                 id="day-utc-input"),
    pytest.param(1, "week", local(2026, 3, 9), local(2026, 3, 9), local(2026, 3, 16), id="week-monday"),
    pytest.param(1, "week", local(2026, 3, 8, 23, 59, 59), local(2026, 3, 2), local(2026, 3, 9), id="week-sunday-night"),
    pytest.param(1, "month", local(2026, 3, 1), local(2026, 3, 1), local(2026, 4, 1), id="month-first"),
    pytest.param(1, "month", local(2026, 2, 28, 23, 59, 59), local(2026, 2, 1), local(2026, 3, 1), id="month-last"),
    pytest.param(1, "month", local(2026, 12, 31, 23, 59, 59), local(2026, 12, 1), local(2027, 1, 1), id="december"),
    pytest.param(1, "quarter", local(2026, 4, 1), local(2026, 4, 1), local(2026, 7, 1), id="quarter-first"),
    pytest.param(1, "quarter", local(2026, 3, 31, 23, 59, 59), local(2026, 1, 1), local(2026, 4, 1), id="quarter-last"),
    pytest.param(1, "quarter", local(2026, 11, 29, 12), local(2026, 10, 1), local(2027, 1, 1), id="quarter-4"),
    pytest.param(2, "quarter", local(2026, 7, 1), local(2026, 7, 1), local(2027, 1, 1), id="half-year-second"),
    pytest.param(2, "quarter", local(2026, 6, 30, 23, 59, 59), local(2026, 1, 1), local(2026, 7, 1),
                 id="half-year-first"),
    pytest.param(1, "year", local(2027, 1, 1), local(2027, 1, 1), local(2028, 1, 1), id="year-first"),
    pytest.param(1, "year", local(2026, 12, 31, 23, 59, 59), local(2026, 1, 1), local(2027, 1, 1), id="year-last"),
])
def test_period_of(cycle, unit, moment, start, end):
    got = checks.period_of(cycle, unit, moment)
    assert got == (start, end)
    assert [bound.utcoffset() for bound in got] == [timedelta(hours=8)] * 2  # local (Asia/Shanghai) bounds


# --- the worker ----------------------------------------------------------------------------------------------

def test_open_due_records_opens_one_record_per_task_once(world):
    now = local(2026, 3, 10, 9, 30)
    daily = make_task(world.ent_park, "每日巡检", unit="day")
    shifts = make_task(world.ent_street_a, "每班巡检", cycle=8, unit="hour")
    weekly = make_task(world.ent_street_b, "每周检查", unit="week")
    for serial, status in ((11, "closed"), (12, "suspended")):
        stopped = Enterprise.objects.create(name=f"{status}企业", uscc=make_uscc(serial), sector=world.trade,
                                            area=world.street_a, address="-", legal_representative="张三",
                                            status=status)
        make_task(stopped, f"{status}企业任务")

    assert checks.open_due_records(now) == 3
    records = {r.task_id: r for r in CheckRecord.objects.all()}
    assert set(records) == {daily.pk, shifts.pk, weekly.pk}
    expected = {daily.pk: (world.ent_park, local(2026, 3, 10), local(2026, 3, 11)),
                shifts.pk: (world.ent_street_a, local(2026, 3, 10, 8), local(2026, 3, 10, 16)),
                weekly.pk: (world.ent_street_b, local(2026, 3, 9), local(2026, 3, 16))}
    for task_id, (enterprise, start, end) in expected.items():
        record = records[task_id]
        assert (record.enterprise, record.period_start, record.period_end, record.result) == (
            enterprise, start, end, DUE)

    assert checks.open_due_records(now) == 0  # idempotent
    assert checks.open_due_records(local(2026, 3, 10, 15, 59, 59)) == 0  # same periods
    assert checks.open_due_records(local(2026, 3, 10, 16)) == 1  # the next shift only
    assert CheckRecord.objects.count() == 4


def test_mark_missed_marks_only_due_records_whose_period_ended(world):
    task = make_task(world.ent_park)
    now = local(2026, 3, 10, 0)
    ended = make_record(task, local(2026, 3, 9), now)  # ends exactly now
    older = make_record(task, local(2026, 3, 8), local(2026, 3, 9))
    passed = make_record(task, local(2026, 3, 7), local(2026, 3, 8), result=PASSED)
    running = make_record(task, now, local(2026, 3, 11))

    assert checks.mark_missed(now) == 2
    assert {r.pk: r.result for r in CheckRecord.objects.all()} == {
        ended.pk: MISSED, older.pk: MISSED, passed.pk: PASSED, running.pk: DUE}
    assert checks.mark_missed(now) == 0


# --- recording a check ---------------------------------------------------------------------------------------

@pytest.fixture
def task(world):
    return make_task(world.ent_park)


def test_enterprise_passes_a_check(world, task):
    record = checks.do_record_check(current_record(task), user=world.enterprise_user, passed=True,
                                    note="  阀门完好  ")
    assert (record.result, record.checked_by, record.note, record.hazard) == (
        PASSED, world.enterprise_user, "阀门完好", None)
    assert record.checked_at is not None
    assert not Hazard.objects.exists()


def test_a_failed_check_registers_a_self_inspection_hazard(world, task):
    record = current_record(task)
    record = checks.do_record_check(record, user=world.enterprise_user, passed=False, note="发现问题",
                                    hazard=found_hazard())
    hazard = Hazard.objects.get()
    assert (record.result, record.hazard) == (FOUND, hazard)
    assert hazard.check_record == record
    assert hazard.enterprise == world.ent_park
    assert hazard.source == Source.SELF_INSPECTION
    assert hazard.source_reference == f"排查记录 #{record.pk}"
    assert hazard.origin == record
    assert hazard.risk_event == task.measure.event
    assert hazard.checklist_item == task.content
    assert (hazard.state, hazard.found_by) == (State.REGISTERED, world.enterprise_user)
    assert [e.action for e in hazard.events.all()] == ["register"]


def test_a_failed_check_must_bring_its_hazard(world, task):
    record = current_record(task)
    with pytest.raises(ValidationError, match="须登记隐患"):
        checks.do_record_check(record, user=world.enterprise_user, passed=False)
    record.refresh_from_db()
    assert record.result == DUE


@pytest.mark.parametrize("role", ["district", "street_a", "park"])
def test_supervisors_cannot_record_checks(world, task, role):
    """Supervisors only read check records (no change permission), so the service treats them as it treats
    any reader: OutOfScope (a 404 on the page). The role check in `do_record_check`, which would answer
    ValidationError, is never reached for them."""
    record = current_record(task)
    with pytest.raises(OutOfScope):
        checks.do_record_check(record, user=user_of(world, role), passed=True)
    record.refresh_from_db()
    assert record.result == DUE and record.checked_by is None


def test_another_enterprise_cannot_record(world, task):
    other = User(username="ent_street_a", role=Role.ENTERPRISE, enterprise=world.ent_street_a)
    other.set_password(PASSWORD)
    other.save()
    record = current_record(task)
    with pytest.raises(OutOfScope):
        checks.do_record_check(record, user=other, passed=False, hazard=found_hazard())
    record.refresh_from_db()
    assert record.result == DUE and not Hazard.objects.exists()


def test_past_or_recorded_checks_are_refused(world, task):
    now = timezone.now()
    past = make_record(task, now - timedelta(days=2), now - timedelta(days=1))
    with pytest.raises(ValidationError, match="已结束或已记录"):
        checks.do_record_check(past, user=world.enterprise_user, passed=True)
    record = checks.do_record_check(current_record(task), user=world.enterprise_user, passed=True)
    with pytest.raises(ValidationError, match="已结束或已记录"):
        checks.do_record_check(record, user=world.enterprise_user, passed=False, hazard=found_hazard())
    past.refresh_from_db()
    record.refresh_from_db()
    assert (past.result, record.result) == (DUE, PASSED)
    assert not Hazard.objects.exists()


# --- pages ---------------------------------------------------------------------------------------------------

def test_check_page_shows_the_form_only_to_the_enterprise(world, task, client_for):
    record = current_record(task)
    url = f"/hazards/checks/{record.pk}/"
    response = client_for(world.enterprise_user).get(url)
    assert response.status_code == 200 and response.context["form"] is not None
    assert 'id="check-form"' in response.content.decode()
    for role in ("district", "street_a", "park", "expert"):
        response = client_for(user_of(world, role)).get(url)
        assert response.status_code == 200, role
        assert response.context["form"] is None and 'id="check-form"' not in response.content.decode(), role
    assert client_for(world.street_b_user).get(url).status_code == 404


def test_check_page_refuses_a_hazard_without_title(world, task, client_for):
    record = current_record(task)
    response = client_for(world.enterprise_user).post(f"/hazards/checks/{record.pk}/", {
        "result": "hazard", "note": "", "title": "", "level": HazardLevel.GENERAL, "major_criterion": "",
        "hazard_type": HazardType.EQUIPMENT, "description": "呼吸阀阀盘锈死"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    record.refresh_from_db()
    assert record.result == DUE and not Hazard.objects.exists()


def test_check_page_registers_the_hazard_found(world, task, client_for):
    record = current_record(task)
    response = client_for(world.enterprise_user).post(f"/hazards/checks/{record.pk}/", {
        "result": "hazard", "note": "巡检发现", "title": "呼吸阀堵塞", "level": HazardLevel.GENERAL,
        "major_criterion": "", "hazard_type": HazardType.EQUIPMENT, "description": "呼吸阀阀盘锈死"})
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    record.refresh_from_db()
    assert (record.result, record.hazard, hazard.origin) == (FOUND, hazard, record)


# Per enterprise a task missed last period and one due now; no label is a substring of another.
MISSED_LABEL = {"ent_park": "甲厂漏检巡检", "ent_street_a": "乙厂漏检巡检", "ent_street_b": "丙厂漏检巡检"}
DUE_LABEL = {"ent_park": "甲厂当期巡检", "ent_street_a": "乙厂当期巡检", "ent_street_b": "丙厂当期巡检"}


@pytest.mark.parametrize("role", ROLES)
def test_missed_checks_list_shows_the_scope(world, role, client_for):
    now = timezone.now()
    for name in MISSED_LABEL:
        enterprise = getattr(world, name)
        make_record(make_task(enterprise, MISSED_LABEL[name]), now - timedelta(days=2), now - timedelta(days=1),
                    result=MISSED)
        make_record(make_task(enterprise, DUE_LABEL[name]), now - timedelta(hours=1), now + timedelta(hours=1))
    response = client_for(user_of(world, role)).get("/hazards/checks/?result=missed")
    assert response.status_code == 200
    content = response.content.decode()
    assert {name for name, label in MISSED_LABEL.items() if label in content} == set(SEES[role])
    assert not any(label in content for label in DUE_LABEL.values())  # due checks are filtered out
