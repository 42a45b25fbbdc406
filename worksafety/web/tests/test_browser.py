"""One end-to-end run in the system's headless Chromium (Debian package; Playwright never downloads a
browser): log in, filter the enterprise list, open a detail page, take a screenshot."""

import os
import shutil
from pathlib import Path

import pytest

from conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("WORKSAFETY_DATA_DIR", "var")) / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing; scripts/install-system-deps.sh installs it")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body are still
    # synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        yield page
        browser.close()


def test_inspector_logs_in_filters_and_opens_an_enterprise(transactional_db, world, live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/enterprises/")
    page.fill("input[name=username]", "district")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/enterprises/")

    rows = page.locator("table.table-objects tbody tr")
    assert rows.count() == 3
    page.select_option("select[name=area]", world.street_b.code)
    page.wait_for_function("document.querySelectorAll('table.table-objects tbody tr').length === 1")
    assert "area=" + world.street_b.code in page.url  # the filter is in the address bar, so it can be shared

    page.click(f"text={world.ent_street_b.name}")
    page.wait_for_url(f"{live_server.url}/enterprises/{world.ent_street_b.pk}/")
    assert page.locator("h1").inner_text() == world.ent_street_b.name
    assert world.ent_street_b.uscc in page.content()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "enterprise-detail.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
