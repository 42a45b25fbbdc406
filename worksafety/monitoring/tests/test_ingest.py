"""The ingest pipeline on the test database: `Pipeline.prepare` (parse, validate, deduplicate, evaluate) and
`write_readings` / `ingest_now` (commit): what is stored, what is refused and counted by reason in
`Rejection`, latest values, alarms from readings, sensors out of service, restarts, and 数据中断."""

import json

import pytest
from django.utils import timezone

from worksafety.monitoring import alarms, ingest, services
from worksafety.monitoring.ingest import Pipeline, Registry, write_readings
from worksafety.monitoring.models import Alarm, AlarmEvent, Reading, Rejection, SensorState
from worksafety.monitoring.tests.helpers import body, make_sensor, reading, utc

NOW = 1_795_000_000.0  # 2026-11-18 …, a fixed "now" for the pipeline's clock


@pytest.fixture
def clock():
    """A settable clock for `Pipeline(clock=…)`: `clock.now` is the pipeline's time.time()."""

    class Clock:
        now = NOW

        def __call__(self):
            return self.now

    return Clock()


@pytest.fixture
def pipeline(gas, clock):
    return Pipeline(clock=clock)


def stored(sensor=None) -> list:
    rows = Reading.objects.all() if sensor is None else Reading.objects.filter(sensor=sensor)
    return [(r.sensor_id, r.ts.timestamp(), r.value, r.quality) for r in rows.order_by("sensor_id", "ts")]


def rejections(enterprise) -> dict:
    return dict(Rejection.objects.filter(enterprise=enterprise).values_list("reason", "count"))


def feed(pipeline, enterprise, payload: bytes):
    return ingest.ingest_now(pipeline, enterprise.pk, payload)


# --- accepted ------------------------------------------------------------------------------------------------

def test_accepted_readings_are_stored_once_with_their_quality(world, gas, pipeline):
    prepared = pipeline.prepare(world.ent_park.pk, body(
        reading("GT-101", NOW - 20, 3.5), reading("GT-101", NOW - 10, 4, "uncertain"),
        {"sensor": "GT-101", "ts": "2026-11-18T11:00:00+00:00", "value": 5}))  # quality defaults to good
    assert len(prepared.rows) == 3 and not prepared.rejected and not prepared.alarms
    assert write_readings([prepared]) == 3
    eleven = utc(NOW).replace(hour=11, minute=0, second=0).timestamp()
    assert stored() == sorted([(gas.pk, NOW - 20, 3.5, "good"), (gas.pk, NOW - 10, 4.0, "uncertain"),
                               (gas.pk, eleven, 5.0, "good")], key=lambda row: row[1])
    assert rejections(world.ent_park) == {}
    # The same prepared message committed again (a redelivery after a crash) adds nothing.
    assert write_readings([prepared]) == 0
    assert len(stored()) == 3
    assert rejections(world.ent_park) == {"duplicate": 3}


def test_timestamps_in_any_offset_are_the_same_instant(world, gas, pipeline):
    moment = utc(NOW - 60)
    texts = [moment.isoformat(), moment.astimezone(timezone.get_fixed_timezone(480)).isoformat(),
             moment.astimezone(timezone.get_fixed_timezone(-300)).isoformat()]
    prepared = feed(pipeline, world.ent_park, body(*[reading("GT-101", text, 1.0) for text in texts]))
    assert len(prepared.rows) == 1 and prepared.rejected == {"duplicate": 2}
    assert stored() == [(gas.pk, NOW - 60, 1.0, "good")]


def test_single_sensor_topic_fills_in_the_sensor(world, gas, pipeline):
    payload = json.dumps({"readings": [{"ts": utc(NOW - 5).isoformat(), "value": 2.0}]}).encode()
    prepared = pipeline.prepare(world.ent_park.pk, payload, sensor="GT-101")
    write_readings([prepared])
    assert stored() == [(gas.pk, NOW - 5, 2.0, "good")]


# --- refused, counted by reason ------------------------------------------------------------------------------

