"""The enterprise API with bad input and out of scope, role-locked fields, and token login with lockout."""

import pytest
from rest_framework.test import APIClient

from conftest import PASSWORD, make_uscc
from worksafety.registry.models import Enterprise

LIST = "/api/v1/enterprises/"
TOKEN = "/api/v1/auth/token/"



def detail(enterprise):
    return f"{LIST}{enterprise.pk}/"


def payload(serial=701, **changes):
    data = {
        "name": f"大连接口{serial}有限公司", "uscc": make_uscc(serial), "sector": "hazchem", "area": "210213001",
        "park": "dagushan", "address": f"大孤山街道接口路{serial}号",
        "location": {"type": "Point", "coordinates": [121.83, 39.03]}, "legal_representative": "钱九",
        "employees": 80,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not ...}


def post(api, data):
    return api.post(LIST, data, format="json")


# --- create with bad input: 400 under the right field, nothing saved -----------------------------------------

@pytest.mark.parametrize("changes,field,message", [
    pytest.param({"uscc": "91210213MA0XXXXXX1"}, "uscc", "统一社会信用代码无效", id="invalid-uscc"),
    pytest.param({"uscc": "12345"}, "uscc", "统一社会信用代码无效", id="short-uscc"),
    pytest.param({"uscc": make_uscc(1)}, "uscc", "已存在", id="duplicate-uscc"),
    pytest.param({"location": {"type": "Point", "coordinates": [121.5, 31.2]}}, "lat", "不在本区范围内",
                 id="outside-district"),
    pytest.param({"location": {"type": "Point", "coordinates": [139.0, 239.0]}}, "lat", "超出 WGS-84 范围",
                 id="not-wgs84"),
    pytest.param({"location": {"type": "Point", "coordinates": "121.83,39.03"}}, "location", "GeoJSON Point",
                 id="coordinates-string"),
    pytest.param({"location": {"type": "Point", "coordinates": [121.83]}}, "location", "GeoJSON Point",
                 id="one-coordinate"),
    pytest.param({"location": {"type": "Polygon", "coordinates": [121.83, 39.03]}}, "location", "GeoJSON Point",
                 id="not-a-point"),
    pytest.param({"location": [121.83, 39.03]}, "location", "GeoJSON Point", id="bare-list"),
    pytest.param({"location": {"type": "Point", "coordinates": ["东经", "北纬"]}}, "location", "GeoJSON Point",
                 id="words"),
    pytest.param({"sector": "space"}, "sector", "", id="unknown-sector"),
    pytest.param({"area": "210213001001"}, "area", "", id="community-is-not-an-area"),
    pytest.param({"park": "nowhere"}, "park", "", id="unknown-park"),
    pytest.param({"area": "210213002", "location": {"type": "Point", "coordinates": [121.70, 39.10]}}, "park",
                 "不属于所选街道", id="park-in-other-street"),
    pytest.param({"safety_phone": "12345"}, "safety_phone", "11 位手机号", id="bad-phone"),
    pytest.param({"industry_code": "2614"}, "industry_code", "GB/T 4754", id="bad-industry-code"),
    pytest.param({"employees": -1}, "employees", "", id="negative-employees"),
    pytest.param({"status": "bankrupt"}, "status", "", id="unknown-status"),
])
def test_create_with_bad_input_is_400_under_the_field(world, api_for, changes, field, message):
    before = Enterprise.objects.count()

    response = post(api_for(world.district_user), payload(**changes))

    assert response.status_code == 400, response.content
    body = response.json()
    assert field in body, body
    assert message in " ".join(body[field])
    assert Enterprise.objects.count() == before


def test_create_with_missing_required_fields_lists_each(world, api_for):
    before = Enterprise.objects.count()

    response = post(api_for(world.district_user), {"name": "大连缺项有限公司"})

    assert response.status_code == 400
    assert {"uscc", "sector", "area", "address", "legal_representative"} <= set(response.json())
    assert "name" not in response.json()
    assert Enterprise.objects.count() == before


