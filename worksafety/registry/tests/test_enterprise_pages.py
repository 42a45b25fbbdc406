"""The enterprise create/edit pages with bad input and out of scope, and the list page's filters, sorting and
HTMX partial."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_uscc
from worksafety.registry.models import Enterprise, Licence

ADD = "/enterprises/add/"
LIST = "/enterprises/"



def form_data(world, serial=801, **changes):
    data = {
        "name": f"大连页面{serial}有限公司", "uscc": make_uscc(serial), "sector": world.hazchem.pk,
        "industry_code": "C2614", "scale": "small", "area": world.street_a.pk, "park": world.park.pk,
        "address": f"大孤山街道页面路{serial}号", "lat": "39.03", "lon": "121.83", "legal_representative": "郑一",
        "safety_manager": "", "safety_phone": "", "employees": "40", "standardisation_grade": "none",
        "status": "operating",
    }
    data.update(changes)
    return data


def field_errors(response):
    form = response.context["form"]
    return {name: " ".join(errors) for name, errors in form.errors.items()}


# --- create and edit ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes,field,message", [
    pytest.param({"uscc": "91210213MA0XXXXXX1"}, "uscc", "统一社会信用代码无效", id="invalid-uscc"),
    pytest.param({"uscc": "9121"}, "uscc", "统一社会信用代码无效", id="short-uscc"),
    pytest.param({"lat": "31.2", "lon": "121.5", "park": ""}, "lat", "不在本区范围内", id="outside-district"),
    pytest.param({"lat": "39.03", "lon": ""}, "lat", "同时填写", id="lat-without-lon"),
    pytest.param({"area": "street_b", "lat": "39.10", "lon": "121.70"}, "park", "不属于所选街道",
                 id="park-in-other-street"),
    pytest.param({"legal_representative": ""}, "legal_representative", "必填", id="missing-required"),
    pytest.param({"safety_phone": "12345"}, "safety_phone", "11 位手机号", id="bad-phone"),
])
def test_create_with_bad_input_shows_the_error_and_saves_nothing(world, client_for, changes, field, message):
    if changes.get("area") == "street_b":
        changes["area"] = world.street_b.pk
    before = Enterprise.objects.count()

    response = client_for(world.district_user).post(ADD, form_data(world, **changes))

    assert response.status_code == 200
    assert message in field_errors(response).get(field, ""), field_errors(response)
    assert message in response.content.decode()
    assert Enterprise.objects.count() == before


def test_invalid_uscc_message_is_on_the_page(world, client_for):
    response = client_for(world.district_user).post(ADD, form_data(world, uscc="91210213MA0XXXXXX1"))

    assert response.status_code == 200
    assert "统一社会信用代码无效" in response.content.decode()
    assert not Enterprise.objects.filter(name="大连页面801有限公司").exists()


def test_duplicate_uscc_is_refused(world, client_for):
    before = Enterprise.objects.count()

    response = client_for(world.district_user).post(ADD, form_data(world, uscc=world.ent_street_b.uscc.lower()))

    assert response.status_code == 200
    assert "已存在" in field_errors(response)["uscc"]
    assert Enterprise.objects.count() == before


def test_street_user_choosing_another_street_gets_a_form_error(world, client_for):
    before = Enterprise.objects.count()
    data = form_data(world, area=world.street_b.pk, park="", lat="39.10", lon="121.70")

    response = client_for(world.street_a_user).post(ADD, data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "管辖范围" in response.content.decode()
    assert Enterprise.objects.count() == before
    assert not Enterprise.objects.filter(uscc=make_uscc(801)).exists()


def test_out_of_scope_create_is_still_shown_as_a_create_page(world, client_for):
    data = form_data(world, area=world.street_b.pk, park="", lat="39.10", lon="121.70")

    response = client_for(world.street_a_user).post(ADD, data)

    # Nothing was created, so the page must still offer to create, not to "edit" a phantom enterprise.
    assert response.context["title"] == "新增企业"
    assert response.context["object"].pk is None


def test_street_user_cannot_move_an_enterprise_to_another_street(world, client_for):
    ent = world.ent_street_a
    data = form_data(world, name=ent.name, uscc=ent.uscc, sector=ent.sector_id, area=world.street_b.pk, park="",
                     lat="39.10", lon="121.70")

    response = client_for(world.street_a_user).post(f"/enterprises/{ent.pk}/edit/", data)

    assert response.status_code == 200
    assert "管辖范围" in response.content.decode()
    ent.refresh_from_db()
    assert ent.area == world.street_a


def test_district_user_creates_and_is_sent_to_the_detail_page(world, client_for):
    response = client_for(world.district_user).post(ADD, form_data(world, uscc=make_uscc(802).lower()))

    created = Enterprise.objects.get(uscc=make_uscc(802))
    assert response.status_code == 302
    assert response["Location"] == f"/enterprises/{created.pk}/"
    assert created.name == "大连页面801有限公司"
    assert (created.area, created.park, created.sector) == (world.street_a, world.park, world.hazchem)
    assert (created.lat, created.lon) == (39.03, 121.83)


@pytest.mark.parametrize("role", ["enterprise_user", "expert_user"])
def test_roles_without_add_cannot_reach_the_create_page(world, client_for, role):
    client = client_for(getattr(world, role))
    before = Enterprise.objects.count()

    assert client.get(ADD).status_code == 404
    assert client.post(ADD, form_data(world)).status_code == 404
    assert Enterprise.objects.count() == before


def test_enterprise_user_cannot_rename_on_the_edit_page(world, client_for):
    ent = world.ent_park
    data = form_data(world, name="改名有限公司", uscc=ent.uscc, safety_phone="13800000000")

    response = client_for(world.enterprise_user).post(f"/enterprises/{ent.pk}/edit/", data)

    assert response.status_code == 302
    ent.refresh_from_db()
    assert ent.name == "大连甲化工有限公司"  # the field is disabled, so the posted name is ignored
    assert ent.safety_phone == "13800000000"


# --- list filters -----------------------------------------------------------------------------------------

def names_on(response):
    """Enterprise names linked in the results table, in order."""
    assert response.status_code == 200
    return re.findall(r'<a href="/enterprises/\d+/">([^<]+)</a>', response.content.decode())


def listed(client, **params):
    return names_on(client.get(LIST, params))


A, B, PARK = "大连乙机械有限公司", "大连丙物流有限公司", "大连甲化工有限公司"


@pytest.mark.parametrize("query,expected", [
    ("机械", [A]),
    ("大连", [B, PARK, A]),
    (make_uscc(3), [B]),
    (make_uscc(3).lower(), [B]),
    (make_uscc(1)[-6:], [PARK]),
    ("不存在的名字", []),
])
def test_search_matches_name_and_uscc(world, client_for, query, expected):
    assert sorted(listed(client_for(world.district_user), q=query)) == sorted(expected)


def test_sector_filter(world, client_for):
    client = client_for(world.district_user)

    assert listed(client, sector="hazchem") == [PARK]
    assert sorted(names_on(client.get(f"{LIST}?sector=hazchem&sector=road_transport"))) == sorted([PARK, B])


def test_area_filter_by_street_code(world, client_for):
    client = client_for(world.district_user)

    assert sorted(listed(client, area=world.street_a.code)) == sorted([PARK, A])
    assert listed(client, area=world.street_b.code) == [B]
    assert sorted(listed(client, area=world.district.code)) == sorted([PARK, A, B])


def test_park_filter(world, client_for):
    assert listed(client_for(world.district_user), park="dagushan") == [PARK]


def test_status_filter(world, client_for):
    Enterprise.objects.filter(pk=world.ent_street_a.pk).update(status="suspended")
    client = client_for(world.district_user)

    assert sorted(listed(client, status="operating")) == sorted([PARK, B])
    assert listed(client, status="suspended") == [A]


def test_licence_expiring_filter(world, client_for):
    today = timezone.localdate()
    Licence.objects.update(expires_on=today + timedelta(days=400))
    Licence.objects.create(enterprise=world.ent_street_a, kind="other", number="临-1",
                           expires_on=today + timedelta(days=10))
    Licence.objects.create(enterprise=world.ent_street_b, kind="other", number="临-2",
                           expires_on=today + timedelta(days=31))
    client = client_for(world.district_user)

    assert listed(client, licence_expiring_days="30") == [A]
    assert sorted(listed(client, licence_expiring_days="31")) == sorted([A, B])
    assert listed(client, licence_expiring_days="9") == []


def test_licence_expiring_filter_includes_expired_licences(world, client_for):
    today = timezone.localdate()
    Licence.objects.update(expires_on=today + timedelta(days=400))
    Licence.objects.filter(enterprise=world.ent_park).update(expires_on=today - timedelta(days=3))

    assert listed(client_for(world.district_user), licence_expiring_days="0") == [PARK]


@pytest.mark.parametrize("params", [
    {"licence_expiring_days": "abc"},
    {"licence_expiring_days": "-5"},
    {"sector": "no_such_sector"},
    {"status": "bankrupt"},
    {"area": "999999"},
])
def test_invalid_filter_shows_a_warning_and_no_rows(world, client_for, params):
    response = client_for(world.district_user).get(LIST, params)

    assert response.status_code == 200
    assert names_on(response) == []
    body = response.content.decode()
    assert "筛选条件有误" in body
    assert "没有符合条件的记录" in body


def test_filters_combine_and_stay_in_scope(world, client_for):
    client = client_for(world.street_b_user)

    assert listed(client, area=world.street_a.code) == []
    assert listed(client, q="大连") == [B]
    assert listed(client, sector="road_transport", status="operating") == [B]


# --- sorting, paging and HTMX -----------------------------------------------------------------------------

def test_sort_by_employees(world, client_for):
    for ent, employees in ((world.ent_park, 500), (world.ent_street_a, 5), (world.ent_street_b, 60)):
        Enterprise.objects.filter(pk=ent.pk).update(employees=employees)
    client = client_for(world.district_user)

    assert listed(client, sort="-employees") == [PARK, B, A]
    assert listed(client, sort="employees") == [A, B, PARK]


def test_unknown_sort_falls_back_to_name(world, client_for):
    client = client_for(world.district_user)
    by_name = list(Enterprise.objects.order_by("name", "id").values_list("name", flat=True))

    assert listed(client, sort="password") == listed(client) == by_name


def test_htmx_request_gets_only_the_table(world, client_for):
    client = client_for(world.district_user)

    partial = client.get(LIST, {"sector": "hazchem"}, headers={"HX-Request": "true"})
    full = client.get(LIST, {"sector": "hazchem"})

    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert "filter-form" not in partial.content.decode()
    assert names_on(partial) == [PARK]
    assert "<html" in full.content.decode()
    assert names_on(full) == [PARK]


def test_paging(world, client_for):
    for serial in range(900, 930):
        Enterprise.objects.create(
            name=f"大连批量{serial}有限公司", uscc=make_uscc(serial), sector=world.trade, area=world.street_a,
            address="大孤山街道", legal_representative="周八",
        )
    client = client_for(world.district_user)

    first = listed(client, per_page="25")
    second = listed(client, per_page="25", page="2")

    assert len(first) == 25 and len(second) == 8
    assert not set(first) & set(second)
