"""Sensor readings from payload bytes to committed rows: parse, validate, deduplicate, evaluate alarms in
memory, then write — alarm transitions at once, readings in batches (monitoring-ecosystem.md §2.2).

`Pipeline.prepare` does everything that needs no database, under one lock, for one message;
`write_readings` commits what it prepared. The MQTT ingest process queues raw messages from the network
thread to one writer thread (`Writer`) that prepares and commits them, so the network thread never waits
for the database and no two busy threads contend for the interpreter; the HTTP endpoint does both in the
request. A message is acknowledged (MQTT QoS 1, manual ack) only after its readings are committed,
so nothing accepted is lost when the process dies: the broker redelivers, and (sensor, ts) deduplicates.
"""

import functools
import logging
import math
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from worksafety.core import jsonparse
from worksafety.monitoring import engine
from worksafety.monitoring.choices import Quality

log = logging.getLogger(__name__)

QUALITIES = frozenset(Quality.values)
EPOCH = datetime(1970, 1, 1)  # naive UTC, as SQLite stores times
# How far outside its configured range a value may be before it is implausible (sensors over-range a little).
RANGE_MARGIN = 0.1


@dataclass
class SensorEntry:
    """What ingestion keeps in memory for one sensor: identity, limits, and the alarm engine's state."""

    id: int
    enterprise_id: int
    code: str
    range_low: float
    range_high: float
    limits: engine.Limits
    interval_s: int
    alarmed: bool  # in service: readings of a sensor out of service are stored but raise nothing
    last_ts: float | None = None
    state: engine.AlarmState = field(default_factory=engine.AlarmState)
    offline: bool = False

    def plausible(self, value: float) -> bool:
        margin = (self.range_high - self.range_low) * RANGE_MARGIN
        return self.range_low - margin <= value <= self.range_high + margin


@dataclass(frozen=True)
class AlarmChange:
    """An alarm transition for the writer: from the engine ("raise"/"change"/"clear") or the offline sweep
    ("offline"/"online")."""

    sensor_id: int
    kind: str
    condition: str | None
    value: float | None
    ts: float
    detected: float  # monotonic clock when it was detected, for latency figures


@dataclass
class Prepared:
    rows: list = field(default_factory=list)  # (sensor_id, ts datetime, value, quality)
    alarms: list = field(default_factory=list)
    rejected: Counter = field(default_factory=Counter)
    enterprise_id: int = 0
    latest: dict = field(default_factory=dict)  # sensor_id -> (epoch seconds, database time, value, quality)
    inserted: int = 0  # rows the database took (the others were already stored: duplicates)


class Registry:
    """Sensors by (enterprise, code), loaded from the database with the alarm states that are open there."""

    def __init__(self, entries: dict, enterprises: dict):
        self.entries = entries  # (enterprise_id, code) -> SensorEntry
        self.by_id = {entry.id: entry for entry in entries.values()}
        self.enterprises = enterprises  # USCC -> enterprise id

    @classmethod
    def load(cls) -> "Registry":
        from worksafety.monitoring.models import Alarm, Sensor, SensorState
        from worksafety.registry.models import Enterprise

        entries = {}
        for sensor in Sensor.objects.all():
            entries[(sensor.enterprise_id, sensor.code)] = SensorEntry(
                id=sensor.pk, enterprise_id=sensor.enterprise_id, code=sensor.code, range_low=sensor.range_low,
                range_high=sensor.range_high, limits=sensor.limits, interval_s=sensor.interval_s,
                alarmed=sensor.in_service)
        registry = cls(entries, dict(Enterprise.objects.filter(sensors__isnull=False).values_list("uscc", "pk")))
        for sensor_id, ts in SensorState.objects.filter(ts__isnull=False).values_list("sensor_id", "ts"):
            if sensor_id in registry.by_id:
                registry.by_id[sensor_id].last_ts = ts.timestamp()
        for sensor_id, condition in Alarm.objects.filter(closed=False, active=True).values_list("sensor_id", "condition"):
            entry = registry.by_id.get(sensor_id)
            if entry is None:
                continue
            if condition == "offline":
                entry.offline = True
            else:
                entry.state.condition = condition
        return registry


