"""The pure alarm engine (`monitoring.engine`): limits, deadband, on/off delays in reading time, the low side,
a jump from the high side to the low side, non-finite readings, and when a sensor counts as offline.

Readings are fed one by one as (value, ts); `run` returns every transition as (kind, condition, previous, ts)."""

import math

import pytest

from worksafety.monitoring import engine
from worksafety.monitoring.engine import AlarmState, ConditionChange, Limits

GAS = Limits(high=25, high_high=50, deadband=2)  # a combustible gas detector, %LEL
LEVEL = Limits(low_low=5, low=10, deadband=1)  # a tank level, m
BOTH = Limits(low=20, high=80)


def run(limits, readings, state=None):
    state = state if state is not None else AlarmState()
    out = []
    for value, ts in readings:
        change = engine.evaluate(limits, state, value, ts)
        if change is not None:
            assert change.value == value and change.ts == ts
            out.append((change.kind, change.condition, change.previous, change.ts))
    return out


def seq(*values, start=0, step=1):
    """Readings one `step` apart."""
    return [(value, start + index * step) for index, value in enumerate(values)]


# --- which limit is crossed ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    (24.99, None), (25, "H"), (49.99, "H"), (50, "HH"), (100, "HH"), (-5, None),
])
def test_crossed_high_side_inclusive_limits(value, expected):
    assert engine.crossed(GAS, value) == expected


@pytest.mark.parametrize("value,expected", [
    (10.01, None), (10, "L"), (5.01, "L"), (5, "LL"), (-1, "LL"), (99, None),
])
def test_crossed_low_side_inclusive_limits(value, expected):
    assert engine.crossed(LEVEL, value) == expected


def test_no_limits_never_alarm():
    state = AlarmState()
    assert run(Limits(), seq(-1e9, 0, 1e9), state) == []
    assert state == AlarmState()


# --- raise, change, clear with the deadband ----------------------------------------------------------------

def test_raise_and_clear_without_delays():
    state = AlarmState()
    change = engine.evaluate(GAS, state, 25.0, 100.0)
    assert change == ConditionChange("raise", "H", None, 25.0, 100.0)
    assert state.condition == "H"
    assert run(GAS, [(10.0, 101.0)], state) == [("clear", None, "H", 101.0)]
    assert state == AlarmState()


@pytest.mark.parametrize("value,expected", [
    (50, []),  # still at the limit
    (49, []),  # within the deadband: HH holds
    (48.01, []),
    (48, [("change", "H", "HH", 1)]),  # back past 50 − 2: steps down to H
    (30, [("change", "H", "HH", 1)]),
    (23.01, [("change", "H", "HH", 1)]),  # H held by its own deadband (25 − 2)
    (23, [("clear", None, "HH", 1)]),  # past both: straight to normal
    (0, [("clear", None, "HH", 1)]),
])
def test_hh_deadband_holds_then_steps_down(value, expected):
    state = AlarmState()
    assert run(GAS, [(50, 0)], state) == [("raise", "HH", None, 0)]
    assert run(GAS, [(value, 1)], state) == expected


def test_hh_deadband_walk_down_and_up():
    readings = seq(10, 30, 50, 49, 48, 24, 23.5, 23, 26, 52)
    assert run(GAS, readings) == [
        ("raise", "H", None, 1), ("change", "HH", "H", 2), ("change", "H", "HH", 4), ("clear", None, "H", 7),
        ("raise", "H", None, 8), ("change", "HH", "H", 9),
    ]


def test_h_deadband_does_not_hold_back_an_escalation():
    state = AlarmState()
    assert run(GAS, seq(30, 50), state) == [("raise", "H", None, 0), ("change", "HH", "H", 1)]
    assert state.condition == "HH"


