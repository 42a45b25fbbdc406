"""For every role, what each list, detail, export, create and update of the foundation's models shows and
allows, on pages and on the API. Out of scope is always 404 (ARCHITECTURE.md rule 1)."""

import io

import pytest
from openpyxl import load_workbook

from conftest import ENTERPRISES, ROLES, SEES, user_of

CHANGES = {**SEES, "expert": []}
ADDS_ENTERPRISES = {"admin", "district", "department", "street_a", "street_b", "park"}
DELETES_ENTERPRISES = {"admin", "district"}
EDITS_REFERENCE = {"admin", "district"}  # areas and departments
LICENCE_OF = {"ent_park": "licence_park", "ent_street_b": "licence_b"}



@pytest.mark.parametrize("role", ROLES)
def test_enterprise_list_page_api_and_export_show_exactly_the_scope(world, role, client_for, api_for):
    user = user_of(world, role)
    expected = {getattr(world, name).name for name in SEES[role]}
    everyone = {getattr(world, name).name for name in ENTERPRISES}

    page = client_for(user).get("/enterprises/").content.decode()
    assert {name for name in everyone if name in page} == expected

    api = api_for(user).get("/api/v1/enterprises/").json()
    assert {row["name"] for row in api["results"]} == expected

    export = client_for(user).get("/enterprises/?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected

    api_export = api_for(user).get("/api/v1/enterprises/?format=xlsx")
    sheet = load_workbook(io.BytesIO(api_export.content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected


@pytest.mark.parametrize("role", ROLES)
def test_enterprise_detail_and_edit_are_404_out_of_scope(world, role, client_for, api_for):
    user = user_of(world, role)
    client, api = client_for(user), api_for(user)
    for name in ENTERPRISES:
        enterprise = getattr(world, name)
        visible = 200 if name in SEES[role] else 404
        changeable = 200 if name in CHANGES[role] else 404
        assert client.get(f"/enterprises/{enterprise.pk}/").status_code == visible, name
        assert api.get(f"/api/v1/enterprises/{enterprise.pk}/").status_code == visible, name
        assert client.get(f"/enterprises/{enterprise.pk}/edit/").status_code == changeable, name
        response = api.patch(f"/api/v1/enterprises/{enterprise.pk}/", {"safety_phone": "13800000000"}, format="json")
        assert response.status_code == changeable, (name, response.content)
        deletable = name in SEES[role] and role in DELETES_ENTERPRISES
        assert client.get(f"/enterprises/{enterprise.pk}/delete/").status_code == (200 if deletable else 404)


@pytest.mark.parametrize("role", ROLES)
def test_enterprise_create_is_offered_only_to_roles_that_may_add(world, role, client_for, api_for):
    user = user_of(world, role)
    allowed = role in ADDS_ENTERPRISES
    assert client_for(user).get("/enterprises/add/").status_code == (200 if allowed else 404)
    listing = client_for(user).get("/enterprises/").content.decode()
    assert ('href="/enterprises/add/"' in listing) == allowed


@pytest.mark.parametrize("role", ROLES)
def test_licences_follow_their_enterprise(world, role, api_for):
    api = api_for(user_of(world, role))
    expected = {getattr(world, LICENCE_OF[name]).number for name in SEES[role] if name in LICENCE_OF}
    assert {row["number"] for row in api.get("/api/v1/licences/").json()["results"]} == expected
    for name, licence_name in LICENCE_OF.items():
        licence = getattr(world, licence_name)
        status = 200 if name in SEES[role] else 404
        assert api.get(f"/api/v1/licences/{licence.pk}/").status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_reference_data_is_visible_to_all_staff_and_editable_by_the_district(world, role, client_for, api_for):
    user = user_of(world, role)
    client, api = client_for(user), api_for(user)
    editable = 200 if role in EDITS_REFERENCE else 404
    for page, obj in (("areas", world.street_a), ("departments", world.dept_transport), ("parks", world.park)):
        assert client.get(f"/{page}/").status_code == 200
        assert client.get(f"/{page}/{obj.pk}/").status_code == 200
        assert api.get(f"/api/v1/{page}/{obj.pk}/").status_code == 200
        assert client.get(f"/{page}/?export=xlsx").status_code == 200
        expected_edit = 200 if page == "parks" and role == "park" else editable
        assert client.get(f"/{page}/{obj.pk}/edit/").status_code == expected_edit, page
    assert client.get("/areas/add/").status_code == editable
    assert client.get("/departments/add/").status_code == editable


def test_park_user_cannot_edit_another_park(world, client_for):
    from worksafety.registry.models import Park

    other = Park.objects.create(code="songmudao", name="松木岛化工园区", area=world.street_b, outline=world.park.outline)
    assert client_for(world.park_user).get(f"/parks/{other.pk}/edit/").status_code == 404


def test_anonymous_gets_login_redirect_and_api_refusal(world, client):
    for url in ("/", "/enterprises/", f"/enterprises/{world.ent_park.pk}/", "/map/data/", "/audit/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/enterprises/").status_code in (401, 403)


def test_unknown_ids_are_404(world, client_for, api_for):
    assert client_for(world.district_user).get("/enterprises/999999/").status_code == 404
    assert api_for(world.district_user).get("/api/v1/enterprises/999999/").status_code == 404


def test_street_user_cannot_move_an_enterprise_out_of_its_street(world, api_for):
    response = api_for(world.street_a_user).patch(
        f"/api/v1/enterprises/{world.ent_street_a.pk}/", {"area": world.street_b.code}, format="json"
    )
    assert response.status_code in (400, 404)
    world.ent_street_a.refresh_from_db()
    assert world.ent_street_a.area == world.street_a


def test_enterprise_user_cannot_change_its_registered_identity(world, api_for):
    response = api_for(world.enterprise_user).patch(
        f"/api/v1/enterprises/{world.ent_park.pk}/", {"name": "改名公司", "sector": "industry_trade"}, format="json"
    )
    world.ent_park.refresh_from_db()
    assert world.ent_park.name == "大连甲化工有限公司" and world.ent_park.sector == world.hazchem
    assert response.status_code == 200  # read-only fields are ignored, as DRF does


@pytest.mark.parametrize("role", ROLES)
def test_audit_log_is_scoped_like_its_objects(world, role, client_for, api_for):
    from worksafety.core.models import AuditEntry

    user = user_of(world, role)
    visible = set(
        AuditEntry.objects.restrict(user).filter(object_type="registry.enterprise").values_list("object_id", flat=True)
    )
    if role == "expert":
        assert visible == set()
        assert client_for(user).get("/audit/").status_code == 404
        return
    assert visible == {str(getattr(world, name).pk) for name in SEES[role]}
    api_ids = {
        row["object_id"]
        for row in api_for(user).get("/api/v1/audit/?object_type=registry.enterprise&page_size=1000").json()["results"]
    }
    assert api_ids == visible
