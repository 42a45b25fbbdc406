"""The resources' API: a collection per kind (scoped, 404 out of scope, 400 with field errors for bad input,
nothing saved), stock moved by POST /api/v1/stock-movements/, expert contacts masked, and the combined
/api/v1/emergency-resources/ with its kind and area filters and xlsx export."""

import io

import pytest
from openpyxl import load_workbook

from worksafety.emergency.resources import services as resources
from worksafety.emergency.resources.choices import TeamKind
from worksafety.emergency.resources.models import Expert, RescueTeam, SensitiveTarget, Shelter, StockMovement
from worksafety.emergency.resources.tests import helpers as make

COMBINED = "/api/v1/emergency-resources/"
PHONE = "13911112222"


@pytest.fixture
def setting(world):
    class Setting:
        team = make.team(world, "区危化品专业救援队")
        own_team = make.team(world, "甲化工企业救援队", kind=TeamKind.ENTERPRISE, enterprise=world.ent_park)
        store = make.warehouse(world)
        masks = make.item("过滤式防毒面具", unit="个")
        expert = make.expert("王专家", ["hazchem", "fire"], phone=PHONE, email="wang@example.com")
        shelter = make.shelter(world, "友谊广场", area=world.street_b, at=(39.10, 121.70))
        target = make.target(world, "大孤山小学", population=900)

    resources.do_stock_in(Setting.store, Setting.masks, 20, user=world.district_user)
    return Setting


def test_collections_list_and_export_for_the_district(world, setting, api_for):
    api = api_for(world.district_user)
    for url, count in (("rescue-teams", 2), ("warehouses", 1), ("supply-items", 1), ("stocks", 1),
                       ("stock-movements", 1), ("experts", 1), ("shelters", 1), ("sensitive-targets", 1)):
        response = api.get(f"/api/v1/{url}/")
        assert response.status_code == 200 and response.json()["count"] == count, url
        assert api.get(f"/api/v1/{url}/?format=xlsx").status_code == 200, url
    team = api.get(f"/api/v1/rescue-teams/{setting.team.pk}/").json()
    assert team["location"] == {"type": "Point", "coordinates": [121.83, 39.02]} and team["owner"] == "区级"
    assert api.get("/api/v1/stocks/").json()["results"][0]["quantity"] == "20.000"