@pytest.mark.parametrize("deadband,value,held", [(0, 24.999, False), (0, 25, True), (5, 20.01, True), (5, 20, False)])
def test_deadband_boundaries_on_h(deadband, value, held):
    limits = Limits(high=25, deadband=deadband)
    state = AlarmState()
    run(limits, [(25, 0)], state)
    assert run(limits, [(value, 1)], state) == ([] if held else [("clear", None, "H", 1)])


# --- the low side --------------------------------------------------------------------------------------------

def test_low_side_raise_escalate_step_back_and_clear():
    readings = seq(12, 10, 5, 5.5, 5.99, 6, 10.5, 10.99, 11)
    assert run(LEVEL, readings) == [
        ("raise", "L", None, 1), ("change", "LL", "L", 2), ("change", "L", "LL", 5), ("clear", None, "L", 8),
    ]


@pytest.mark.parametrize("value,expected", [
    (5.99, []), (6, [("change", "L", "LL", 1)]), (10.99, [("change", "L", "LL", 1)]), (11, [("clear", None, "LL", 1)]),
])
def test_ll_deadband(value, expected):
    state = AlarmState()
    assert run(LEVEL, [(4, 0)], state) == [("raise", "LL", None, 0)]
    assert run(LEVEL, [(value, 1)], state) == expected


# --- a jump from one side to the other ---------------------------------------------------------------------

def test_jump_high_to_low_is_a_change_of_side():
    assert run(BOTH, seq(90, 10, 50)) == [("raise", "H", None, 0), ("change", "L", "H", 1), ("clear", None, "L", 2)]


def test_jump_low_to_high_waits_out_the_on_delay():
    limits = Limits(low=20, high=80, on_delay_s=3)
    state = AlarmState()
    assert run(limits, seq(10, 10, 10, 10), state) == [("raise", "L", None, 3)]
    assert run(limits, seq(90, 90, 90, 90, start=4), state) == [("change", "H", "L", 7)]


# --- on-delay ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("on_delay,expected_ts", [(0, 0), (1, 1), (5, 5), (9, 9)])
def test_on_delay_is_counted_in_reading_time(on_delay, expected_ts):
    limits = Limits(high=25, high_high=50, on_delay_s=on_delay)
    assert run(limits, seq(*[30] * 12)) == [("raise", "H", None, expected_ts)]


def test_not_raised_before_the_on_delay_even_with_many_readings():
    limits = Limits(high=25, on_delay_s=10)
    state = AlarmState()
    assert run(limits, seq(*[30] * 100, step=0.099), state) == []  # 100 readings within 9.8 s
    assert state.condition is None and state.reached_since == {"H": 0}
    assert run(limits, [(30, 10.0)], state) == [("raise", "H", None, 10.0)]


def test_a_dip_resets_the_on_delay_candidate():
    limits = Limits(high=25, on_delay_s=5)
    readings = [(30, 0), (30, 4), (20, 4.5), (30, 6), (30, 10), (30, 11)]
    assert run(limits, readings) == [("raise", "H", None, 11)]


def test_a_dip_into_the_deadband_also_resets_the_candidate():
    """The deadband holds only an active condition; a candidate needs the limit itself."""
    limits = Limits(high=25, deadband=2, on_delay_s=5)
    assert run(limits, [(30, 0), (24, 3), (30, 4), (30, 8), (30, 9)]) == [("raise", "H", None, 9)]


def test_on_delay_applies_to_escalation_too():
    limits = Limits(high=25, high_high=50, on_delay_s=2)
    assert run(limits, seq(30, 30, 30, 60, 60, 60)) == [("raise", "H", None, 2), ("change", "HH", "H", 5)]


def test_fluctuating_between_h_and_hh_without_delay():
    assert run(GAS, seq(30, 60, 30, 60)) == [
        ("raise", "H", None, 0), ("change", "HH", "H", 1), ("change", "H", "HH", 2), ("change", "HH", "H", 3),
    ]


