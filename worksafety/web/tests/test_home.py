"""What each role sees first: an enterprise its own deadlines, sensors and alarms; a park its enterprises by colour,
its major hazard installations and its alarms (home page and big screen); the district colours that add up; and
people's names, not logins, in the recent changes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.emergency.plans.tests.helpers import make_plan
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.tests.test_checks import make_record, make_task
from worksafety.hazards.tests.test_workflow import make_hazard
from worksafety.registry.models import Enterprise, HazardUnit, Licence
from worksafety.web import local
from worksafety.web.tests.test_bigscreen import _leak, _sensor

HOME_QUERIES = 26  # measured 24 for a park: session, user, figures (5), lists (8), park, units, changes…


@pytest.fixture
def own(world):
    """The park's enterprise: an overdue listed major hazard and a later general one, a sensor in alarm and one
    that never reported, a check due, a licence expiring in 60 days, a plan whose drill and evaluation are late,
    a major hazard installation. The street-B enterprise has a hazard, an alarm and a unit of its own."""
    today = timezone.localdate()
    ent = world.ent_park
    late = make_hazard(world, ent, level=HazardLevel.MAJOR, state=State.LISTED, title="液氨罐区未设紧急切断")
    late.supervision_deadline = today - timedelta(days=3)
    late.save(update_fields=["supervision_deadline"])
    later = make_hazard(world, ent, title="消防通道堆放杂物")
    later.deadline = today + timedelta(days=20)
    later.save(update_fields=["deadline"])
    make_hazard(world, world.ent_street_b, title="叉车未定期检验")
    _leak(_sensor(ent, code="GT-101"))
    _sensor(ent, code="GT-102")  # never reported
    _leak(_sensor(world.ent_street_b, code="GT-301"))
    now = timezone.now()
    make_record(make_task(ent, content="检查液氨储罐紧急切断阀"), now - timedelta(hours=2), now + timedelta(hours=22))
    Licence.objects.filter(pk=world.licence_park.pk).update(expires_on=today + timedelta(days=60))
    make_plan(world.enterprise_user, title="液氨泄漏现场处置方案", kind="onsite",
              published_on=today - timedelta(days=4 * 365))
    HazardUnit.objects.create(enterprise=ent, name="液氨罐区", kind="storage", population_500m=50, principal="张三", technical_lead="李四", operations_lead="王五", is_major=True, level=2)
    HazardUnit.objects.create(enterprise=world.ent_street_b, name="油库", kind="storage", population_500m=50, principal="张三", technical_lead="李四", operations_lead="王五", is_major=True, level=4)
    return world


def _home(client_for, user):
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    return response


def _figures(response):
    return {f["key"]: f["value"] for f in response.context["figures"]}


def test_an_enterprise_home_shows_its_own_work_and_no_district_widgets(own, client_for):
    response = _home(client_for, own.enterprise_user)
    page = response.content.decode()
    assert [h.title for h in response.context["hazards"]] == ["液氨罐区未设紧急切断", "消防通道堆放杂物"]  # overdue first
    assert "叉车未定期检验" not in page and "GT-301" not in page  # another enterprise's
    assert "GT-101" in page and "检查液氨储罐紧急切断阀" in page and "液氨泄漏现场处置方案" in page
    assert "(辽)WH安许证字〔2024〕0001号" not in page and own.licence_park in response.context["expiring"]
    assert [row["drill_late"] and row["review_late"] for row in response.context["plans"]] == [True]
    assert _figures(response) == {"hazards_open": 2, "hazards_overdue": 1, "checks_due": 1, "checks_missed": 0,
                                  "sensors": 2, "sensors_nodata": 1, "alarms": 1, "licences": 1, "plans_late": 1}
    for district_widget in ("管辖企业", "chart-sector", "街道/功能区企业数", "data-sector"):
        assert district_widget not in page


def test_a_park_home_shows_its_enterprises_units_and_alarms(own, client_for):
    response = _home(client_for, own.park_user)
    page = response.content.decode()
    assert response.context["enterprise_total"] == 1
    assert {row["value"]: row["n"] for row in response.context["by_risk"]}[""] == 1
    assert [unit.name for unit in response.context["major_units"]] == ["液氨罐区"]
    assert "GT-101" in page and "大连甲化工有限公司" in page
    assert "油库" not in page and "GT-301" not in page and "叉车未定期检验" not in page
    assert _figures(response)["alarms"] == 1 and "chart-area" not in page


def _grow(world, n=2):
    """n more rows in every list the homes show: hazards, sensors in alarm, checks due, expiring licences, plans
    in force and major hazard installations of the park's enterprise, and licences and hazards of street B's."""
    today, now = timezone.localdate(), timezone.now()
    ent = world.ent_park
    task = make_task(ent, content="检查罐区可燃气体报警器")
    for i in range(n):
        make_hazard(world, ent, title=f"新增隐患{i}")
        make_hazard(world, world.ent_street_b, title=f"街道隐患{i}")
        _leak(_sensor(ent, code=f"GT-5{i}"))
        make_record(task, now - timedelta(hours=i + 1), now + timedelta(hours=i + 1))
        for enterprise in (ent, world.ent_street_b):
            Licence.objects.create(enterprise=enterprise, kind="other", number=f"增-{i}",
                                   expires_on=today + timedelta(days=i))
        make_plan(world.enterprise_user, title=f"新增处置方案{i}", kind="onsite", published_on=today - timedelta(days=400))
        HazardUnit.objects.create(enterprise=ent, name=f"新增罐区{i}", kind="storage", population_500m=50,
                                  principal="张三", technical_lead="李四", operations_lead="王五", is_major=True,
                                  level=3)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["enterprise_user", "park_user", "district_user", "department_user"])
def test_a_home_costs_the_same_queries_whatever_the_rows(own, client_for, role):
    client = client_for(getattr(own, role))
    client.get(reverse("home"))  # the first request of a session saves it
    before = _queries(client)
    assert before <= HOME_QUERIES
    _grow(own)
    assert _queries(client) == before


def test_the_local_lists_stop_at_rows_and_link_to_the_full_lists(own, client_for, monkeypatch):
    _grow(own)
    monkeypatch.setattr(local, "ROWS", 2)
    response = _home(client_for, own.park_user)
    for name in ("hazards", "checks", "alarms", "plans", "major_units", "expiring"):
        assert len(response.context[name]) == 2, name
    assert response.context["major_units"][0].name == "液氨罐区"  # 二级 before 三级
    page = response.content.decode()
    assert f'href="{reverse("hazardunit_list")}?is_major=true"' in page
    assert f'href="{reverse("emergencyplan_list")}"' in page


def test_sensor_counts_ask_whether_an_alarm_is_open_not_join_every_alarm(own):
    with CaptureQueriesContext(connection) as queries:
        counts = local.sensor_counts(own.enterprise_user)
    assert counts == {"total": 2, "nodata": 1, "alarming": 1}
    assert len(queries) == 1 and "EXISTS" in queries[0]["sql"] and "JOIN" not in queries[0]["sql"].split("EXISTS")[0]


def test_the_park_big_screen_shows_park_figures_not_district_targets(own, client_for):
    client = client_for(own.park_user)
    data = client.get(reverse("bigscreen_data")).json()
    assert "kpis" not in data
    figures = {f["key"]: f["value"] for f in data["figures"]}
    assert (figures["alarms"], figures["hazards_overdue"], figures["sensors_nodata"]) == (1, 1, 1)
    assert data["risk"]["enterprises"] == 1 and data["alarms"]["open"] == 1
    page = client.get(reverse("bigscreen")).content.decode()
    assert "figure-grid" in page and "kpi-grid" not in page and "规划约束性指标" not in page
    district = client_for(own.district_user).get(reverse("bigscreen_data")).json()
    assert "figures" not in district and len(district["kpis"]) == 9


def test_the_district_home_counts_the_ungraded_so_the_colours_add_up(world, client_for):
    Enterprise.objects.filter(pk=world.ent_park.pk).update(risk_colour="red")
    response = _home(client_for, world.district_user)
    by_risk = {row["value"]: row["n"] for row in response.context["by_risk"]}
    assert by_risk == {"red": 1, "orange": 0, "yellow": 0, "blue": 0, "": 2}
    assert sum(by_risk.values()) == response.context["enterprise_total"] == 3
    assert "未分级 2" in response.content.decode()


def test_recent_changes_name_people_not_logins(world, client_for):
    world.enterprise_user.full_name = "李安全"
    world.enterprise_user.save(update_fields=["full_name"])
    audit.record(AuditAction.UPDATE, instance=world.licence_park, actor=world.enterprise_user)
    audit.record(AuditAction.UPDATE, instance=world.ent_street_b, actor=world.district_user)  # no full name
    page = _home(client_for, world.district_user).content.decode()
    assert "李安全（大连甲化工有限公司） 修改" in page and "金普新区 修改" in page
    assert "ent_park 修改" not in page and "district 修改" not in page
