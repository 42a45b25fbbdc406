"""Accident pages and API: each role sees what its scope allows (404 otherwise), the steps on the accident's
page refuse bad input with a message and no change, the exports work. The navigation, the expert's 404s and the
every-page check take in the indicator pages too (the indicators' own are in kpis/tests/test_pages_api.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.tests.test_incidents import new_incident
from worksafety.hazards.models import Hazard
from worksafety.indicators.accidents.models import Accident, AccidentRevision
from worksafety.indicators.accidents.tests.helpers import record
from worksafety.indicators.kpis.models import Indicator
from worksafety.indicators.tests.factories import DenominatorFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def park_accident(world):
    return record(world, title="甲化工中毒事故")


@pytest.fixture
def road_accident(world):
    return record(world, title="丙物流车辆伤害事故", enterprise=world.ent_street_b, accident_type="车辆伤害",
                  road_traffic=True)


# --- scope ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, sees", [
    ("district", {"甲化工中毒事故", "丙物流车辆伤害事故"}),
    ("street_a", {"甲化工中毒事故"}),
    ("street_b", {"丙物流车辆伤害事故"}),
    ("park", {"甲化工中毒事故"}),
    ("department", {"丙物流车辆伤害事故"}),  # 交通运输局: its sector
    ("enterprise", {"甲化工中毒事故"}),  # its own
])
def test_each_role_sees_the_accidents_in_its_scope_and_no_others(world, park_accident, road_accident, client_for,
                                                                api_for, role, sees):
    from conftest import user_of

    user = user_of(world, role)
    page = client_for(user).get("/accidents/").content.decode()
    assert {title for title in ("甲化工中毒事故", "丙物流车辆伤害事故") if title in page} == sees
    api = {row["title"] for row in api_for(user).get("/api/v1/accidents/").json()["results"]}
    assert api == sees
    for accident in (park_accident, road_accident):
        status = client_for(user).get(f"/accidents/{accident.pk}/").status_code
        assert status == (200 if accident.title in sees else 404)


def test_the_expert_sees_no_accidents_and_no_indicators(world, park_accident, client_for):
    client = client_for(world.expert_user)
    assert client.get("/accidents/").status_code == 404
    assert client.get(f"/accidents/{park_accident.pk}/").status_code == 404
    assert client.get("/indicators/").status_code == 404


def test_only_the_district_changes_accidents(world, park_accident, client_for):
    for user in (world.street_a_user, world.park_user, world.enterprise_user):
        client = client_for(user)
        assert client.get(f"/accidents/{park_accident.pk}/edit/").status_code == 404
        assert client.post(f"/accidents/{park_accident.pk}/revise/", {}).status_code == 404
        assert client.get("/accidents/add/").status_code == 404
    assert client_for(world.street_b_user).post(f"/accidents/{park_accident.pk}/report/", {}).status_code == 404


def test_the_navigation_links_the_two_pages(world, client_for):
    page = client_for(world.street_a_user).get("/").content.decode()
    assert 'href="/accidents/"' in page and 'href="/indicators/"' in page
    assert 'href="/accidents/"' in client_for(world.enterprise_user).get("/").content.decode()


# --- accident pages -------------------------------------------------------------------------------------

def test_recording_on_the_page_refuses_a_loss_in_wan_yuan(world, client_for):
    yesterday = timezone.localtime() - timedelta(days=1)
    data = {"title": "乙机械机械伤害事故", "occurred_at": f"{yesterday:%Y-%m-%dT%H:%M}", "accident_type": "机械伤害",
            "place": "车间", "enterprise": world.ent_street_a.pk, "deaths": "1", "missing": "0",
            "serious_injuries": "0", "minor_injuries": "0", "direct_loss_yuan": "120"}
    client = client_for(world.district_user)
    response = client.post("/accidents/add/", data)
    assert response.status_code == 200 and "万元" in response.content.decode()
    assert not Accident.objects.exists()
    response = client.post("/accidents/add/", {**data, "direct_loss_yuan": "1200000"})
    assert response.status_code == 302
    accident = Accident.objects.get()
    assert (accident.sector, accident.area, accident.grade) == (world.trade, world.street_a, "一般")


def test_the_accident_page_shows_the_timeline_and_the_window(world, park_accident, client_for):
    page = client_for(world.district_user).get(f"/accidents/{park_accident.pk}/").content.decode()
    assert "县级应急管理部门" in page and "设区的市级应急管理部门" in page and "超时未报" in page
    assert "续报期：事故发生之日起 30 日" in page


@pytest.mark.parametrize("data", [
    {"kind": "supplement", "note": "续报", "deaths": "-1", "missing": "0", "serious_injuries": "0",
     "minor_injuries": "0", "direct_loss_yuan": "1500000"},
    {"kind": "supplement", "note": "续报", "deaths": "一人", "missing": "0", "serious_injuries": "0",
     "minor_injuries": "0", "direct_loss_yuan": "1500000"},
    {"kind": "supplement", "note": "续报", "deaths": "2", "missing": "0", "serious_injuries": "0",
     "minor_injuries": "0", "direct_loss_yuan": "150"},
])
def test_a_bad_revision_on_the_page_is_refused_with_a_message(world, park_accident, client_for, data):
    response = client_for(world.district_user).post(f"/accidents/{park_accident.pk}/revise/", data, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Accident.objects.get().deaths == 1 and not AccidentRevision.objects.exists()


def test_a_late_supplement_on_the_page_says_why(world, client_for):
    accident = record(world, occurred_at=timezone.now() - timedelta(days=40))
    response = client_for(world.district_user).post(f"/accidents/{accident.pk}/revise/", {
        "kind": "supplement", "note": "补报", "deaths": "2", "missing": "0", "serious_injuries": "0",
        "minor_injuries": "0", "direct_loss_yuan": "1500000"}, follow=True)
    assert "续报期已过" in response.content.decode()
    assert Accident.objects.get().deaths == 1


def test_recording_the_investigation_on_the_page_registers_the_hazards(world, park_accident, client_for):
    response = client_for(world.district_user).post(f"/accidents/{park_accident.pk}/investigation/", {
        "report_date": timezone.localdate().isoformat(), "cause": "违章作业", "responsibility": "企业负责人",
        "hazards": "罐区法兰未按期更换\n\n安全阀超期未校验", "tasks": "专项检查"}, follow=True)
    assert "已录入调查报告" in response.content.decode()
    assert Hazard.objects.count() == 2 and all(h.origin == park_accident for h in Hazard.objects.all())


def test_from_incident_lists_the_incident_and_prefills_the_form(world, client_for):
    incident = incidents.do_report(new_incident(world), user=world.district_user)
    client = client_for(world.district_user)
    assert incident.title in client.get("/accidents/from-incident/").content.decode()
    form = client.get(f"/accidents/add/?incident={incident.pk}").context["form"]
    assert (form["title"].value(), form["incident"].value()) == (incident.title, incident.pk)
    assert client.get("/accidents/add/?incident=999999").status_code == 404


def test_list_statistics_and_exports(world, park_accident, road_accident, client_for):
    client = client_for(world.district_user)
    assert client.get("/accidents/?export=xlsx")["Content-Type"] == XLSX
    assert client.get("/accidents/?year=abc").status_code == 200
    stats = client.get("/accidents/statistics/?sector=" + str(world.transport.pk))
    assert stats.context["totals"]["accidents"] == 1
    assert client.get("/indicators/?export=xlsx")["Content-Type"] == XLSX


# --- API --------------------------------------------------------------------------------------------------

def test_api_records_revises_and_reports(world, api_for):
    api = api_for(world.district_user)
    occurred = (timezone.now() - timedelta(hours=3)).isoformat()
    body = {"title": "丁仓库火灾事故", "occurred_at": occurred, "place": "仓库", "area": world.street_b.code,
            "sector": "industry_trade", "accident_type": "火灾", "deaths": 1, "direct_loss_yuan": "1600000"}
    created = api.post("/api/v1/accidents/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["grade"] == "一般" and [r["authority"] for r in data["reports"]] == ["county", "city"]
    pk = data["id"]
    assert api.patch(f"/api/v1/accidents/{pk}/", {"deaths": 3}, format="json").status_code == 400
    revised = api.post(f"/api/v1/accidents/{pk}/revisions/", {
        "kind": "supplement", "note": "二人抢救无效死亡", "deaths": 3, "missing": 0, "serious_injuries": 0,
        "minor_injuries": 0, "direct_loss_yuan": "4500000"}, format="json")
    assert revised.json()["grade"] == "较大" and len(revised.json()["reports"]) == 3
    reported = api.post(f"/api/v1/accidents/{pk}/reports/", {"authority": "county", "at": occurred}, format="json")
    assert reported.status_code == 200
    bad = api.post("/api/v1/accidents/", {**body, "deaths": -1}, format="json")
    assert bad.status_code == 400 and "deaths" in bad.json()
    assert api_for(world.street_a_user).post("/api/v1/accidents/", body, format="json").status_code == 404


def test_every_page_of_the_district_renders(world, park_accident, client_for):
    denominator = DenominatorFactory(kind="gdp", year=2021, value=2100, source="统计公报")
    client = client_for(world.district_user)
    pages = ["/accidents/", "/accidents/add/", "/accidents/statistics/", "/accidents/from-incident/",
             f"/accidents/{park_accident.pk}/", f"/accidents/{park_accident.pk}/edit/", "/indicators/",
             "/indicators/add/", f"/indicators/{Indicator.objects.first().pk}/edit/", "/indicators/denominators/",
             "/indicators/denominators/add/", "/indicators/denominators/import/",
             "/indicators/denominators/import/?template=1", f"/indicators/denominators/{denominator.pk}/",
             f"/indicators/denominators/{denominator.pk}/edit/", f"/indicators/denominators/{denominator.pk}/delete/",
             "/api/v1/accidents/", f"/api/v1/accidents/{park_accident.pk}/", "/api/v1/indicators/",
             "/api/v1/schema/"]
    for url in pages:
        assert client.get(url).status_code == 200, url
