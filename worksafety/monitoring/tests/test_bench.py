"""`worksafety bench ingest` (INTERFACES.md "JSON: bench ingest"): the figures it reports, and that it leaves
nothing behind — in this process (the writer thread needs a transactional test database) and as the command."""

import json

import pytest
from django.db import connection

from worksafety.monitoring import bench
from worksafety.monitoring.models import Alarm, AlarmEvent, Reading, Rejection, Sensor, SensorState
from worksafety.monitoring.tests.helpers import make_sensor, worksafety

KEYS = {"readings", "seconds", "readings_per_s", "baseline_executemany_per_s", "ratio_to_baseline",
        "alarm_latency_ms", "database"}


def check_figures(result: dict, readings: int, database: str):
    assert KEYS <= set(result)
    assert result["readings"] == readings
    assert result["database"] == database
    assert result["seconds"] > 0
    assert isinstance(result["readings_per_s"], int) and result["readings_per_s"] > 0
    assert isinstance(result["baseline_executemany_per_s"], int) and result["baseline_executemany_per_s"] > 0
    expected_ratio = result["readings"] / result["seconds"] / result["baseline_executemany_per_s"]
    assert result["ratio_to_baseline"] == pytest.approx(expected_ratio, rel=0.05)
    assert set(result["alarm_latency_ms"]) == {"p50", "p99"}
    p50, p99 = result["alarm_latency_ms"]["p50"], result["alarm_latency_ms"]["p99"]
    assert 0 <= p50 <= p99 < 60_000


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bench_run_reports_the_interface_figures_and_leaves_no_rows(world):
    own = make_sensor(world.ent_park)  # the enterprise's own sensor and data stay untouched
    Reading.objects.create(sensor=own, ts="2026-11-28T00:00:00Z", value=1.0)
    result = bench.run(seconds=0.2, enterprise=world.ent_park, sensors=50)
    # 200 messages (the minimum: one leak) × 100 readings, 50 sensors, every (sensor, ts) distinct.
    check_figures(result, readings=20_000, database=connection.vendor)  # the database the tests run on
    assert (result["alarms"], result["path"]) == (1, "in-process")  # one leak past HH, raised once
    assert list(Sensor.objects.values_list("code", flat=True)) == ["GT-101"]
    assert list(Reading.objects.values_list("sensor_id", "value")) == [(own.pk, 1.0)]
    assert not Alarm.objects.exists() and not AlarmEvent.objects.exists() and not SensorState.objects.exists()
    assert not Rejection.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bench_run_keeps_the_enterprises_own_rejection_counts(world):
    Rejection.objects.create(day="2026-11-28", enterprise=world.ent_park, enterprise_key=world.ent_park.pk,
                             reason="unknown_sensor", count=7)
    bench.run(seconds=0.2, enterprise=world.ent_park, sensors=10)
    assert list(Rejection.objects.values_list("reason", "count")) == [("unknown_sensor", 7)]


def test_bench_ingest_command_prints_one_json_object(tmp_path):
    """The command measures in a throwaway SQLite file next to the configured one; run as a child process
    with its own data folder, so it never touches this test run's database."""
    folder = tmp_path / "data"
    folder.mkdir()
    result = worksafety(["bench", "ingest", "--seconds", "0.2", "--sensors", "50"], folder, timeout=300)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, result.stdout
    check_figures(json.loads(lines[0]), readings=20_000, database="sqlite")  # the command's own data folder
    # The throwaway database is gone and the configured one was never opened.
    assert [path.name for path in folder.rglob("*.sqlite3*")] == []


@pytest.mark.mqtt
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bench_through_the_broker_stores_every_reading_published_by_its_own_process(world, mqtt_url):
    result = bench.run(seconds=0.2, enterprise=world.ent_park, sensors=50, mqtt_url=mqtt_url)
    check_figures(result, readings=20_000, database=connection.vendor)
    assert (result["alarms"], result["path"]) == (1, "mqtt")
    assert not Reading.objects.exists() and not Alarm.objects.exists()
