"""The public side of 举报, without login: the form with its offline captcha, what a submission stores (and
what it refuses with nothing saved), the per-address rate limit, and the status page by tracking code."""

import io
import re
import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import user_of
from worksafety.core.attachments import open_attachment
from worksafety.core.models import Attachment, AuditEntry
from worksafety.tipoffs import captcha, identity, services
from worksafety.tipoffs.choices import Category, State
from worksafety.tipoffs.models import TipOff, TipOffEvent, TipOffPolicy
from worksafety.tipoffs.tests.helpers import (
    ADDRESS,
    CAPTCHA_URL,
    CONCLUSION,
    CONTENT,
    FORM_URL,
    REPLY,
    TODAY,
    jpeg_bytes,
    make_tipoff,
)

CODE_RE = re.compile(r"^JB-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$")
RECEIVED_REPLY = "您的举报已受理，我们将依法核查处理。"


def captcha_answer(client) -> str:
    response = client.get(CAPTCHA_URL)
    assert response.status_code == 200
    return client.session[captcha.SESSION_KEY]["answer"]


def form_data(**changes) -> dict:
    data = {"category": Category.MAJOR_HAZARD, "content": CONTENT, "reported_enterprise": "", "place": "",
            "area": "", "lat": "", "lon": "", "anonymous": "on", "name": "", "phone": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}  # None: leave the field out (an unticked box)


def post_tipoff(client, *, answer=None, remote_addr=ADDRESS, **changes):
    """POST the public form, with a fresh captcha answered right unless `answer` is given."""
    if answer is None:
        answer = captcha_answer(client)
    return client.post(FORM_URL, {**form_data(**changes), "captcha": answer}, REMOTE_ADDR=remote_addr)


def form_errors(response) -> dict:
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def assert_nothing_saved():
    assert not TipOff.objects.exists()
    assert not TipOffEvent.objects.exists()
    assert not Attachment.objects.exists()


# --- the form and its captcha --------------------------------------------------------------------------------

