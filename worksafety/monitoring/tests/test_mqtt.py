"""MQTT ingestion against the real broker at WORKSAFETY_MQTT_URL (marker `mqtt`): readings published on
`worksafety/<USCC>/batch` and `worksafety/<USCC>/<code>` reach the database, and killing the ingest process
midway loses nothing and stores nothing twice (persistent MQTT 5 session, QoS 1, ack after commit)."""

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import paho.mqtt.client as mqtt
import pytest
from django.db import OperationalError
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from conftest import make_uscc
from worksafety.monitoring.models import Alarm, Reading, Rejection, SensorState
from worksafety.monitoring.mqtt import SHARED_TOPIC, Subscriber, broker_address
from worksafety.monitoring.tests.helpers import (
    body,
    iso,
    make_sensor,
    query,
    reading,
    seed,
    subprocess_env,
    wait_for,
)
from worksafety.registry.models import Enterprise

pytestmark = pytest.mark.mqtt


def unique_uscc() -> str:
    """A valid USCC (digits and capitals only: safe in a topic) that no other test run uses."""
    return make_uscc(random.randrange(10_000_000, 99_999_999))


def connect(url: str, client_id: str = "", **kwargs) -> mqtt.Client:
    address = broker_address(url)
    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5)
    if address["username"]:
        client.username_pw_set(address["username"], address["password"])
    client.max_inflight_messages_set(100)
    connected = threading.Event()
    client.on_connect = lambda *args: connected.set()
    try:
        client.connect(address["host"], address["port"], **kwargs)
    except OSError as error:
        pytest.fail(f"WORKSAFETY_MQTT_URL={url} is set but the broker does not answer: {error}")
    client.loop_start()
    if not connected.wait(10):
        pytest.fail(f"the broker at {url} did not acknowledge the connection")
    return client


def publish_all(client: mqtt.Client, items, pause: float = 0.0, sent: list | None = None) -> int:
    """Publish (topic, payload) pairs at QoS 1 and wait for the broker's PUBACK of each."""
    infos = []
    for topic, payload in items:
        infos.append(client.publish(topic, payload, qos=1))
        if sent is not None:
            sent.append(1)
        if pause:
            time.sleep(pause)
    for info in infos:
        info.wait_for_publish(timeout=60)
        assert info.rc == mqtt.MQTT_ERR_SUCCESS and info.is_published()
    return len(infos)


def end_session(url: str, client_id: str) -> None:
    """Remove the persistent session a test's subscriber left at the broker: an idle member of the shared
    subscription would otherwise be handed its share of every later message for SESSION_EXPIRY_S."""
    properties = Properties(PacketTypes.CONNECT)
    properties.SessionExpiryInterval = 0
    client = connect(url, client_id, clean_start=True, properties=properties)
    client.disconnect()
    client.loop_stop()


@pytest.fixture
def shared_group_is_ours(mqtt_url, unique_tag):
    """Nobody else may be in the `$share/worksafety` group while these tests run: every member, even one
    offline with a persistent session, takes its share of the messages (Mosquitto round-robin)."""
    received, all_received = [], threading.Event()

    def on_message(client, userdata, message):
        received.append(message.mid)
        if len(received) >= 20:
            all_received.set()

    probe = connect(mqtt_url, f"probe-{unique_tag}", clean_start=True)
    probe.on_message = on_message
    subscribed = threading.Event()
    probe.on_subscribe = lambda *args: subscribed.set()
    probe.subscribe(SHARED_TOPIC, qos=1)
    assert subscribed.wait(10), "the broker did not acknowledge the subscription"
    publisher = connect(mqtt_url)
    publish_all(publisher, [(f"worksafety/PROBE{unique_tag}/batch", b'{"readings": []}')] * 20)
    all_received.wait(3)
    for client in (probe, publisher):
        client.disconnect()
        client.loop_stop()
    if len(received) < 20:
        pytest.fail(f"another subscriber (online, or an offline persistent session) shares {SHARED_TOPIC}: the "
                    f"probe got {len(received)} of 20 messages, so these tests cannot count what arrives")


# --- (a) in this process: batch and single-sensor topics --------------------------------------------------------