def parse_ts(text) -> float | None:
    """Epoch seconds of an ISO 8601 time with its UTC offset; None when it is not one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    return _parse_ts(text)


@functools.lru_cache(maxsize=8192)  # a controller's batch carries one time for all its tags
def _parse_ts(text: str) -> float | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:  # a time without its offset is ambiguous: refused, not guessed
        return None
    return moment.timestamp()


class Pipeline:
    """Validation and alarm evaluation for one process; thread-safe."""

    def __init__(self, registry: Registry | None = None, *, clock=time.time):
        self.registry = registry or Registry.load()
        self.db_time = db_time_converter()
        self.clock = clock
        self.lock = threading.Lock()
        self.loaded_at = time.monotonic()

    def reload(self, *, keep_state: bool = True) -> None:
        """Pick up sensors added or changed since the registry was loaded, keeping the engine states — or,
        after a failed write, taking them from the database again (what was prepared was never stored)."""
        fresh = Registry.load()
        with self.lock:
            for key, entry in fresh.entries.items():
                old = self.registry.entries.get(key)
                if old is not None and keep_state:
                    entry.state, entry.last_ts, entry.offline = old.state, old.last_ts, old.offline
            self.registry = fresh
            self.loaded_at = time.monotonic()

    def enterprise_for(self, uscc: str) -> int | None:
        return self.registry.enterprises.get(uscc)

    def prepare(self, enterprise_id: int | None, payload: bytes, *, sensor: str | None = None) -> Prepared:
        """Parse and check one message; evaluate each accepted reading. Nothing here touches the database.
        `sensor` is the code from a single-sensor topic (`worksafety/<USCC>/<code>`), for readings without one."""
        prepared = Prepared(enterprise_id=enterprise_id or 0)
        rejected = prepared.rejected
        if enterprise_id is None:
            rejected["unknown_enterprise"] += 1
            return prepared
        if len(payload) > settings.WORKSAFETY_MAX_PAYLOAD_BYTES:
            rejected["payload_too_large"] += 1
            return prepared
        try:
            readings = jsonparse.loads(payload)["readings"]
        except (ValueError, TypeError, KeyError):
            rejected["malformed_json"] += 1
            return prepared
        if not isinstance(readings, list):
            rejected["malformed_json"] += 1
            return prepared
        now = self.clock()
        max_age, max_ahead = settings.WORKSAFETY_MAX_READING_AGE_S, settings.WORKSAFETY_MAX_CLOCK_SKEW_S
        entries = self.registry.entries
        with self.lock:
            for reading in readings:
                if sensor is not None and isinstance(reading, dict):
                    reading.setdefault("sensor", sensor)
                reason = self._check_one(reading, enterprise_id, entries, now, max_age, max_ahead, prepared)
                if reason:
                    rejected[reason] += 1
        return prepared

    def _check_one(self, reading, enterprise_id, entries, now, max_age, max_ahead, prepared) -> str | None:
        if not isinstance(reading, dict):
            return "malformed_reading"
        code = reading.get("sensor")
        entry = entries.get((enterprise_id, code)) if isinstance(code, str) else None
        if entry is None:
            return "unknown_sensor"
        value = reading.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "not_a_number"
        try:
            value = float(value)
        except OverflowError:  # an integer too large for a float
            return "not_finite"
        if not math.isfinite(value):
            return "not_finite"
        ts = parse_ts(reading.get("ts"))
        if ts is None:
            return "bad_timestamp"
        if ts > now + max_ahead:
            return "in_future"
        if ts < now - max_age:
            return "too_old"
        if not entry.plausible(value):
            return "implausible"
        quality = reading.get("quality", Quality.GOOD)
        if not isinstance(quality, str) or quality not in QUALITIES:
            return "bad_quality"
        if entry.last_ts is not None and ts == entry.last_ts:
            return "duplicate"
        moment = self.db_time(ts)
        prepared.rows.append((entry.id, moment, value, quality))
        detected = time.monotonic()
        # A fresh reading ends 数据中断. A stale one (a backlog the broker replays after an outage) does not:
        # the next sweep would raise the alarm again, and the alarm list would chatter through the catch-up.
        if entry.offline and not engine.is_offline(ts, now, entry.interval_s):
            entry.offline = False
            prepared.alarms.append(AlarmChange(entry.id, "online", None, value, ts, detected))
        if entry.last_ts is None or ts > entry.last_ts:
            entry.last_ts = ts
            prepared.latest[entry.id] = (ts, moment, value, quality)
            # Only readings in time order move the alarm state; a late one is stored, not re-evaluated.
            if entry.alarmed and quality != Quality.BAD:
                change = engine.evaluate(entry.limits, entry.state, value, ts)
                if change is not None:
                    prepared.alarms.append(AlarmChange(entry.id, change.kind, change.condition, value, ts, detected))
        return None

    def sweep_offline(self) -> list[AlarmChange]:
        """数据中断: sensors in service with no reading for max(3 × interval, interval + 10 s)."""
        now, changes = self.clock(), []
        with self.lock:
            for entry in self.registry.by_id.values():
                if entry.alarmed and not entry.offline and entry.last_ts is not None \
                        and engine.is_offline(entry.last_ts, now, entry.interval_s):
                    entry.offline = True
                    changes.append(AlarmChange(entry.id, "offline", "offline", None, now, time.monotonic()))
        return changes


# --- writing ------------------------------------------------------------------------------------------------

def write_readings(batches: list[Prepared]) -> int:
    """Insert the readings of several prepared messages in one transaction, with the latest values and the
    rejection counts; returns how many rows were new. Readings already stored (same sensor and time) are
    skipped and counted as duplicates of the enterprise that sent them."""
    from worksafety.monitoring.models import Reading, SensorState

    latest, rejected = {}, Counter()
    for prepared in batches:
        for sensor_id, value in prepared.latest.items():
            if sensor_id not in latest or value[0] > latest[sensor_id][0]:
                latest[sensor_id] = value
        for reason, count in prepared.rejected.items():
            rejected[(prepared.enterprise_id, reason)] += count
    insert = (f"INSERT INTO {Reading._meta.db_table} (sensor_id, ts, value, quality) VALUES (%s, %s, %s, %s) "
              "ON CONFLICT DO NOTHING")
    with transaction.atomic():
        with connection.cursor() as cursor:
            for prepared in batches:
                if prepared.rows:
                    cursor.executemany(insert, prepared.rows)
                    prepared.inserted = cursor.rowcount if cursor.rowcount >= 0 else len(prepared.rows)
                    if prepared.inserted < len(prepared.rows):
                        rejected[(prepared.enterprise_id, "duplicate")] += len(prepared.rows) - prepared.inserted
            if latest:
                state = SensorState._meta.db_table
                cursor.executemany(
                    f"INSERT INTO {state} (sensor_id, ts, value, quality) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (sensor_id) DO UPDATE SET ts = excluded.ts, value = excluded.value, "
                    f"quality = excluded.quality WHERE {state}.ts IS NULL OR {state}.ts < excluded.ts",
                    [(s, t, v, q) for s, (_, t, v, q) in latest.items()])
            count_rejections(cursor, rejected)
    return sum(prepared.inserted for prepared in batches)


def db_time_converter():
    """Epoch seconds to what the database takes for a DateTimeField: for SQLite, Django's text form of the
    naive UTC time (what `adapt_datetimefield_value` writes, without its per-row time-zone work — this runs
    for every reading); for PostgreSQL, an aware datetime."""
    convert = _sqlite_time if connection.vendor == "sqlite" else _aware_time
    return functools.lru_cache(maxsize=8192)(convert)  # many readings share a time


def _sqlite_time(ts: float) -> str:
    return str(EPOCH + timedelta(seconds=ts))


def _aware_time(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def count_rejections(cursor, rejected: Counter) -> None:
    from worksafety.monitoring.models import Rejection

    if not rejected:
        return
    today = timezone.localdate()
    for (enterprise_id, reason), count in rejected.items():
        log.info("rejected %d reading(s): %s (enterprise %s)", count, reason, enterprise_id or "unknown")
    cursor.executemany(
        f"INSERT INTO {Rejection._meta.db_table} (day, enterprise_id, enterprise_key, reason, count) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (day, enterprise_key, reason) "
        f"DO UPDATE SET count = {Rejection._meta.db_table}.count + excluded.count",
        [(connection.ops.adapt_datefield_value(today), enterprise_id or None, enterprise_id, reason, count)
         for (enterprise_id, reason), count in rejected.items()])


class Writer(threading.Thread):
    """The one thread that prepares and writes. Raw messages queued by the network thread (`submit`) are
    prepared here, so the network thread does nothing but receive, and no two busy threads contend for the
    interpreter while SQLite steps row by row. Alarm changes are committed as soon as a message raises them;
    readings in batches of `WORKSAFETY_INGEST_BATCH_ROWS` rows or `WORKSAFETY_INGEST_BATCH_SECONDS`,
    whichever comes first — or as soon as no further message is waiting. `ack` callbacks run after their message's rows are committed."""

    def __init__(self, pipeline: Pipeline | None = None, *, on_alarm_committed=None):
        super().__init__(name="ingest-writer", daemon=True)
        self.pipeline = pipeline
        self.inbox: queue.Queue = queue.Queue()
        self.alarms: queue.Queue = queue.Queue()
        self.on_alarm_committed = on_alarm_committed
        self.stopping = threading.Event()
        self.written = 0
        self.failures = 0

    def submit(self, enterprise_id: int | None, payload: bytes, *, sensor: str | None = None, ack=None) -> None:
        """Queue one raw message; it is prepared on this thread."""
        self.inbox.put((enterprise_id, payload, sensor, ack))

    def put(self, prepared: Prepared, ack=None) -> None:
        """Queue a message prepared elsewhere."""
        self.inbox.put((prepared, None, None, ack))

    def put_alarms(self, changes) -> None:
        for change in changes:
            self.alarms.put(change)

    def run(self):
        try:
            while not (self.stopping.is_set() and self.inbox.empty() and self.alarms.empty()):
                self._commit_alarms([])
                batch = self._collect()
                if batch:
                    self._commit_readings(batch)
        finally:
            connection.close()

    def _commit_alarms(self, changes: list) -> None:
        from worksafety.monitoring import alarms

        while True:
            try:
                changes.append(self.alarms.get_nowait())
            except queue.Empty:
                break
        if changes:
            alarms.apply_changes(changes)
            if self.on_alarm_committed:
                self.on_alarm_committed(changes)

    def _collect(self) -> list:
        batch, rows = [], 0
        deadline = time.monotonic() + settings.WORKSAFETY_INGEST_BATCH_SECONDS
        limit = settings.WORKSAFETY_INGEST_BATCH_ROWS
        while rows < limit:
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                break
            try:
                first, payload, sensor, ack = self.inbox.get(timeout=min(timeout, 0.01))
            except queue.Empty:
                if batch or self.stopping.is_set():
                    # Nothing more is coming now: commit (and acknowledge) what there is. Waiting longer would
                    # only stall a broker that sends a few unacknowledged messages at a time.
                    break
                continue
            prepared = first if isinstance(first, Prepared) else self._prepare(first, payload, sensor)
            if prepared.alarms:  # at once, ahead of the readings batch
                self._commit_alarms(list(prepared.alarms))
            batch.append((prepared, ack))
            rows += len(prepared.rows)
        return batch

    def _prepare(self, enterprise_id, payload, sensor) -> Prepared:
        """A message that breaks the pipeline is counted and acknowledged, not redelivered for ever."""
        try:
            return self.pipeline.prepare(enterprise_id, payload, sensor=sensor)
        except Exception:
            log.exception("a message could not be prepared; it is counted as malformed and dropped")
            prepared = Prepared(enterprise_id=enterprise_id or 0)
            prepared.rejected["malformed_json"] += 1
            return prepared

    def _commit_readings(self, batch) -> None:
        for attempt in range(5):
            try:
                self.written += write_readings([prepared for prepared, _ in batch])
                break
            except Exception:  # the database went away: keep the batch, unacknowledged, and retry
                self.failures += 1
                log.exception("writing %d message(s) failed (attempt %d)", len(batch), attempt + 1)
                connection.close()
                time.sleep(min(2 ** attempt, 10))
        else:
            log.error("giving up on %d message(s); they stay unacknowledged and will be redelivered", len(batch))
            if self.pipeline is not None:  # forget what was prepared but never stored: the redelivery is taken
                self.pipeline.reload(keep_state=False)
            return
        for _, ack in batch:
            if ack is not None:
                ack()

    def stop(self, timeout: float = 30) -> None:
        self.stopping.set()
        self.join(timeout)


_shared: Pipeline | None = None
_shared_lock = threading.Lock()
RELOAD_SECONDS = 30


def shared_pipeline() -> Pipeline:
    """The pipeline of this process (the web process, for HTTP ingestion), reloaded now and then so new
    sensors are known."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Pipeline()
        elif time.monotonic() - _shared.loaded_at > RELOAD_SECONDS:
            _shared.reload()
        return _shared


def ingest_now(pipeline: Pipeline, enterprise_id: int, payload: bytes) -> Prepared:
    """Prepare and commit one message in the caller's thread (HTTP): alarms first, then the readings."""
    from worksafety.monitoring import alarms

    prepared = pipeline.prepare(enterprise_id, payload)
    try:
        with transaction.atomic():
            if prepared.alarms:
                alarms.apply_changes(prepared.alarms)
            write_readings([prepared])
    except Exception:
        # Nothing of this message is stored; the sender's retry must not be taken for a duplicate of it.
        pipeline.reload(keep_state=False)
        raise
    return prepared
