"""Enterprise xlsx export from the list page and the API: the page's table headers, exactly the filtered and
scoped rows, and the same rows from both."""

import io

import pytest
from openpyxl import load_workbook

from conftest import make_uscc
from worksafety.core.xlsx import XLSX_CONTENT_TYPE
from worksafety.registry.models import Enterprise
from worksafety.registry.tables import EnterpriseTable

PAGE = "/enterprises/"
API = "/api/v1/enterprises/"



@pytest.fixture
def transport_a(world):
    """A road-transport enterprise in street A, beside street B's one, so the sector filter spans streets."""
    return Enterprise.objects.create(
        name="大连丁运输有限公司", uscc=make_uscc(501), sector=world.transport, area=world.street_a,
        address="大孤山街道运输路1号", lat=39.03, lon=121.84, legal_representative="孙七", employees=30,
    )


def read_xlsx(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


HEADERS = [c.header for c in EnterpriseTable.columns]
USCC_INDEX = HEADERS.index("统一社会信用代码")


def uscc_column(rows):
    return sorted(row[USCC_INDEX] for row in rows)


def page_export(client, **params):
    return read_xlsx(client.get(PAGE, {"export": "xlsx", **params}))


def api_export(api, **params):
    return read_xlsx(api.get(API, {"format": "xlsx", **params}))


def test_page_export_has_the_table_headers_and_the_filtered_rows(world, transport_a, client_for):
    headers, rows = page_export(client_for(world.district_user), sector="road_transport")

    assert headers == HEADERS
    assert uscc_column(rows) == sorted([world.ent_street_b.uscc, transport_a.uscc])


def test_page_export_without_filter_has_every_enterprise_in_scope(world, transport_a, client_for):
    _, rows = page_export(client_for(world.district_user))

    assert uscc_column(rows) == sorted(Enterprise.objects.values_list("uscc", flat=True))


def test_export_cells_are_the_table_values(world, client_for):
    _, rows = page_export(client_for(world.district_user), q=world.ent_street_b.uscc)

    assert len(rows) == 1
    cells = dict(zip(HEADERS, rows[0], strict=True))
    assert cells["企业名称"] == "大连丙物流有限公司"
    assert cells["行业领域"] == "道路运输"
    assert cells["街道/功能区"] == "友谊街道"
    assert cells["园区"] is None
    assert cells["从业人员"] == 50
    assert cells["状态"] == "在营"
    assert cells["证照最近到期"].date().isoformat() == "2026-12-01"


@pytest.mark.parametrize("role,expected", [
    ("street_a_user", ["transport_a"]),
    ("street_b_user", ["ent_street_b"]),
    ("park_user", []),
    ("department_user", ["ent_street_b", "transport_a"]),
])
def test_export_is_scoped_and_filtered(world, transport_a, client_for, api_for, role, expected):
    user = getattr(world, role)
    world.transport_a = transport_a
    want = sorted(getattr(world, name).uscc for name in expected)

    _, page_rows = page_export(client_for(user), sector="road_transport")
    _, api_rows = api_export(api_for(user), sector="road_transport")

    assert uscc_column(page_rows) == want
    assert uscc_column(api_rows) == want


def test_street_export_without_filter_is_only_its_street(world, transport_a, client_for, api_for):
    want = sorted([world.ent_park.uscc, world.ent_street_a.uscc, transport_a.uscc])

    _, page_rows = page_export(client_for(world.street_a_user))
    _, api_rows = api_export(api_for(world.street_a_user))

    assert uscc_column(page_rows) == want
    assert uscc_column(api_rows) == want


def test_api_export_is_an_xlsx_with_the_same_headers(world, api_for):
    headers, rows = api_export(api_for(world.district_user), sector="road_transport")

    assert headers == HEADERS
    assert uscc_column(rows) == [world.ent_street_b.uscc]


@pytest.mark.parametrize("params", [
    {"sector": "road_transport"},
    {"sector": "hazchem", "park": "dagushan"},
    {"area": "210213001"},
    {"q": "大连"},
    {"status": "operating", "licence_expiring_days": "3650"},
    {},
])
def test_page_and_api_export_the_same_rows(world, transport_a, client_for, api_for, params):
    page_headers, page_rows = page_export(client_for(world.district_user), **params)
    api_headers, api_rows = api_export(api_for(world.district_user), **params)

    assert page_headers == api_headers
    assert page_rows == api_rows
    assert page_rows  # each filter here matches something, so an empty export would be a failure


def test_export_ignores_paging(world, client_for):
    for serial in range(600, 630):
        Enterprise.objects.create(
            name=f"大连批量{serial}有限公司", uscc=make_uscc(serial), sector=world.trade, area=world.street_a,
            address="大孤山街道", legal_representative="周八",
        )

    _, rows = page_export(client_for(world.district_user), per_page="25", page="2")

    assert len(rows) == Enterprise.objects.count() == 33


def test_export_with_invalid_filter_exports_no_rows(world, client_for):
    headers, rows = page_export(client_for(world.district_user), licence_expiring_days="abc")

    assert headers == HEADERS
    assert rows == []


def test_api_export_with_invalid_filter_is_a_json_400(world, api_for):
    response = api_for(world.district_user).get(API, {"format": "xlsx", "licence_expiring_days": "abc"})

    assert response.status_code == 400
    # The body is JSON, so it must not be labelled (and saved by browsers) as a spreadsheet.
    assert response["Content-Type"].startswith("application/json")
    assert "licence_expiring_days" in response.json()


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example/","点击")', "=1+2", "+86-411", "@SUM(A1)"])
def test_export_writes_user_text_as_text_never_as_a_formula(world, client_for, api_for, text):
    """Names and addresses are typed by users; starting one with = must not plant a formula in the export."""
    ent = Enterprise.objects.create(
        name=text, uscc=make_uscc(510), sector=world.trade, area=world.street_a, address=text,
        legal_representative="李四",
    )

    for response in (client_for(world.district_user).get(PAGE, {"export": "xlsx", "q": ent.uscc}),
                     api_for(world.district_user).get(API, {"format": "xlsx", "q": ent.uscc})):
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        row = {header: cell for header, cell in zip(HEADERS, sheet[2], strict=True)}
        for header in ("企业名称", "地址"):
            assert row[header].data_type != "f", (header, row[header].value)
            assert text in str(row[header].value)


def test_anonymous_cannot_export(world, client):
    response = client.get(PAGE, {"export": "xlsx"})

    assert response.status_code == 302
    assert response["Content-Type"] != XLSX_CONTENT_TYPE
