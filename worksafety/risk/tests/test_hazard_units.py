"""Hazard units (危险化学品单元) on pages and on the API: scoped like their enterprise for every role, their
inventory changed through the page and the API with the unit regraded each time, validation, filters, the
step-by-step grading on the detail page, and list query counts that do not grow with the rows."""

import html
import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import ENTERPRISES, ROLES, SEES, user_of
from worksafety.registry.models import Chemical, HazardUnit, HazardUnitSubstance
from worksafety.risk.models import MajorHazardAssessment
from worksafety.risk.services import assessment_input, do_set_substance
from worksafety.standards import gb18218
from worksafety.standards.cli import gb18218_main

CHANGES = {**SEES, "expert": []}
UNIT_NAME = {"ent_park": "液氨储罐区", "ent_street_a": "喷漆车间", "ent_street_b": "油品库房"}
UNIT_LINK = re.compile(r'<a href="/hazard-units/(\d+)/">([^<]*)</a>')
GRADING_KEYS = ["S", "is_major", "alpha", "R", "level", "terms"]
MAX_QUERIES = 15



def make_unit(enterprise, name, population=60, kind="storage"):
    return HazardUnit.objects.create(enterprise=enterprise, kind=kind, name=name, population_500m=population,
                                     principal="张三", technical_lead="李四", operations_lead="王五")


@pytest.fixture
def units(world):
    """One unit per enterprise, by enterprise attribute name."""
    return {name: make_unit(getattr(world, name), UNIT_NAME[name]) for name in ENTERPRISES}


@pytest.fixture
def ammonia(db):
    return Chemical.objects.get(gb18218_row=1)


@pytest.fixture
def major(world, units, ammonia):
    """The park enterprise's unit holding 12.5 t of 氨 with 60 people around: S 1.25, R 3.75, 四级."""
    unit = units["ent_park"]
    do_set_substance(unit, ammonia, Decimal("12.5"), user=world.enterprise_user)
    return unit