def count(model, **filters) -> int | None:
    """Poll from the test thread while the writer thread writes (the shared in-memory SQLite locks tables)."""
    try:
        return model.objects.filter(**filters).count()
    except OperationalError:
        return None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_readings_on_batch_and_sensor_topics_arrive_in_the_database(world, mqtt_url, unique_tag,
                                                                    shared_group_is_ours):
    uscc = unique_uscc()
    Enterprise.objects.filter(pk=world.ent_park.pk).update(uscc=uscc)
    gas = make_sensor(world.ent_park, "GT-101")
    other = make_sensor(world.ent_park, "GT-102")
    client_id = f"worksafety-test-{unique_tag}"
    subscriber = Subscriber(mqtt_url, client_id)
    subscribed = threading.Event()
    subscriber.client.on_subscribe = lambda *args: subscribed.set()
    runner = threading.Thread(target=subscriber.run, name="test-subscriber", daemon=True)
    runner.start()
    publisher = connect(mqtt_url)
    try:
        assert subscribed.wait(15), "the subscriber did not subscribe"
        t = float(int(time.time()))
        published = publish_all(publisher, [
            (f"worksafety/{uscc}/batch", body(reading("GT-101", t - 30, 3.0), reading("GT-101", t - 20, 4.0),
                                             reading("GT-102", t - 30, 1.5))),
            (f"worksafety/{uscc}/GT-102", json.dumps({"readings": [{"ts": iso(t - 20), "value": 2.5}]}).encode()),
            (f"worksafety/{uscc}/GT-101", json.dumps({"readings": [{"ts": iso(t - 10), "value": 66.0}]}).encode()),
            (f"worksafety/{uscc}/batch", body(reading("GT-101", t - 20, 4.0))),  # a duplicate
            (f"worksafety/{uscc}/batch", b"{not json"),
            (f"worksafety/{uscc}/GT-101/extra", body(reading("GT-101", t - 5, 1.0))),  # not a topic of ours
        ])
        assert published == 6
        wait_for(lambda: count(Reading) == 5 and count(Alarm) == 1 and count(Rejection) == 3, timeout=20,
                 message="five readings, one alarm and three rejection rows")
        wait_for(lambda: subscriber.received == 6, timeout=5)
    finally:
        subscriber.stop()
        runner.join(30)
        publisher.disconnect()
        publisher.loop_stop()
        end_session(mqtt_url, client_id)
    assert not runner.is_alive()
    assert sorted((r.sensor_id, r.ts.timestamp(), r.value) for r in Reading.objects.all()) == sorted([
        (gas.pk, t - 30, 3.0), (gas.pk, t - 20, 4.0), (gas.pk, t - 10, 66.0),
        (other.pk, t - 30, 1.5), (other.pk, t - 20, 2.5)])
    assert list(Alarm.objects.values_list("sensor_id", "condition", "active", "value")) == [(gas.pk, "HH", True, 66.0)]
    assert {(s.sensor_id, s.value) for s in SensorState.objects.all()} == {(gas.pk, 66.0), (other.pk, 2.5)}
    assert set(Rejection.objects.values_list("enterprise_id", "reason", "count")) == {
        (world.ent_park.pk, "duplicate", 1), (world.ent_park.pk, "malformed_json", 1), (None, "bad_topic", 1)}


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_malformed_reading_does_not_stop_ingestion(world, mqtt_url, unique_tag, shared_group_is_ours):
    uscc = unique_uscc()
    Enterprise.objects.filter(pk=world.ent_park.pk).update(uscc=uscc)
    gas = make_sensor(world.ent_park, "GT-101")
    client_id = f"worksafety-test-{unique_tag}"
    subscriber = Subscriber(mqtt_url, client_id)
    subscribed = threading.Event()
    subscriber.client.on_subscribe = lambda *args: subscribed.set()
    runner = threading.Thread(target=subscriber.run, name="test-subscriber", daemon=True)
    runner.start()
    publisher = connect(mqtt_url)
    try:
        assert subscribed.wait(15), "the subscriber did not subscribe"
        t = float(int(time.time()))
        publish_all(publisher, [(f"worksafety/{uscc}/batch", body(reading(["GT-101"], t - 20, 1.0))),
                                (f"worksafety/{uscc}/batch", body(reading("GT-101", t - 10, 2.0)))])
        wait_for(lambda: count(Reading, sensor=gas) == 1, timeout=8, message="the good reading never arrived")
    finally:
        subscriber.stop()
        runner.join(30)
        publisher.disconnect()
        publisher.loop_stop()
        end_session(mqtt_url, client_id)


# --- (b) the kill test ---------------------------------------------------------------------------------------------

MESSAGES, PER_MESSAGE = 300, 20
CODES = [f"K{n:02d}" for n in range(PER_MESSAGE)]


class Ingest:
    """`python -m worksafety ingest --client-id ID` as a child process, logging to a file."""

    def __init__(self, data_dir, mqtt_url, client_id):
        self.args = [sys.executable, "-m", "worksafety", "ingest", "--client-id", client_id]
        self.data_dir, self.env = data_dir, subprocess_env(data_dir, mqtt_url)
        self.process = None
        self.runs = 0

    def start(self):
        self.runs += 1
        with open(self.data_dir / f"ingest-{self.runs}.log", "wb") as log:  # the child keeps its own handle
            self.process = subprocess.Popen(self.args, cwd=self.data_dir, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)

    def kill(self):
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(10) == -signal.SIGKILL

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def logs(self) -> str:
        return "\n".join((self.data_dir / f"ingest-{n}.log").read_text(errors="replace")[-2000:]
                         for n in range(1, self.runs + 1))