def test_value_above_h_throughout_raises_h_after_the_on_delay_even_if_it_touches_hh():
    limits = Limits(high=25, high_high=50, on_delay_s=5)
    readings = seq(*[30, 60] * 6)  # always ≥ 25 %LEL for 11 s; crosses 50 every other second
    transitions = run(limits, readings)
    assert transitions[:1] == [("raise", "H", None, 5)]


# --- off-delay -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("off_delay,expected_ts", [(0, 1), (1, 2), (5, 6)])
def test_off_delay_clears_only_after_staying_back(off_delay, expected_ts):
    limits = Limits(high=25, off_delay_s=off_delay)
    assert run(limits, seq(30, *[10] * 10)) == [("raise", "H", None, 0), ("clear", None, "H", expected_ts)]


def test_off_delay_restarts_when_the_value_comes_back():
    limits = Limits(high=25, off_delay_s=5)
    readings = [(30, 0), (10, 1), (10, 5), (30, 5.5), (10, 6), (10, 10.9), (10, 11)]
    assert run(limits, readings) == [("raise", "H", None, 0), ("clear", None, "H", 11)]


def test_off_delay_on_stepping_down_from_hh_to_h():
    limits = Limits(high=25, high_high=50, off_delay_s=3)
    assert run(limits, seq(60, 30, 30, 30, 30, 10, 10, 10, 10)) == [
        ("raise", "HH", None, 0), ("change", "H", "HH", 4), ("clear", None, "H", 8),
    ]


def test_off_delay_target_changes_from_h_to_normal_restart_the_timer():
    limits = Limits(high=25, high_high=50, off_delay_s=3)
    # Back to H at 1, then normal at 2: normal must itself last 3 s.
    assert run(limits, seq(60, 30, 10, 10, 10, 10)) == [("raise", "HH", None, 0), ("clear", None, "HH", 5)]


def test_escalation_during_off_delay_is_immediate_without_on_delay():
    limits = Limits(high=25, high_high=50, off_delay_s=5)
    state = AlarmState()
    assert run(limits, seq(30, 10, 10, 60), state) == [("raise", "H", None, 0), ("change", "HH", "H", 3)]
    assert state.returning is None and state.returning_since is None


# --- inputs --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("state", [AlarmState(), AlarmState(condition="HH")], ids=["normal", "in_alarm"])
def test_non_finite_readings_raise_value_error_and_leave_the_state(value, state):
    before = AlarmState(**vars(state))
    with pytest.raises(ValueError, match="finite"):
        engine.evaluate(GAS, state, value, 0.0)
    assert state == before


def test_state_is_per_sensor_and_untouched_by_normal_readings():
    state = AlarmState()
    assert engine.evaluate(GAS, state, 3.0, 0.0) is None
    assert state == AlarmState()


@pytest.mark.parametrize("current,wanted,expected", [
    (None, None, False), (None, "H", True), ("H", "HH", True), ("HH", "H", False), ("H", "H", False),
    ("L", "LL", True), ("LL", "L", False), ("H", "L", True), ("HH", "L", True), ("LL", "H", True),
])
def test_escalates(current, wanted, expected):
    assert engine.escalates(current, wanted) is expected


# --- offline (数据中断) ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("interval,expected", [(1, 11), (5, 15), (10, 30), (60, 180), (0.5, 10.5)])
def test_offline_after_is_max_of_three_intervals_and_interval_plus_grace(interval, expected):
    assert engine.offline_after(interval) == expected


def test_offline_after_with_another_grace():
    assert engine.offline_after(10, grace_s=25) == 35


@pytest.mark.parametrize("last_ts,now,interval,expected", [
    (None, 0, 10, True),  # never reported
    (100, 100, 10, False),
    (100, 130, 10, False),  # exactly 3 × 10 s: not yet
    (100, 130.001, 10, True),
    (100, 111, 1, False),  # exactly 1 + 10 s
    (100, 111.5, 1, True),
    (100, 99, 10, False),  # a reading from the future
])
def test_is_offline(last_ts, now, interval, expected):
    assert engine.is_offline(last_ts, now, interval) is expected