def raw(value_literal: str, ts=NOW - 30) -> bytes:
    """A message whose value is written as `value_literal` (Python's json reads NaN and Infinity)."""
    return body(reading("GT-101", ts, "VALUE")).replace(b'"VALUE"', value_literal.encode())


REFUSED = {
    "malformed JSON": (b'{"readings": [', "malformed_json"),
    "not UTF-8": (b"\xff\xfe{}", "malformed_json"),
    "empty body": (b"", "malformed_json"),
    "not an object (list)": (b"[1, 2]", "malformed_json"),
    "not an object (string)": (b'"readings"', "malformed_json"),
    "not an object (null)": (b"null", "malformed_json"),
    "no readings key": (b'{"reading": []}', "malformed_json"),
    "readings not a list": (b'{"readings": {"sensor": "GT-101"}}', "malformed_json"),
    "readings a string": (b'{"readings": "GT-101"}', "malformed_json"),
    "reading not an object": (b'{"readings": [[1, 2]]}', "malformed_reading"),
    "unknown sensor": (body(reading("GT-999", NOW - 30, 1.0)), "unknown_sensor"),
    "another enterprise's sensor": (body(reading("AT-OTHER", NOW - 30, 1.0)), "unknown_sensor"),
    "no sensor": (body({"ts": utc(NOW).isoformat(), "value": 1.0}), "unknown_sensor"),
    "string value": (body(reading("GT-101", NOW - 30, "12.5")), "not_a_number"),
    "bool value": (body(reading("GT-101", NOW - 30, True)), "not_a_number"),
    "null value": (body(reading("GT-101", NOW - 30, None)), "not_a_number"),
    "NaN": (raw("NaN"), "not_finite"),
    "Infinity": (raw("Infinity"), "not_finite"),
    "-Infinity": (raw("-Infinity"), "not_finite"),
    "huge number": (raw("1e999"), "not_finite"),  # json parses it as inf
    "timestamp without offset": (body(reading("GT-101", utc(NOW - 30).replace(tzinfo=None).isoformat(), 1.0)),
                                 "bad_timestamp"),
    "timestamp not ISO": (body(reading("GT-101", "28/11/2026 08:00", 1.0)), "bad_timestamp"),
    "timestamp as a number": (body({"sensor": "GT-101", "ts": NOW - 30, "value": 1.0}), "bad_timestamp"),
    "timestamp too long": (body(reading("GT-101", utc(NOW).isoformat() + " " * 20, 1.0)), "bad_timestamp"),
    "beyond the clock skew": (body(reading("GT-101", NOW + 61, 1.0)), "in_future"),
    "too old": (body(reading("GT-101", NOW - 3601, 1.0)), "too_old"),
    "implausibly high": (body(reading("GT-101", NOW - 30, 110.01)), "implausible"),
    "implausibly low": (body(reading("GT-101", NOW - 30, -10.01)), "implausible"),
    "bad quality": (body(reading("GT-101", NOW - 30, 1.0, quality="excellent")), "bad_quality"),
    "quality not a string": (body(reading("GT-101", NOW - 30, 1.0, quality=1)), "bad_quality"),
}


@pytest.mark.parametrize("payload,reason", list(REFUSED.values()), ids=list(REFUSED))
def test_refused_readings_are_counted_by_reason_and_not_stored(world, gas, pipeline, payload, reason):
    make_sensor(world.ent_street_a, code="AT-OTHER")
    pipeline.reload()
    prepared = feed(pipeline, world.ent_park, payload)
    assert prepared.rows == [] and prepared.alarms == []
    assert dict(prepared.rejected) == {reason: 1}
    assert stored() == []
    assert rejections(world.ent_park) == {reason: 1}
    row = Rejection.objects.get()
    assert (row.day, row.enterprise_key) == (timezone.localdate(), world.ent_park.pk)
    assert not SensorState.objects.exists()


@pytest.mark.parametrize("ts,value", [(NOW + 60, 1.0), (NOW - 3600, 1.0), (NOW - 30, 110.0), (NOW - 30, -10.0),
                                      (NOW - 30, 0), (NOW - 30, 100)])
