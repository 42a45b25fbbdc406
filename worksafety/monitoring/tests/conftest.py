"""Fixtures of the monitoring tests: sensors of the `world` enterprises, a clean HTTP ingest pipeline per
test, the MQTT broker (marker `mqtt`), and migrated SQLite files for `worksafety` subprocesses."""

import os
import shutil
import sqlite3
import uuid

import pytest
from django.conf import settings as django_settings

from worksafety.monitoring import ingest
from worksafety.monitoring.tests.helpers import make_sensor, worksafety

MQTT_MARKER = ("mqtt: needs the MQTT broker at WORKSAFETY_MQTT_URL; skipped when it is unset, "
               "failed when CI is set and it is unset")


def pytest_configure(config):
    config.addinivalue_line("markers", MQTT_MARKER)


def broker_url() -> str:
    return django_settings.WORKSAFETY_MQTT_URL or os.environ.get("WORKSAFETY_MQTT_URL", "")


def pytest_runtest_setup(item):
    if item.get_closest_marker("mqtt") is None or broker_url():
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but WORKSAFETY_MQTT_URL is not: the MQTT tests must run against a broker "
                    "(e.g. WORKSAFETY_MQTT_URL=mqtt://127.0.0.1:1883)", pytrace=False)
    pytest.skip("WORKSAFETY_MQTT_URL is not set (e.g. mqtt://127.0.0.1:1883)")


@pytest.fixture
def mqtt_url():
    return broker_url()


@pytest.fixture
def gas(world):
    """The park enterprise's combustible gas detector GT-101: 0–100 %LEL, H 25, HH 50, deadband 2."""
    return make_sensor(world.ent_park)


@pytest.fixture
def fresh_shared_pipeline():
    """`ingest.shared_pipeline()` is process-wide and caches the sensors: each test starts without one."""
    ingest._shared = None
    yield
    ingest._shared = None


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A freshly migrated SQLite file, made once by `worksafety migrate`; tests copy it."""
    folder = tmp_path_factory.mktemp("migrated")
    worksafety(["migrate", "--noinput", "-v", "0"], folder, timeout=300)
    return folder / "worksafety.sqlite3"


@pytest.fixture
def data_dir(tmp_path, migrated_sqlite):
    """WORKSAFETY_DATA_DIR for a child process, with its own copy of the migrated database."""
    folder = tmp_path / "data"
    folder.mkdir()
    with sqlite3.connect(migrated_sqlite) as source, sqlite3.connect(folder / "worksafety.sqlite3") as target:
        source.backup(target)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def unique_tag():
    return uuid.uuid4().hex[:10]
