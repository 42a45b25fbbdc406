"""数据大屏: the JSON every panel is drawn from (shape, scope: a street sees its own figures, a bounded number of
queries), the page, and the page itself in the system Chromium at 1920 × 1080 with an alarm pushed by SSE."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, SCREENSHOTS
from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.tests.test_incidents import new_incident
from worksafety.enforcement.cases.choices import CaseState
from worksafety.enforcement.cases.tests.test_penalties import walk
from worksafety.enforcement.tests.inspection_fixtures import inspected_with_findings, make_people
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.tests.test_workflow import make_hazard
from worksafety.indicators.accidents.tests.helpers import local, record
from worksafety.monitoring import ingest
from worksafety.monitoring.models import Alarm, Sensor
from worksafety.registry.models import Enterprise
from worksafety.web import bigscreen

PANELS = ["kpis", "risk", "alarms", "hazards", "enforcement", "incidents", "accidents"]
MAX_QUERIES = 26  # measured 23 (district, park), 25 (a department, with its sectors): the panels, the session,
# the user and its scope


def _sensor(enterprise, code="GT-101"):
    return Sensor.objects.create(enterprise=enterprise, code=code, name="罐区可燃气体", kind="combustible_gas",
                                 unit="%LEL", range_high=100, high=25, high_high=50, lat=enterprise.lat,
                                 lon=enterprise.lon)


def _leak(sensor, value=72.5):
    body = json.dumps({"readings": [{"sensor": sensor.code, "ts": datetime.now(UTC).isoformat(), "value": value}]})
    ingest.ingest_now(ingest.Pipeline(), sensor.enterprise_id, body.encode())


@pytest.fixture
def screen(world):
    """A little of everything: street A has a red enterprise, an alarm, an overdue major hazard, an incident and
    this year's accident; street B a general hazard and last year's accident; the bureau inspected and fined
    the park's enterprise."""
    today = timezone.localdate()
    Enterprise.objects.filter(pk=world.ent_park.pk).update(risk_colour="red")
    Enterprise.objects.filter(pk=world.ent_street_b.pk).update(risk_colour="blue")
    _leak(_sensor(world.ent_park))
    late = make_hazard(world, world.ent_park, level=HazardLevel.MAJOR, state=State.LISTED, title="液氨罐区未设紧急切断")
    late.supervision_deadline = today - timedelta(days=3)
    late.save(update_fields=["supervision_deadline"])
    make_hazard(world, world.ent_street_b, title="叉车未定期检验")
    incidents.do_report(new_incident(world), user=world.district_user)
    record(world, occurred_at=timezone.now() - timedelta(hours=3))
    record(world, occurred_at=local(today.year - 1), enterprise=world.ent_street_b, accident_type="车辆伤害",
           road_traffic=True)
    people = make_people(world)
    inspected_with_findings(people)
    walk(people, CaseState.DECIDED, fine="60000")
    return world


def _data(client_for, user, **params):
    response = client_for(user).get(reverse("bigscreen_data"), params)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()


def test_the_payload_has_every_panel_with_its_figures(screen, client_for):
    data = _data(client_for, screen.district_user)
    assert set(PANELS) <= set(data)
    assert len(data["kpis"]) == 9  # the plan's nine indicators, from the migration
    first = data["kpis"][0]
    assert {"name", "unit", "target_text", "latest", "years", "values", "expected", "colours"} <= set(first)
    assert len(first["years"]) == len(first["values"]) == len(first["colours"]) and max(first["years"]) <= 2025
    risk = {c["value"]: c["n"] for c in data["risk"]["colours"]}
    assert (risk["red"], risk["blue"], risk[""], data["risk"]["enterprises"]) == (1, 1, 1, 3)
    alarms = data["alarms"]
    assert (alarms["open"], alarms["active"], alarms["unacknowledged"]) == (1, 1, 1)
    assert alarms["rows"][0]["sensor"] == "GT-101" and alarms["rows"][0]["condition"] == "HH"
    hazards = data["hazards"]
    # The inspection's two findings are hazards of the park's enterprise too, one of them major, due in 15 days.
    assert (hazards["open"], hazards["overdue"], hazards["major"], hazards["listed"]) == (4, 1, 2, 1)
    assert {row["label"]: (row["open"], row["overdue"]) for row in hazards["by_street"]} == {
        "大孤山街道": (3, 1), "友谊街道": (1, 0)}
    assert [(row["listed"], row["overdue"]) for row in hazards["major_rows"]] == [(True, True), (False, False)]
    assert hazards["major_rows"][0]["title"] == "液氨罐区未设紧急切断"  # the most urgent first
    enforcement = data["enforcement"]
    assert (enforcement["inspections"], enforcement["completed"]) == (1, 1)
    assert (enforcement["penalties"], enforcement["fines_yuan"]) == (1, 60000.0)
    assert len(enforcement["by_month"]) == timezone.localdate().month
    assert data["incidents"]["open"] == 1 and data["incidents"]["rows"][0]["grade"] == "一般"
    accidents = data["accidents"]
    assert accidents["years"] == [timezone.localdate().year - 1, timezone.localdate().year]
    by_sector = {row["label"]: row["n"] for row in accidents["sectors"]}
    assert by_sector == {screen.hazchem.name: [0, 1], screen.transport.name: [1, 0]}


