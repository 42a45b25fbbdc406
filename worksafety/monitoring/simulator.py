"""`worksafety simulate`: plausible readings for every sensor, sent as devices would send them — over MQTT
when WORKSAFETY_MQTT_URL is set, else over HTTP to the platform with per-enterprise ingest keys.

Each kind has its own shape: gas detectors sit near zero and now and then a leak ramps past 一级 and then
二级 before it is stopped; tank levels fill and empty over hours; temperatures follow the day; pressure and
flow wander around their mid-range; the park weather station reports wind. Now and then a sensor drops out
for a few minutes (数据中断), then comes back.
"""

import json
import logging
import math
import random
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime

from worksafety.monitoring.choices import SensorKind

log = logging.getLogger(__name__)

LEAK_CHANCE_PER_MINUTE = 0.02  # per gas detector: a few leaks an hour across a park
DROPOUT_CHANCE_PER_MINUTE = 0.002
LEAK_SECONDS, DROPOUT_SECONDS = 120, 240


@dataclass
class SimulatedSensor:
    code: str
    uscc: str
    enterprise_id: int
    kind: str
    low: float
    high: float
    interval_s: int
    alarm_high: float | None
    phase: float = field(default_factory=lambda: random.random() * 2 * math.pi)
    leak_started: float | None = None
    silent_until: float = 0.0
    next_due: float = 0.0

    def value(self, now: float) -> float:
        span = self.high - self.low
        noise = random.gauss(0, span * 0.005)
        if self.kind in (SensorKind.COMBUSTIBLE_GAS, SensorKind.TOXIC_GAS):
            return max(0.0, self._leak(now) + abs(noise) + span * 0.01)
        if self.kind == SensorKind.LEVEL:  # filling and emptying over about four hours
            return self.low + span * (0.5 + 0.3 * math.sin(now / 2300 + self.phase)) + noise
        if self.kind == SensorKind.TEMPERATURE:  # the day's cycle, warmest mid-afternoon
            hour = (now / 3600 + 8) % 24
            return 12 + 8 * math.sin((hour - 9) / 24 * 2 * math.pi) + noise * 10
        if self.kind == SensorKind.WIND_DIRECTION:
            return (180 + 120 * math.sin(now / 5000 + self.phase)) % 360
        if self.kind == SensorKind.WIND_SPEED:
            return max(0.0, 4 + 2.5 * math.sin(now / 900 + self.phase) + noise * 10)
        return self.low + span * (0.5 + 0.1 * math.sin(now / 600 + self.phase)) + noise

    def _leak(self, now: float) -> float:
        """A leak rises past the HH limit in a minute and falls back in the next."""
        if self.leak_started is None or self.alarm_high is None:
            return 0.0
        elapsed = now - self.leak_started
        if elapsed > LEAK_SECONDS:
            self.leak_started = None
            return 0.0
        peak = min(self.high, self.alarm_high * 2.2)
        return peak * (elapsed / 60 if elapsed < 60 else (LEAK_SECONDS - elapsed) / 60)

    def tick_events(self, now: float, elapsed: float) -> None:
        minutes = elapsed / 60
        if self.kind in (SensorKind.COMBUSTIBLE_GAS, SensorKind.TOXIC_GAS) and self.leak_started is None \
                and random.random() < LEAK_CHANCE_PER_MINUTE * minutes:
            self.leak_started = now
        if random.random() < DROPOUT_CHANCE_PER_MINUTE * minutes:
            self.silent_until = now + DROPOUT_SECONDS


def load_sensors() -> list[SimulatedSensor]:
    from worksafety.monitoring.models import Sensor

    return [SimulatedSensor(code=s.code, uscc=s.enterprise.uscc, enterprise_id=s.enterprise_id, kind=s.kind,
                            low=s.range_low, high=s.range_high, interval_s=s.interval_s, alarm_high=s.high_high)
            for s in Sensor.objects.filter(in_service=True).select_related("enterprise")]


class HttpSender:
    """POSTs each enterprise's readings with its own ingest key (issued afresh at start, the old ones retired)."""

    NAME = "演示模拟器"

    def __init__(self, base_url: str, enterprise_ids):
        from worksafety.core.models import User
        from worksafety.monitoring.models import IngestCredential
        from worksafety.monitoring.services import do_issue_credential
        from worksafety.registry.models import Enterprise

        self.base_url = base_url.rstrip("/")
        admin = User.objects.filter(is_superuser=True).order_by("pk").first()
        IngestCredential.objects.filter(name=self.NAME).delete()
        self.keys = {e.uscc: do_issue_credential(e, user=admin, name=self.NAME)[1]
                     for e in Enterprise.objects.filter(pk__in=set(enterprise_ids))}

    def send(self, uscc: str, readings: list[dict]) -> None:
        request = urllib.request.Request(f"{self.base_url}/api/v1/monitoring/readings/",
                                         data=json.dumps({"readings": readings}).encode(), method="POST",
                                         headers={"Authorization": f"Token {self.keys[uscc]}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()


class MqttSender:
    def __init__(self, url: str):
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        from worksafety.monitoring.mqtt import broker_address

        address = broker_address(url)
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        if address["username"]:
            self.client.username_pw_set(address["username"], address["password"])
        self.client.connect(address["host"], address["port"])
        self.client.loop_start()

    def send(self, uscc: str, readings: list[dict]) -> None:
        self.client.publish(f"worksafety/{uscc}/batch", json.dumps({"readings": readings}), qos=1)


def run(sender, sensors: list[SimulatedSensor], *, stop=lambda: False, step_s: float = 1.0) -> None:
    last = time.time()
    while not stop():
        now = time.time()
        batches: dict[str, list] = {}
        for sensor in sensors:
            sensor.tick_events(now, now - last)
            if now < sensor.next_due or now < sensor.silent_until:
                continue
            sensor.next_due = now + sensor.interval_s
            batches.setdefault(sensor.uscc, []).append({
                "sensor": sensor.code, "ts": datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds"),
                "value": round(sensor.value(now), 3), "quality": "good"})
        for uscc, readings in batches.items():
            try:
                sender.send(uscc, readings)
            except OSError as error:  # the platform restarting: readings of this second are skipped
                log.warning("simulator could not send %d reading(s): %s", len(readings), error)
        last = now
        time.sleep(max(0.0, step_s - (time.time() - now)))