def test_form_page_shows_the_form_and_the_captcha_image(db, client):
    response = client.get(FORM_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'src="{CAPTCHA_URL}"' in content
    for name in ("category", "content", "captcha", "anonymous", "name", "phone", "photos"):
        assert f'name="{name}"' in content
    assert 'enctype="multipart/form-data"' in content


def test_captcha_image_is_a_png_and_sets_a_new_session_answer(db, client):
    response = client.get(CAPTCHA_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    first = client.session[captcha.SESSION_KEY]["answer"]
    assert len(first) == captcha.LENGTH and set(first) <= set(captcha.ALPHABET)
    answers = {first} | {captcha_answer(client) for _ in range(5)}
    assert len(answers) > 1  # a new challenge on every load


def test_captcha_image_is_not_cached(db, client):
    assert "no-cache" in client.get(CAPTCHA_URL)["Cache-Control"]


# --- a submission ---------------------------------------------------------------------------------------------

def test_right_captcha_creates_the_tipoff_and_shows_its_tracking_code(world, client):
    response = post_tipoff(client, category=Category.ILLEGAL_OPERATION, reported_enterprise=" 大连甲化工有限公司 ",
                           place="大孤山街道港兴大道 18 号")
    assert response.status_code == 200
    tipoff = TipOff.objects.get()
    assert CODE_RE.match(tipoff.tracking_code)
    assert f'<p class="display-6 font-monospace" id="tracking-code">{tipoff.tracking_code}</p>' \
        in response.content.decode()
    assert (tipoff.category, tipoff.content, tipoff.reported_enterprise, tipoff.place) == (
        Category.ILLEGAL_OPERATION, CONTENT, "大连甲化工有限公司", "大孤山街道港兴大道 18 号")
    assert tipoff.area == world.district
    assert (tipoff.enterprise, tipoff.sector, tipoff.park) == (None, None, None)
    assert tipoff.state == State.RECEIVED
    assert tipoff.due_on == TODAY + timedelta(days=60)
    assert tipoff.anonymous is True and tipoff.identity_ciphertext == ""
    assert [(e.action, e.from_state, e.to_state, e.actor, e.comment, e.public_reply) for e in tipoff.events.all()] == [
        ("receive", "", State.RECEIVED, None, "", RECEIVED_REPLY)]


def test_a_chosen_street_becomes_the_tipoffs_area(world, client):
    post_tipoff(client, area=world.street_b.pk)
    assert TipOff.objects.get().area == world.street_b


def test_the_handling_days_come_from_the_policy(world, client):
    TipOffPolicy.objects.create(pk=1, handling_days=15)
    post_tipoff(client)
    assert TipOff.objects.get().due_on == TODAY + timedelta(days=15)


def test_the_captcha_answer_is_case_insensitive(world, client):
    response = post_tipoff(client, answer=f"  {captcha_answer(client).lower()} ")
    assert response.status_code == 200 and TipOff.objects.count() == 1


@pytest.mark.parametrize("how", ["wrong", "expired", "missing", "never_issued"])
def test_bad_captcha_is_refused_with_nothing_saved(world, client, how):
    answer = captcha_answer(client)
    if how == "wrong":
        answer = "".join("A" if ch != "A" else "C" for ch in answer)
    elif how == "expired":
        session = client.session
        session[captcha.SESSION_KEY]["issued"] = time.time() - captcha.LIFETIME_SECONDS - 1
        session.save()
    elif how == "missing":
        answer = ""
    elif how == "never_issued":
        session = client.session
        del session[captcha.SESSION_KEY]
        session.save()
    response = post_tipoff(client, answer=answer)
    assert response.status_code == 200
    assert "captcha" in form_errors(response)
    assert captcha.SESSION_KEY not in client.session  # the challenge is used up
    assert_nothing_saved()


def test_a_captcha_answer_is_good_once(world, client):
    answer = captcha_answer(client)
    assert post_tipoff(client, answer=answer).status_code == 200
    response = post_tipoff(client, answer=answer, content="第二次提交")
    assert form_errors(response) == {"captcha": ["验证码不正确或已过期，请重新输入。"]}
    assert list(TipOff.objects.values_list("content", flat=True)) == [CONTENT]


def test_a_wrong_guess_uses_the_challenge_up(world, client):
    answer = captcha_answer(client)
    post_tipoff(client, answer="XXXX")
    response = post_tipoff(client, answer=answer)
    assert "captcha" in form_errors(response)
    assert_nothing_saved()


def test_an_invalid_form_uses_the_challenge_up(world, client):
    answer = captcha_answer(client)
    response = post_tipoff(client, answer=answer, content="")
    assert "content" in form_errors(response)
    assert captcha.SESSION_KEY not in client.session
    assert "captcha" in form_errors(post_tipoff(client, answer=answer))
    assert_nothing_saved()


@pytest.mark.parametrize("name,phone", [("", ""), ("王五", ""), ("", "13800000000")])
def test_real_name_without_name_and_phone_is_refused(world, client, name, phone):
    response = post_tipoff(client, anonymous=None, name=name, phone=phone)
    assert response.status_code == 200
    assert form_errors(response) == {"name": ["实名举报请填写姓名和联系电话；不愿留名可选择匿名。"]}
    assert_nothing_saved()


def test_real_name_with_a_malformed_phone_is_refused(world, client):
    response = post_tipoff(client, anonymous=None, name="王五", phone="call me")
    assert form_errors(response) == {"phone": ["联系电话格式不正确。"]}
    assert_nothing_saved()


def test_real_name_identity_is_stored_encrypted(world, client):
    post_tipoff(client, anonymous=None, name="王五", phone="138-0000-1234")
    tipoff = TipOff.objects.get()
    assert tipoff.anonymous is False
    assert "王五" not in tipoff.identity_ciphertext and "13800001234" not in tipoff.identity_ciphertext
    assert "138-0000-1234" not in tipoff.identity_ciphertext
    assert identity.decrypt_identity(tipoff.identity_ciphertext) == {"name": "王五", "phone": "138-0000-1234"}


def test_the_identity_is_not_in_the_audit_log(world, client):
    post_tipoff(client, anonymous=None, name="王五", phone="13800001234")
    tipoff = TipOff.objects.get()
    logged = str(list(AuditEntry.objects.values_list("before", "after", "object_repr")))
    assert tipoff.identity_ciphertext not in logged
    assert "王五" not in logged and "13800001234" not in logged
    assert ADDRESS not in logged and tipoff.source_digest not in logged


def test_an_anonymous_tipoff_keeps_no_identity_even_when_one_is_typed(world, client):
    post_tipoff(client, name="王五", phone="13800001234")
    tipoff = TipOff.objects.get()
    assert tipoff.anonymous is True and tipoff.identity_ciphertext == ""


def test_markup_is_stored_verbatim_and_shown_escaped_to_staff(world, client, client_for):
    script = "<script>alert(1)</script>"
    post_tipoff(client, content=f"储罐泄漏 {script}", reported_enterprise=script, place=script)
    tipoff = TipOff.objects.get()
    assert tipoff.content == f"储罐泄漏 {script}"
    assert tipoff.reported_enterprise == script and tipoff.place == script
    page = client_for(world.district_user).get(f"/tipoffs/{tipoff.pk}/")
    assert page.status_code == 200
    content = page.content.decode()
    assert script not in content
    assert "储罐泄漏 &lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.parametrize("lat,lon", [
    pytest.param("40.5", "121.8", id="north-of-district"),
    pytest.param("121.8", "39.3", id="lat-lon-swapped"),
    pytest.param("39.3", "", id="lat-only"),
])
def test_location_outside_the_district_is_refused(world, client, lat, lon):
    response = post_tipoff(client, lat=lat, lon=lon)
    assert response.status_code == 200
    assert list(form_errors(response)) == ["lat"]
    assert_nothing_saved()


