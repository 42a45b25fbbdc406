"""A broker that disappears and comes back: the ingest process survives, reconnects to its persistent session,
and every reading published before, during and after the outage is stored exactly once. The test runs its
own Mosquitto (with persistence, as deploy/mosquitto.conf) on a free port, so stopping it disturbs nobody."""

import getpass
import os
import shutil
import socket
import subprocess
import time

import pytest

from worksafety.monitoring.tests.helpers import body, query, reading, seed, wait_for
from worksafety.monitoring.tests.test_mqtt import (
    Ingest,
    connect,
    publish_all,
    stored_count,
    unique_uscc,
    wait_until_settled,
)

pytestmark = pytest.mark.mqtt

CODES = [f"R{n:02d}" for n in range(10)]
BEFORE, AFTER = 40, 40  # messages of 10 readings published before the outage and after it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Broker:
    def __init__(self, folder, port: int):
        self.port, self.folder = port, folder
        self.config = folder / "mosquitto.conf"
        # Run as this user: as root Mosquitto would switch to the `mosquitto` user, which cannot write here.
        self.config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
                               f"persistence_location {folder}/\nmax_queued_messages 0\nuser {getpass.getuser()}\n")
        self.process = None

    def start(self):
        self.process = subprocess.Popen([shutil.which("mosquitto"), "-c", str(self.config)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.answers, timeout=10, interval=0.05, message="the test broker did not start")

    def answers(self) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Mosquitto writes its persistence file on the way out
            self.process.wait(10)


@pytest.fixture
def broker(tmp_path):
    if shutil.which("mosquitto") is None:
        if os.environ.get("CI"):
            pytest.fail("mosquitto is missing; scripts/install-system-deps.sh installs it")
        pytest.skip("mosquitto is not installed")
    folder = tmp_path / "broker"
    folder.mkdir()
    running = Broker(folder, _free_port())
    running.start()
    yield running
    running.stop()


def test_a_broker_outage_loses_nothing(data_dir, broker):
    url = f"mqtt://127.0.0.1:{broker.port}"
    uscc = unique_uscc()
    enterprise_id = seed(data_dir, uscc, CODES)
    sensor_ids = [row[0] for row in query(data_dir, "SELECT id FROM monitoring_sensor WHERE enterprise_id = ?",
                                          (enterprise_id,))]
    base = int(time.time()) - 1800

    def messages(start, count):
        return [(f"worksafety/{uscc}/batch", body(*[reading(code, base + index, 2.0) for code in CODES]))
                for index in range(start, start + count)]

    ingest = Ingest(data_dir, url, "worksafety-outage-test")
    ingest.start()
    try:
        # The first message again and again until it is stored: then the ingest process is subscribed.
        publisher = connect(url)

        def first_stored():
            """Whether the first message has been stored; if not, send it again (each call, `interval` apart)."""
            stored = stored_count(data_dir, sensor_ids)
            if not stored:
                publish_all(publisher, messages(0, 1))
            return stored

        wait_for(first_stored, timeout=60, interval=0.5, message="the ingest process never stored a message")
        publish_all(publisher, messages(1, BEFORE - 1))
        publisher.disconnect()
        publisher.loop_stop()

        broker.stop()
        wait_for(lambda: "disconnected from the broker" in ingest.logs(), timeout=30, interval=0.1,
                 message="the ingest process did not notice the broker going away")  # and keeps retrying
        assert ingest.process.poll() is None, "the ingest process died with the broker:\n" + ingest.logs()
        broker.start()
        # Mosquitto 2.0.11 restores the persistent session and its queued messages, but a message published
        # to the restarted broker before the ingest process has reconnected is dropped: the restored shared
        # subscription does not match until the client subscribes again (docs/design.md).
        wait_for(lambda: "session present: True" in ingest.logs(), timeout=60, interval=0.2,
                 message="the ingest process did not reconnect to its persistent session")

        publisher = connect(url)
        publish_all(publisher, messages(BEFORE, AFTER))
        publisher.disconnect()
        publisher.loop_stop()
        final = wait_until_settled(data_dir, sensor_ids, (BEFORE + AFTER) * len(CODES), timeout=90)
        assert ingest.process.poll() is None, ingest.logs()
    finally:
        ingest.stop()

    assert final == (BEFORE + AFTER) * len(CODES), f"{final} stored\n{ingest.logs()}"
    marks = ",".join("?" * len(sensor_ids))
    distinct = query(data_dir, f"SELECT COUNT(DISTINCT sensor_id || ts) FROM monitoring_reading WHERE sensor_id IN "
                               f"({marks})", sensor_ids)[0][0]
    assert distinct == final
