"""The live page in the system Chromium: an injected leak appears in the alarm list within a second (pushed by
server-sent events, not by the 5-second poll), and the operator acknowledges it there."""

import json
import time
from datetime import UTC, datetime

import pytest

from conftest import PASSWORD
from worksafety.monitoring import ingest
from worksafety.monitoring.models import Alarm, Sensor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _reading(code: str, value: float) -> bytes:
    return json.dumps({"readings": [{"sensor": code, "ts": datetime.now(UTC).isoformat(), "value": value}]}).encode()


def test_an_injected_leak_shows_within_a_second_and_is_acknowledged(world, live_server, browser_page):
    sensor = Sensor.objects.create(enterprise=world.ent_park, code="GT-101", name="罐区可燃气体", kind="combustible_gas",
                                   unit="%LEL", range_high=100, high=25, high_high=50, lat=39.02, lon=121.83)
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "ent_park")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/monitoring/")
    page.wait_for_function("() => document.getElementById('push-status').textContent === '实时推送已连接'")
    page.wait_for_selector("#alarm-table")
    # The poll has just run; the next one is 5 s away, so a row within 1 s came by the push.
    page.wait_for_timeout(300)

    ingest.ingest_now(ingest.Pipeline(), world.ent_park.pk, _reading(sensor.code, 72.5))
    injected = time.monotonic()
    page.wait_for_selector("#alarm-table tr[data-alarm]", timeout=1000)
    shown_after = time.monotonic() - injected
    assert shown_after < 1.0, shown_after
    assert "GT-101" in page.locator("#alarm-table").inner_text()

    page.click("#alarm-table button:has-text('确认')")
    page.wait_for_function("() => !document.querySelector('#alarm-table button.btn-outline-primary')")
    alarm = Alarm.objects.get(sensor=sensor)
    assert alarm.acknowledged and alarm.acknowledged_by == world.enterprise_user and alarm.active