def stored_count(data_dir, sensor_ids) -> int:
    marks = ",".join("?" * len(sensor_ids))
    return query(data_dir, f"SELECT COUNT(*) FROM monitoring_reading WHERE sensor_id IN ({marks})", sensor_ids)[0][0]


def wait_until_settled(data_dir, sensor_ids, target: int, timeout: float, quiet: float = 5.0) -> int:
    """The stored count once it reaches `target` or stops growing for `quiet` seconds."""
    deadline, last, since = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        current = stored_count(data_dir, sensor_ids)
        if current == target:
            return current
        if current != last:
            last, since = current, time.monotonic()
        elif time.monotonic() - since > quiet:
            return current
        time.sleep(0.2)
    return stored_count(data_dir, sensor_ids)


def test_killing_the_ingest_process_midway_loses_nothing_and_stores_nothing_twice(
        data_dir, mqtt_url, unique_tag, shared_group_is_ours):
    uscc = unique_uscc()
    enterprise_id = seed(data_dir, uscc, [*CODES, "READY"])
    ids = dict(query(data_dir, "SELECT code, id FROM monitoring_sensor WHERE enterprise_id = ?", (enterprise_id,)))
    sensor_ids = [ids[code] for code in CODES]
    client_id = f"worksafety-kill-test-{unique_tag}"
    ingest = Ingest(data_dir, mqtt_url, client_id)
    publisher = connect(mqtt_url)
    base = int(time.time()) - 1800  # well inside WORKSAFETY_MAX_READING_AGE_S
    expected = {(code, datetime.fromtimestamp(base + index, UTC).strftime("%Y-%m-%d %H:%M:%S"))
                for index in range(MESSAGES) for code in CODES}
    messages = [(f"worksafety/{uscc}/batch",
                 body(*[reading(code, base + index, round(1.0 + (index + n) % 7 * 0.5, 1)) for n, code in enumerate(CODES)]))
                for index in range(MESSAGES)]
    try:
        ingest.start()
        # Subscribed once a sentinel reading comes through (before that, messages have nowhere to go).
        attempt = iter(range(10_000))

        def sentinel_arrived():
            """Whether a sentinel sent before has been stored; if not, send another (each call, `interval` apart)."""
            stored = query(data_dir, "SELECT COUNT(*) FROM monitoring_reading WHERE sensor_id = ?", (ids["READY"],))
            if not stored[0][0]:
                publish_all(publisher, [(f"worksafety/{uscc}/READY",
                                         json.dumps({"readings": [{"ts": iso(base - next(attempt)), "value": 1.0}]}))])
            return stored[0][0]

        wait_for(sentinel_arrived, timeout=60, interval=0.3, message="the ingest process never stored a sentinel")

        sent = []
        sending = threading.Thread(target=publish_all, args=(publisher, messages, 0.01, sent), daemon=True)
        sending.start()
        at_kill = wait_for(lambda: (n := stored_count(data_dir, sensor_ids)) >= MESSAGES * PER_MESSAGE // 5 and n,
                           timeout=60, interval=0.02, message="the first ingest process stored too little")
        ingest.kill()
        at_kill, sent_at_kill = stored_count(data_dir, sensor_ids), len(sent)
        sending.join(120)
        assert not sending.is_alive(), "publishing did not finish"
        assert 0 < at_kill < MESSAGES * PER_MESSAGE, f"the kill was not midway: {at_kill} stored"

        ingest.start()  # same client id: the same persistent session
        wait_for(lambda: "session present: True" in ingest.logs(), timeout=60, interval=0.1,
                 message="the restarted ingest process did not resume its persistent session")
        final = wait_until_settled(data_dir, sensor_ids, MESSAGES * PER_MESSAGE, timeout=120)
    finally:
        ingest.stop()
        publisher.disconnect()
        publisher.loop_stop()
        end_session(mqtt_url, client_id)

    rows = query(data_dir, "SELECT s.code, r.ts FROM monitoring_reading r JOIN monitoring_sensor s ON s.id = "
                           "r.sensor_id WHERE s.enterprise_id = ? AND s.code != 'READY'", (enterprise_id,))
    missing = expected - set(rows)
    assert final == len(expected) == MESSAGES * PER_MESSAGE, (
        f"{final} of {len(expected)} readings stored ({at_kill} before the kill); {len(missing)} missing, e.g. "
        f"{sorted(missing)[:3]}\n{ingest.logs()}")
    assert len(rows) == len(set(rows)) == len(expected) and set(rows) == expected
    # Redelivered messages were recognised as duplicates, and nothing else was refused.
    reasons = dict(query(data_dir, "SELECT reason, SUM(count) FROM monitoring_rejection GROUP BY reason"))
    assert set(reasons) <= {"duplicate"}, reasons
    print(f"\nkill test: {sent_at_kill} of {MESSAGES} messages sent and {at_kill} readings stored at the SIGKILL, "
          f"{final} stored after the restart; "
          f"{reasons.get('duplicate', 0)} redelivered reading(s) refused as duplicates")
