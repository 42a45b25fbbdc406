"""The resource pages: every page renders for the district; other roles see the district's resources but change
only their own scope (404 otherwise); an enterprise sees only its own teams, warehouses and stock; an expert's
contacts show only to the district and the expert; the warehouse page moves stock through the services."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from conftest import user_of
from worksafety.emergency.resources import services as resources
from worksafety.emergency.resources.choices import TeamKind
from worksafety.emergency.resources.models import RescueTeam, Shelter, StockMovement
from worksafety.emergency.resources.tests import helpers as make

KIND_PAGES = ("teams", "warehouses", "supplies", "experts", "shelters", "targets")
PHONE = "13911112222"


@pytest.fixture
def setting(world):
    """One resource of each kind: the district's, plus a team and a warehouse of the park enterprise."""
    class Setting:
        team = make.team(world, "区危化品专业救援队")
        own_team = make.team(world, "甲化工企业救援队", kind=TeamKind.ENTERPRISE, enterprise=world.ent_park)
        store = make.warehouse(world)
        own_store = make.warehouse(world, "甲化工应急物资库", enterprise=world.ent_park)
        masks = make.item("过滤式防毒面具", unit="个")
        expert = make.expert("王专家", ["hazchem"], phone=PHONE, email="wang@example.com", user=world.expert_user)
        other_expert = make.expert("李专家", ["fire"], phone="13933334444")
        shelter = make.shelter(world, "大孤山广场")
        target = make.target(world, "大孤山小学")
        remote_shelter = make.shelter(world, "友谊广场", area=world.street_b, at=(39.10, 121.70))

    resources.do_stock_in(Setting.store, Setting.masks, 20, user=world.district_user, batch="B1")
    return Setting


