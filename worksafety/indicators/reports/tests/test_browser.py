"""The report archive page in the system Chromium: the district bureau generates March 2025 with the form and
the new report is listed with its downloads (screenshot saved for a look)."""

import pytest

from conftest import PASSWORD, SCREENSHOTS
from worksafety.indicators.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_district_generates_a_month_in_the_browser(world, live_server, browser):
    page = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", world.district_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/login/" not in address)
    page.goto(f"{live_server.url}/reports/")
    assert page.locator("nav, aside").get_by_text("分析报告").count() >= 1
    page.select_option("select[name=kind]", "monthly")
    page.fill("input[name=year]", "2025")
    page.select_option("select[name=month]", "3")
    page.click("#generate button")
    page.wait_for_selector("#reports td:has-text('2025年3月安全生产形势分析报告')")
    report = Report.objects.get()
    assert page.locator(f"a[href='/reports/{report.pk}/pdf/']").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "reports.png"), full_page=True)
