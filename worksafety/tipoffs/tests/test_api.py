"""The tip-off API: the public intake and status endpoints (no login), and the staff collection with its
steps and xlsx export, scoped like the pages; the reporter's identity is never in it."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from rest_framework.test import APIClient

from conftest import ROLES, user_of
from worksafety.core.models import Attachment
from worksafety.tipoffs import identity
from worksafety.tipoffs.choices import Category, State
from worksafety.tipoffs.models import TipOff, TipOffEvent, TipOffPolicy
from worksafety.tipoffs.tests.helpers import (
    ADDRESS,
    CONCLUSION,
    CONTENT,
    PLACES,
    REPLY,
    TODAY,
    VISIBLE,
    fresh,
    jpeg_bytes,
    make_tipoff,
)

PUBLIC = "/api/v1/public/tipoffs/"
STAFF = "/api/v1/tipoffs/"
NAME, PHONE = "王五", "13800001234"
SECRET_KEYS = {"identity_ciphertext", "name", "phone", "identity", "source_digest"}


@pytest.fixture
def public():
    return APIClient(REMOTE_ADDR=ADDRESS)


def post_public(public, **data):
    return public.post(PUBLIC, data, format="json")


# --- public intake --------------------------------------------------------------------------------------------

def test_public_post_answers_the_tracking_code(world, public):
    response = post_public(public, content=CONTENT, anonymous=True)
    assert response.status_code == 201
    tipoff = TipOff.objects.get()
    assert response.json() == {"tracking_code": tipoff.tracking_code, "due_on": (TODAY + timedelta(days=60)).isoformat()}
    assert (tipoff.content, tipoff.category, tipoff.anonymous, tipoff.area) == (
        CONTENT, Category.OTHER_VIOLATION, True, world.district)
    assert tipoff.source_digest == identity.address_digest(ADDRESS)
    assert [e.action for e in tipoff.events.all()] == ["receive"]


def test_public_post_needs_no_login_and_ignores_credentials(world):
    api = APIClient(REMOTE_ADDR=ADDRESS)
    api.force_authenticate(world.district_user)
    assert post_public(api, content=CONTENT, anonymous=True).status_code == 201


def test_public_post_with_everything(world, public):
    response = post_public(public, content=CONTENT, anonymous=False, name=NAME, phone=PHONE,
                           category=Category.CONCEALED_ACCIDENT, place="港兴大道", reported_enterprise="甲公司",
                           area=world.street_a.code, location={"type": "Point", "coordinates": [121.8, 39.3]})
    assert response.status_code == 201
    tipoff = TipOff.objects.get()
    assert (tipoff.category, tipoff.place, tipoff.reported_enterprise, tipoff.area, tipoff.lat, tipoff.lon) == (
        Category.CONCEALED_ACCIDENT, "港兴大道", "甲公司", world.street_a, 39.3, 121.8)
    assert NAME not in tipoff.identity_ciphertext
    assert identity.decrypt_identity(tipoff.identity_ciphertext) == {"name": NAME, "phone": PHONE}


def test_public_post_with_a_photo_as_multipart(world, public):
    photo = SimpleUploadedFile("现场.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = public.post(PUBLIC, {"content": CONTENT, "anonymous": "true", "photos": [photo]}, format="multipart")
    assert response.status_code == 201
    assert Attachment.objects.get().owner == TipOff.objects.get()


def test_public_post_with_an_executable_is_refused(world, public):
    upload = SimpleUploadedFile("x.jpg", b"MZ" + b"\x00" * 64, content_type="image/jpeg")
    response = public.post(PUBLIC, {"content": CONTENT, "photos": [upload]}, format="multipart")
    assert response.status_code == 400
    assert not TipOff.objects.exists() and not Attachment.objects.exists()


@pytest.mark.parametrize("body,fields", [
    pytest.param({}, {"content"}, id="empty"),
    pytest.param({"content": ""}, {"content"}, id="blank-content"),
    pytest.param({"content": "x" * 5001}, {"content"}, id="too-long"),
    pytest.param({"content": CONTENT, "category": "gossip"}, {"category"}, id="unknown-category"),
    pytest.param({"content": CONTENT, "location": {"type": "Point", "coordinates": [121.8]}}, {"location"},
                 id="location-not-a-point"),
    pytest.param({"content": CONTENT, "location": [121.8, 39.3]}, {"location"}, id="location-a-list"),
    pytest.param({"content": CONTENT, "area": "999999"}, {"area"}, id="unknown-area"),
    pytest.param({"content": CONTENT, "anonymous": False}, {"name"}, id="real-name-without-name"),
    pytest.param({"content": CONTENT, "anonymous": False, "name": NAME, "phone": "phone"}, {"phone"},
                 id="bad-phone"),
    pytest.param({"content": CONTENT, "location": {"type": "Point", "coordinates": [121.8, 40.5]}}, {"location"},
                 id="location-outside"),
])
def test_public_post_refuses_a_bad_body_with_field_errors(world, public, body, fields):
    response = public.post(PUBLIC, body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == fields
    assert not TipOff.objects.exists() and not TipOffEvent.objects.exists()


def test_public_post_is_rate_limited_per_address(world, public):
    TipOffPolicy.objects.create(pk=1, per_address_per_hour=2, per_address_per_day=10)
    for n in range(2):
        assert post_public(public, content=f"举报 {n}").status_code == 201
    response = post_public(public, content="举报 2")
    assert response.status_code == 429
    assert response.json() == {"detail": "提交过于频繁，请稍后再试。如情况紧急，请拨打 12350 举报热线。"}
    assert TipOff.objects.count() == 2
    other = APIClient(REMOTE_ADDR="198.51.100.20")
    assert post_public(other, content="另一地址").status_code == 201
    assert TipOff.objects.count() == 3


def test_the_page_and_the_api_share_one_limit(world, public, client):
    TipOffPolicy.objects.create(pk=1, per_address_per_hour=1, per_address_per_day=10)
    assert post_public(public, content="举报 0").status_code == 201
    client.get("/public/tipoffs/captcha.png")
    answer = client.session["tipoff_captcha"]["answer"]
    response = client.post("/public/tipoffs/", {"category": Category.MAJOR_HAZARD, "content": "页面举报",
                                                "anonymous": "on", "captcha": answer}, REMOTE_ADDR=ADDRESS)
    assert response.context["form"].non_field_errors()
    assert TipOff.objects.count() == 1


# --- public status --------------------------------------------------------------------------------------------

@pytest.fixture
def handled(world):
    tipoff = make_tipoff(world, "ent_park", State.CLOSED, closed_on=TODAY, anonymous=False,
                         identity_ciphertext=identity.encrypt_identity(NAME, PHONE))
    TipOffEvent.objects.create(tipoff=tipoff, action="receive", to_state=State.RECEIVED, public_reply="已受理")
    TipOffEvent.objects.create(tipoff=tipoff, action="investigate", from_state=State.RECEIVED,
                               to_state=State.INVESTIGATING, actor=world.district_user, comment="内部意见")
    TipOffEvent.objects.create(tipoff=tipoff, action="close", from_state=State.SUBSTANTIATED, to_state=State.CLOSED,
                               actor=world.district_user, public_reply=REPLY)
    return tipoff


def test_public_status_is_the_state_and_the_replies_only(world, public, handled):
    response = public.get(f"{PUBLIC}{handled.tracking_code}/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"tracking_code", "state", "state_display", "received_at", "due_on", "replies"}
    assert (data["tracking_code"], data["state"], data["state_display"], data["due_on"]) == (
        handled.tracking_code, "closed", "已办结", handled.due_on.isoformat())
    assert [r["text"] for r in data["replies"]] == ["已受理", REPLY]
    assert all(set(r) == {"at", "text"} for r in data["replies"])
    text = response.content.decode()
    for secret in (CONTENT, CONCLUSION, "内部意见", world.ent_park.name, NAME, PHONE):
        assert secret not in text


def test_public_status_accepts_a_loosely_typed_code(world, public, handled):
    response = public.get(f"{PUBLIC}{handled.tracking_code.lower().replace('-', '')}/")
    assert response.status_code == 200 and response.json()["tracking_code"] == handled.tracking_code


@pytest.mark.parametrize("code", ["JB-00000-00000", "nonsense"])
def test_public_status_of_an_unknown_code_is_404(world, public, handled, code):
    response = public.get(f"{PUBLIC}{code}/")
    assert response.status_code == 404
    assert handled.tracking_code not in response.content.decode()


# --- the staff collection ---------------------------------------------------------------------------------

@pytest.fixture
def placed(world):
    return {place: make_tipoff(world, place, content=f"举报内容·{place}") for place in PLACES}


def visible(role):
    return {p for p in PLACES if role in VISIBLE[p]}


@pytest.mark.parametrize("role", ROLES)
def test_staff_list_and_detail_show_exactly_the_scope(world, placed, api_for, role):
    api = api_for(user_of(world, role))
    response = api.get(STAFF)
    assert response.status_code == 200
    codes = {row["tracking_code"] for row in response.json()["results"]}
    assert codes == {placed[p].tracking_code for p in visible(role)}
    for place, tipoff in placed.items():
        assert api.get(f"{STAFF}{tipoff.pk}/").status_code == (200 if place in visible(role) else 404), place


def test_staff_api_needs_authentication(world, placed):
    assert APIClient().get(STAFF).status_code in (401, 403)


def test_staff_detail_has_the_handling_but_never_the_identity(world, api_for, handler):
    tipoff = make_tipoff(world, "ent_park", anonymous=False, identity_ciphertext=identity.encrypt_identity(NAME, PHONE))
    TipOffEvent.objects.create(tipoff=tipoff, action="receive", to_state=State.RECEIVED, public_reply="已受理")
    for user in (world.district_user, handler, world.admin, world.street_a_user):
        response = api_for(user).get(f"{STAFF}{tipoff.pk}/")
        data = response.json()
        assert not SECRET_KEYS & set(data)
        assert data["anonymous"] is False
        assert data["area"] == world.street_a.code and data["enterprise"] == world.ent_park.pk
        assert [e["action"] for e in data["events"]] == ["receive"]
        text = response.content.decode()
        assert NAME not in text and PHONE not in text and tipoff.identity_ciphertext not in text
    listing = api_for(handler).get(STAFF).content.decode()
    assert NAME not in listing and tipoff.identity_ciphertext not in listing


def test_staff_cannot_create_change_or_delete_through_the_collection(world, api_for):
    tipoff = make_tipoff(world)
    api = api_for(world.district_user)
    assert api.post(STAFF, {"content": "x"}, format="json").status_code == 404
    assert api.patch(f"{STAFF}{tipoff.pk}/", {"state": "closed"}, format="json").status_code == 405
    assert api.put(f"{STAFF}{tipoff.pk}/", {"state": "closed"}, format="json").status_code == 405
    assert api.delete(f"{STAFF}{tipoff.pk}/").status_code == 405
    assert TipOff.objects.count() == 1 and fresh(tipoff).state == State.RECEIVED


def test_transitions_endpoint_takes_the_steps(world, api_for):
    tipoff = make_tipoff(world, "ent_park")
    street = api_for(world.street_a_user)
    response = street.post(f"{STAFF}{tipoff.pk}/transitions/", {"action": "investigate", "comment": "去现场"},
                           format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "investigating"
    response = street.post(f"{STAFF}{tipoff.pk}/transitions/", {"action": "substantiate", "conclusion": CONCLUSION},
                           format="json")
    assert (response.json()["state"], response.json()["substantiated"], response.json()["conclusion"]) == (
        "substantiated", True, CONCLUSION)
    response = api_for(world.district_user).post(f"{STAFF}{tipoff.pk}/transitions/",
                                                 {"action": "close", "public_reply": REPLY}, format="json")
    assert response.status_code == 200
    assert response.json()["state"] == "closed" and response.json()["closed_on"] == TODAY.isoformat()
    assert [(e["action"], e["actor"]) for e in response.json()["events"]] == [
        ("investigate", "street_a"), ("substantiate", "street_a"), ("close", "district")]


@pytest.mark.parametrize("state,user,body,field", [
    pytest.param(State.RECEIVED, "district", {"action": "close", "public_reply": REPLY}, "non_field_errors",
                 id="not-from-this-state"),
    pytest.param(State.RECEIVED, "district", {"action": "explode"}, "non_field_errors", id="unknown-action"),
    pytest.param(State.INVESTIGATING, "district", {"action": "substantiate"}, "conclusion", id="no-conclusion"),
    pytest.param(State.SUBSTANTIATED, "district", {"action": "close"}, "public_reply", id="no-reply"),
    pytest.param(State.SUBSTANTIATED, "street_a", {"action": "close", "public_reply": REPLY}, "non_field_errors",
                 id="not-the-districts-step"),
    pytest.param(State.RECEIVED, "district", {}, "action", id="no-action"),
])
def test_transitions_endpoint_refuses_illegal_steps_with_400(world, api_for, state, user, body, field):
    tipoff = make_tipoff(world, "ent_park", state)
    response = api_for(user_of(world, user)).post(f"{STAFF}{tipoff.pk}/transitions/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert fresh(tipoff).state == state and not tipoff.events.exists()


@pytest.mark.parametrize("role", ["street_b", "department", "enterprise", "expert"])
def test_transitions_endpoint_out_of_scope_is_404(world, api_for, role):
    tipoff = make_tipoff(world, "ent_park")
    response = api_for(user_of(world, role)).post(f"{STAFF}{tipoff.pk}/transitions/", {"action": "investigate"},
                                                  format="json")
    assert response.status_code == 404
    assert fresh(tipoff).state == State.RECEIVED


def test_two_api_steps_at_once_one_wins(world, api_for):
    """A step on an outdated view of the tip-off is refused (the service starts from the stored state)."""
    tipoff = make_tipoff(world, "ent_park", State.INVESTIGATING)
    assert api_for(world.park_user).post(f"{STAFF}{tipoff.pk}/transitions/",
                                         {"action": "substantiate", "conclusion": CONCLUSION},
                                         format="json").status_code == 200
    response = api_for(world.street_a_user).post(f"{STAFF}{tipoff.pk}/transitions/",
                                                 {"action": "unsubstantiate", "conclusion": "不属实"}, format="json")
    assert response.status_code == 400
    assert fresh(tipoff).state == State.SUBSTANTIATED


def sheet_codes(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("role", ["admin", "district", "department", "street_a", "park"])
def test_xlsx_export_of_the_scope(world, placed, api_for, client_for, role):
    user = user_of(world, role)
    expected = {placed[p].tracking_code for p in visible(role)}
    response = api_for(user).get(STAFF, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert sheet_codes(response.content) == expected
    page = client_for(user).get("/tipoffs/", {"export": "xlsx"})
    assert sheet_codes(page.content) == expected


def test_xlsx_export_follows_the_filters(world, placed, api_for):
    make_tipoff(world, "ent_street_b", State.CLOSED, closed_on=TODAY)
    response = api_for(world.district_user).get(STAFF, {"format": "xlsx", "state": "closed"})
    assert len(sheet_codes(response.content)) == 1


def test_xlsx_export_has_the_table_headers(world, placed, api_for):
    sheet = load_workbook(io.BytesIO(api_for(world.district_user).get(STAFF, {"format": "xlsx"}).content)).active
    headers = [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1))]
    assert headers == ["查询码", "类别", "内容", "涉及企业", "承办区域", "状态", "受理时间", "办结期限", "超期"]


def test_the_overdue_filter(world, api_for):
    late = make_tipoff(world, due_on=TODAY - timedelta(days=1))
    make_tipoff(world, due_on=TODAY + timedelta(days=1))
    make_tipoff(world, "unassigned", State.CLOSED, closed_on=TODAY, due_on=TODAY - timedelta(days=1))
    rows = api_for(world.district_user).get(STAFF, {"overdue": "true"}).json()["results"]
    assert [(r["tracking_code"], r["is_overdue"]) for r in rows] == [(late.tracking_code, True)]
