"""Exports and the heaviest lists on the small demo: the export link exports every filtered row, stored text with
control characters exports, and the number of queries does not grow with the number of rows (issue 14)."""

import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from worksafety.core.models import User
from worksafety.hazards.models import CheckRecord, Hazard
from worksafety.registry.models import Enterprise
from worksafety.tipoffs.models import TipOff


@pytest.fixture
def district(small_demo, db, client):
    client.force_login(User.objects.get(username="district"))
    return client


def sheet_rows(response):
    assert response.status_code == 200, response
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=True))


# --- the export link ----------------------------------------------------------------------------------------

def test_the_export_link_exports_every_filtered_row_not_the_page(district):
    filtered = CheckRecord.objects.filter(result__in=["passed", "missed"]).count()
    page = district.get("/hazards/checks/?result=passed&result=missed&sort=period_start&per_page=25&page=3")
    link = re.search(r'href="\?([^"]*export=xlsx[^"]*)"[^>]*>(.*?)</a>', page.content.decode(), re.S)
    query = unescape(link.group(1))
    assert "page=" not in query and "sort=period_start" in query
    assert f"导出筛选结果（共 {filtered} 条）" in link.group(2)
    rows = sheet_rows(district.get(f"/hazards/checks/?{query}"))
    assert 25 < len(rows) == filtered


# --- stored text with control characters ----------------------------------------------------------------------

@pytest.mark.parametrize("model, field, urls", [
    (TipOff, "content", ["/tipoffs/?export=xlsx", "/api/v1/tipoffs/?format=xlsx"]),
    (Hazard, "title", ["/hazards/?export=xlsx", "/api/v1/hazards/?format=xlsx"]),
    (Enterprise, "name", ["/enterprises/?export=xlsx", "/api/v1/enterprises/?format=xlsx"]),
])
def test_exports_survive_control_characters_in_stored_text(district, model, field, urls):
    model.objects.filter(pk=model.objects.order_by("pk").first().pk).update(**{field: "油罐\u001a区\x0b泄漏\t\n"})
    for url in urls:
        values = [value for row in sheet_rows(district.get(url)) for value in row]
        assert "油罐\ufffd区\ufffd泄漏\t\n" in values, url


# --- queries do not grow with the rows ----------------------------------------------------------------------

def count_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


HTML = {"HTTP_ACCEPT": "text/html"}


@pytest.mark.parametrize("few, many, headers", [
    ("/api/v1/check-records/?format=xlsx&result=due", "/api/v1/check-records/?format=xlsx", {}),
    ("/hazards/checks/?export=xlsx&result=due", "/hazards/checks/?export=xlsx", {}),
    ("/hazards/checks/?per_page=25", "/hazards/checks/?per_page=200", {}),
    ("/api/v1/check-records/?page_size=2", "/api/v1/check-records/?page_size=200", {}),
    ("/api/v1/check-records/?page_size=2", "/api/v1/check-records/?page_size=200", HTML),
    ("/api/v1/inspections/?page_size=2", "/api/v1/inspections/?page_size=200", {}),
    ("/api/v1/inspections/?page_size=2", "/api/v1/inspections/?page_size=200", HTML),
    ("/enforcement/inspections/?per_page=25", "/enforcement/inspections/?per_page=200", {}),
    ("/api/v1/penalty-cases/?page_size=2", "/api/v1/penalty-cases/?page_size=200", {}),
    ("/api/v1/penalty-cases/?page_size=2", "/api/v1/penalty-cases/?page_size=200", HTML),
    ("/enforcement/cases/?per_page=25&state=closed", "/enforcement/cases/?per_page=200", {}),
    ("/api/v1/tipoffs/?format=xlsx&state=closed", "/api/v1/tipoffs/?format=xlsx", {}),
    ("/hazards/?export=xlsx&level=major", "/hazards/?export=xlsx", {}),
    ("/enterprises/?export=xlsx&sector=hazchem", "/enterprises/?export=xlsx", {}),
])
def test_queries_do_not_grow_with_the_rows(district, django_assert_max_num_queries, few, many, headers):
    expected = count_queries(district, few, **headers)
    with django_assert_max_num_queries(expected):
        district.get(many, **headers)


@pytest.mark.parametrize("url", ["/api/v1/inspections/", "/api/v1/penalty-cases/", "/api/v1/check-records/",
                                 "/api/v1/check-tasks/"])
def test_the_browsable_api_lists_no_choices_of_related_fields(district, django_assert_max_num_queries, url):
    """DRF's HTML form would list every enterprise, inspection and user as a choice; the raw JSON form stays."""
    with django_assert_max_num_queries(20):
        page = district.get(url, **HTML)
    html = page.content.decode()
    assert page.status_code == 200 and 'id="post-generic-content-form"' in html and 'id="post-object-form"' not in html
    assert 'id="filtersModal"' not in html