def test_create_with_blank_required_field(world, api_for):
    response = post(api_for(world.district_user), payload(legal_representative="", address=...))

    assert response.status_code == 400
    assert {"legal_representative", "address"} <= set(response.json())
    assert not Enterprise.objects.filter(uscc=make_uscc(701)).exists()


# --- valid create ------------------------------------------------------------------------------------------

def test_district_user_creates_an_enterprise(world, api_for):
    response = post(api_for(world.district_user), payload(uscc=make_uscc(702).lower()))

    assert response.status_code == 201, response.content
    body = response.json()
    created = Enterprise.objects.get(pk=body["id"])
    assert body["name"] == "大连接口701有限公司" == created.name
    assert body["uscc"] == make_uscc(702) == created.uscc  # stored upper-case
    assert body["sector"] == "hazchem" and created.sector == world.hazchem
    assert body["area"] == "210213001" and created.area == world.street_a
    assert body["park"] == "dagushan" and created.park == world.park
    assert body["location"] == {"type": "Point", "coordinates": [121.83, 39.03]}
    assert (created.lat, created.lon) == (39.03, 121.83)


def test_create_without_location(world, api_for):
    response = post(api_for(world.district_user), payload(location=None, park=None))

    assert response.status_code == 201, response.content
    assert response.json()["location"] is None
    assert Enterprise.objects.get(pk=response.json()["id"]).lat is None


def test_street_user_creates_in_its_own_street(world, api_for):
    response = post(api_for(world.street_a_user), payload(703))

    assert response.status_code == 201, response.content
    assert Enterprise.objects.get(uscc=make_uscc(703)).area == world.street_a


def test_street_user_cannot_create_in_another_street(world, api_for):
    before = Enterprise.objects.count()
    data = payload(704, area="210213002", park=None, location={"type": "Point", "coordinates": [121.70, 39.10]})

    response = post(api_for(world.street_a_user), data)

    assert response.status_code == 404  # out of scope is answered as not found (exception handler), never 201
    assert Enterprise.objects.count() == before
    assert not Enterprise.objects.filter(uscc=make_uscc(704)).exists()


@pytest.mark.parametrize("role", ["enterprise_user", "expert_user"])
def test_roles_without_add_cannot_create(world, api_for, role):
    before = Enterprise.objects.count()

    response = post(api_for(getattr(world, role)), payload(705))

    assert response.status_code in (403, 404, 405)
    assert Enterprise.objects.count() == before


def test_street_user_cannot_move_an_enterprise_out_of_its_street(world, api_for):
    ent = world.ent_street_a

    response = api_for(world.street_a_user).patch(
        detail(ent), {"area": "210213002", "location": {"type": "Point", "coordinates": [121.70, 39.10]}}, format="json"
    )

    assert response.status_code == 404
    ent.refresh_from_db()
    assert ent.area == world.street_a


# --- reading out of scope ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role,enterprise", [
    ("street_b_user", "ent_park"),
    ("street_b_user", "ent_street_a"),
    ("street_a_user", "ent_street_b"),
    ("enterprise_user", "ent_street_a"),
    ("enterprise_user", "ent_street_b"),
    ("park_user", "ent_street_a"),
    ("department_user", "ent_park"),
])
def test_out_of_scope_enterprise_is_404(world, api_for, role, enterprise):
    api = api_for(getattr(world, role))
    target = getattr(world, enterprise)

    assert api.get(detail(target)).status_code == 404
    assert api.patch(detail(target), {"safety_phone": "13800000000"}, format="json").status_code == 404
    target.refresh_from_db()
    assert target.safety_phone == ""


def test_in_scope_enterprise_is_readable(world, api_for):
    response = api_for(world.enterprise_user).get(detail(world.ent_park))

    assert response.status_code == 200
    assert response.json()["uscc"] == world.ent_park.uscc
    assert response.json()["location"] == {"type": "Point", "coordinates": [121.83, 39.02]}
    listed = api_for(world.enterprise_user).get(LIST).json()
    assert [e["id"] for e in listed["results"]] == [world.ent_park.pk]


# --- role-locked fields -----------------------------------------------------------------------------------

