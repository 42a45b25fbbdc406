"""The chemicals catalogue: GB 18218-2018 表1 loaded by migration and read-only, plus the substances enterprises
add themselves with their 表2 categories, on pages and on the API."""

import html
import re

import pytest

from conftest import ROLES, user_of
from worksafety.registry.catalogue import sync_table1
from worksafety.registry.models import Chemical

ROW_LINK = re.compile(r'<td><a href="/chemicals/(\d+)/">([^<]*)</a></td>')


@pytest.fixture
def ammonia(db):
    return Chemical.objects.get(gb18218_row=1)


@pytest.fixture
def own_solvent(world):
    return Chemical.objects.create(name="甲公司混合溶剂", owner=world.ent_park, categories=["W5.3"])


@pytest.fixture
def other_solvent(world):
    return Chemical.objects.create(name="乙公司清洗剂", owner=world.ent_street_a, categories=["W5.4"])


def listed(client, **params):
    response = client.get("/chemicals/", {"per_page": 200, **params})
    assert response.status_code == 200
    return {html.unescape(name) for _, name in ROW_LINK.findall(response.content.decode())}


def new_substance(world, **fields):
    return {"owner": world.ent_park.pk, "name": "甲公司新溶剂", "cas": "", "un_number": "", "categories": ["W5.3"],
            "ghs_classification": "易燃液体，类别2", **fields}


# --- the catalogue ----------------------------------------------------------------------------------


def test_the_migration_loads_the_85_rows_of_table1(db, ammonia):
    table1 = Chemical.objects.filter(gb18218_row__isnull=False)
    assert table1.count() == 85
    assert sorted(table1.values_list("gb18218_row", flat=True)) == list(range(1, 86))
    assert not table1.exclude(owner=None).exists()
    assert not table1.filter(critical_quantity_t=None).exists()

    assert ammonia.name == "氨"
    assert ammonia.cas == "7664-41-7"
    assert ammonia.critical_quantity_t == 10
    assert ammonia.aegl2_ppm == 160
    assert ammonia.key_supervised is True
    assert ammonia.categories == []  # a 表3 gas: β from 表3, no governing category needed
    assert Chemical.objects.get(gb18218_row=64).categories == ["W5.3"]  # 甲苯


def test_syncing_table1_again_changes_nothing_and_keeps_enterprise_substances(world, own_solvent):
    before = list(Chemical.objects.order_by("pk").values())
    sync_table1(Chemical)
    assert list(Chemical.objects.order_by("pk").values()) == before


# --- the list page and its filters ----------------------------------------------------------------------


def test_list_filters_by_name_cas_table1_and_key_supervision(world, own_solvent, client_for):
    client = client_for(world.district_user)
    everything = list(Chemical.objects.all())

    by_name = listed(client, q="氨")
    assert "氨" in by_name and "氯" not in by_name
    assert by_name == {c.name for c in everything if "氨" in c.name or "氨" in c.cas}

    assert listed(client, q="7664-41-7") == {"氨"}
    assert listed(client, q=" 7664-41-7 ") == {"氨"}

    table1 = listed(client, in_table1="true")
    assert len(table1) == 85 and "氨" in table1 and own_solvent.name not in table1
    assert listed(client, in_table1="false") == {own_solvent.name}

    key = listed(client, key_supervised="true")
    assert "氨" in key and own_solvent.name not in key
    assert key == {c.name for c in everything if c.key_supervised}
    assert listed(client, key_supervised="true", q="氨") == {c.name for c in everything
                                                           if c.key_supervised and "氨" in c.name}


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_role_can_view_the_catalogue(world, role, ammonia, own_solvent, client_for, api_for):
    client = client_for(user_of(world, role))
    assert len(listed(client)) == 86
    detail = client.get(f"/chemicals/{ammonia.pk}/")
    assert detail.status_code == 200
    assert "7664-41-7" in detail.content.decode()
    assert client.get(f"/chemicals/{own_solvent.pk}/").status_code == 200
    assert client.get("/chemicals/?export=xlsx").status_code == 200
    assert api_for(user_of(world, role)).get(f"/api/v1/chemicals/{ammonia.pk}/").status_code == 200


# --- enterprises add their own substances -------------------------------------------------------------