def test_limits_of_acceptance_are_inclusive(world, gas, pipeline, ts, value):
    prepared = feed(pipeline, world.ent_park, body(reading("GT-101", ts, value)))
    assert not prepared.rejected
    assert stored() == [(gas.pk, ts, float(value), "good")]


def test_the_check_order_is_the_documented_one(world, gas, pipeline):
    """A reading with several faults is counted once, under the first check it fails."""
    payload = body(reading("GT-101", "no time", "NaN"), reading("GT-101", NOW + 3600, 500.0, quality="?"))
    prepared = feed(pipeline, world.ent_park, payload)
    assert rejections(world.ent_park) == {"not_a_number": 1, "in_future": 1}
    assert prepared.rows == []


def test_skew_and_age_follow_the_settings(world, gas, clock, settings):
    settings.WORKSAFETY_MAX_CLOCK_SKEW_S = 5
    settings.WORKSAFETY_MAX_READING_AGE_S = 100
    pipeline = Pipeline(clock=clock)
    payload = body(reading("GT-101", NOW - 101, 1.0), reading("GT-101", NOW - 100, 1.0),
                   reading("GT-101", NOW + 5, 1.0), reading("GT-101", NOW + 6, 1.0))
    prepared = feed(pipeline, world.ent_park, payload)
    assert dict(prepared.rejected) == {"too_old": 1, "in_future": 1}
    assert [row[1] for row in stored()] == [NOW - 100, NOW + 5]


def test_payload_too_large_is_refused_before_parsing(world, gas, pipeline, settings):
    payload = body(reading("GT-101", NOW - 30, 1.0))
    settings.WORKSAFETY_MAX_PAYLOAD_BYTES = len(payload)
    assert not feed(pipeline, world.ent_park, payload).rejected  # exactly the limit: fine
    settings.WORKSAFETY_MAX_PAYLOAD_BYTES = len(payload) - 1
    prepared = feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 20, 1.0)))
    assert dict(prepared.rejected) == {"payload_too_large": 1} and prepared.rows == []
    assert rejections(world.ent_park) == {"payload_too_large": 1}
    assert len(stored()) == 1


def test_unknown_enterprise_is_counted_without_one(world, gas, pipeline):
    prepared = pipeline.prepare(None, body(reading("GT-101", NOW - 30, 1.0)))
    write_readings([prepared])
    assert dict(prepared.rejected) == {"unknown_enterprise": 1}
    assert list(Rejection.objects.values_list("enterprise_id", "enterprise_key", "reason", "count")) == [
        (None, 0, "unknown_enterprise", 1)]
    assert stored() == []


def test_rejections_accumulate_per_day_enterprise_and_reason(world, gas, pipeline):
    for _ in range(3):
        feed(pipeline, world.ent_park, body(reading("GT-999", NOW - 30, 1.0), reading("GT-101", NOW - 30, "x")))
    feed(pipeline, world.ent_park, b"{")
    assert rejections(world.ent_park) == {"unknown_sensor": 3, "not_a_number": 3, "malformed_json": 1}
    assert Rejection.objects.count() == 3


# --- duplicates -----------------------------------------------------------------------------------------------

def test_duplicates_within_and_across_messages_are_counted_and_stored_once(world, gas, pipeline):
    first = feed(pipeline, world.ent_park, body(
        reading("GT-101", NOW - 30, 1.0), reading("GT-101", NOW - 30, 1.0),  # twice in a row
        reading("GT-101", NOW - 20, 2.0), reading("GT-101", NOW - 30, 9.0)))  # an older one again
    assert len(first.rows) == 3 and dict(first.rejected) == {"duplicate": 1}
    assert rejections(world.ent_park) == {"duplicate": 2}  # one in prepare, one by the primary key
    second = feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 20, 2.0), reading("GT-101", NOW - 30, 1.0)))
    assert dict(second.rejected) == {"duplicate": 1}
    assert rejections(world.ent_park) == {"duplicate": 4}
    assert stored() == [(gas.pk, NOW - 30, 1.0, "good"), (gas.pk, NOW - 20, 2.0, "good")]


