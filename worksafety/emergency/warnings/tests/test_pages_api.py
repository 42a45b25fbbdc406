"""The staff pages and `/api/v1/warnings/`: the district drafts, edits, submits and approves; everyone else
reads what was published; out of scope is 404; bad input is a field error, nothing saved."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import user_of
from worksafety.emergency.warnings.choices import MsgType, State
from worksafety.emergency.warnings.models import Warning
from worksafety.emergency.warnings.tests.helpers import make_warning

API = "/api/v1/warnings/"


def form_data(world, **changes) -> dict:
    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {"level": "2", "category": "toxic_gas", "headline": "硫化氢扩散橙色预警", "area": world.street_a.pk,
            "area_description": "", "onset": f"{now:%Y-%m-%dT%H:%M}",
            "expires": f"{now + timedelta(hours=6):%Y-%m-%dT%H:%M}", "urgency": "Immediate",
            "certainty": "Observed", "issuer": "", "description": "某企业脱硫装置泄漏。",
            "instruction": "周边 500 米内人员向上风向撤离。", "polygon": ""}
    data.update(changes)
    return data


def test_district_pages_render(world, approver, client_for):
    draft, published = make_warning(world), make_warning(world, State.PUBLISHED)
    client = client_for(world.district_user)
    for url in ("/warnings/", "/warnings/?export=xlsx", "/warnings/?current=true&area=210213001",
                "/warnings/add/", f"/warnings/{draft.pk}/", f"/warnings/{draft.pk}/edit/",
                f"/warnings/{published.pk}/", "/warnings/subscription/", API, f"{API}{draft.pk}/",
                f"{API}?status=draft", "/public/warnings/"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/warnings/{published.pk}/edit/").status_code == 404  # changed by an Update instead
    assert "预警发布" in client.get("/").content.decode()


def test_draft_submit_and_approve_through_the_pages(world, approver, client_for):
    client = client_for(world.district_user)
    response = client.post("/warnings/add/", form_data(world))
    assert response.status_code == 302
    warning = Warning.objects.get()
    assert response["Location"] == f"/warnings/{warning.pk}/"
    assert warning.created_by == world.district_user and warning.issuer == "金普新区应急管理局"
    assert client.post(f"/warnings/{warning.pk}/edit/", form_data(world, headline="改后标题")).status_code == 302
    client.post(f"/warnings/{warning.pk}/submit/")
    page = client.get(f"/warnings/{warning.pk}/").content.decode()
    assert "审核发布须由起草人以外的人员办理" in page
    client.post(f"/warnings/{warning.pk}/approve/")
    assert Warning.objects.get().status == State.PENDING  # the drafter's approval was refused
    client_for(approver).post(f"/warnings/{warning.pk}/approve/")
    warning.refresh_from_db()
    assert warning.status == State.PUBLISHED and warning.headline == "改后标题"
    response = client.post(f"/warnings/{warning.pk}/successor/cancel/")
    cancel = Warning.objects.get(msg_type=MsgType.CANCEL)
    assert response["Location"] == f"/warnings/{cancel.pk}/edit/" and cancel.references == warning
    assert client.post(f"/warnings/{warning.pk}/successor/other/").status_code == 404


def test_the_new_form_starts_now_for_a_day_with_no_polygon(world, client_for):
    form = client_for(world.district_user).get("/warnings/add/").context["form"]
    onset, expires = form["onset"].value(), form["expires"].value()
    now = timezone.localtime().replace(tzinfo=None)  # forms show local wall-clock time
    assert expires - onset == timedelta(hours=24) and abs(onset - now) < timedelta(minutes=2)
    assert form["polygon"].value() == "" and "null" not in str(form["polygon"])


def test_the_form_refuses_an_end_before_the_start(world, client_for):
    client = client_for(world.district_user)
    data = form_data(world)
    data["expires"] = data["onset"]
    response = client.post("/warnings/add/", data)
    assert response.status_code == 200 and "expires" in response.context["form"].errors
    point = '{"type": "Point", "coordinates": [1, 2]}'
    response = client.post("/warnings/add/", form_data(world, polygon=point))
    assert "polygon" in response.context["form"].errors
    assert not Warning.objects.exists()


@pytest.mark.parametrize("role", ["department", "street_a", "park", "enterprise", "expert"])
def test_others_read_published_warnings_only(world, client_for, role):
    draft, published = make_warning(world), make_warning(world, State.PUBLISHED)
    client = client_for(user_of(world, role))
    listing = client.get("/warnings/")
    assert listing.status_code == 200
    assert published.headline in listing.content.decode() and draft.identifier not in listing.content.decode()
    assert client.get(f"/warnings/{published.pk}/").status_code == 200
    for url in (f"/warnings/{draft.pk}/", f"/warnings/{draft.pk}/edit/", "/warnings/add/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/warnings/{draft.pk}/submit/").status_code == 404
    assert client.post(f"/warnings/{published.pk}/successor/update/").status_code == 404
    assert Warning.objects.get(pk=draft.pk).status == State.DRAFT and Warning.objects.count() == 2
    api = client.get(API).json()
    assert [row["id"] for row in api["results"]] == [published.pk]


def test_api_lifecycle(world, approver, api_for):
    api = api_for(world.district_user)
    onset = timezone.now()
    body = {"level": 3, "category": "fire_explosion", "headline": "储罐区火灾黄色预警", "description": "储罐区起火。",
            "instruction": "周边企业做好防护。", "area": "210213001", "onset": onset.isoformat(),
            "expires": (onset + timedelta(hours=4)).isoformat()}
    response = api.post(API, body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "draft" and created["msg_type"] == "Alert"
    assert len(created["identifier"]) == 31
    assert api.patch(f"{API}{created['id']}/", {"headline": "改"}, format="json").status_code == 200
    step = api.post(f"{API}{created['id']}/transitions/", {"action": "submit"}, format="json")
    assert step.status_code == 200 and step.json()["status"] == "pending"
    assert api.patch(f"{API}{created['id']}/", {"headline": "再改"}, format="json").status_code == 400
    own_approval = api.post(f"{API}{created['id']}/transitions/", {"action": "approve"}, format="json")
    assert own_approval.status_code == 400
    step = api_for(approver).post(f"{API}{created['id']}/transitions/", {"action": "approve"}, format="json")
    assert step.json()["status"] == "published" and step.json()["sent"]
    response = api.post(f"{API}{created['id']}/successors/", {"msg_type": "Update"}, format="json")
    assert response.status_code == 201
    assert response.json()["references"] == created["identifier"] and response.json()["msg_type"] == "Update"


def test_api_refuses_bad_input_with_field_errors(world, api_for):
    api = api_for(world.district_user)
    onset = timezone.now()
    body = {"level": 5, "category": "fire_explosion", "headline": "x", "description": "x", "instruction": "x",
            "area": "210213001", "onset": onset.isoformat(), "expires": onset.isoformat()}
    assert "level" in api.post(API, body, format="json").json()
    body["level"] = 3
    response = api.post(API, body, format="json")
    assert response.status_code == 400 and "expires" in response.json()
    assert not Warning.objects.exists()
    for role in ("street_a", "enterprise"):
        body["expires"] = (onset + timedelta(hours=1)).isoformat()
        assert api_for(user_of(world, role)).post(API, body, format="json").status_code in (403, 404)
    assert not Warning.objects.exists()
    assert api_for(world.enterprise_user).post(f"{API}1/transitions/", {"action": "submit"},
                                               format="json").status_code == 404
