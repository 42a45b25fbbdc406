"""The live page: a sensor that never reported is 无数据, never 正常 (in the map JSON and in the page's legend),
and the park selector shows only where the login's scope spans more than one park."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from worksafety.monitoring import ingest
from worksafety.monitoring.tests.helpers import body, make_sensor, reading


def _states(client):
    response = client.get(reverse("monitoring_map"))
    assert response.status_code == 200
    return {row["code"]: (row["state"], row["state_label"], row["value"]) for row in response.json()["sensors"]}


def _report(sensor, value):
    ingest.ingest_now(ingest.Pipeline(), sensor.enterprise_id, body(reading(sensor.code, time.time(), value)))


def test_a_sensor_without_a_reading_is_no_data_not_normal(world, client_for):
    place = {"lat": world.ent_park.lat, "lon": world.ent_park.lon}
    _, quiet, leaking = (make_sensor(world.ent_park, code=code, **place) for code in ("GT-1", "GT-2", "GT-3"))
    _report(quiet, 3.0)
    _report(leaking, 72.5)
    client = client_for(world.enterprise_user)
    assert _states(client) == {"GT-1": ("nodata", "无数据", None), "GT-2": ("normal", "正常", 3.0),
                               "GT-3": ("HH", "高高报", 72.5)}
    page = client.get(reverse("monitoring_live")).content.decode()
    assert "无数据 1" in page and "正常 1" in page


def test_the_park_selector_shows_only_where_it_can_choose(world, client_for):
    assert 'name="park"' in client_for(world.district_user).get(reverse("monitoring_live")).content.decode()
    for login in (world.enterprise_user, world.park_user):
        page = client_for(login).get(reverse("monitoring_live")).content.decode()
        assert 'name="park"' not in page and "全部园区" not in page


def test_the_legend_counts_every_sensor_in_view_in_one_query(world, client_for):
    """Sensors without a location are off the map but in the legend; the counts are one aggregate, not the
    map's scan."""
    place = {"lat": world.ent_park.lat, "lon": world.ent_park.lon}
    _report(make_sensor(world.ent_park, code="GT-1", **place), 72.5)  # HH
    _report(make_sensor(world.ent_park, code="GT-2"), 3.0)  # no location
    make_sensor(world.ent_park, code="GT-3")  # no location, never reported
    make_sensor(world.ent_park, code="GT-4", in_service=False, **place)
    client = client_for(world.enterprise_user)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("monitoring_live")).content.decode()
    assert len([q for q in queries if '"monitoring_sensor"' in q["sql"]]) == 1
    legend = " ".join(page.split('data-state="normal"')[1].split("</div>")[0].split())
    assert "正常 1" in legend and "无数据 1" in legend and "数据中断 1" in legend and "停用 1" in legend
