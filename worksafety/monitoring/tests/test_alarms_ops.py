"""Operators' actions on alarms (ISA-18.2): acknowledge, shelve, unshelve, reset, the automatic end of
shelving, concurrent actions, and who may act — through the services and `POST /api/v1/alarms/{id}/actions/`."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import ENTERPRISES, ROLES, SEES, user_of
from worksafety.core.models import AuditEntry
from worksafety.core.scoping import OutOfScope
from worksafety.monitoring import alarms
from worksafety.monitoring.ingest import AlarmChange
from worksafety.monitoring.models import Alarm, AlarmEvent
from worksafety.monitoring.tests.helpers import make_sensor

T0 = 1_795_000_000.0
OPERATORS = {"admin", "district", "park", "enterprise"}  # monitoring.alarm change (core/scoping.py)


def change(sensor, kind, condition=None, value=None, ts=T0):
    alarms.apply_changes([AlarmChange(sensor.pk, kind, condition, value, ts, 0.0)])


def raised(sensor, condition="HH", value=55.0) -> Alarm:
    change(sensor, "raise", condition, value)
    return Alarm.objects.filter(sensor=sensor).latest("id")


def cleared(sensor, value=1.0, ts=T0 + 60):
    change(sensor, "clear", None, value, ts)


def fresh(alarm) -> Alarm:
    return Alarm.objects.get(pk=alarm.pk)


def flags(alarm) -> tuple:
    alarm = fresh(alarm)
    return alarm.active, alarm.acknowledged, alarm.latched, alarm.closed


def events(alarm) -> list:
    return list(AlarmEvent.objects.filter(alarm=alarm).values_list("kind", "actor_id", "comment"))


@pytest.fixture
def alarm(gas):
    return raised(gas)


# --- acknowledge ------------------------------------------------------------------------------------------------

def test_acknowledging_an_active_alarm_keeps_it_active(world, alarm):
    before = AuditEntry.objects.count()
    result = alarms.do_acknowledge(alarm, user=world.enterprise_user, comment="已派人现场检查")
    assert (result.active, result.acknowledged, result.latched, result.closed) == (True, True, False, False)
    assert result.acknowledged_by_id == world.enterprise_user.pk
    assert abs((result.acknowledged_at - timezone.now()).total_seconds()) < 5
    assert events(alarm) == [("raise", None, ""), ("ack", world.enterprise_user.pk, "已派人现场检查")]
    audit = AuditEntry.objects.order_by("seq")[before:]
    assert [(a.object_type, a.after) for a in audit] == [
        ("monitoring.sensor", {"alarm": alarm.pk, "action": "ack", "comment": "已派人现场检查"})]


def test_an_acknowledged_alarm_closes_when_it_returns_to_normal(world, gas, alarm):
    alarms.do_acknowledge(alarm, user=world.enterprise_user)
    cleared(gas)
    assert flags(alarm) == (False, True, False, True)
    assert fresh(alarm).cleared_at.timestamp() == T0 + 60


def test_a_returned_alarm_closes_when_acknowledged(world, gas, alarm):
    cleared(gas)
    assert flags(alarm) == (False, False, False, False)  # waits for the operator
    alarms.do_acknowledge(fresh(alarm), user=world.park_user)
    assert flags(alarm) == (False, True, False, True)


def test_acknowledging_twice_is_refused(world, alarm):
    alarms.do_acknowledge(alarm, user=world.enterprise_user)
    with pytest.raises(ValidationError):
        alarms.do_acknowledge(fresh(alarm), user=world.park_user)
    assert [kind for kind, *_ in events(alarm)] == ["raise", "ack"]
    assert fresh(alarm).acknowledged_by_id == world.enterprise_user.pk


def test_concurrent_acknowledgement_second_is_refused(world, alarm):
    first, second = fresh(alarm), fresh(alarm)  # two operators opened the same alarm
    alarms.do_acknowledge(first, user=world.enterprise_user)
    with pytest.raises(ValidationError, match="已被他人处理"):
        alarms.do_acknowledge(second, user=world.park_user)
    assert fresh(alarm).acknowledged_by_id == world.enterprise_user.pk
    assert [(kind, actor) for kind, actor, _ in events(alarm)] == [("raise", None), ("ack", world.enterprise_user.pk)]


def test_stepping_up_needs_acknowledging_again_stepping_down_does_not(world, gas):
    alarm = raised(gas, "H", 30.0)
    alarms.do_acknowledge(alarm, user=world.enterprise_user)
    change(gas, "change", "HH", 60.0, T0 + 5)
    assert (fresh(alarm).condition, fresh(alarm).acknowledged, fresh(alarm).peak) == ("HH", False, 60.0)
    alarms.do_acknowledge(fresh(alarm), user=world.enterprise_user)
    change(gas, "change", "H", 40.0, T0 + 10)
    assert (fresh(alarm).condition, fresh(alarm).acknowledged, fresh(alarm).peak) == ("H", True, 60.0)


def test_a_jump_to_the_other_side_needs_acknowledging_again(world):
    sensor = make_sensor(world.ent_park, code="PT-301", kind="pressure", unit="MPa", range_high=10, low=1, high=8,
                         high_high=None, deadband=0)
    alarm = raised(sensor, "H", 9.0)
    alarms.do_acknowledge(alarm, user=world.enterprise_user)
    change(sensor, "change", "L", 0.5, T0 + 5)
    assert (fresh(alarm).condition, fresh(alarm).acknowledged, fresh(alarm).peak) == ("L", False, 0.5)


def test_acknowledging_an_alarm_that_returned_meanwhile_closes_it(world, gas, alarm):
    on_screen = fresh(alarm)  # the operator's page shows it active
    cleared(gas)  # ingestion: back to normal, not yet acknowledged, so still open
    alarms.do_acknowledge(on_screen, user=world.enterprise_user)
    assert flags(alarm) == (False, True, False, True)


# --- latched alarms need a reset ---------------------------------------------------------------------------------

@pytest.fixture
def latched(world):
    sensor = make_sensor(world.ent_park, code="GT-L1", latched=True)
    return sensor, raised(sensor)


def test_latched_alarm_acknowledged_then_reset(world, latched):
    sensor, alarm = latched
    cleared(sensor)
    assert flags(alarm) == (False, False, True, False)
    alarms.do_acknowledge(fresh(alarm), user=world.enterprise_user)
    assert flags(alarm) == (False, True, True, False)  # acknowledged, still latched
    alarms.do_reset(fresh(alarm), user=world.enterprise_user, comment="现场确认无泄漏")
    assert flags(alarm) == (False, True, False, True)
    assert [kind for kind, *_ in events(alarm)] == ["raise", "clear", "ack", "reset"]


def test_latched_alarm_reset_then_acknowledged(world, latched):
    sensor, alarm = latched
    cleared(sensor)
    alarms.do_reset(fresh(alarm), user=world.park_user)
    assert flags(alarm) == (False, False, False, False)
    alarms.do_acknowledge(fresh(alarm), user=world.park_user)
    assert flags(alarm) == (False, True, False, True)


def test_acknowledged_latched_alarm_does_not_close_on_return(world, latched):
    sensor, alarm = latched
    alarms.do_acknowledge(alarm, user=world.enterprise_user)
    cleared(sensor)
    assert flags(alarm) == (False, True, True, False)


@pytest.mark.parametrize("situation", ["active latched", "not latched", "closed"])
def test_reset_is_refused_unless_latched_and_returned(world, gas, latched, situation):
    sensor, alarm = latched
    if situation == "not latched":
        alarm = raised(gas)
        cleared(gas)
    elif situation == "closed":
        cleared(sensor)
        alarms.do_acknowledge(fresh(alarm), user=world.enterprise_user)
        alarms.do_reset(fresh(alarm), user=world.enterprise_user)
    before = flags(alarm), len(events(alarm))
    with pytest.raises(ValidationError):
        alarms.do_reset(fresh(alarm), user=world.enterprise_user)
    assert (flags(alarm), len(events(alarm))) == before


# --- shelving --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("minutes", [1, 90, 480])
def test_shelve_for_a_limited_time_with_a_reason(world, alarm, minutes):
    result = alarms.do_shelve(alarm, user=world.enterprise_user, minutes=minutes, reason="  探头标定中  ")
    expected = timezone.now() + timedelta(minutes=minutes)
    assert abs((result.shelved_until - expected).total_seconds()) < 5
    assert result.shelve_reason == "探头标定中"
    assert (result.active, result.acknowledged, result.closed) == (True, False, False)
    assert events(alarm)[-1] == ("shelve", world.enterprise_user.pk, "  探头标定中  ")


@pytest.mark.parametrize("minutes,reason,field", [
    (60, "", "reason"), (60, "   ", "reason"), (0, "标定", "minutes"), (481, "标定", "minutes"), (-5, "标定", "minutes"),
])
def test_shelve_needs_a_reason_and_at_most_480_minutes(world, alarm, minutes, reason, field):
    with pytest.raises(ValidationError) as caught:
        alarms.do_shelve(alarm, user=world.enterprise_user, minutes=minutes, reason=reason)
    assert set(caught.value.message_dict) == {field}
    assert fresh(alarm).shelved_until is None and len(events(alarm)) == 1


def test_a_closed_alarm_cannot_be_shelved(world, gas, alarm):
    alarms.do_acknowledge(alarm, user=world.enterprise_user)
    cleared(gas)
    with pytest.raises(ValidationError):
        alarms.do_shelve(fresh(alarm), user=world.enterprise_user, minutes=30, reason="检修")


def test_unshelve(world, alarm):
    with pytest.raises(ValidationError):
        alarms.do_unshelve(alarm, user=world.enterprise_user)  # not shelved
    shelved = alarms.do_shelve(alarm, user=world.enterprise_user, minutes=30, reason="检修")
    result = alarms.do_unshelve(shelved, user=world.park_user)
    assert (result.shelved_until, result.shelve_reason) == (None, "")
    assert [kind for kind, *_ in events(alarm)] == ["raise", "shelve", "unshelve"]


def test_unshelve_expired_ends_only_the_shelving_whose_time_is_up(world, gas, alarm):
    other = raised(make_sensor(world.ent_park, code="GT-102"))
    alarms.do_shelve(alarm, user=world.enterprise_user, minutes=5, reason="检修")
    alarms.do_shelve(other, user=world.enterprise_user, minutes=60, reason="检修")
    now = timezone.now()
    assert alarms.unshelve_expired(now) == 0
    assert alarms.unshelve_expired(now + timedelta(minutes=6)) == 1
    assert (fresh(alarm).shelved_until, fresh(alarm).shelve_reason) == (None, "")
    assert fresh(other).shelved_until is not None
    assert alarms.unshelve_expired(now + timedelta(minutes=61)) == 1
    assert alarms.unshelve_expired(now + timedelta(days=1)) == 0


# --- who may act -----------------------------------------------------------------------------------------------------

@pytest.fixture
def alarm_of(world):
    """One active alarm per enterprise, by enterprise attribute name."""
    return {name: raised(make_sensor(getattr(world, name), code=f"GT-{index}")) for index, name in enumerate(ENTERPRISES)}


ACTIONS = {
    "ack": lambda a, u: alarms.do_acknowledge(a, user=u),
    "shelve": lambda a, u: alarms.do_shelve(a, user=u, minutes=30, reason="检修"),
    "unshelve": lambda a, u: alarms.do_unshelve(a, user=u),
    "reset": lambda a, u: alarms.do_reset(a, user=u),
}


def prepare_for(action, alarm, world):
    """Put `alarm` where `action` is allowed."""
    if action == "unshelve":
        Alarm.objects.filter(pk=alarm.pk).update(shelved_until=timezone.now() + timedelta(hours=1), shelve_reason="x")
    if action == "reset":
        Alarm.objects.filter(pk=alarm.pk).update(active=False, latched=True)
    return fresh(alarm)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_services_act_only_for_operators_in_scope(world, alarm_of, role, action):
    user = user_of(world, role)
    for name, alarm in alarm_of.items():
        alarm = prepare_for(action, alarm, world)
        before = flags(alarm), fresh(alarm).shelved_until, len(events(alarm))
        if role in OPERATORS and name in SEES[role]:
            ACTIONS[action](alarm, user)
            assert events(alarm)[-1][:2] == (action, user.pk), (role, name)
        else:
            with pytest.raises(OutOfScope):
                ACTIONS[action](alarm, user)
            assert (flags(alarm), fresh(alarm).shelved_until, len(events(alarm))) == before, (role, name)


# --- the API ---------------------------------------------------------------------------------------------------------

def act(api, alarm, **data):
    return api.post(f"/api/v1/alarms/{alarm.pk}/actions/", data, format="json")


@pytest.mark.parametrize("role", ROLES)
def test_alarm_list_and_detail_are_scoped(world, api_for, alarm_of, role):
    api = api_for(user_of(world, role))
    listed = api.get("/api/v1/alarms/").json()["results"]
    assert sorted(row["id"] for row in listed) == sorted(alarm_of[name].pk for name in SEES[role])
    for name, alarm in alarm_of.items():
        assert api.get(f"/api/v1/alarms/{alarm.pk}/").status_code == (200 if name in SEES[role] else 404)


@pytest.mark.parametrize("role", ROLES)
def test_api_ack_is_200_for_operators_in_scope_and_404_for_everyone_else(world, api_for, alarm_of, role):
    user = user_of(world, role)
    api = api_for(user)
    for name, alarm in alarm_of.items():
        response = act(api, alarm, action="ack", comment="收到")
        if role in OPERATORS and name in SEES[role]:
            assert response.status_code == 200, (name, response.content)
            data = response.json()
            assert (data["id"], data["acknowledged"], data["active"], data["acknowledged_by"], data["sensor_code"]) == (
                alarm.pk, True, True, user.pk, alarm.sensor.code)
        else:
            assert response.status_code == 404, (name, response.content)  # read-only or out of scope
            assert fresh(alarm).acknowledged is False
            assert len(events(alarm)) == 1


def test_api_shelve_unshelve_reset(world, api_for, latched):
    sensor, alarm = latched
    api = api_for(world.enterprise_user)
    assert act(api, alarm, action="shelve", comment="联锁调试", minutes=120).status_code == 200
    assert fresh(alarm).shelve_reason == "联锁调试"
    assert act(api, alarm, action="unshelve").json()["shelved_until"] is None
    assert act(api, alarm, action="reset").status_code == 400  # still active
    cleared(sensor)
    assert act(api, alarm, action="ack").json()["closed"] is False
    response = act(api, alarm, action="reset", comment="复位")
    assert response.status_code == 200
    assert (response.json()["latched"], response.json()["closed"]) == (False, True)


@pytest.mark.parametrize("data,field", [
    ({"action": "shelve", "comment": "检修"}, "minutes"),  # no duration
    ({"action": "shelve", "comment": "检修", "minutes": 481}, "minutes"),
    ({"action": "shelve", "comment": "检修", "minutes": 0}, "minutes"),
    ({"action": "shelve", "minutes": 30}, "reason"),
    ({"action": "silence"}, "action"),
    ({}, "action"),
])
def test_api_invalid_actions_are_400_with_the_field(world, api_for, alarm, data, field):
    response = act(api_for(world.enterprise_user), alarm, **data)
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert fresh(alarm).shelved_until is None and len(events(alarm)) == 1


def test_api_second_acknowledgement_is_400(world, api_for, alarm):
    assert act(api_for(world.enterprise_user), alarm, action="ack").status_code == 200
    response = act(api_for(world.park_user), alarm, action="ack")
    assert response.status_code == 400
    assert fresh(alarm).acknowledged_by_id == world.enterprise_user.pk


def test_alarms_cannot_be_created_on_the_api(world, api_for, gas):
    response = api_for(world.admin).post("/api/v1/alarms/", {"sensor": gas.pk, "condition": "HH"}, format="json")
    assert response.status_code == 404
    assert not Alarm.objects.exists()


def test_anonymous_cannot_act(world, alarm):
    from rest_framework.test import APIClient

    response = act(APIClient(), alarm, action="ack")
    assert response.status_code in (401, 403)
    assert fresh(alarm).acknowledged is False