def test_duplicates_after_a_restart_are_counted_and_stored_once(world, gas, clock):
    feed(Pipeline(clock=clock), world.ent_park, body(reading("GT-101", NOW - 30, 1.0), reading("GT-101", NOW - 20, 2.0)))
    restarted = Pipeline(clock=clock)
    assert restarted.registry.by_id[gas.pk].last_ts == NOW - 20  # from SensorState
    feed(restarted, world.ent_park, body(reading("GT-101", NOW - 30, 1.0), reading("GT-101", NOW - 20, 2.0),
                                         reading("GT-101", NOW - 10, 3.0)))
    assert rejections(world.ent_park) == {"duplicate": 2}
    assert [row[1:3] for row in stored()] == [(NOW - 30, 1.0), (NOW - 20, 2.0), (NOW - 10, 3.0)]


def test_duplicates_are_counted_against_the_enterprise_that_sent_them(world, gas, clock):
    other = make_sensor(world.ent_street_a, code="GT-101")
    pipeline = Pipeline(clock=clock)
    park = pipeline.prepare(world.ent_park.pk, body(reading("GT-101", NOW - 30, 1.0)))
    street = pipeline.prepare(world.ent_street_a.pk, body(reading("GT-101", NOW - 30, 1.0),
                                                          reading("GT-101", NOW - 40, 1.0)))
    write_readings([park, street])
    again = pipeline.prepare(world.ent_street_a.pk, body(reading("GT-101", NOW - 40, 1.0)))
    write_readings([park, again])  # the writer batches messages of several enterprises
    assert len(stored(other)) == 2 and len(stored(gas)) == 1
    assert rejections(world.ent_street_a) == {"duplicate": 1}
    assert rejections(world.ent_park) == {"duplicate": 1}


# --- mixed messages, latest value --------------------------------------------------------------------------------

def test_nothing_accepted_is_lost_when_good_and_bad_readings_are_mixed(world, gas, pipeline):
    second = make_sensor(world.ent_park, code="TT-102", kind="temperature", unit="℃", range_low=-40, range_high=200,
                         high=80, high_high=None, deadband=0)
    pipeline.reload()
    good = [reading("GT-101", NOW - 50 + n, float(n)) for n in range(5)] + [
        reading("TT-102", NOW - 50 + n, 20.0 + n) for n in range(5)]
    bad = [reading("GT-101", NOW - 30, "1"), reading("XX", NOW - 30, 1.0), reading("TT-102", NOW + 999, 1.0),
           reading("TT-102", NOW - 30, 9999.0), [1], reading("GT-101", NOW - 50, 0.0)]
    mixed = [item for pair in zip(good, bad + [None] * 4, strict=True) for item in pair if item is not None]
    prepared = feed(pipeline, world.ent_park, body(*mixed))
    # The late duplicate (older than the latest) is only found by the primary key when written.
    assert len(prepared.rows) == 11
    assert dict(prepared.rejected) == {"not_a_number": 1, "unknown_sensor": 1, "in_future": 1, "implausible": 1,
                                       "malformed_reading": 1}
    assert rejections(world.ent_park) == {**prepared.rejected, "duplicate": 1}
    assert stored() == sorted([(gas.pk, NOW - 50 + n, float(n), "good") for n in range(5)] +
                              [(second.pk, NOW - 50 + n, 20.0 + n, "good") for n in range(5)])


def test_sensor_state_holds_the_latest_value_even_when_older_readings_arrive_later(world, gas, pipeline):
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 30, 1.0), reading("GT-101", NOW - 10, 3.0),
                                        reading("GT-101", NOW - 20, 2.0, "uncertain")))
    state = SensorState.objects.get(sensor=gas)
    assert (state.ts.timestamp(), state.value, state.quality) == (NOW - 10, 3.0, "good")
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 40, 0.5)))  # late: stored, not the latest
    state.refresh_from_db()
    assert (state.ts.timestamp(), state.value) == (NOW - 10, 3.0)
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 5, 4.0, "bad")))
    state.refresh_from_db()
    assert (state.ts.timestamp(), state.value, state.quality) == (NOW - 5, 4.0, "bad")
    assert len(stored()) == 5