def test_every_page_renders_for_the_district(world, setting, client_for):
    client = client_for(world.district_user)
    urls = ["/resources/map/", "/resources/map.json", "/resources/stock/", "/resources/movements/",
            "/resources/stock/import/", "/resources/stock/?export=xlsx", "/resources/movements/?export=xlsx"]
    for prefix, obj in zip(KIND_PAGES, (setting.team, setting.store, setting.masks, setting.expert, setting.shelter,
                                        setting.target), strict=True):
        base = f"/resources/{prefix}/"
        urls += [base, f"{base}?export=xlsx", f"{base}add/", f"{base}import/", f"{base}import/?template=1",
                 f"{base}{obj.pk}/", f"{base}{obj.pk}/edit/", f"{base}{obj.pk}/delete/"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    home = client.get("/").content.decode()
    assert "应急资源" in home and 'href="/resources/map/"' in home


def test_filters_narrow_the_list_and_bad_filters_say_so(world, setting, client_for):
    client = client_for(world.district_user)
    page = client.get("/resources/teams/?kind=enterprise").content.decode()
    assert "甲化工企业救援队" in page and "区危化品专业救援队" not in page
    page = client.get("/resources/shelters/?area=210213002").content.decode()
    assert "友谊广场" in page and "大孤山广场" not in page
    assert "王专家" not in client.get("/resources/experts/?specialty=fire").content.decode()
    assert "筛选条件有误" in client.get("/resources/targets/?population=-1").content.decode()


@pytest.mark.parametrize("role", ["department", "street_a", "street_b", "park", "expert"])
def test_staff_see_the_whole_districts_resources(world, setting, role, client_for):
    client = client_for(user_of(world, role))
    teams = client.get("/resources/teams/").content.decode()
    assert "区危化品专业救援队" in teams and "甲化工企业救援队" in teams
    for url in (f"/resources/teams/{setting.team.pk}/", f"/resources/warehouses/{setting.store.pk}/",
                f"/resources/shelters/{setting.remote_shelter.pk}/", f"/resources/targets/{setting.target.pk}/",
                f"/resources/experts/{setting.other_expert.pk}/", "/resources/map/", "/resources/stock/"):
        assert client.get(url).status_code == 200, url
    # The district's own team and store are the district's to change.
    assert client.get(f"/resources/teams/{setting.team.pk}/edit/").status_code == \
        (200 if role == "street_a" else 404)
    assert client.get(f"/resources/experts/{setting.expert.pk}/edit/").status_code == 404
    assert client.get("/resources/experts/add/").status_code == 404


def test_an_enterprise_sees_and_keeps_only_its_own(world, setting, client_for):
    client = client_for(world.enterprise_user)
    teams = client.get("/resources/teams/").content.decode()
    assert "甲化工企业救援队" in teams and "区危化品专业救援队" not in teams
    assert client.get(f"/resources/teams/{setting.own_team.pk}/edit/").status_code == 200
    for url in (f"/resources/teams/{setting.team.pk}/", f"/resources/warehouses/{setting.store.pk}/",
                f"/resources/shelters/{setting.shelter.pk}/", f"/resources/experts/{setting.expert.pk}/",
                "/resources/shelters/", "/resources/experts/", "/resources/targets/add/"):
        assert client.get(url).status_code == 404, url
    data = client.get("/resources/map.json").json()
    assert set(data) == {"team", "warehouse"} and [r["name"] for r in data["team"]] == ["甲化工企业救援队"]


def test_a_street_cannot_put_a_shelter_outside_its_area(world, client_for):
    client = client_for(world.street_a_user)
    form = {"name": "新广场", "capacity": "500", "area_m2": "800", "area": world.street_b.pk, "lat": "39.1",
            "lon": "121.7", "facilities": "", "address": "", "contact": "", "phone": ""}
    response = client.post("/resources/shelters/add/", form)
    assert response.status_code == 200 and "超出您的管辖范围" in response.content.decode()
    form["area"] = world.street_a.pk
    assert client.post("/resources/shelters/add/", form).status_code == 302
    assert list(Shelter.objects.values_list("name", flat=True)) == ["新广场"]


@pytest.mark.parametrize("changes, field", [
    ({"headcount": "-3"}, "headcount"),
    ({"lat": "91"}, "lat"),
    ({"lat": "31.2", "lon": "121.47"}, "lat"),  # Shanghai: outside the district
    ({"lon": ""}, "lon"),
    ({"kind": "enterprise"}, "enterprise"),
    ({"park": "PARK", "enterprise": "ENTERPRISE", "kind": "enterprise"}, "enterprise"),
    ({"specialties": ["astrology"]}, "specialties"),
    ({"phone": "12345"}, "phone"),
])
def test_bad_team_input_is_refused_with_a_field_error(world, client_for, changes, field):
    form = {"name": "新队", "kind": "professional", "headcount": "10", "specialties": ["hazchem"], "duty_status": "on_duty",
            "area": world.street_a.pk, "lat": "39.02", "lon": "121.83", "equipment": "", "address": "", "contact": "",
            "phone": "", "enterprise": "", "park": "", "department": ""}
    placeholders = {"PARK": world.park.pk, "ENTERPRISE": world.ent_park.pk}
    form.update({k: placeholders.get(v, v) if isinstance(v, str) else v for k, v in changes.items()})
    response = client_for(world.district_user).post("/resources/teams/add/", form)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not RescueTeam.objects.exists()


def test_expert_contacts_show_only_to_the_district_and_the_expert_on_pages_and_exports(world, setting, client_for):
    def seen(user, url):
        response = client_for(user).get(url)
        if url.endswith("xlsx"):
            sheet = load_workbook(io.BytesIO(response.content)).active
            return " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
        return response.content.decode()

    detail, listing, export = (f"/resources/experts/{setting.expert.pk}/", "/resources/experts/",
                               "/resources/experts/?export=xlsx")
    for url in (detail, listing, export):
        assert PHONE in seen(world.district_user, url) and "wang@example.com" in seen(world.district_user, url)
        assert PHONE in seen(world.expert_user, url)  # their own
        for role in ("department", "street_a", "park"):
            text = seen(user_of(world, role), url)
            assert PHONE not in text and "wang@example.com" not in text and "仅授权人员可见" in text, (role, url)
    assert "13933334444" not in seen(world.expert_user, listing)  # another expert's
    # Searching cannot probe for a number either.
    assert "王专家" not in seen(world.street_a_user, f"/resources/experts/?q={PHONE}")


def test_the_warehouse_page_moves_stock_and_refuses_too_much(world, setting, client_for):
    client = client_for(world.district_user)
    url = f"/resources/warehouses/{setting.store.pk}/"
    page = client.get(url).content.decode()
    assert "入库" in page and "调拨" in page and "B1" in page
    response = client.post(url, {"movement": "out", "out-item": setting.masks.pk, "out-batch": "",
                                 "out-quantity": "25", "out-note": ""})
    assert response.status_code == 200 and "库存不足" in response.content.decode()
    assert make.total(setting.store, setting.masks) == 20
    response = client.post(url, {"movement": "transfer", "transfer-item": setting.masks.pk, "transfer-batch": "B1",
                                 "transfer-quantity": "5", "transfer-target": setting.own_store.pk,
                                 "transfer-note": "支援"})
    assert response.status_code == 302
    response = client.post(url, {"movement": "in", "in-item": setting.masks.pk, "in-batch": "B2",
                                 "in-expiry": "2031-01-31", "in-quantity": "7.5", "in-note": ""})
    assert response.status_code == 302
    assert make.batches(setting.store, setting.masks) == {"B1": 15, "B2": Decimal("7.5")}
    assert make.batches(setting.own_store, setting.masks) == {"B1": 5}
    assert "支援" in client.get(f"/resources/movements/?warehouse={setting.own_store.pk}").content.decode()


def test_only_who_may_change_a_warehouse_gets_its_movement_forms(world, setting, client_for):
    client = client_for(world.street_b_user)
    url = f"/resources/warehouses/{setting.store.pk}/"
    assert 'name="movement"' not in client.get(url).content.decode()
    response = client.post(url, {"movement": "out", "out-item": setting.masks.pk, "out-quantity": "1"})
    assert response.status_code == 404
    assert make.total(setting.store, setting.masks) == 20 and StockMovement.objects.count() == 1