def test_location_inside_the_district_is_kept(world, client):
    post_tipoff(client, lat="39.3", lon="121.8")
    tipoff = TipOff.objects.get()
    assert (tipoff.lat, tipoff.lon) == (39.3, 121.8)


def test_a_photo_is_stored_as_an_attachment_of_the_tipoff(world, client, client_for):
    photo = SimpleUploadedFile("现场.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = post_tipoff(client, photos=photo)
    assert response.status_code == 200
    tipoff = TipOff.objects.get()
    attachment = Attachment.objects.get()
    assert attachment.owner == tipoff
    assert (attachment.name, attachment.kind, attachment.mime_type, attachment.uploaded_by) == (
        "现场.jpg", "photo", "image/jpeg", None)
    page = client_for(world.district_user).get(f"/tipoffs/{tipoff.pk}/")
    assert "现场.jpg" in page.content.decode()


def test_an_executable_disguised_as_a_photo_is_refused_with_nothing_saved(world, client):
    upload = SimpleUploadedFile("x.jpg", b"MZ\x90\x00" + b"\x00" * 64, content_type="image/jpeg")
    response = post_tipoff(client, photos=upload)
    assert response.status_code == 200
    errors = form_errors(response)
    assert list(errors) == ["photos"]
    assert "可执行程序" in errors["photos"][0]
    assert_nothing_saved()


# --- rate limit -----------------------------------------------------------------------------------------------

@pytest.fixture
def two_per_hour(db):
    return TipOffPolicy.objects.create(pk=1, per_address_per_hour=2, per_address_per_day=10)


def test_third_submission_in_an_hour_from_one_address_is_refused(world, client, two_per_hour):
    for n in range(2):
        assert post_tipoff(client, content=f"举报 {n}").status_code == 200
    response = post_tipoff(client, content="举报 2")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["提交过于频繁，请稍后再试。如情况紧急，请拨打 12350 举报热线。"]
    assert sorted(TipOff.objects.values_list("content", flat=True)) == ["举报 0", "举报 1"]
    assert TipOffEvent.objects.count() == 2


def test_another_address_is_not_limited(world, client, two_per_hour):
    for n in range(2):
        post_tipoff(client, content=f"举报 {n}")
    response = post_tipoff(client, content="另一地址", remote_addr="198.51.100.20")
    assert "tracking-code" in response.content.decode()
    assert TipOff.objects.count() == 3


def test_submissions_older_than_an_hour_do_not_count_for_the_hourly_limit(world, client, two_per_hour):
    for n in range(2):
        post_tipoff(client, content=f"举报 {n}")
    TipOff.objects.update(received_at=TipOff.objects.get(content="举报 0").received_at - timedelta(hours=2))
    post_tipoff(client, content="举报 2")
    assert TipOff.objects.count() == 3


def test_the_daily_limit_counts_the_last_24_hours(world, client):
    TipOffPolicy.objects.create(pk=1, per_address_per_hour=5, per_address_per_day=3)
    for n in range(3):
        post_tipoff(client, content=f"举报 {n}")
    TipOff.objects.update(received_at=TipOff.objects.get(content="举报 0").received_at - timedelta(hours=3))
    assert post_tipoff(client, content="举报 3").context["form"].non_field_errors()
    assert TipOff.objects.count() == 3


def test_the_address_is_kept_only_as_a_keyed_digest(world, client):
    post_tipoff(client)
    tipoff = TipOff.objects.get()
    assert ADDRESS not in tipoff.source_digest
    assert re.fullmatch(r"[0-9a-f]{64}", tipoff.source_digest)
    assert tipoff.source_digest == identity.address_digest(ADDRESS)
    assert tipoff.source_digest != identity.address_digest("198.51.100.20")


def test_the_configured_proxy_header_gives_the_address(world, client, settings):
    settings.WORKSAFETY_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    captcha_data = {**form_data(), "captcha": captcha_answer(client)}
    client.post(FORM_URL, captcha_data, REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP=ADDRESS)
    assert TipOff.objects.get().source_digest == identity.address_digest(ADDRESS)


# --- the status page ------------------------------------------------------------------------------------------

@pytest.fixture
def handled(world):
    """A closed tip-off with an internal comment, a conclusion, an enterprise and an identity."""
    tipoff = make_tipoff(world, "ent_park", State.CLOSED, closed_on=TODAY, anonymous=False,
                         identity_ciphertext=identity.encrypt_identity("王五", "13800001234"))
    TipOffEvent.objects.create(tipoff=tipoff, action="receive", to_state=State.RECEIVED, public_reply=RECEIVED_REPLY)
    TipOffEvent.objects.create(tipoff=tipoff, action="investigate", from_state=State.RECEIVED,
                               to_state=State.INVESTIGATING, actor=world.district_user, comment="内部：请街道连夜核查")
    TipOffEvent.objects.create(tipoff=tipoff, action="close", from_state=State.SUBSTANTIATED, to_state=State.CLOSED,
                               actor=world.district_user, public_reply=REPLY)
    return tipoff


def status_url(code):
    return f"/public/tipoffs/status/{code}/"


def test_status_page_shows_the_state_and_the_public_replies_only(world, client, handled):
    response = client.get(status_url(handled.tracking_code))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<span class="badge text-bg-primary">已办结</span>' in content
    assert RECEIVED_REPLY in content and REPLY in content
    assert content.index(RECEIVED_REPLY) < content.index(REPLY)
    for secret in (CONTENT, CONCLUSION, "内部：请街道连夜核查", world.ent_park.name, "大孤山化工区", "王五", "13800001234",
                   handled.identity_ciphertext):
        assert secret not in content, secret


def test_status_page_by_query_with_the_stored_form_of_the_code(world, client, handled):
    response = client.get("/public/tipoffs/status/", {"code": handled.tracking_code})
    assert response.status_code == 200
    assert response.context["tipoff"] == handled


@pytest.mark.parametrize("typed", ["lower", "no_dashes", "spaces"])
def test_status_page_path_with_a_loosely_typed_code_redirects_to_the_normalised_one(world, client, handled, typed):
    code = handled.tracking_code
    loose = {"lower": code.lower(), "no_dashes": code.replace("-", ""), "spaces": code.replace("-", " ")}[typed]
    response = client.get(status_url(loose))
    assert response.status_code == 302
    assert response["Location"] == status_url(code)


@pytest.mark.parametrize("typed", ["lower", "no_dashes"])
def test_status_query_with_a_loosely_typed_code_redirects_to_the_normalised_one(world, client, handled, typed):
    code = handled.tracking_code
    loose = code.lower() if typed == "lower" else code.replace("-", "").lower()
    response = client.get("/public/tipoffs/status/", {"code": loose})
    assert response.status_code == 302
    assert response["Location"] == status_url(code)


def test_normalise_code_reads_misread_letters_as_digits():
    assert services.normalise_code("jb-o1l2i-3456a") == "JB-01121-3456A"
    assert services.normalise_code("ABCDE12345") == "JB-ABCDE-12345"
    assert services.normalise_code("JB-1234") == ""


@pytest.mark.parametrize("code", ["JB-00000-00000", "nonsense"])
def test_unknown_code_is_a_404_page(world, client, handled, code):
    response = client.get(status_url(code)) if code.startswith("JB") else \
        client.get("/public/tipoffs/status/", {"code": code})
    assert response.status_code == 404
    assert "没有找到该查询码对应的举报" in response.content.decode()
    assert handled.tracking_code not in response.content.decode()


def test_status_page_without_a_code_shows_the_search_form(db, client):
    response = client.get("/public/tipoffs/status/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_an_extension_reason_reaches_the_reporter(world, client):
    tipoff = make_tipoff(world)
    services.do_extend(tipoff, user=world.district_user, days=20, reason="涉及多个部门联合调查")
    content = client.get(status_url(tipoff.tracking_code)).content.decode()
    new_due = TODAY + timedelta(days=80)
    assert f"因涉及多个部门联合调查，办理期限延长至 {new_due.isoformat()}。" in content
    assert new_due.isoformat() in content


def test_the_done_page_links_to_the_status_page(world, client):
    response = post_tipoff(client)
    code = TipOff.objects.get().tracking_code
    assert f'href="{status_url(code)}"' in response.content.decode()


# --- photos after intake --------------------------------------------------------------------------------------

def test_a_photos_metadata_is_removed(world, client):
    exif = Image.Exif()
    exif[0x010F] = "WhistleCam"  # Make
    exif[0x0131] = "ReporterPhone"  # Software
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (10, 200, 10)).save(buffer, "JPEG", exif=exif)
    assert b"WhistleCam" in buffer.getvalue()
    post_tipoff(client, photos=SimpleUploadedFile("a.jpg", buffer.getvalue(), content_type="image/jpeg"))
    with open_attachment(Attachment.objects.get()) as handle:
        stored = handle.read()
    assert stored.startswith(b"\xff\xd8\xff")
    assert b"WhistleCam" not in stored and b"ReporterPhone" not in stored


@pytest.mark.parametrize("role,status", [("district", 200), ("street_a", 200), ("park", 200), ("street_b", 404),
                                         ("enterprise", 404), ("expert", 404)])
def test_a_tipoff_photo_is_downloaded_only_by_who_sees_the_tipoff(world, client, client_for, role, status):
    post_tipoff(client, photos=SimpleUploadedFile("现场.jpg", jpeg_bytes(), content_type="image/jpeg"))
    services.do_assign(TipOff.objects.get(), user=world.district_user, enterprise=world.ent_park)
    attachment = Attachment.objects.get()
    assert client_for(user_of(world, role)).get(f"/attachments/{attachment.pk}/").status_code == status