def test_latest_of_several_batches_written_together(world, gas, pipeline):
    first = pipeline.prepare(world.ent_park.pk, body(reading("GT-101", NOW - 10, 1.0)))
    second = pipeline.prepare(world.ent_park.pk, body(reading("GT-101", NOW - 5, 2.0)))
    assert write_readings([second, first]) == 2
    assert SensorState.objects.get(sensor=gas).value == 2.0


# --- alarms from readings ------------------------------------------------------------------------------------------

def test_a_leak_raises_an_alarm_with_its_event_and_clearing_ends_the_condition(world, gas, pipeline):
    prepared = feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 30, 3.0), reading("GT-101", NOW - 20, 55.0)))
    assert [(c.kind, c.condition, c.value, c.ts) for c in prepared.alarms] == [("raise", "HH", 55.0, NOW - 20)]
    alarm = Alarm.objects.get()
    assert (alarm.sensor_id, alarm.enterprise_id, alarm.condition, alarm.priority, alarm.active, alarm.acknowledged,
            alarm.closed, alarm.value, alarm.peak, alarm.raised_at.timestamp()) == (
        gas.pk, world.ent_park.pk, "HH", "high", True, False, False, 55.0, 55.0, NOW - 20)
    assert list(AlarmEvent.objects.values_list("alarm_id", "kind", "condition", "value")) == [
        (alarm.pk, "raise", "HH", 55.0)]

    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 15, 60.0), reading("GT-101", NOW - 12, 49.0)))
    alarm.refresh_from_db()
    assert (alarm.condition, alarm.peak, alarm.active) == ("HH", 55.0, True)  # no transition: peak kept
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 10, 30.0), reading("GT-101", NOW - 5, 2.0)))
    alarm.refresh_from_db()
    assert (alarm.condition, alarm.active, alarm.closed, alarm.cleared_at.timestamp()) == ("H", False, False, NOW - 5)
    assert list(alarm.events.values_list("kind", "condition", "value")) == [
        ("raise", "HH", 55.0), ("change", "H", 30.0), ("clear", "H", 2.0)]
    assert Alarm.objects.count() == 1 and len(stored()) == 6


def test_bad_quality_readings_are_stored_but_not_evaluated(world, gas, pipeline):
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 30, 80.0, "bad")))
    assert not Alarm.objects.exists()
    assert stored() == [(gas.pk, NOW - 30, 80.0, "bad")]


def test_suppressed_by_design_alarms_are_recorded_as_suppressed(world, clock):
    make_sensor(world.ent_park, suppressed_by_design=True, priority="emergency")
    feed(Pipeline(clock=clock), world.ent_park, body(reading("GT-101", NOW - 30, 80.0)))
    assert list(Alarm.objects.values_list("suppressed", "priority")) == [(True, "emergency")]


def test_out_of_service_sensor_stores_readings_but_raises_nothing(world, gas, pipeline):
    services.do_set_in_service(gas, user=world.enterprise_user, in_service=False, reason="探头标定")
    pipeline.reload()
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 30, 90.0), reading("GT-101", NOW - 20, 95.0)))
    assert not Alarm.objects.exists()
    assert [row[2] for row in stored()] == [90.0, 95.0]
    services.do_set_in_service(gas, user=world.enterprise_user, in_service=True, reason="标定完成")
    pipeline.reload()
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 10, 95.0)))
    assert list(Alarm.objects.values_list("condition", "active")) == [("HH", True)]


