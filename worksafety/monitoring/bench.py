"""`worksafety bench ingest`: the ingest pipeline from raw payload bytes to committed rows, against a plain
executemany of the same rows into the same table, timed in the same run (INTERFACES.md "JSON: bench ingest").

Messages carry 100 readings each for a park-sized set of sensors; every few hundred messages one sensor
leaks past its HH limit and back, so alarms are raised and cleared while readings stream; the alarm
latency is from the reading's detection to its alarm row being committed. `--mqtt` sends the same
messages through a real broker and the Subscriber instead of calling the pipeline directly.
"""

import statistics
import threading
import time

from django.conf import settings
from django.db import connection, transaction

from worksafety.monitoring import bench_load
from worksafety.monitoring.bench_load import LEAK_EVERY, PER_MESSAGE, start_publisher
from worksafety.monitoring.choices import SensorKind
from worksafety.monitoring.ingest import Pipeline, Writer
from worksafety.monitoring.models import Alarm, AlarmEvent, Reading, Sensor, SensorState

CONNECT_TIMEOUT_S = 30


def _sensors(enterprise, count: int) -> list[Sensor]:
    # The readings are timed over the past half hour (each (sensor, ts) once), so a 10 s interval would have
    # the offline sweep of the `--mqtt` path raise 数据中断 on every bench sensor; an hourly one keeps the
    # figure about ingestion.
    Sensor.objects.bulk_create([
        Sensor(enterprise=enterprise, code=f"BENCH-{n:05d}", name=f"压测探头 {n}", kind=SensorKind.COMBUSTIBLE_GAS,
               unit="%LEL", range_low=0, range_high=100, high=25, high_high=50, deadband=2, interval_s=3600)
        for n in range(count)], batch_size=1000)
    return list(Sensor.objects.filter(enterprise=enterprise, code__startswith="BENCH-").order_by("code"))


def _percentiles(latencies: list[float]) -> dict:
    if not latencies:
        return {"p50": None, "p99": None}
    ordered = sorted(latencies)
    return {"p50": round(statistics.median(ordered) * 1000, 2),
            "p99": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2)}


def _delete_readings(sensor_ids) -> None:
    """One DELETE statement (the ORM deletes composite-key rows one by one)."""
    with connection.cursor() as cursor:
        for offset in range(0, len(sensor_ids), 500):
            chunk = sensor_ids[offset:offset + 500]
            cursor.execute(f"DELETE FROM {Reading._meta.db_table} WHERE sensor_id IN ({', '.join(['%s'] * len(chunk))})",
                           chunk)


def _clean(sensor_ids) -> None:
    with transaction.atomic():
        _delete_readings(sensor_ids)
        AlarmEvent.objects.filter(alarm__sensor_id__in=sensor_ids).delete()
        Alarm.objects.filter(sensor_id__in=sensor_ids).delete()
        SensorState.objects.filter(sensor_id__in=sensor_ids).delete()


def _through_pipeline(messages, enterprise_id, writer) -> None:
    for payload in messages:
        writer.submit(enterprise_id, payload)


def _through_broker(messages, enterprise, url) -> tuple:
    from worksafety.monitoring.mqtt import Subscriber, broker_address

    # Its own topic root and share group, and no session kept afterwards: the bench neither takes a share of
    # real traffic nor leaves its messages to the platform's ingest processes.
    root = f"worksafety-bench-{time.time_ns()}"
    subscriber = Subscriber(url, root, session_expiry_s=0, topic=f"$share/{root}/{root}/#")
    publisher, go = start_publisher(broker_address(url), f"{root}/{enterprise.uscc}/batch", messages)
    runner = threading.Thread(target=subscriber.run, daemon=True)
    runner.start()
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while not subscriber.client.is_connected():
        if time.monotonic() > deadline:
            subscriber.stop()
            publisher.kill()
            raise ConnectionError(f"the broker at {url} did not accept the bench's connection within "
                                  f"{CONNECT_TIMEOUT_S} s")
        time.sleep(0.05)
    time.sleep(0.3)  # the subscription is in place
    return subscriber, runner, publisher, go


def run(*, seconds: float, enterprise, sensors: int = 2000, mqtt_url: str = "") -> dict:
    """Measure on the current database; every row the bench makes is removed afterwards."""
    bench_sensors = _sensors(enterprise, sensors)
    ids = [sensor.pk for sensor in bench_sensors]
    try:
        return _measure(seconds, enterprise, bench_sensors, ids, mqtt_url)
    finally:
        _clean(ids)
        Sensor.objects.filter(pk__in=ids).delete()


def _measure(seconds, enterprise, bench_sensors, ids, mqtt_url) -> dict:
    # Enough messages to keep the pipeline busy for about `seconds` at 50 000 readings/s.
    count = max(LEAK_EVERY, int(seconds * 50_000 / PER_MESSAGE))
    half_age = settings.WORKSAFETY_MAX_READING_AGE_S / 2  # all within the accepted age, none in the future
    messages = bench_load.messages([s.code for s in bench_sensors], count, time.time() - half_age, half_age)
    total = count * PER_MESSAGE
    latencies = []
    lock = threading.Lock()

    def committed(changes):
        now = time.monotonic()
        with lock:
            latencies.extend(now - change.detected for change in changes if change.kind == "raise")

    started = time.perf_counter()
    if mqtt_url:
        subscriber, runner, publisher, go = _through_broker(messages, enterprise, mqtt_url)
        subscriber.writer.on_alarm_committed = committed
        started = time.perf_counter()  # from the first publish: spawning the publisher is not ingest time
        go.set()
        while subscriber.writer.written < total and time.perf_counter() - started < seconds * 20:
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
        written = subscriber.writer.written
        subscriber.stop()
        runner.join(30)
        publisher.join(30)
    else:
        writer = Writer(Pipeline(), on_alarm_committed=committed)
        writer.start()
        _through_pipeline(messages, enterprise.pk, writer)
        writer.stop(timeout=600)
        elapsed = time.perf_counter() - started
        written = writer.written
    baseline = _baseline(ids)
    return {
        "readings": written, "seconds": round(elapsed, 2), "readings_per_s": round(written / elapsed),
        # No rows written (a broker that took none) leaves nothing to compare: no ratio rather than a crash.
        "baseline_executemany_per_s": round(baseline),
        "ratio_to_baseline": round(written / elapsed / baseline, 3) if baseline else None,
        "alarm_latency_ms": _percentiles(latencies), "alarms": len(latencies),
        "database": connection.vendor, "path": "mqtt" if mqtt_url else "in-process",
    }


def _baseline(ids) -> float:
    """The same rows, re-read from the table, written again by a plain executemany in the writer's batches."""
    table = Reading._meta.db_table
    rows = list(Reading.objects.filter(sensor_id__in=ids).values_list("sensor_id", "ts", "value", "quality"))
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic():
        _delete_readings(ids)
    batch = settings.WORKSAFETY_INGEST_BATCH_ROWS
    started = time.perf_counter()
    for offset in range(0, len(rows), batch):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} (sensor_id, ts, value, quality) VALUES (%s, %s, %s, %s)",
                               [(s, adapt(t), v, q) for s, t, v, q in rows[offset:offset + batch]])
    return len(rows) / (time.perf_counter() - started)
