"""One end-to-end run in the system's headless Chromium (Debian package; Playwright never downloads a
browser): log in, filter the enterprise list, open a detail page, take a screenshot."""

import pytest

from conftest import PASSWORD, SCREENSHOTS

# Transactional (the live server runs in another thread); serialized_rollback restores the data that
# migrations load (sectors, the catalogue), which a flush would otherwise leave empty for later tests.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_inspector_logs_in_filters_and_opens_an_enterprise(world, live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/enterprises/")
    page.fill("input[name=username]", "district")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/enterprises/")

    rows = page.locator("table.table-objects tbody tr")
    assert rows.count() == 3
    page.select_option("select[name=area]", world.street_b.code)
    page.wait_for_function("() => document.querySelectorAll('table.table-objects tbody tr').length === 1")
    assert "area=" + world.street_b.code in page.url  # the filter is in the address bar, so it can be shared

    page.click(f"text={world.ent_street_b.name}")
    page.wait_for_url(f"{live_server.url}/enterprises/{world.ent_street_b.pk}/")
    assert page.locator("h1").inner_text() == world.ent_street_b.name
    assert world.ent_street_b.uscc in page.content()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "enterprise-detail.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
