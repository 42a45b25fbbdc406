"""Incident pages and API: the list and board in scope, board steps refusing bad input with a message and no
change, and the API's 接报, 续报, transitions and assessment."""

from datetime import timedelta

import pytest
from django.utils import timezone

from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.models import Incident, IncidentUpdate
from worksafety.emergency.incidents.tests.test_incidents import new_incident


@pytest.fixture
def reported(world):
    return incidents.do_report(new_incident(world), user=world.district_user)


def test_list_and_board_show_only_incidents_in_scope(world, reported, client_for):
    client = client_for(world.street_a_user)
    assert "大连甲化工液氨泄漏" in client.get("/incidents/").content.decode()
    board = client.get(f"/incidents/{reported.pk}/").content.decode()
    assert "逐级上报时限" in board and "县级应急管理部门" in board and "AEGL-2" in board
    other = client_for(world.street_b_user)
    assert "大连甲化工液氨泄漏" not in other.get("/incidents/").content.decode()
    assert other.get(f"/incidents/{reported.pk}/").status_code == 404
    assert other.post(f"/incidents/{reported.pk}/respond/").status_code == 404


def test_list_exports_xlsx(world, reported, client_for):
    response = client_for(world.district_user).get("/incidents/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("data", [
    {"text": "续报", "deaths": "-1", "missing": "0", "serious_injuries": "0", "minor_injuries": "0",
     "direct_loss_yuan": "0"},
    {"text": "", "deaths": "1", "missing": "0", "serious_injuries": "0", "minor_injuries": "0",
     "direct_loss_yuan": "0"},
    {"text": "续报", "deaths": "一人", "missing": "0", "serious_injuries": "0", "minor_injuries": "0",
     "direct_loss_yuan": "0"},
])
def test_a_bad_update_on_the_board_is_refused_with_a_message(world, reported, client_for, data):
    response = client_for(world.district_user).post(f"/incidents/{reported.pk}/update/", data, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not IncidentUpdate.objects.exists() and Incident.objects.get().deaths == 0


def test_a_scenario_with_half_a_wind_is_refused(world, reported, client_for):
    response = client_for(world.district_user).post(f"/incidents/{reported.pk}/scenario/", {"wind_m_s": "3"},
                                                    follow=True)
    assert "风速和风向须同时填写" in response.content.decode()
    assert Incident.objects.get().weather == {}


def test_entering_the_scenario_recomputes_the_zones(world, reported, client_for):
    before = reported.zones["toxic"]["zones"][0]["max_downwind_m"]
    client_for(world.district_user).post(f"/incidents/{reported.pk}/scenario/", {
        "release_kg_s": "5", "wind_m_s": "1.5", "wind_from_deg": "90", "stability": "F"})
    incident = Incident.objects.get()
    assert incident.weather == {"wind_m_s": 1.5, "wind_from_deg": 90.0, "stability": "F"}
    assert incident.zones["toxic"]["zones"][0]["max_downwind_m"] > before
    assert incident.zones["weather"]["source"] == "manual"


def test_api_reports_updates_moves_and_assesses(world, api_for):
    api = api_for(world.district_user)
    occurred = (timezone.now() - timedelta(minutes=20)).isoformat()
    body = {"title": "危化品槽车泄漏", "occurred_at": occurred, "place": "疏港路", "lat": 39.02, "lon": 121.83,
            "area": world.street_a.code, "accident_type": "中毒和窒息", "chemical": new_incident(world).chemical.pk}
    created = api.post("/api/v1/incidents/", body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["state"], data["grade"]) == ("reported", "一般")
    assert [n["authority"] for n in data["notices"]] == ["county", "city"]
    pk = data["id"]
    update = api.post(f"/api/v1/incidents/{pk}/updates/", {"text": "10 人死亡", "deaths": 10, "missing": 0,
                                                           "serious_injuries": 0, "minor_injuries": 0,
                                                           "direct_loss_yuan": "0"}, format="json")
    assert update.json()["grade"] == "重大"
    assert [n["authority"] for n in update.json()["notices"]] == ["county", "city", "province", "state"]
    assert api.post(f"/api/v1/incidents/{pk}/transitions/", {"action": "end"}, format="json").status_code == 400
    assert api.post(f"/api/v1/incidents/{pk}/transitions/", {"action": "respond"},
                    format="json").json()["state"] == "responding"
    assessment = api.get(f"/api/v1/incidents/{pk}/assessment/").json()
    assert assessment["toxic"]["zones"][0]["polygon"][0] == assessment["toxic"]["zones"][0]["polygon"][-1]


def test_api_refuses_bad_bodies_and_hides_other_areas(world, api_for, reported):
    api = api_for(world.district_user)
    bad = api.post("/api/v1/incidents/", {"title": "x", "occurred_at": "明天", "lat": 91, "lon": 121.83,
                                          "area": world.street_a.code, "accident_type": "火灾", "place": "p"},
                   format="json")
    assert bad.status_code == 400 and "occurred_at" in bad.json()
    assert api_for(world.street_b_user).get(f"/api/v1/incidents/{reported.pk}/").status_code == 404
    assert Incident.objects.count() == 1


def test_the_simulation_page_draws_zones_and_stores_nothing(world, client_for):
    from worksafety.registry.models import Chemical

    chlorine = Chemical.objects.get(cas="7782-50-5")
    page = client_for(world.park_user).get("/simulation/", {
        "chemical": chlorine.pk, "lat": "39.02", "lon": "121.83", "release_kg_s": "2", "wind_m_s": "2",
        "wind_from_deg": "45", "stability": "D"}).content.decode()
    assert "AEGL-3" in page and "board-layers" in page and "风向（来向）" in page
    assert not Incident.objects.exists()


@pytest.mark.parametrize("query, message", [
    ({"lat": "39.02", "lon": "121.83"}, "请选择危险化学品"),
    ({"chemical": "1"}, "请在地图上点选泄漏点"),
    ({"lat": "99", "lon": "121.83", "chemical": "1"}, "90"),
    ({"lat": "39.02", "lon": "121.83", "chemical": "1", "wind_m_s": "0"}, "0.1"),
])
def test_the_simulation_page_explains_bad_input(world, client_for, query, message):
    page = client_for(world.district_user).get("/simulation/", query).content.decode()
    assert "board-layers" not in page and message in page
