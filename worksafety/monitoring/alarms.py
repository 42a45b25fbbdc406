"""Alarm rows from alarm changes, and the operator's actions on them (ISA-18.2 / IEC 62682).

The condition (`active`) and the acknowledgement are separate: an alarm ends (`closed`) once it has
returned to normal and been acknowledged — or, when the sensor is latched, been reset after returning.
Every change is an AlarmEvent; the live page and the push to higher levels read those events.
"""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import CHANGE, require
from worksafety.monitoring.engine import HIGH_SIDE, SEVERITY
from worksafety.monitoring.models import Alarm, AlarmEvent, Sensor

MAX_SHELVE = timedelta(hours=8)  # shelving is temporary by definition; a shift at most


def _moment(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def apply_changes(changes) -> None:
    """Commit alarm changes from ingestion, in order, in one transaction."""
    sensors = Sensor.objects.in_bulk({change.sensor_id for change in changes})
    with transaction.atomic():
        for change in changes:
            sensor = sensors.get(change.sensor_id)
            if sensor is not None:
                _apply(sensor, change)


def _open(sensor, offline: bool):
    alarms = Alarm.objects.filter(sensor=sensor, closed=False)
    alarms = alarms.filter(condition="offline") if offline else alarms.exclude(condition="offline")
    return alarms.order_by("-id").first()


def _apply(sensor, change) -> None:
    at = _moment(change.ts)
    if change.kind in ("raise", "offline"):
        alarm = Alarm.objects.create(
            sensor=sensor, enterprise_id=sensor.enterprise_id, condition=change.condition, priority=sensor.priority,
            raised_at=at, value=change.value, peak=change.value, suppressed=sensor.suppressed_by_design)
        AlarmEvent.objects.create(alarm=alarm, kind="raise", condition=change.condition, value=change.value, at=at)
        return
    alarm = _open(sensor, offline=change.kind == "online")
    if alarm is None:
        return
    if change.kind == "change":
        side_change = (change.condition in HIGH_SIDE) != (alarm.condition in HIGH_SIDE)
        fields = {"condition": change.condition}
        if side_change or SEVERITY[change.condition] > SEVERITY[alarm.condition]:
            # Stepping up (H → HH) or jumping to the other side (H → L) is a new annunciation: it needs
            # acknowledging again, and the peak starts afresh on the new side.
            fields.update(acknowledged=False, acknowledged_at=None, acknowledged_by=None)
        if side_change or alarm.peak is None or _further(alarm, change.value):
            fields["peak"] = change.value
        Alarm.objects.filter(pk=alarm.pk).update(**fields)
        AlarmEvent.objects.create(alarm=alarm, kind="change", condition=change.condition, value=change.value, at=at)
        return
    # "clear" (back to normal) or "online" (readings again after 数据中断)
    latched = sensor.latched and change.kind == "clear"
    # Whether it ends is decided in SQL: an operator may acknowledge it at this very moment.
    Alarm.objects.filter(pk=alarm.pk).update(active=False, cleared_at=at, latched=latched,
                                             closed=Value(False) if latched else F("acknowledged"))
    AlarmEvent.objects.create(alarm=alarm, kind="clear", condition=alarm.condition, value=change.value, at=at)


def _further(alarm, value) -> bool:
    return value is not None and (value > alarm.peak if alarm.condition in ("H", "HH") else value < alarm.peak)


def _operate(alarm: Alarm, user, kind: str, *, comment: str = "", **fields) -> Alarm:
    require(user, alarm, CHANGE)
    with transaction.atomic(), audit.acting_as(user):
        if Alarm.objects.filter(pk=alarm.pk, **fields.pop("expect", {})).update(**fields) != 1:
            raise ValidationError(_("该报警已被他人处理，请刷新后查看。"))
        AlarmEvent.objects.create(alarm=alarm, kind=kind, condition=alarm.condition, at=timezone.now(), actor=user,
                                  comment=comment[:200])
        audit.record(AuditAction.UPDATE, instance=alarm.sensor, after={"alarm": alarm.pk, "action": kind,
                                                                        "comment": comment[:200]})
    alarm.refresh_from_db()
    return alarm


def do_acknowledge(alarm: Alarm, *, user, comment: str = "") -> Alarm:
    """确认: the operator has seen it. A returned-to-normal alarm that is acknowledged ends (unless latched)."""
    if alarm.acknowledged or alarm.closed:
        raise ValidationError(_("该报警已确认。"))
    # It ends if it has returned to normal and needs no reset — as the row says now, not as the page saw it.
    closes = Case(When(active=False, latched=False, then=Value(True)), default=Value(False))
    return _operate(alarm, user, "ack", comment=comment, acknowledged=True, acknowledged_at=timezone.now(),
                    acknowledged_by=user, closed=closes, expect={"acknowledged": False, "closed": False})


def do_shelve(alarm: Alarm, *, user, minutes: int, reason: str) -> Alarm:
    """搁置: hide an alarm from the lists and the push for a limited time, with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("搁置须说明原因。")})
    if not 1 <= minutes <= MAX_SHELVE.total_seconds() / 60:
        raise ValidationError({"minutes": _("搁置时长为 1 至 %(n)d 分钟。") % {"n": MAX_SHELVE.total_seconds() // 60}})
    if alarm.closed:
        raise ValidationError(_("该报警已结束。"))
    return _operate(alarm, user, "shelve", comment=reason, shelved_until=timezone.now() + timedelta(minutes=minutes),
                    shelve_reason=reason.strip()[:200], expect={"closed": False})


def do_unshelve(alarm: Alarm, *, user) -> Alarm:
    if alarm.shelved_until is None:
        raise ValidationError(_("该报警未搁置。"))
    return _operate(alarm, user, "unshelve", shelved_until=None, shelve_reason="", expect={"closed": False})


def do_reset(alarm: Alarm, *, user, comment: str = "") -> Alarm:
    """复位 a latched alarm whose condition has returned to normal."""
    if not (alarm.latched and not alarm.active):
        raise ValidationError(_("只有已恢复的保持型报警需要复位。"))
    return _operate(alarm, user, "reset", comment=comment, latched=False, closed=F("acknowledged"),
                    expect={"latched": True, "active": False, "closed": False})


def unshelve_expired(now=None) -> int:
    """Shelving ends by itself when its time is up (worker)."""
    return Alarm.objects.filter(shelved_until__lte=now or timezone.now()).update(shelved_until=None,
                                                                                 shelve_reason="")


def do_action(alarm: Alarm, action: str, *, user, comment: str = "", minutes: int | None = None) -> Alarm:
    """One operator action by name, for the pages and the API alike."""
    if action == "ack":
        return do_acknowledge(alarm, user=user, comment=comment)
    if action == "shelve":
        return do_shelve(alarm, user=user, minutes=minutes or 0, reason=comment)
    if action == "unshelve":
        return do_unshelve(alarm, user=user)
    if action == "reset":
        return do_reset(alarm, user=user, comment=comment)
    raise ValidationError(_("未知的报警操作。"))