def test_enterprise_user_cannot_rename_its_enterprise(world, api_for):
    response = api_for(world.enterprise_user).patch(detail(world.ent_park), {"name": "改名有限公司"}, format="json")

    assert response.status_code in (200, 400)
    world.ent_park.refresh_from_db()
    assert world.ent_park.name == "大连甲化工有限公司"


@pytest.mark.parametrize("field,value", [
    ("uscc", make_uscc(706)), ("sector", "industry_trade"), ("area", "210213002"), ("park", None),
    ("status", "closed"),
])
def test_enterprise_user_cannot_change_locked_fields(world, api_for, field, value):
    before = Enterprise.objects.values(field).get(pk=world.ent_park.pk)

    api_for(world.enterprise_user).patch(detail(world.ent_park), {field: value}, format="json")

    assert Enterprise.objects.values(field).get(pk=world.ent_park.pk) == before


def test_enterprise_user_updates_its_safety_phone(world, api_for):
    response = api_for(world.enterprise_user).patch(
        detail(world.ent_park), {"safety_phone": "0411-87654321", "safety_manager": "吴十"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["safety_phone"] == "0411-87654321"
    world.ent_park.refresh_from_db()
    assert (world.ent_park.safety_phone, world.ent_park.safety_manager) == ("0411-87654321", "吴十")


def test_enterprise_user_bad_phone_is_400(world, api_for):
    response = api_for(world.enterprise_user).patch(detail(world.ent_park), {"safety_phone": "110"}, format="json")

    assert response.status_code == 400
    assert "safety_phone" in response.json()
    world.ent_park.refresh_from_db()
    assert world.ent_park.safety_phone == ""


def test_district_user_may_rename(world, api_for):
    response = api_for(world.district_user).patch(detail(world.ent_park), {"name": "改名有限公司"}, format="json")

    assert response.status_code == 200
    world.ent_park.refresh_from_db()
    assert world.ent_park.name == "改名有限公司"


def test_update_to_duplicate_uscc_is_400(world, api_for):
    response = api_for(world.district_user).patch(
        detail(world.ent_street_a), {"uscc": world.ent_park.uscc}, format="json"
    )

    assert response.status_code == 400
    assert "uscc" in response.json()
    world.ent_street_a.refresh_from_db()
    assert world.ent_street_a.uscc == make_uscc(2)


# --- token login --------------------------------------------------------------------------------------------

def obtain_token(username="district", password=PASSWORD):
    return APIClient().post(TOKEN, {"username": username, "password": password}, format="json")


def test_token_with_correct_password_authenticates_api_calls(world):
    response = obtain_token()

    assert response.status_code == 200, response.content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    listed = api.get(LIST)
    assert listed.status_code == 200
    assert listed.json()["count"] == 3
    # The token acts as its user, with that user's scope.
    street = APIClient()
    street.credentials(HTTP_AUTHORIZATION=f"Token {obtain_token('street_b').json()['token']}")
    assert [e["id"] for e in street.get(LIST).json()["results"]] == [world.ent_street_b.pk]


def test_no_or_bad_token_is_refused(world):
    assert APIClient().get(LIST).status_code in (401, 403)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get(LIST).status_code in (401, 403)


def test_wrong_password_is_400(world):
    response = obtain_token(password="wrong-password")

    assert response.status_code == 400
    assert "token" not in response.json()
    assert "密码错误" in response.json()["detail"]


def test_missing_credentials_are_400(world):
    assert APIClient().post(TOKEN, {"username": "district"}, format="json").status_code == 400
    assert APIClient().post(TOKEN, {"username": ["district"], "password": PASSWORD}, format="json").status_code == 400


def test_account_is_locked_after_five_wrong_passwords(world, settings):
    assert settings.LOGIN_FAILURE_LIMIT == 5
    for _ in range(4):
        assert obtain_token(password="wrong-password").status_code == 400
    assert obtain_token().status_code == 200  # four failures are not yet a lock, and a success clears them
    for _ in range(5):
        assert obtain_token(password="wrong-password").status_code == 400

    response = obtain_token()

    assert response.status_code == 400
    assert "token" not in response.json()
    assert "锁定" in response.json()["detail"]
    # The lock is on that account name only.
    assert obtain_token("street_a").status_code == 200
