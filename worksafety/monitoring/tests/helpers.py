"""Plain helpers of the monitoring tests (fixtures are in conftest.py)."""

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from worksafety.monitoring.models import Sensor
from worksafety.monitoring.tests.factories import SensorFactory

CST = timezone(timedelta(hours=8))


def make_sensor(enterprise, code="GT-101", **fields) -> Sensor:
    """A combustible gas detector of SensorFactory, tagged GT-101 unless told otherwise."""
    return SensorFactory(enterprise=enterprise, code=code, **fields)


def iso(ts: float) -> str:
    """ISO 8601 with the +08:00 offset devices in the district send."""
    return datetime.fromtimestamp(ts, CST).isoformat()


def utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def reading(sensor, ts, value, quality="good", **extra) -> dict:
    return {"sensor": sensor, "ts": iso(ts) if isinstance(ts, int | float) else ts, "value": value,
            "quality": quality, **extra}


def body(*readings) -> bytes:
    return json.dumps({"readings": list(readings)}).encode()


# --- a file SQLite database used by `worksafety` subprocesses ---------------------------------------------

def subprocess_env(data_dir: Path, mqtt_url: str = "") -> dict:
    """The environment of a `python -m worksafety …` child: its own data folder and SQLite file, never the
    PostgreSQL of DATABASE_URL."""
    env = dict(os.environ)
    env.update(WORKSAFETY_DATA_DIR=str(data_dir), DATABASE_URL=f"sqlite:///{data_dir / 'worksafety.sqlite3'}",
               DJANGO_SETTINGS_MODULE="worksafety.settings", PYTHONUNBUFFERED="1", WORKSAFETY_LOG_LEVEL="WARNING")
    env.pop("WORKSAFETY_MQTT_URL", None)
    if mqtt_url:
        env["WORKSAFETY_MQTT_URL"] = mqtt_url
    return env


def worksafety(args, data_dir: Path, *, mqtt_url: str = "", timeout: float = 120, check=True):
    """Run `python -m worksafety ARGS` to completion in `data_dir`."""
    result = subprocess.run([sys.executable, "-m", "worksafety", *args], cwd=data_dir, capture_output=True,
                            text=True, env=subprocess_env(data_dir, mqtt_url), timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"worksafety {' '.join(args)} exited {result.returncode}:\n{result.stderr[-3000:]}")
    return result


SEED = """
import sys
import django
django.setup()
from worksafety.core.models import Area, Sector
from worksafety.monitoring.models import Sensor
from worksafety.monitoring.tests.factories import SensorFactory
from worksafety.registry.models import Enterprise
uscc, codes = sys.argv[1], sys.argv[2:]
area = Area.objects.create(code="210213", name="金普新区", level="district")
enterprise = Enterprise.objects.create(name="大连测试化工有限公司", uscc=uscc, sector=Sector.objects.get(code="hazchem"),
                                       area=area, address="测试路1号", legal_representative="张三", employees=10)
Sensor.objects.bulk_create([
    Sensor(enterprise=enterprise, code=code, name=code, kind="combustible_gas", unit="%LEL", range_low=0,
           range_high=100, high=25, high_high=50, deadband=2, interval_s=3600) for code in codes])
print(enterprise.pk)
"""


def seed(data_dir: Path, uscc: str, codes) -> int:
    result = subprocess.run([sys.executable, "-c", SEED, uscc, *codes], cwd=data_dir, capture_output=True, text=True,
                            env=subprocess_env(data_dir), timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return int(result.stdout.split()[-1])


def query(data_dir: Path, sql: str, params=()) -> list:
    """Read the child's database directly (WAL: readers never block its writer)."""
    with sqlite3.connect(data_dir / "worksafety.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchall()


def wait_for(condition, timeout: float, interval: float = 0.1, message: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s: {message}")
        time.sleep(interval)