def test_a_restart_restores_open_alarms_so_they_are_not_raised_again(world, gas, clock):
    feed(Pipeline(clock=clock), world.ent_park, body(reading("GT-101", NOW - 30, 30.0)))
    alarm = Alarm.objects.get()
    registry = Registry.load()
    assert registry.by_id[gas.pk].state.condition == "H"
    assert registry.by_id[gas.pk].last_ts == NOW - 30
    assert registry.enterprises == {world.ent_park.uscc: world.ent_park.pk}

    restarted = Pipeline(registry, clock=clock)
    feed(restarted, world.ent_park, body(reading("GT-101", NOW - 20, 31.0), reading("GT-101", NOW - 15, 60.0)))
    assert Alarm.objects.count() == 1
    alarm.refresh_from_db()
    assert (alarm.condition, alarm.peak) == ("HH", 60.0)
    feed(restarted, world.ent_park, body(reading("GT-101", NOW - 10, 1.0)))
    alarm.refresh_from_db()
    assert alarm.active is False
    # Once it has returned to normal (even unacknowledged) a restart starts from normal.
    assert Registry.load().by_id[gas.pk].state.condition is None


def test_reload_keeps_the_engine_state_and_learns_new_sensors(world, gas, pipeline):
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW - 30, 30.0)))
    make_sensor(world.ent_park, code="GT-102")
    assert pipeline.prepare(world.ent_park.pk, body(reading("GT-102", NOW - 20, 1.0))).rejected == {
        "unknown_sensor": 1}
    pipeline.reload()
    assert pipeline.registry.entries[(world.ent_park.pk, "GT-101")].state.condition == "H"
    prepared = feed(pipeline, world.ent_park, body(reading("GT-102", NOW - 20, 1.0), reading("GT-101", NOW - 20, 31.0)))
    assert not prepared.rejected and not prepared.alarms
    assert Alarm.objects.count() == 1


# --- 数据中断 --------------------------------------------------------------------------------------------------

def test_sweep_offline_raises_offline_and_the_next_reading_clears_it(world, gas, clock, pipeline):
    silent = make_sensor(world.ent_park, code="GT-102")  # never reported: not swept
    slow = make_sensor(world.ent_park, code="GT-103", interval_s=60)
    pipeline.reload()
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW, 1.0), reading("GT-103", NOW, 1.0)))

    clock.now = NOW + 30  # 3 × 10 s: not yet
    assert pipeline.sweep_offline() == []
    clock.now = NOW + 30.5
    changes = pipeline.sweep_offline()
    assert [(c.sensor_id, c.kind, c.condition, c.value, c.ts) for c in changes] == [
        (gas.pk, "offline", "offline", None, NOW + 30.5)]
    alarms.apply_changes(changes)
    assert pipeline.sweep_offline() == []  # raised once
    alarm = Alarm.objects.get()
    assert (alarm.sensor_id, alarm.condition, alarm.active, alarm.value, alarm.raised_at.timestamp()) == (
        gas.pk, "offline", True, None, NOW + 30.5)

    clock.now = NOW + 40
    prepared = feed(pipeline, world.ent_park, body(reading("GT-101", NOW + 39, 2.0)))
    assert [(c.kind, c.ts) for c in prepared.alarms] == [("online", NOW + 39)]
    alarm.refresh_from_db()
    assert (alarm.active, alarm.closed, alarm.cleared_at.timestamp()) == (False, False, NOW + 39)
    assert list(alarm.events.values_list("kind", "condition")) == [("raise", "offline"), ("clear", "offline")]
    assert not Alarm.objects.filter(sensor=silent).exists()
    assert [row[1] for row in stored(gas)] == [NOW, NOW + 39]

    clock.now = NOW + 180  # GT-101 silent again since NOW + 39; the 60 s sensor: max(180, 70) not yet passed
    assert [c.sensor_id for c in pipeline.sweep_offline()] == [gas.pk]
    clock.now = NOW + 180.5
    assert [c.sensor_id for c in pipeline.sweep_offline()] == [slow.pk]


