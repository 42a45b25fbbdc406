"""Evidence on hazards: photos attached when registering, photos and documents attached to a step of the closed
loop (page and API, multipart), a dangerous upload failing the whole step, and API steps named by `to_state`."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from worksafety.core.attachments import attachments_for
from worksafety.core.models import Attachment
from worksafety.hazards.choices import State
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.hazards.tests.test_dossier_quarterly import png_upload, text_upload
from worksafety.hazards.tests.test_hazard_pages_api import PLAN, make_hazard, register_data


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    settings.WORKSAFETY_ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.WORKSAFETY_ATTACHMENT_DIR


@pytest.fixture
def hazard(world):
    return make_hazard(world, world.ent_park, title="甲厂储罐呼吸阀失效")


def executable(name="整改照片.jpg"):
    """A Windows program under a photo's name."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120, content_type="image/jpeg")


def files_of(obj):
    return sorted((a.name, a.kind) for a in attachments_for(obj))


def assert_unchanged(hazard, attachment_dir):
    hazard.refresh_from_db()
    assert hazard.state == State.REGISTERED and hazard.measures == ""
    assert not hazard.events.exists()
    assert not Attachment.objects.exists()
    assert not attachment_dir.exists() or not any(p.is_file() for p in attachment_dir.rglob("*"))


def test_registering_on_the_page_attaches_the_photo_to_the_hazard(world, client_for):
    response = client_for(world.enterprise_user).post(
        "/hazards/add/", {**register_data(world.ent_park), "attachments": png_upload()})
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    assert files_of(hazard) == [("现场照片.png", "photo")]
    assert attachments_for(hazard).get().uploaded_by == world.enterprise_user
    assert files_of(hazard.events.get()) == []


def test_a_step_on_the_page_keeps_its_files_with_the_step(world, hazard, client_for, attachment_dir):
    response = client_for(world.enterprise_user).post(
        f"/hazards/{hazard.pk}/start/", {**PLAN, "comment": "方案见附件", "attachments": [png_upload(), text_upload()]})
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFYING
    event = hazard.events.get()
    assert (event.action, event.comment) == ("start", "方案见附件")
    assert files_of(event) == [("现场照片.png", "photo"), ("验收报告.txt", "document")]
    assert files_of(hazard) == []
    # The step's files are on its page.
    content = client_for(world.park_user).get(f"/hazards/{hazard.pk}/").content.decode()
    assert "现场照片.png" in content and "验收报告.txt" in content


def test_a_step_through_the_api_takes_multipart_attachments(world, hazard, api_for):
    response = api_for(world.street_a_user).post(
        f"/api/v1/hazards/{hazard.pk}/transitions/",
        {"action": "start", **PLAN, "attachments": [png_upload(), text_upload()]}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == State.RECTIFYING
    event = HazardEvent.objects.get(hazard=hazard)
    assert event.action == "start" and event.actor == world.street_a_user
    assert files_of(event) == [("现场照片.png", "photo"), ("验收报告.txt", "document")]


def test_an_executable_fails_the_step_on_the_page(world, hazard, client_for, attachment_dir):
    response = client_for(world.enterprise_user).post(
        f"/hazards/{hazard.pk}/start/", {**PLAN, "attachments": [png_upload(), executable()]})
    assert response.status_code == 302
    assert any("可执行程序" in str(m) for m in get_messages(response.wsgi_request))
    assert_unchanged(hazard, attachment_dir)


def test_an_executable_fails_the_step_through_the_api(world, hazard, api_for, attachment_dir):
    response = api_for(world.enterprise_user).post(
        f"/api/v1/hazards/{hazard.pk}/transitions/",
        {"action": "start", **PLAN, "attachments": [png_upload(), executable("tool.exe")]}, format="multipart")
    assert response.status_code == 400, response.content
    assert "可执行程序" in response.content.decode()
    assert_unchanged(hazard, attachment_dir)


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_api_step_by_target_state(world, hazard, api_for, fmt):
    response = api_for(world.enterprise_user).post(f"/api/v1/hazards/{hazard.pk}/transitions/",
                                                   {"to_state": State.RECTIFYING, **PLAN}, format=fmt)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["state"], data["measures"], data["deadline"]) == (State.RECTIFYING, PLAN["measures"],
                                                                   PLAN["deadline"])
    assert [(e["action"], e["from_state"], e["to_state"]) for e in data["events"]] == [
        ("start", State.REGISTERED, State.RECTIFYING)]


@pytest.mark.parametrize("target", [State.AWAITING_ACCEPTANCE, State.LISTED, State.REGISTERED])
def test_api_unreachable_target_state_is_400(world, hazard, api_for, attachment_dir, target):
    response = api_for(world.enterprise_user).post(f"/api/v1/hazards/{hazard.pk}/transitions/",
                                                   {"to_state": target, **PLAN, "attachments": [png_upload()]},
                                                   format="multipart")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["to_state"]
    assert_unchanged(hazard, attachment_dir)