def test_a_street_sees_its_own_figures(screen, client_for):
    data = _data(client_for, screen.street_b_user)
    assert data["risk"]["enterprises"] == 1
    assert data["alarms"]["open"] == 0 and data["alarms"]["rows"] == []
    assert (data["hazards"]["open"], data["hazards"]["overdue"], data["hazards"]["major_rows"]) == (1, 0, [])
    assert [row["label"] for row in data["hazards"]["by_street"]] == ["友谊街道"]
    assert data["incidents"]["open"] == 0 and data["incidents"]["rows"] == []
    assert (data["enforcement"]["inspections"], data["enforcement"]["penalties"]) == (0, 0)
    assert [row["label"] for row in data["accidents"]["sectors"]] == [screen.transport.name]
    assert len(data["kpis"]) == 9  # the indicators are district figures every staff role reads

    street_a = _data(client_for, screen.street_a_user)
    assert (street_a["risk"]["enterprises"], street_a["alarms"]["open"], street_a["hazards"]["open"]) == (2, 1, 3)


def test_a_login_without_a_panel_gets_it_empty(screen, client_for):
    data = _data(client_for, screen.expert_user)  # experts read hazards but no indicators, incidents or accidents
    assert data["kpis"] == [] and data["incidents"]["open"] == 0 and data["accidents"]["sectors"] == []
    assert data["hazards"]["open"] == 4


def test_panels_can_be_asked_for_alone(screen, client_for):
    data = _data(client_for, screen.district_user, panels="alarms,nonsense")
    assert set(data) == {"generated_at", "today", "alarms"}


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("bigscreen_data")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["district_user", "park_user", "department_user"])
def test_the_payload_costs_a_bounded_number_of_queries(screen, client_for, role):
    client = client_for(getattr(screen, role))
    client.get(reverse("bigscreen_data"))  # the first request of a session saves it
    before = _queries(client)
    assert before <= MAX_QUERIES
    # More rows, of the park's enterprise and of another in street A, do not mean more queries.
    for n in range(3):
        for enterprise in (screen.ent_park, screen.ent_street_a):
            make_hazard(screen, enterprise, level=HazardLevel.MAJOR, state=State.LISTED, title=f"重大隐患{n}")
            _leak(_sensor(enterprise, code=f"GT-2{n}"))
    assert _queries(client) == before
    if role == "district_user":
        data = client.get(reverse("bigscreen_data")).json()
        assert data["alarms"]["open"] == 7 and data["hazards"]["major"] == 8


def test_the_gathering_is_one_small_query_set_per_panel(screen, django_assert_max_num_queries):
    today = timezone.localdate()
    for name, limit in (("kpis", 4), ("risk", 2), ("alarms", 2), ("hazards", 3), ("enforcement", 3),
                        ("incidents", 2), ("accidents", 1)):
        with django_assert_max_num_queries(limit):
            bigscreen.PANELS[name](screen.district_user, today)
    with django_assert_max_num_queries(5):  # hazards, checks, sensors, licences, plans (web.local.figures)
        bigscreen.PANELS["figures"](screen.park_user, today)


def test_the_page_needs_a_login_and_is_in_the_menu(screen, client, client_for):
    assert client.get(reverse("bigscreen")).status_code == 302
    assert client.get(reverse("bigscreen_data")).status_code == 302
    page = client_for(screen.street_a_user).get(reverse("bigscreen")).content.decode()
    assert "安全生产风险防控指挥中心" in page and "大孤山街道" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page  # nothing from outside
    home = client_for(screen.district_user).get(reverse("home")).content.decode()
    assert f'href="{reverse("bigscreen")}"' in home and "数据大屏" in home


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_big_screen_renders_every_panel_and_shows_a_pushed_alarm(screen, live_server, browser):
    page = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN").new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "district")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/login/" not in address)
    page.goto(f"{live_server.url}/bigscreen/")
    page.wait_for_function("() => document.getElementById('bs-push').textContent === '报警实时推送'")  # no eval: CSP
    page.wait_for_selector("#alarm-list li[data-alarm]")
    page.wait_for_selector("#bs-map[data-enterprises='3']")

    # Every panel drew: a canvas per KPI trend and per chart, the map's panes, the lists and the clock.
    assert page.locator("#kpi-grid .kpi-card canvas").count() == 9
    for chart in ("chart-accidents", "chart-plan", "chart-months", "chart-streets"):
        assert page.locator(f"#{chart} canvas").count() == 1, chart
    assert page.locator("#bs-map .leaflet-map-pane .leaflet-overlay-pane canvas").count() == 1  # outlines, points
    assert page.locator("#bs-map .leaflet-tooltip").filter(has_text="大孤山化工区").count() == 1  # the park outline
    assert "液氨罐区未设紧急切断" in page.locator("#major-list").inner_text()
    assert "大连甲化工液氨泄漏" in page.locator("#incident-list").inner_text()
    assert page.locator("#stat-red").inner_text() == "1"
    assert "年" in page.locator("#bs-date").inner_text() and "星期" in page.locator("#bs-date").inner_text()
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080  # no page scroll at 1920 × 1080
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests)  # works offline

    # A leak at street A's enterprise appears without a reload, by the push (the poll runs only without it).
    page.evaluate("window.notReloaded = true")
    _leak(_sensor(screen.ent_street_a, code="GT-202"))
    page.wait_for_selector("#alarm-list li[data-alarm].new", timeout=3000)
    assert "GT-202" in page.locator("#alarm-list").inner_text()
    assert page.evaluate("window.notReloaded === true")
    assert Alarm.objects.filter(closed=False).count() == 2

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "bigscreen.png"))