def test_the_enterprise_adds_its_own_substance_and_it_is_listed(world, client_for):
    client = client_for(world.enterprise_user)
    assert client.get("/chemicals/add/").status_code == 200

    response = client.post("/chemicals/add/", new_substance(world, cas="123-86-4"))

    added = Chemical.objects.get(name="甲公司新溶剂")
    assert response.status_code == 302 and response["Location"] == f"/chemicals/{added.pk}/"
    assert (added.owner, added.categories, added.gb18218_row, added.cas) == (
        world.ent_park, ["W5.3"], None, "123-86-4")
    assert "甲公司新溶剂" in listed(client, in_table1="false")
    assert client.get(f"/chemicals/{added.pk}/edit/").status_code == 200


def test_the_enterprise_cannot_add_a_substance_for_another_enterprise(world, client_for):
    client = client_for(world.enterprise_user)

    response = client.post("/chemicals/add/", new_substance(world, owner=world.ent_street_a.pk))

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assert "owner" in response.context["form"].errors
    assert not Chemical.objects.filter(name="甲公司新溶剂").exists()


@pytest.mark.parametrize("role", ["district", "department", "street_a", "park", "expert"])
def test_staff_roles_do_not_add_substances(world, role, client_for):
    client = client_for(user_of(world, role))
    assert client.get("/chemicals/add/").status_code == 404
    assert client.post("/chemicals/add/", new_substance(world)).status_code == 404
    assert not Chemical.objects.filter(name="甲公司新溶剂").exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_nobody_but_the_superuser_edits_a_table1_row(world, role, ammonia, client_for, api_for):
    user = user_of(world, role)
    assert client_for(user).get(f"/chemicals/{ammonia.pk}/edit/").status_code == 404
    response = client_for(user).post(f"/chemicals/{ammonia.pk}/edit/",
                                     new_substance(world, name="氨", cas="7664-41-7"))
    assert response.status_code == 404
    response = api_for(user).patch(f"/api/v1/chemicals/{ammonia.pk}/", {"cas": "7664-39-3"}, format="json")
    assert response.status_code == 404
    ammonia.refresh_from_db()
    assert (ammonia.cas, ammonia.owner) == ("7664-41-7", None)


def test_the_superuser_may_open_a_table1_row_for_editing(world, ammonia, client_for):
    assert client_for(world.admin).get(f"/chemicals/{ammonia.pk}/edit/").status_code == 200


def test_a_superuser_edit_keeps_a_table1_row_the_standards(world, client_for):
    """Saving a 表1 row must not require making it an enterprise's substance: an owner would put the
    standard's row in that enterprise's scope to change."""
    toluene = Chemical.objects.get(gb18218_row=64)

    response = client_for(world.admin).post(f"/chemicals/{toluene.pk}/edit/", {
        "owner": "", "name": "甲苯", "cas": "108-88-3", "un_number": "1294", "categories": ["W5.3"],
        "ghs_classification": "易燃液体，类别2",
    })

    assert response.status_code == 302, response.context and response.context["form"].errors
    toluene.refresh_from_db()
    assert (toluene.ghs_classification, toluene.owner, toluene.gb18218_row) == ("易燃液体，类别2", None, 64)
    assert client_for(world.enterprise_user).get(f"/chemicals/{toluene.pk}/edit/").status_code == 404


def test_a_substance_outside_table1_needs_categories(world, client_for, api_for):
    response = client_for(world.enterprise_user).post("/chemicals/add/", new_substance(world, categories=[]))
    assert response.status_code == 200
    assert "categories" in response.context["form"].errors

    response = api_for(world.enterprise_user).post(
        "/api/v1/chemicals/", {"name": "甲公司新溶剂", "owner": world.ent_park.pk}, format="json")
    assert response.status_code == 400
    assert "categories" in response.json()

    response = api_for(world.enterprise_user).post(
        "/api/v1/chemicals/", {"name": "甲公司新溶剂", "owner": world.ent_park.pk, "categories": ["W99"]},
        format="json")
    assert response.status_code == 400
    assert "categories" in response.json()
    assert not Chemical.objects.filter(name="甲公司新溶剂").exists()


def test_an_invalid_cas_is_refused_on_the_page_and_the_api(world, client_for, api_for):
    response = client_for(world.enterprise_user).post("/chemicals/add/", new_substance(world, cas="7664-41-8"))
    assert response.status_code == 200
    assert "cas" in response.context["form"].errors
    assert "7664-41-8" in " ".join(response.context["form"].errors["cas"])

    response = api_for(world.enterprise_user).post("/api/v1/chemicals/", {
        "name": "甲公司新溶剂", "owner": world.ent_park.pk, "categories": ["W5.3"], "cas": "7664-41-8",
    }, format="json")
    assert response.status_code == 400
    assert "cas" in response.json()
    assert not Chemical.objects.filter(name="甲公司新溶剂").exists()


