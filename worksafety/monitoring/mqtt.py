"""The MQTT side of ingestion (`worksafety ingest`): a paho-mqtt 2 client on MQTT 5 with a persistent
session, QoS 1 and a shared subscription, so several ingest processes split the load (INTERFACES.md).

Topics: `worksafety/<USCC>/<sensor code>` or `worksafety/<USCC>/batch`. The network thread only queues what
it receives; the writer thread prepares (in memory), commits and then acknowledges (manual ack), so a message is
acknowledged only once its readings are stored: if the process dies, the broker redelivers what was not
acknowledged and (sensor, ts) makes the redelivery harmless. Who may publish for which USCC is the broker's
ACL (Mosquitto `pattern write worksafety/%u/#` with the USCC as the device's user name).
"""

import logging
import threading
import time
from urllib.parse import urlparse

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from worksafety.monitoring.ingest import Pipeline, Prepared, Writer

log = logging.getLogger(__name__)

SHARED_TOPIC = "$share/worksafety/worksafety/#"
SESSION_EXPIRY_S = 24 * 3600  # the broker keeps unacknowledged messages this long while we are away
SWEEP_SECONDS = 2
RELOAD_SECONDS = 30


def broker_address(url: str) -> dict:
    parsed = urlparse(url)
    if parsed.scheme not in ("mqtt", "mqtts") or not parsed.hostname:
        raise ValueError(f"not an MQTT URL: {url!r} (expected mqtt://host:port)")
    return {"host": parsed.hostname, "port": parsed.port or (8883 if parsed.scheme == "mqtts" else 1883),
            "username": parsed.username, "password": parsed.password, "tls": parsed.scheme == "mqtts"}


class Subscriber:
    def __init__(self, url: str, client_id: str, *, pipeline: Pipeline | None = None, writer: Writer | None = None,
                 session_expiry_s: int = SESSION_EXPIRY_S, topic: str = SHARED_TOPIC):
        self.address = broker_address(url)
        self.session_expiry_s, self.topic = session_expiry_s, topic
        self.pipeline = pipeline or Pipeline()
        self.writer = writer or Writer(self.pipeline)
        self.received = 0
        self.stopping = threading.Event()
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5,
                                  manual_ack=True)
        if self.address["username"]:
            self.client.username_pw_set(self.address["username"], self.address["password"])
        if self.address["tls"]:
            self.client.tls_set()
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_disconnect = self._on_disconnect

    def _on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            log.error("broker refused the connection: %s", reason_code)
            return
        log.info("connected to %s:%s (session present: %s)", self.address["host"], self.address["port"],
                 flags.session_present)
        client.subscribe(self.topic, qos=1)

    def _on_disconnect(self, client, userdata, flags, reason_code, properties):
        if not self.stopping.is_set():
            log.warning("disconnected from the broker (%s); reconnecting", reason_code)

    def _on_message(self, client, userdata, message):
        if self.stopping.is_set():
            return  # not acknowledged: the broker keeps it for the next session
        self.received += 1
        try:
            self._take(client, message)
        except Exception:  # an exception here would stop paho's network loop, and with it all ingestion
            log.exception("message on %s could not be queued", message.topic)

    def _take(self, client, message):
        parts = message.topic.split("/")
        if len(parts) != 3:
            self._refuse(message, "bad_topic")
            return
        _, uscc, last = parts
        self.writer.submit(self.pipeline.enterprise_for(uscc), message.payload, sensor=None if last == "batch" else last,
                           ack=lambda: client.ack(message.mid, message.qos))

    def _refuse(self, message, reason: str) -> None:
        prepared = Prepared()
        prepared.rejected[reason] += 1
        self.writer.put(prepared, ack=lambda: self.client.ack(message.mid, message.qos))

    def _housekeeping(self) -> None:
        """Offline detection every few seconds; the sensor list reloaded now and then."""
        from django.db import connection

        last_reload = time.monotonic()
        try:
            while not self.stopping.wait(SWEEP_SECONDS):
                try:
                    self.writer.put_alarms(self.pipeline.sweep_offline())
                    if time.monotonic() - last_reload > RELOAD_SECONDS:
                        self.pipeline.reload()
                        last_reload = time.monotonic()
                except Exception:  # the database may be away for a moment; the next round tries again
                    log.exception("housekeeping failed")
        finally:
            connection.close()  # this thread's own connection (reload), not left open after a stop

    def run(self) -> None:
        self.writer.start()
        threading.Thread(target=self._housekeeping, name="ingest-housekeeping", daemon=True).start()
        properties = Properties(PacketTypes.CONNECT)
        properties.SessionExpiryInterval = self.session_expiry_s
        self.client.connect_async(self.address["host"], self.address["port"], keepalive=30, clean_start=False,
                                  properties=properties)
        self.client.loop_start()
        try:
            while not self.stopping.wait(1):
                pass
        finally:
            self.writer.stop()  # commit and acknowledge what was taken in, then leave
            self.client.disconnect()
            self.client.loop_stop()

    def stop(self) -> None:
        self.stopping.set()
