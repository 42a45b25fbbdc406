"""The whole 举报 → 隐患 → 整改 → 验收 → 答复 loop in the system Chromium, one persona per browser context:
a member of the public files a tip-off with a photo, the district handles it and registers the hazard, the
enterprise rectifies it, the sector department accepts it, the district closes the tip-off with a reply,
and the public status page shows the state and the reply — and nothing else."""

import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from PIL import Image

from conftest import PASSWORD, SCREENSHOTS
from worksafety.core.choices import Role
from worksafety.core.models import User
from worksafety.hazards.choices import State as HazardState
from worksafety.hazards.models import Hazard
from worksafety.tipoffs.choices import State
from worksafety.tipoffs.models import TipOff

# Transactional (the live server runs in another thread); serialized_rollback restores the data that
# migrations load (sectors, the catalogue), which a flush would otherwise leave empty for later tests.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CONTENT = "大连丙物流有限公司停车场内危险货物罐车长期违规停放，<script>alert(1)</script>"
REPLY = "经核查举报属实，企业已整改完毕并通过验收，感谢您的监督。"


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def _new_page(browser):
    return browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()


def _log_in(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/login/" not in address)


def _step(page, action: str, **fields):
    """Fill one step form on a detail page (fields by their per-step ids) and press its button."""
    form = page.locator(f"form[action$='/{action}/']")
    for name, value in fields.items():
        form.locator(f"#{action}-{name}").fill(value)
    form.locator("button").click()
    page.wait_for_load_state("load")


def _captcha_answer(page) -> str:
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=session_key)["tipoff_captcha"]["answer"]


def test_tipoff_to_hazard_to_acceptance_to_public_reply(world, live_server, browser, tmp_path):
    url = live_server.url
    User.objects.create_user("ent_wuliu", password=PASSWORD, role=Role.ENTERPRISE, enterprise=world.ent_street_b)
    photo = tmp_path / "现场.jpg"
    photo.write_bytes(_photo())

    # The public: the form, a point on the map, a photo, the captcha; a tracking code comes back.
    public = _new_page(browser)
    public.goto(f"{url}/public/tipoffs/")
    public.select_option("select[name=category]", "illegal_operation")
    public.fill("textarea[name=content]", CONTENT)
    public.fill("input[name=reported_enterprise]", world.ent_street_b.name)
    public.locator("#pick-map").click()
    assert public.input_value("input[name=lat]")
    public.set_input_files("input[name=photos]", str(photo))
    public.wait_for_load_state("networkidle")  # the captcha image has set the session's answer
    public.fill("input[name=captcha]", _captcha_answer(public))
    public.click("form#tipoff-form button[type=submit]")
    code = public.locator("#tracking-code").inner_text().strip()
    tipoff = TipOff.objects.get(tracking_code=code)
    assert tipoff.content == CONTENT and tipoff.anonymous

    # The district: investigate, assign to the enterprise, substantiate, register the hazard.
    district = _new_page(browser)
    _log_in(district, url, "district")
    district.goto(f"{url}/tipoffs/")
    district.click(f"text={code}")
    assert "<script>alert(1)</script>" in district.locator("dd").first.inner_text()  # shown as text
    assert district.locator(".attachments img").count() == 1
    _step(district, "investigate")
    district.select_option("form[action$='/assign/'] select[name=enterprise]", str(world.ent_street_b.pk))
    district.click("form[action$='/assign/'] button")
    _step(district, "substantiate", conclusion="现场核查：两辆危险货物罐车停放在非指定区域。")
    district.click("text=登记为隐患")
    district.fill("input[name=title]", "危险货物罐车违规停放")
    district.select_option("select[name=level]", "general")
    district.select_option("select[name=hazard_type]", "safety")
    district.fill("input[name=found_on]", tipoff.received_at.date().isoformat())
    district.click("button[type=submit]")
    district.wait_for_url(lambda address: "/hazards/" in address and address.rstrip("/").split("/")[-1].isdigit())
    hazard = Hazard.objects.get(tipoffs=tipoff)
    assert hazard.origin == tipoff and hazard.source == "tipoff"

    # The enterprise: the 五到位 plan, then the request for acceptance with a photo of the result.
    enterprise = _new_page(browser)
    _log_in(enterprise, url, "ent_wuliu")
    enterprise.goto(f"{url}/hazards/{hazard.pk}/")
    _step(enterprise, "start", measures="罐车移至专用停车区并设置隔离", responsible_person="王经理",
          funds_yuan="8000", deadline="2099-12-31", contingency="专人巡查")
    enterprise.set_input_files("#submit-attachments", str(photo))
    _step(enterprise, "submit", comment="已整改")
    hazard.refresh_from_db()
    assert hazard.state == HazardState.AWAITING_ACCEPTANCE

    # The sector department (road transport) accepts.
    department = _new_page(browser)
    _log_in(department, url, "dept_transport")
    department.goto(f"{url}/hazards/{hazard.pk}/")
    _step(department, "accept", comment="现场复查合格")
    hazard.refresh_from_db()
    assert hazard.state == HazardState.CLOSED

    # The district closes the tip-off with the reply the reporter sees.
    district.goto(f"{url}/tipoffs/{tipoff.pk}/")
    _step(district, "close", public_reply=REPLY)
    tipoff.refresh_from_db()
    assert tipoff.state == State.CLOSED

    # The public status page: the state and the replies, not the content or the conclusion.
    public.goto(f"{url}/public/tipoffs/status/?code={code.lower().replace('-', '')}")
    assert public.locator("#tipoff-state").inner_text().strip() == "已办结"
    replies = public.locator("#public-replies").inner_text()
    assert REPLY in replies
    page_text = public.content()
    assert "罐车违规停放" not in page_text and "现场核查" not in page_text and world.ent_street_b.name not in page_text

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    public.screenshot(path=str(SCREENSHOTS / "tipoff-status.png"), full_page=True)
