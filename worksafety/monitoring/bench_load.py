"""The load side of `worksafety bench ingest`: the messages, and a publisher that runs in a process of its own.

No Django here, so the `--mqtt` publisher can be a spawned process. In the field the publishers are the
devices; publishing from a thread of the measuring process would make paho's network loops and the writer
fight over one interpreter lock and measure that fight instead of the ingest path.
"""

import json
import multiprocessing
from datetime import UTC, datetime

PER_MESSAGE = 100
LEAK_EVERY = 200  # messages


def messages(codes: list[str], count: int, start_ts: float, span_s: float) -> list[bytes]:
    """`count` messages; every sensor's readings rise in time, spread over `span_s` seconds from the start.
    Every LEAK_EVERY-th message starts with a reading far past the HH limit, so alarms rise and clear."""
    result, position = [], 0
    step = min(1.0, span_s / max(1, count * PER_MESSAGE // len(codes)))
    for index in range(count):
        readings = []
        leak = index % LEAK_EVERY == LEAK_EVERY - 1
        for slot in range(PER_MESSAGE):
            cycle, sensor = divmod(position, len(codes))
            position += 1
            value = 80.0 if leak and slot == 0 else 3.0 + (position % 7) * 0.5
            ts = datetime.fromtimestamp(start_ts + cycle * step, UTC).isoformat()
            readings.append({"sensor": codes[sensor], "ts": ts, "value": value, "quality": "good"})
        result.append(json.dumps({"readings": readings}).encode())
    return result


def start_publisher(address: dict, topic: str, payloads: list[bytes]) -> tuple[multiprocessing.Process, object]:
    """A spawned process that connects, waits for the returned event (set it once the subscription is in
    place), publishes every payload at QoS 1 and exits when the broker has acknowledged them all."""
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    process = context.Process(target=_publish, args=(address, topic, payloads, go), daemon=True)
    process.start()
    return process, go


def _publish(address: dict, topic: str, payloads: list[bytes], go) -> None:
    import paho.mqtt.client as mqtt
    from paho.mqtt.enums import CallbackAPIVersion

    client = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    client.max_inflight_messages_set(1000)
    client.max_queued_messages_set(0)
    if address.get("username"):
        client.username_pw_set(address["username"], address.get("password"))
    if address.get("tls"):
        client.tls_set()
    client.connect(address["host"], address["port"])
    client.loop_start()
    go.wait()
    sent = [client.publish(topic, payload, qos=1) for payload in payloads]
    for message in sent:
        message.wait_for_publish()
    client.disconnect()
    client.loop_stop()