def test_a_stale_reading_from_a_replayed_backlog_does_not_end_the_outage(world, gas, clock, pipeline):
    """After an outage the broker replays what it queued: readings older than the offline threshold are stored
    but leave 数据中断 standing, so the alarm does not flip on and off through the catch-up."""
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW, 1.0)))
    clock.now = NOW + 120
    alarms.apply_changes(pipeline.sweep_offline())
    stale = feed(pipeline, world.ent_park, body(reading("GT-101", NOW + 60, 1.0), reading("GT-101", NOW + 89, 1.0)))
    assert stale.alarms == [] and pipeline.sweep_offline() == []
    assert Alarm.objects.get().active is True
    fresh = feed(pipeline, world.ent_park, body(reading("GT-101", NOW + 100, 1.0)))
    assert [c.kind for c in fresh.alarms] == ["online"]
    assert [row[1] for row in stored(gas)] == [NOW, NOW + 60, NOW + 89, NOW + 100]


def test_out_of_service_sensors_are_not_swept(world, gas, clock, pipeline):
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW, 1.0)))
    services.do_set_in_service(gas, user=world.enterprise_user, in_service=False, reason="停车检修")
    pipeline.reload()
    clock.now = NOW + 3600
    assert pipeline.sweep_offline() == []


def test_an_open_offline_alarm_survives_a_restart_and_is_cleared_by_the_next_reading(world, gas, clock, pipeline):
    feed(pipeline, world.ent_park, body(reading("GT-101", NOW, 1.0)))
    clock.now = NOW + 60
    alarms.apply_changes(pipeline.sweep_offline())
    restarted = Pipeline(clock=clock)
    assert restarted.registry.by_id[gas.pk].offline is True
    assert restarted.sweep_offline() == []  # not raised a second time
    feed(restarted, world.ent_park, body(reading("GT-101", NOW + 59, 1.0)))
    assert list(Alarm.objects.values_list("condition", "active")) == [("offline", False)]


# --- a failed write must not swallow the retry ------------------------------------------------------------------

def test_readings_of_a_failed_write_are_accepted_when_sent_again(world, gas, pipeline, monkeypatch):
    payload = body(reading("GT-101", NOW - 10, 60.0))
    original = ingest.write_readings

    def broken(batches):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(ingest, "write_readings", broken)
    with pytest.raises(RuntimeError):
        feed(pipeline, world.ent_park, payload)
    monkeypatch.setattr(ingest, "write_readings", original)
    Alarm.objects.all().delete()  # as if the alarm's transaction had failed too
    prepared = feed(pipeline, world.ent_park, payload)  # the device (or HTTP client) retries
    assert dict(prepared.rejected) == {}
    assert stored() == [(gas.pk, NOW - 10, 60.0, "good")]
    assert Alarm.objects.filter(condition="HH", active=True).count() == 1


# --- a single odd reading must not break the message (nor the MQTT network thread) -----------------------------

POISON = {
    "sensor is a list": (b'{"readings": [{"sensor": ["GT-101"], "ts": "%s", "value": 1}]}', "unknown_sensor"),
    "sensor is an object": (b'{"readings": [{"sensor": {"code": "GT-101"}, "ts": "%s", "value": 1}]}', "unknown_sensor"),
    "quality is a list": (b'{"readings": [{"sensor": "GT-101", "ts": "%s", "value": 1, "quality": ["good"]}]}',
                          "bad_quality"),
    "integer too large for a float": (b'{"readings": [{"sensor": "GT-101", "ts": "%s", "value": 1' + b"0" * 400 + b"}]}",
                                      "not_finite"),
}


@pytest.mark.parametrize("template,reason", list(POISON.values()), ids=list(POISON))
def test_odd_json_types_are_refused_not_raised(world, gas, pipeline, template, reason):
    payload = template.replace(b"%s", utc(NOW - 30).isoformat().encode())
    good = json.loads(body(reading("GT-101", NOW - 20, 2.0)))["readings"][0]
    message = json.loads(payload)
    message["readings"].append(good)
    prepared = feed(pipeline, world.ent_park, json.dumps(message).encode())
    assert dict(prepared.rejected) == {reason: 1}
    assert stored() == [(gas.pk, NOW - 20, 2.0, "good")]