# --- the API ------------------------------------------------------------------------------------------


def test_api_list_detail_and_filters(world, ammonia, own_solvent, api_for):
    api = api_for(world.street_b_user)

    body = api.get("/api/v1/chemicals/?page_size=200").json()
    assert body["count"] == 86
    assert {row["name"] for row in body["results"]} >= {"氨", own_solvent.name}

    detail = api.get(f"/api/v1/chemicals/{ammonia.pk}/").json()
    assert (detail["name"], detail["cas"], detail["gb18218_row"], detail["critical_quantity_t"],
            detail["aegl2_ppm"], detail["key_supervised"], detail["owner"]) == ("氨", "7664-41-7", 1, 10, 160, True, None)

    assert [row["name"] for row in api.get("/api/v1/chemicals/?q=7664-41-7").json()["results"]] == ["氨"]
    assert api.get("/api/v1/chemicals/?in_table1=false").json()["count"] == 1
    assert api.get("/api/v1/chemicals/?in_table1=true").json()["count"] == 85


def test_api_create_and_change_own_substance(world, own_solvent, api_for):
    api = api_for(world.enterprise_user)

    response = api.post("/api/v1/chemicals/", {
        "name": "甲公司稀释剂", "owner": world.ent_park.pk, "categories": ["W5.4"], "cas": "123-86-4",
        "gb18218_row": 64, "critical_quantity_t": 1,
    }, format="json")
    assert response.status_code == 201, response.content
    created = Chemical.objects.get(name="甲公司稀释剂")
    # The standard's own columns are not set through the API.
    assert (created.gb18218_row, created.critical_quantity_t, created.owner) == (None, None, world.ent_park)

    response = api.patch(f"/api/v1/chemicals/{own_solvent.pk}/", {"ghs_classification": "易燃液体，类别2"},
                         format="json")
    assert response.status_code == 200
    own_solvent.refresh_from_db()
    assert own_solvent.ghs_classification == "易燃液体，类别2"

    # It cannot give its substance away to another enterprise either.
    response = api.patch(f"/api/v1/chemicals/{own_solvent.pk}/", {"owner": world.ent_street_a.pk}, format="json")
    assert response.status_code in (400, 404)
    own_solvent.refresh_from_db()
    assert own_solvent.owner == world.ent_park


def test_edits_of_another_enterprises_substance_are_404(world, other_solvent, client_for, api_for):
    api = api_for(world.enterprise_user)

    assert api.get(f"/api/v1/chemicals/{other_solvent.pk}/").status_code == 200  # reference data: readable
    assert api.patch(f"/api/v1/chemicals/{other_solvent.pk}/", {"ghs_classification": "改"},
                     format="json").status_code == 404
    assert api.delete(f"/api/v1/chemicals/{other_solvent.pk}/").status_code == 404
    assert client_for(world.enterprise_user).get(f"/chemicals/{other_solvent.pk}/edit/").status_code == 404
    other_solvent.refresh_from_db()
    assert other_solvent.ghs_classification == ""

    response = api.post("/api/v1/chemicals/", {"name": "代乙公司添加", "owner": world.ent_street_a.pk,
                                               "categories": ["W5.3"]}, format="json")
    assert response.status_code in (400, 404)
    assert not Chemical.objects.filter(name="代乙公司添加").exists()


def test_the_enterprise_deletes_its_unused_substance_but_not_one_in_use(world, own_solvent, api_for):
    from worksafety.registry.models import HazardUnit, HazardUnitSubstance

    api = api_for(world.enterprise_user)
    api.raise_request_exception = False  # a server error should fail the assertion, not the test client
    unit = HazardUnit.objects.create(enterprise=world.ent_park, kind="storage", name="溶剂库", population_500m=10,
                                     principal="张三", technical_lead="李四", operations_lead="王五")
    HazardUnitSubstance.objects.create(unit=unit, chemical=own_solvent, quantity_t=5)

    response = api.delete(f"/api/v1/chemicals/{own_solvent.pk}/")
    assert response.status_code in (400, 409), response.status_code  # in use: refused, not a server error
    assert Chemical.objects.filter(pk=own_solvent.pk).exists()

    unused = Chemical.objects.create(name="甲公司旧溶剂", owner=world.ent_park, categories=["W5.4"])
    assert api.delete(f"/api/v1/chemicals/{unused.pk}/").status_code == 204
    assert not Chemical.objects.filter(pk=unused.pk).exists()