def test_create_and_refuse_bad_input_with_field_errors(world, api_for):
    api = api_for(world.district_user)
    body = {"name": "新建救援队", "kind": "volunteer", "headcount": 12, "specialties": ["water", "medical"],
            "area": world.street_a.code, "lat": 39.03, "lon": 121.82}
    response = api.post("/api/v1/rescue-teams/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["duty_status"] == "on_duty" and response.json()["specialties"] == ["water", "medical"]
    for changes, field in (({"headcount": -1}, "headcount"), ({"lat": 95}, "lat"), ({"lat": 31.2, "lon": 121.47}, "lat"),
                           ({"specialties": ["astrology"]}, "specialties"), ({"kind": "enterprise"}, "enterprise"),
                           ({"area": "999999"}, "area")):
        response = api.post("/api/v1/rescue-teams/", {**body, "name": "另一队", **changes}, format="json")
        assert response.status_code == 400 and field in response.json(), (changes, response.json())
    for url, data, field in (
            ("shelters", {"name": "x", "capacity": -5, "area_m2": 10}, "capacity"),
            ("shelters", {"name": "x", "capacity": 5, "area_m2": -10}, "area_m2"),
            ("sensitive-targets", {"name": "x", "kind": "school", "population": -1}, "population"),
            ("sensitive-targets", {"name": "x", "kind": "zoo", "population": 1}, "kind")):
        body = {"area": world.street_a.code, "lat": 39.03, "lon": 121.82, **data}
        response = api.post(f"/api/v1/{url}/", body, format="json")
        assert response.status_code == 400 and field in response.json(), (url, response.json())
    assert RescueTeam.objects.count() == 1 and not Shelter.objects.exists() and not SensitiveTarget.objects.exists()


def test_out_of_scope_is_404(world, setting, api_for):
    enterprise = api_for(world.enterprise_user)
    assert [t["name"] for t in enterprise.get("/api/v1/rescue-teams/").json()["results"]] == ["甲化工企业救援队"]
    for url in (f"/api/v1/rescue-teams/{setting.team.pk}/", f"/api/v1/warehouses/{setting.store.pk}/",
                f"/api/v1/shelters/{setting.shelter.pk}/", f"/api/v1/experts/{setting.expert.pk}/"):
        assert enterprise.get(url).status_code == 404, url
    street = api_for(world.street_a_user)
    assert street.get(f"/api/v1/shelters/{setting.shelter.pk}/").status_code == 200  # views the district's
    assert street.patch(f"/api/v1/shelters/{setting.shelter.pk}/", {"capacity": 1}, format="json").status_code == 404
    assert street.patch(f"/api/v1/rescue-teams/{setting.team.pk}/", {"headcount": 5}, format="json").status_code == 200
    assert street.delete(f"/api/v1/rescue-teams/{setting.team.pk}/").status_code == 404
    assert api_for(world.park_user).patch(f"/api/v1/rescue-teams/{setting.own_team.pk}/", {"headcount": 9},
                                          format="json").status_code == 200  # its enterprise's team
    assert Shelter.objects.get().capacity == 1000


def test_stock_movements_through_the_api(world, setting, api_for):
    api = api_for(world.district_user)
    response = api.post("/api/v1/stock-movements/", {"kind": "out", "item": setting.masks.pk, "quantity": "5",
                                                     "source": setting.store.pk, "note": "演练"}, format="json")
    assert response.status_code == 201 and response.json()[0]["quantity"] == "5.000"
    for body, field in (({"kind": "out", "quantity": "100", "source": setting.store.pk}, "quantity"),
                        ({"kind": "out", "quantity": "-1", "source": setting.store.pk}, "quantity"),
                        ({"kind": "in", "quantity": "1"}, "target"),
                        ({"kind": "transfer", "quantity": "1", "source": setting.store.pk,
                          "target": setting.store.pk}, "target")):
        response = api.post("/api/v1/stock-movements/", {"item": setting.masks.pk, **body}, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.json())
    outsider = api_for(world.enterprise_user).post("/api/v1/stock-movements/", {
        "kind": "in", "item": setting.masks.pk, "quantity": "1", "target": setting.store.pk}, format="json")
    assert outsider.status_code == 400  # the district's store is not even a choice for the enterprise
    assert api_for(world.street_b_user).post("/api/v1/stock-movements/", {
        "kind": "in", "item": setting.masks.pk, "quantity": "1", "target": setting.store.pk},
        format="json").status_code == 404
    assert make.total(setting.store, setting.masks) == 15 and StockMovement.objects.count() == 2
    assert api.put(f"/api/v1/stocks/{setting.store.stocks.get().pk}/", {}, format="json").status_code == 405


def test_expert_contacts_are_null_unless_authorised(world, setting, api_for):
    seen = api_for(world.district_user).get(f"/api/v1/experts/{setting.expert.pk}/").json()
    assert (seen["phone"], seen["email"], seen["contacts_visible"]) == (PHONE, "wang@example.com", True)
    for user in (world.street_a_user, world.park_user, world.expert_user):
        api = api_for(user)
        hidden = api.get(f"/api/v1/experts/{setting.expert.pk}/").json()
        assert (hidden["phone"], hidden["email"], hidden["contacts_visible"]) == (None, None, False)
        sheet = load_workbook(io.BytesIO(api.get("/api/v1/experts/?format=xlsx").content)).active
        assert PHONE not in str(list(sheet.iter_rows(values_only=True)))
        assert PHONE not in api.get(f"{COMBINED}?kind=expert").content.decode()
    Expert.objects.filter(pk=setting.expert.pk).update(user=world.expert_user)
    assert api_for(world.expert_user).get(f"/api/v1/experts/{setting.expert.pk}/").json()["phone"] == PHONE
    created = api_for(world.district_user).post("/api/v1/experts/", {
        "name": "新专家", "specialties": ["medical"], "phone": "13800001111"}, format="json")
    assert created.status_code == 201 and created.json()["phone"] == "13800001111"
    assert api_for(world.district_user).post("/api/v1/experts/", {"name": "x", "specialties": []},
                                             format="json").status_code == 400


def test_the_combined_collection(world, setting, api_for):
    api = api_for(world.district_user)
    rows = api.get(COMBINED).json()["results"]
    assert [(r["kind"], r["name"]) for r in rows] == [
        ("team", "区危化品专业救援队"), ("team", "甲化工企业救援队"), ("warehouse", "区应急物资储备库"), ("shelter", "友谊广场"),
        ("target", "大孤山小学"), ("expert", "王专家")]
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["team"]["location"] == {"type": "Point", "coordinates": [121.83, 39.02]}
    assert by_kind["team"]["duty_status"] == "on_duty" and by_kind["team"]["area"] == "210213001"
    assert by_kind["warehouse"]["stock"] == [{"item": "过滤式防毒面具", "unit": "个", "quantity": 20.0}]
    assert by_kind["target"]["population"] == 900 and by_kind["expert"]["location"] is None
    assert [r["name"] for r in api.get(f"{COMBINED}?kind=shelter").json()["results"]] == ["友谊广场"]
    assert {r["name"] for r in api.get(f"{COMBINED}?area=210213002").json()["results"]} == {"友谊广场"}
    assert "kind" in api.get(f"{COMBINED}?kind=tank").json()
    assert "area" in api.get(f"{COMBINED}?area=nowhere").json()
    sheet = load_workbook(io.BytesIO(api.get(f"{COMBINED}?format=xlsx&kind=team").content)).active
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("救援队伍", "区危化品专业救援队"), ("救援队伍", "甲化工企业救援队")]
    enterprise_rows = api_for(world.enterprise_user).get(COMBINED).json()["results"]
    assert [(r["kind"], r["name"]) for r in enterprise_rows] == [("team", "甲化工企业救援队")]

