"""The alarm engine: limit alarms with deadband and on/off delays, evaluated in memory per sensor.

Pure Python, no Django, so the ingest pipeline evaluates a reading in microseconds and tests can drive it
reading by reading. It follows the ISA-18.2 / IEC 62682 model as OPC UA Part 9 §B.1.5 spells out the
mechanics:

- the process condition is the most severe limit crossed (HH over H, LL over L);
- OnDelay: a more severe condition must persist for `on_delay_s` (in reading time) before it is raised;
- AlarmDeadband: an active condition is held until the value is back past its limit by `deadband`;
- OffDelay: the value must stay back for `off_delay_s` before the alarm clears (or steps down to H/L).

Acknowledgement, shelving, suppression and latching are operator and configuration states kept beside the
condition (two orthogonal fields, as the standard models it); the service layer applies them to what the
engine reports. Offline (数据中断) is a class of its own: `is_offline`.
"""

import math
from dataclasses import dataclass, field

HIGH_SIDE = ("HH", "H")
LOW_SIDE = ("LL", "L")
SEVERITY = {None: 0, "H": 1, "L": 1, "HH": 2, "LL": 2}
LIMIT_FIELDS = {"HH": "high_high", "H": "high", "L": "low", "LL": "low_low"}


@dataclass(frozen=True)
class Limits:
    low_low: float | None = None
    low: float | None = None
    high: float | None = None
    high_high: float | None = None
    deadband: float = 0.0
    on_delay_s: float = 0.0
    off_delay_s: float = 0.0

    def limit(self, condition: str) -> float | None:
        return getattr(self, LIMIT_FIELDS[condition])


@dataclass
class AlarmState:
    """What the engine remembers of one sensor between readings."""

    condition: str | None = None  # the raised condition, or None when normal
    # Since when each limit has been reached without a break (OnDelay runs per limit: a value that keeps
    # above H while touching HH now and then raises H after H's delay).
    reached_since: dict = field(default_factory=dict)
    returning: str | None = None  # the less severe condition the value has returned to, during the off-delay
    returning_since: float | None = None


@dataclass(frozen=True)
class ConditionChange:
    kind: str  # "raise" (from normal), "change" (H ↔ HH, L ↔ LL) or "clear" (back to normal)
    condition: str | None  # the new condition; None when cleared
    previous: str | None
    value: float
    ts: float  # epoch seconds of the reading that caused it


def crossed(limits: Limits, value: float) -> str | None:
    """The most severe condition whose limit the value has reached (spelt out: this runs for every reading)."""
    if limits.high_high is not None and value >= limits.high_high:
        return "HH"
    if limits.high is not None and value >= limits.high:
        return "H"
    if limits.low_low is not None and value <= limits.low_low:
        return "LL"
    if limits.low is not None and value <= limits.low:
        return "L"
    return None


def _reached(limits: Limits, value: float) -> list[str]:
    """Every condition whose limit the value has reached (HH implies H when both are set)."""
    return [c for c in ("HH", "H", "LL", "L") if (limit := limits.limit(c)) is not None
            and (value >= limit if c in HIGH_SIDE else value <= limit)]


def _held(limits: Limits, condition: str, value: float) -> bool:
    """Whether an active condition still holds: its limit reached, or passed back by less than the deadband."""
    limit = limits.limit(condition)
    if limit is None:
        return False
    if condition in HIGH_SIDE:
        return value > limit - limits.deadband
    return value < limit + limits.deadband


def escalates(current: str | None, wanted: str | None) -> bool:
    """More severe, or a jump to the other side (high to low): both wait out the on-delay."""
    if wanted is None:
        return False
    return current is None or SEVERITY[wanted] > SEVERITY[current] or (wanted in HIGH_SIDE) != (current in HIGH_SIDE)


def target(limits: Limits, current: str | None, value: float) -> str | None:
    """The condition the value puts the sensor in, with the deadband applied to what is active."""
    reached = crossed(limits, value)
    if current is None or escalates(current, reached):
        return reached
    if _held(limits, current, value):
        return current
    # Stepping down: from HH the value may still hold H (with its own deadband), likewise LL → L.
    lower = {"HH": "H", "LL": "L"}.get(current)
    if lower is not None and _held(limits, lower, value):
        return lower
    return reached


def evaluate(limits: Limits, state: AlarmState, value: float, ts: float) -> ConditionChange | None:
    """Feed one reading; returns the transition it completes, if any, and updates `state`."""
    if not math.isfinite(value):
        raise ValueError("readings must be finite numbers")
    if state.condition is None and not state.reached_since and crossed(limits, value) is None:
        return None  # the common case: normal and staying normal
    reached = _reached(limits, value)
    state.reached_since = {c: state.reached_since.get(c, ts) for c in reached}
    wanted = target(limits, state.condition, value)
    if wanted == state.condition:
        state.returning = state.returning_since = None
        return None
    if escalates(state.condition, wanted):
        state.returning = state.returning_since = None
        due = [c for c in reached if escalates(state.condition, c)
               and ts - state.reached_since[c] >= limits.on_delay_s]
        if not due:
            return None
        wanted = max(due, key=SEVERITY.__getitem__)
    else:
        if state.returning != wanted or state.returning_since is None:
            state.returning, state.returning_since = wanted, ts
        if ts - state.returning_since < limits.off_delay_s:
            return None
    previous = state.condition
    state.condition = wanted
    state.returning = state.returning_since = None
    kind = "raise" if previous is None else "clear" if wanted is None else "change"
    return ConditionChange(kind, wanted, previous, value, ts)


def offline_after(interval_s: float, grace_s: float = 10.0) -> float:
    """Seconds without a reading after which a sensor is offline: max(3 × interval, interval + grace)."""
    return max(3 * interval_s, interval_s + grace_s)


def is_offline(last_ts: float | None, now: float, interval_s: float, grace_s: float = 10.0) -> bool:
    return last_ts is None or now - last_ts > offline_after(interval_s, grace_s)
