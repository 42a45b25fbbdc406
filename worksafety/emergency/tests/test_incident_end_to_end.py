"""An incident from 接报 to 复盘 in the system Chromium: the district bureau's duty officer fills the 接报 form,
the command board shows the plume over a school with its population and the nearest team, the countdown to the
first report runs, a task is given and done, a 续报 raises the grade, the report is registered, the response
starts and ends, and the review's action becomes a hazard of the enterprise."""

import pytest

from conftest import PASSWORD, SCREENSHOTS
from worksafety.emergency.incidents.models import Incident
from worksafety.emergency.resources.tests.helpers import target, team
from worksafety.hazards.models import Hazard
from worksafety.monitoring.choices import SensorKind
from worksafety.monitoring.models import SensorState
from worksafety.monitoring.tests.helpers import make_sensor
from worksafety.registry.models import Chemical

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _log_in(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/login/" not in address)


def _submit(page, form_selector):
    page.locator(f"{form_selector} button").first.click()
    page.wait_for_load_state("load")


def test_incident_from_report_to_review(world, live_server, browser):
    from django.utils import timezone

    for code, kind, value in (("WS", SensorKind.WIND_SPEED, 2.5), ("WD", SensorKind.WIND_DIRECTION, 0.0)):
        sensor = make_sensor(world.ent_park, code=code, kind=kind, unit="m/s", range_high=360, high=None,
                             high_high=None)
        SensorState.objects.create(sensor=sensor, ts=timezone.now(), value=value)
    target(world, "大孤山小学", at=(39.016, 121.83), population=820)
    team(world, "园区危化品救援队", at=(39.03, 121.84))
    ammonia = Chemical.objects.get(cas="7664-41-7")

    page = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    _log_in(page, live_server.url, "district")
    page.goto(f"{live_server.url}/incidents/add/")
    page.fill("#id_title", "大连甲化工液氨泄漏")
    page.select_option("#id_accident_type", "中毒和窒息")
    page.fill("#id_place", "液氨罐区")
    page.fill("#id_lat", "39.02")
    page.fill("#id_lon", "121.83")
    page.select_option("#id_area", str(world.street_a.pk))
    page.select_option("#id_park", str(world.park.pk))
    page.select_option("#id_enterprise", str(world.ent_park.pk))
    page.select_option("#id_chemical", str(ammonia.pk))
    page.click("form button[type=submit]")
    page.wait_for_url(lambda address: "/incidents/" in address and "/add/" not in address)
    incident = Incident.objects.get()

    # The board: the plume drawn, the school inside it with its people, the team with its arrival time.
    assert page.locator("#board-map path.leaflet-interactive").count() >= 3
    assert "大孤山小学" in page.locator("#targets").inner_text() and "820" in page.locator("#targets").inner_text()
    assert "园区危化品救援队" in page.locator("#teams").inner_text()
    assert "AEGL-3" in page.content()
    countdown = page.locator("#notices .countdown").first
    first = countdown.inner_text()
    page.wait_for_timeout(1100)
    assert countdown.inner_text() != first  # it counts down
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "incident-board.png"), full_page=True)

    page.fill("#task-form #id_title", "下风向 1 公里警戒疏散")
    page.fill("#task-form #id_assignee", "园区管委会")
    _submit(page, "#task-form")
    assert "下风向 1 公里警戒疏散" in page.locator("#tasks").inner_text()
    page.locator("#tasks select[name=state]").select_option("done")
    _submit(page, "#tasks form")

    page.fill("#update-form #id_text", "现场发现 3 人中毒身亡")
    for name, value in (("deaths", "3"), ("missing", "0"), ("serious_injuries", "2"), ("minor_injuries", "4"),
                        ("direct_loss_yuan", "1500000")):
        page.fill(f"#update-form #id_{name}", value)
    _submit(page, "#update-form")
    assert "较大事故" in page.content()
    assert "省级应急管理部门" in page.locator("#notices").inner_text()

    _submit(page, "#notices form")  # the first report, to the county
    page.click("text=开始处置")
    page.wait_for_load_state("load")
    page.click("text=处置结束")
    page.wait_for_load_state("load")
    page.fill("#review-form #id_summary", "法兰垫片老化导致液氨泄漏")
    page.fill("#review-form #id_lessons", "泄漏检测与处置卡不到位")
    page.fill("#review-form #id_hazards", "液氨管线法兰垫片未按期更换")
    _submit(page, "#review-form")

    incident.refresh_from_db()
    assert (incident.state, incident.grade) == ("reviewed", "较大")
    hazard = Hazard.objects.get()
    assert (hazard.enterprise, hazard.title) == (world.ent_park, "液氨管线法兰垫片未按期更换")
    assert "查看隐患" in page.locator("#review-actions").inner_text()
    timeline = page.locator("#timeline").inner_text()
    for step in ("接报", "下达任务", "续报", "已报告县级应急管理部门", "开始处置", "处置结束", "完成复盘"):
        assert step in timeline