def page_names(client, url="/hazard-units/", **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return {html.unescape(name) for _, name in UNIT_LINK.findall(response.content.decode())}


def api_names(api, **params):
    response = api.get("/api/v1/hazard-units/", params)
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


def xlsx_names(response):
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("企业", "单元")
    return {row[1] for row in rows[1:]}


def new_unit_data(world, **fields):
    return {"enterprise": world.ent_park.pk, "kind": "storage", "name": "新建罐区", "population_500m": 60,
            "principal": "张三", "technical_lead": "李四", "operations_lead": "王五", **fields}


# --- scoping ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_api_and_exports_show_exactly_the_units_in_scope(world, units, role, client_for, api_for):
    user = user_of(world, role)
    expected = {UNIT_NAME[name] for name in SEES[role]}
    client, api = client_for(user), api_for(user)

    assert page_names(client) == expected
    assert api_names(api) == expected
    assert xlsx_names(client.get("/hazard-units/", {"export": "xlsx"})) == expected
    assert xlsx_names(api.get("/api/v1/hazard-units/", {"format": "xlsx"})) == expected


@pytest.mark.parametrize("role", ROLES)
def test_detail_and_edit_are_404_out_of_scope(world, units, role, client_for, api_for):
    user = user_of(world, role)
    client, api = client_for(user), api_for(user)
    for name, unit in units.items():
        visible = 200 if name in SEES[role] else 404
        changeable = 200 if name in CHANGES[role] else 404
        assert client.get(f"/hazard-units/{unit.pk}/").status_code == visible, name
        assert api.get(f"/api/v1/hazard-units/{unit.pk}/").status_code == visible, name
        assert client.get(f"/hazard-units/{unit.pk}/edit/").status_code == changeable, name
        response = api.patch(f"/api/v1/hazard-units/{unit.pk}/", {"principal_phone": "13800000000"},
                             format="json")
        assert response.status_code == changeable, (name, response.content)
        assert client.get(f"/hazard-units/{unit.pk}/delete/").status_code == changeable, name
    assert client.get("/hazard-units/add/").status_code == (404 if role == "expert" else 200)


@pytest.mark.parametrize("role", ROLES)
def test_substance_changes_on_the_page_are_404_out_of_scope(world, units, role, ammonia, client_for):
    client = client_for(user_of(world, role))
    for name, unit in units.items():
        response = client.post(f"/hazard-units/{unit.pk}/substances/", {"chemical": ammonia.pk, "quantity_t": "1"})
        if name in CHANGES[role]:
            assert response.status_code == 302, name
        else:
            assert response.status_code == 404, name
            assert not unit.substances.exists()


# --- the inventory on the page ------------------------------------------------------------------------


def test_the_enterprise_adds_and_removes_a_substance_on_its_unit(world, units, ammonia, client_for):
    client = client_for(world.enterprise_user)
    unit = units["ent_park"]

    response = client.post(f"/hazard-units/{unit.pk}/substances/", {"chemical": ammonia.pk, "quantity_t": "12.5"})

    assert response.status_code == 302 and response["Location"] == f"/hazard-units/{unit.pk}/"
    unit.refresh_from_db()
    assert (unit.is_major, unit.level, unit.s_value, unit.r_value) == (True, 4, 1.25, 3.75)
    row = unit.substances.get()
    assert (row.chemical, row.quantity_t) == (ammonia, Decimal("12.5"))
    latest = unit.assessments.first()
    assert latest.actor == world.enterprise_user and latest.result["R"] == 3.75

    response = client.post(f"/hazard-units/{unit.pk}/substances/", {"remove": row.pk})

    assert response.status_code == 302 and response["Location"] == f"/hazard-units/{unit.pk}/"
    unit.refresh_from_db()
    assert not unit.substances.exists()
    assert (unit.is_major, unit.level, unit.s_value, unit.r_value) == (False, None, 0, None)
    assert unit.assessments.first().result["S"] == 0


def test_the_enterprise_cannot_touch_another_enterprises_unit(world, units, ammonia, client_for):
    client = client_for(world.enterprise_user)
    other = units["ent_street_a"]
    row = HazardUnitSubstance.objects.create(unit=other, chemical=ammonia, quantity_t=Decimal("3"))

    assert client.post(f"/hazard-units/{other.pk}/substances/",
                       {"chemical": ammonia.pk, "quantity_t": "50"}).status_code == 404
    assert client.post(f"/hazard-units/{other.pk}/substances/", {"remove": row.pk}).status_code == 404
    # Nor remove another unit's row through its own unit's address.
    assert client.post(f"/hazard-units/{units['ent_park'].pk}/substances/", {"remove": row.pk}).status_code == 404

    row.refresh_from_db()
    assert row.quantity_t == Decimal("3")
    assert not MajorHazardAssessment.objects.filter(unit=other).exists()


@pytest.mark.parametrize("data", [
    {"quantity_t": "-1"},
    {"quantity_t": "abc"},
    {"quantity_t": ""},
    {"chemical": "999999"},
])
def test_invalid_substance_input_on_the_page_changes_nothing(world, major, ammonia, client_for, data):
    before = (major.substances.get().quantity_t, major.assessments.count())
    client = client_for(world.enterprise_user)

    response = client.post(f"/hazard-units/{major.pk}/substances/", {"chemical": ammonia.pk, **data})

    assert response.status_code == 302
    assert (major.substances.get().quantity_t, major.assessments.count()) == before
    page = client.get(response["Location"]).content.decode()
    assert 'class="alert alert-danger' in page  # the error is shown on the unit's page


def test_a_substance_of_another_enterprise_is_refused_on_the_page(world, units, client_for):
    foreign = Chemical.objects.create(name="乙公司清洗剂", owner=world.ent_street_a, categories=["W5.4"])
    unit = units["ent_park"]

    response = client_for(world.enterprise_user).post(f"/hazard-units/{unit.pk}/substances/",
                                                      {"chemical": foreign.pk, "quantity_t": "10"})

    assert response.status_code == 302
    assert not unit.substances.exists()


def test_removing_with_a_malformed_id_is_not_a_server_error(world, major, client_for):
    client = client_for(world.enterprise_user)
    client.raise_request_exception = False
    response = client.post(f"/hazard-units/{major.pk}/substances/", {"remove": "abc"})
    assert response.status_code in (302, 404)
    assert major.substances.count() == 1


# --- the API --------------------------------------------------------------------------------------------


def test_api_creates_a_unit(world, api_for):
    response = api_for(world.enterprise_user).post("/api/v1/hazard-units/", new_unit_data(world), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    unit = HazardUnit.objects.get(pk=body["id"])
    assert (unit.enterprise, unit.name, unit.population_500m) == (world.ent_park, "新建罐区", 60)
    assert body["grading"] is None or body["grading"]["is_major"] is False
    assert (body["is_major"], body["level"], body["substances"]) == (False, None, [])


def test_api_does_not_create_a_unit_for_another_enterprise(world, api_for):
    response = api_for(world.enterprise_user).post(
        "/api/v1/hazard-units/", new_unit_data(world, enterprise=world.ent_street_a.pk), format="json")
    assert response.status_code in (400, 404)
    assert not HazardUnit.objects.filter(name="新建罐区").exists()

    response = api_for(world.expert_user).post("/api/v1/hazard-units/", new_unit_data(world), format="json")
    assert response.status_code in (403, 404)
    assert not HazardUnit.objects.filter(name="新建罐区").exists()


def test_api_sets_a_substance_and_answers_the_regraded_unit(world, units, ammonia, api_for, capsys, tmp_path):
    unit = units["ent_park"]

    response = api_for(world.enterprise_user).post(f"/api/v1/hazard-units/{unit.pk}/substances/",
                                                   {"chemical": ammonia.pk, "quantity_t": "12.5"}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["is_major"], body["level"]) == (unit.pk, True, 4)
    assert (body["s_value"], body["r_value"]) == (1.25, 3.75)
    assert [(s["chemical"], s["chemical_name"], Decimal(s["quantity_t"])) for s in body["substances"]] == [
        (ammonia.pk, "氨", Decimal("12.5"))]
    grading = body["grading"]
    assert set(grading) == set(GRADING_KEYS)
    assert (grading["S"], grading["is_major"], grading["alpha"], grading["R"], grading["level"]) == (
        1.25, True, 1.5, 3.75, 4)

    # The same JSON as `worksafety gb18218 assess` gives for the unit's input.
    path = tmp_path / "unit.json"
    path.write_text(json.dumps(assessment_input(unit), ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert gb18218_main(["assess", str(path)]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert list(cli) == GRADING_KEYS
    assert grading == cli


def test_api_changes_the_quantity_of_a_substance_in_place(world, major, ammonia, api_for):
    response = api_for(world.park_user).post(f"/api/v1/hazard-units/{major.pk}/substances/",
                                             {"chemical": ammonia.pk, "quantity_t": 50}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert len(body["substances"]) == 1
    assert (body["grading"]["S"], body["grading"]["R"], body["level"]) == (5.0, 15.0, 3)


@pytest.mark.parametrize("payload_key,value", [
    ("quantity_t", -1),
    ("quantity_t", "abc"),
    ("quantity_t", None),
    ("chemical", 999999),
])
def test_api_invalid_substance_input_is_400_and_changes_nothing(world, major, ammonia, api_for, payload_key, value):
    before = (list(major.substances.values_list("chemical", "quantity_t")), major.assessments.count())

    response = api_for(world.enterprise_user).post(f"/api/v1/hazard-units/{major.pk}/substances/",
                                                   {"chemical": ammonia.pk, "quantity_t": 1, payload_key: value},
                                                   format="json")

    assert response.status_code == 400
    assert payload_key in response.json()
    assert (list(major.substances.values_list("chemical", "quantity_t")), major.assessments.count()) == before
    major.refresh_from_db()
    assert (major.is_major, major.level) == (True, 4)


def test_api_refuses_another_enterprises_substance(world, units, api_for):
    foreign = Chemical.objects.create(name="乙公司清洗剂", owner=world.ent_street_a, categories=["W5.4"])
    unit = units["ent_park"]

    response = api_for(world.enterprise_user).post(f"/api/v1/hazard-units/{unit.pk}/substances/",
                                                   {"chemical": foreign.pk, "quantity_t": 10}, format="json")

    assert response.status_code == 400
    assert "chemical" in response.json()
    assert not unit.substances.exists()


def test_api_refuses_a_substance_the_catalogue_cannot_grade(world, units, api_for):
    """二氟化氧 (表1 row 2) has no governing category: grading needs one, so the change is refused whole."""
    unit = units["ent_park"]
    response = api_for(world.enterprise_user).post(
        f"/api/v1/hazard-units/{unit.pk}/substances/",
        {"chemical": Chemical.objects.get(gb18218_row=2).pk, "quantity_t": 2}, format="json")
    assert response.status_code == 400
    assert not unit.substances.exists()


def test_api_substance_changes_are_404_out_of_scope(world, units, ammonia, api_for):
    for user in (world.enterprise_user, world.street_b_user, world.expert_user):
        unit = units["ent_street_a"]
        response = api_for(user).post(f"/api/v1/hazard-units/{unit.pk}/substances/",
                                      {"chemical": ammonia.pk, "quantity_t": 1}, format="json")
        assert response.status_code == 404
    row = HazardUnitSubstance.objects.create(unit=units["ent_street_a"], chemical=ammonia, quantity_t=3)
    for user in (world.enterprise_user, world.expert_user):
        url = f"/api/v1/hazard-units/{units['ent_street_a'].pk}/substances/{row.pk}/"
        assert api_for(user).delete(url).status_code == 404
        # A row is only removed through its own unit.
        url = f"/api/v1/hazard-units/{units['ent_park'].pk}/substances/{row.pk}/"
        assert api_for(user).delete(url).status_code == 404
    assert HazardUnitSubstance.objects.filter(pk=row.pk).exists()


def test_api_removes_a_substance_and_regrades(world, major, api_for):
    row = major.substances.get()
    before = major.assessments.count()

    response = api_for(world.enterprise_user).delete(f"/api/v1/hazard-units/{major.pk}/substances/{row.pk}/")

    assert response.status_code == 204
    assert not major.substances.exists()
    major.refresh_from_db()
    assert (major.is_major, major.level, major.s_value, major.r_value) == (False, None, 0, None)
    assert major.assessments.count() == before + 1
    body = api_for(world.enterprise_user).get(f"/api/v1/hazard-units/{major.pk}/").json()
    assert body["grading"]["is_major"] is False and body["grading"]["S"] == 0
    assert api_for(world.enterprise_user).delete(
        f"/api/v1/hazard-units/{major.pk}/substances/{row.pk}/").status_code == 404


def test_api_detail_grading_is_the_latest_assessment(world, major, ammonia, api_for):
    do_set_substance(major, ammonia, Decimal("100"), user=world.enterprise_user)  # S 10, R 30 → 三级
    for url in (f"/api/v1/hazard-units/{major.pk}/", "/api/v1/hazard-units/"):
        body = api_for(world.district_user).get(url).json()
        unit = body if "id" in body else next(r for r in body["results"] if r["id"] == major.pk)
        assert (unit["level"], unit["grading"]["level"], unit["grading"]["R"]) == (3, 3, 30.0)


# --- validation -------------------------------------------------------------------------------------


def test_a_location_outside_the_district_is_refused(world, client_for, api_for):
    response = api_for(world.enterprise_user).post(
        "/api/v1/hazard-units/",
        new_unit_data(world, location={"type": "Point", "coordinates": [116.40, 39.90]}), format="json")
    assert response.status_code == 400
    assert "不在本区范围内" in json.dumps(response.json(), ensure_ascii=False)

    response = client_for(world.enterprise_user).post("/hazard-units/add/",
                                                      new_unit_data(world, lat="39.90", lon="116.40"))
    assert response.status_code == 200
    assert "lat" in response.context["form"].errors
    assert not HazardUnit.objects.filter(name="新建罐区").exists()

    # Inside the district both are accepted.
    response = client_for(world.enterprise_user).post("/hazard-units/add/",
                                                      new_unit_data(world, lat="39.02", lon="121.83"))
    assert response.status_code == 302
    created = HazardUnit.objects.get(name="新建罐区")
    assert response["Location"] == f"/hazard-units/{created.pk}/"
    assert (created.lat, created.lon) == (39.02, 121.83)
    assert created.assessments.count() == 1


def test_a_location_outside_the_district_is_refused_on_change(world, units, api_for):
    unit = units["ent_park"]
    response = api_for(world.enterprise_user).patch(
        f"/api/v1/hazard-units/{unit.pk}/", {"location": {"type": "Point", "coordinates": [39.02, 121.83]}},
        format="json")  # latitude and longitude swapped
    assert response.status_code == 400
    unit.refresh_from_db()
    assert unit.lat is None


def test_a_negative_population_is_refused(world, units, client_for, api_for):
    response = api_for(world.enterprise_user).post("/api/v1/hazard-units/",
                                                   new_unit_data(world, population_500m=-1), format="json")
    assert response.status_code == 400
    assert "population_500m" in response.json()

    response = client_for(world.enterprise_user).post("/hazard-units/add/", new_unit_data(world, population_500m=-1))
    assert response.status_code == 200
    assert "population_500m" in response.context["form"].errors
    assert not HazardUnit.objects.filter(name="新建罐区").exists()

    unit = units["ent_park"]
    response = api_for(world.enterprise_user).patch(f"/api/v1/hazard-units/{unit.pk}/", {"population_500m": -5},
                                                    format="json")
    assert response.status_code == 400
    unit.refresh_from_db()
    assert unit.population_500m == 60


def test_changing_the_population_through_the_api_regrades(world, major, api_for):
    response = api_for(world.enterprise_user).patch(f"/api/v1/hazard-units/{major.pk}/", {"population_500m": 150},
                                                    format="json")
    assert response.status_code == 200
    major.refresh_from_db()
    assert major.r_value == 5.0  # α 2.0 × β 2 × 1.25
    assert major.assessments.first().result["alpha"] == 2.0


# --- filters --------------------------------------------------------------------------------------------


def test_filters_on_the_page_and_the_api(world, units, major, client_for, api_for):
    client, api = client_for(world.district_user), api_for(world.district_user)
    cases = [
        ({"is_major": "true"}, {"液氨储罐区"}),
        ({"is_major": "false"}, {"喷漆车间", "油品库房"}),
        ({"level": "4"}, {"液氨储罐区"}),
        ({"level": "1"}, set()),
        ({"park": "dagushan"}, {"液氨储罐区"}),
        ({"enterprise": world.ent_street_b.pk}, {"油品库房"}),
        ({"area": world.street_a.code}, {"液氨储罐区", "喷漆车间"}),
        ({"q": "喷漆"}, {"喷漆车间"}),
        ({"kind": "storage"}, set(UNIT_NAME.values())),
    ]
    for params, expected in cases:
        assert page_names(client, **params) == expected, params
        assert api_names(api, **params) == expected, params
        assert xlsx_names(client.get("/hazard-units/", {"export": "xlsx", **params})) == expected, params


def test_filters_stay_inside_the_scope(world, units, major, api_for):
    assert api_names(api_for(world.street_b_user), park="dagushan") == set()
    assert api_names(api_for(world.street_b_user), enterprise=world.ent_park.pk) == set()
    assert api_names(api_for(world.enterprise_user), is_major="false") == set()


# --- pages --------------------------------------------------------------------------------------------


def test_the_detail_page_shows_the_grading_step_by_step(world, major, client_for):
    page = client_for(world.district_user).get(f"/hazard-units/{major.pk}/").content.decode()

    assert "四级重大危险源" in page
    assert "<td>氨</td>" in page  # the term of 式1
    assert "1.2500" in page  # q/Q and S
    assert "2.5000" in page  # β·q/Q
    assert "表3" in page and "表1" in page
    assert "α = 1.5" in page
    assert "R = <strong>3.75</strong>" in page
    assert "<strong>四级</strong>" in page
    assert "危险化学品存量变更：氨" in page  # the history


def test_the_detail_page_weights_each_term_exactly(world, units, client_for):
    """碳酰氯 (表1 Q 0.3 t, 表3 β 20), 0.4 t: q/Q = 1.3333…, β·q/Q = 26.6667 and R = 1.5 × 26.6667 = 40.
    The β·q/Q column must be β × q/Q, not β times q/Q already rounded to 4 places (26.6660)."""
    unit = units["ent_park"]
    do_set_substance(unit, Chemical.objects.get(gb18218_row=6), Decimal("0.4"), user=world.enterprise_user)

    page = client_for(world.district_user).get(f"/hazard-units/{unit.pk}/").content.decode()

    assert "三级重大危险源" in page
    assert "1.3333" in page
    assert "R = <strong>40.00</strong>" in page
    assert "26.6667" in page and "26.6660" not in page, re.findall(r"<td>碳酰氯</td>.{0,400}", page)


def test_the_detail_page_of_a_unit_that_is_not_major(world, units, client_for):
    page = client_for(world.district_user).get(f"/hazard-units/{units['ent_street_a'].pk}/").content.decode()
    assert "不构成重大危险源" in page
    assert "α =" not in page


def test_the_detail_page_offers_changes_only_to_those_who_may(world, major, client_for):
    url = f"/hazard-units/{major.pk}/"
    assert f'action="{url}substances/"' in client_for(world.enterprise_user).get(url).content.decode()
    assert f'action="{url}substances/"' not in client_for(world.expert_user).get(url).content.decode()


def test_the_enterprise_page_lists_its_units(world, units, major, client_for):
    page = client_for(world.district_user).get(f"/enterprises/{world.ent_park.pk}/").content.decode()
    assert f'href="/hazard-units/{major.pk}/">液氨储罐区</a>' in page
    assert "四级" in page
    assert "喷漆车间" not in page and "油品库房" not in page

    page = client_for(world.district_user).get(f"/enterprises/{world.ent_street_b.pk}/").content.decode()
    assert f'href="/hazard-units/{units["ent_street_b"].pk}/">油品库房</a>' in page
    assert "液氨储罐区" not in page


# --- query counts ---------------------------------------------------------------------------------------


def add_units(world, ammonia, count, start):
    enterprises = [world.ent_park, world.ent_street_a, world.ent_street_b]
    units = HazardUnit.objects.bulk_create(
        HazardUnit(enterprise=enterprises[i % 3], kind="storage", name=f"批量单元{start + i:05d}",
                   population_500m=60, principal="张三", technical_lead="李四", operations_lead="王五",
                   is_major=True, level=4, s_value=1.25, r_value=3.75)
        for i in range(count)
    )
    HazardUnitSubstance.objects.bulk_create(
        HazardUnitSubstance(unit=unit, chemical=ammonia, quantity_t=Decimal("12.5")) for unit in units
    )
    inputs = {"unit_type": "storage", "population_500m": 60, "substances": [{"name": "氨", "quantity_t": 12.5}]}
    result = gb18218.assess(inputs)
    MajorHazardAssessment.objects.bulk_create(
        MajorHazardAssessment(unit=unit, reason="批量", inputs=inputs, result=result, is_major=True, level=4,
                              actor=world.district_user)
        for unit in units
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_list_page_and_api_queries_do_not_grow_with_the_units(world, ammonia, client_for):
    client = client_for(world.district_user)
    add_units(world, ammonia, 20, start=0)
    page_small, _ = queries_for(client, "/hazard-units/?per_page=200")
    api_small, _ = queries_for(client, "/api/v1/hazard-units/?page_size=200")

    add_units(world, ammonia, 180, start=1000)
    page_large, page = queries_for(client, "/hazard-units/?per_page=200")
    api_large, api = queries_for(client, "/api/v1/hazard-units/?page_size=200")

    assert len(UNIT_LINK.findall(page.content.decode())) == 200
    results = api.json()["results"]
    assert len(results) == 200
    assert all(r["grading"]["R"] == 3.75 and r["substances"][0]["chemical_name"] == "氨" for r in results)
    assert page_large == page_small <= MAX_QUERIES
    assert api_large == api_small <= MAX_QUERIES
