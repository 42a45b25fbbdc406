"""Enterprise xlsx import: the template, dry run and real import, row errors (all or nothing), file errors and
who may import, on the page and on the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import make_uscc
from worksafety.core.models import AuditEntry
from worksafety.core.xlsx import XLSX_CONTENT_TYPE
from worksafety.registry.imports import COLUMNS
from worksafety.registry.models import Enterprise

PAGE = "/enterprises/import/"
API = "/api/v1/enterprises/import/"
HEADERS = [header for header, _, _ in COLUMNS]
TEMPLATE_HEADERS = [f"{header}*" if required else header for header, _, required in COLUMNS]



def good_row(serial, **changes):
    """One valid row, keyed by form field name; `changes` replace values by field name."""
    row = {
        "name": f"大连导入{serial}号有限公司", "uscc": make_uscc(serial), "sector": "危险化学品",
        "industry_code": "C2614", "scale": "规模以上", "area": "大孤山街道", "park": "大孤山化工区",
        "address": f"大孤山街道导入路{serial}号", "lat": 39.03, "lon": 121.83, "legal_representative": "王五",
        "safety_manager": "赵六", "safety_phone": "0411-87654321", "employees": 120, "standardisation_grade": "三级",
        "status": "在营",
    }
    row.update(changes)
    return row


def workbook(rows, headers=None, name="enterprises.xlsx"):
    """An uploadable xlsx with `headers` (default: the template's, required ones starred) and `rows`."""
    headers = TEMPLATE_HEADERS if headers is None else headers
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(field) for _, field, _ in COLUMNS] if isinstance(row, dict) else row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def post_page(client, upload, mode="dry_run"):
    return client.post(PAGE, {"file": upload, "mode": mode})


def post_api(api, upload, dry_run=True):
    return api.post(API, {"file": upload, "dry_run": "true" if dry_run else "false"}, format="multipart")


def three_good_rows():
    return [good_row(101), good_row(102, area="友谊街道", park=None, lat=39.10, lon=121.70, sector="道路运输"),
            good_row(103, sector="工贸", park="dagushan", area="210213001", employees=7)]


# --- template ------------------------------------------------------------------------------------------------

def test_template_download_is_an_xlsx_with_the_import_headers(world, client_for):
    response = client_for(world.district_user).get(PAGE, {"template": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert [h.rstrip("*") for h in headers] == HEADERS
    assert headers == TEMPLATE_HEADERS  # required columns are starred


# --- good file -----------------------------------------------------------------------------------------------

def test_page_dry_run_reports_ok_and_creates_nothing(world, client_for):
    client = client_for(world.district_user)  # logging in is audited too, so count after it
    before = Enterprise.objects.count()
    audit_before = AuditEntry.objects.count()

    response = post_page(client, workbook(three_good_rows()), mode="dry_run")

    assert response.status_code == 200
    result = response.context["result"]
    assert result.ok and result.dry_run and result.rows == 3
    assert "校验通过：共 3 行" in response.content.decode()
    assert Enterprise.objects.count() == before
    assert AuditEntry.objects.count() == audit_before


def test_page_import_creates_every_row_and_audits_it(world, client_for):
    client = client_for(world.district_user)
    before = Enterprise.objects.count()
    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    response = post_page(client, workbook(three_good_rows()), mode="import")

    assert response.status_code == 200
    assert "导入成功：新增 3 家企业" in response.content.decode()
    assert Enterprise.objects.count() == before + 3
    created = Enterprise.objects.get(uscc=make_uscc(102))
    assert created.area == world.street_b and created.sector == world.transport and created.park is None
    assert (created.lat, created.lon) == (39.10, 121.70)
    third = Enterprise.objects.get(uscc=make_uscc(103))
    assert third.park == world.park and third.area == world.street_a and third.employees == 7
    assert third.scale == "above" and third.standardisation_grade == "3" and third.status == "operating"

    entries = AuditEntry.objects.filter(seq__gt=last_seq)
    assert set(entries.values_list("action", flat=True)) == {"create", "import"}
    creates = entries.filter(action="create", object_type="registry.enterprise")
    assert sorted(creates.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in Enterprise.objects.filter(uscc__in=[make_uscc(n) for n in (101, 102, 103)])
        .values_list("pk", flat=True)
    )
    assert entries.filter(action="import").count() == 1
    assert set(entries.values_list("actor", flat=True)) == {world.district_user.pk}


def test_headers_without_stars_are_accepted(world, client_for):
    response = post_page(client_for(world.district_user), workbook([good_row(104)], headers=HEADERS), mode="import")

    assert response.context["result"].ok
    assert Enterprise.objects.filter(uscc=make_uscc(104)).exists()


def test_api_dry_run_and_import(world, api_for):
    api = api_for(world.district_user)
    before = Enterprise.objects.count()

    dry = post_api(api, workbook(three_good_rows()), dry_run=True)
    assert dry.status_code == 200, dry.content
    assert dry.json()["dry_run"] is True and dry.json()["rows"] == 3 and "errors" not in dry.json()
    assert Enterprise.objects.count() == before

    real = post_api(api, workbook(three_good_rows()), dry_run=False)
    assert real.status_code == 200, real.content
    assert real.json() == {"rows": 3, "valid": 3, "created": 3, "dry_run": False}
    assert Enterprise.objects.count() == before + 3


def test_api_dry_run_is_the_default(world, api_for):
    before = Enterprise.objects.count()

    response = api_for(world.district_user).post(API, {"file": workbook([good_row(105)])}, format="multipart")

    assert response.status_code == 200
    assert response.json()["dry_run"] is True
    assert Enterprise.objects.count() == before


def test_api_import_audit_entries_name_the_api_user(world):
    token = Token.objects.create(user=world.district_user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    response = post_api(api, workbook([good_row(106)]), dry_run=False)

    assert response.status_code == 200
    entries = AuditEntry.objects.filter(seq__gt=last_seq, action__in=["create", "import"])
    assert entries.count() == 2
    # Who made a change must be on record however it was made, token-authenticated API calls included.
    assert sorted(entries.values_list("action", "actor_name")) == [("create", "district"), ("import", "district")]


# --- row errors: all or nothing ------------------------------------------------------------------------------

BAD_ROWS = [
    pytest.param({"uscc": "91210213MA0XXXXXX1"}, "统一社会信用代码", "统一社会信用代码无效", id="invalid-uscc"),
    pytest.param({"sector": "航天"}, "行业领域", "找不到“航天”", id="unknown-sector"),
    pytest.param({"lat": 31.2, "lon": 121.5, "park": None}, "纬度", "不在本区范围内", id="outside-district"),
    pytest.param({"legal_representative": None}, "法定代表人", "必填", id="missing-required"),
    pytest.param({"uscc": make_uscc(201)}, "统一社会信用代码", "与第 2 行重复", id="duplicate-in-file"),
    pytest.param({"uscc": make_uscc(1)}, "统一社会信用代码", "已存在", id="exists-in-db"),
    pytest.param({"status": "营业中"}, "状态", "不是可选值", id="unknown-choice"),
    pytest.param({"park": "大孤山化工区", "area": "友谊街道", "lat": 39.10, "lon": 121.70}, "园区",
                 "不属于所选街道", id="park-in-other-street"),
]


def bad_file(changes):
    """Good rows 2 and 4 around a bad row 3."""
    return workbook([good_row(201), good_row(202, **changes), good_row(203)])


@pytest.mark.parametrize("changes,column,message", BAD_ROWS)
def test_page_bad_row_is_reported_by_row_and_column_and_nothing_is_imported(world, client_for, changes, column,
                                                                            message):
    before = Enterprise.objects.count()

    response = post_page(client_for(world.district_user), bad_file(changes), mode="import")

    assert response.status_code == 200
    result = response.context["result"]
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert message in result.errors[0].message
    assert "未导入任何数据" in response.content.decode()
    assert Enterprise.objects.count() == before
    assert not Enterprise.objects.filter(uscc__in=[make_uscc(201), make_uscc(203)]).exists()


@pytest.mark.parametrize("changes,column,message", BAD_ROWS)
def test_api_bad_row_is_400_with_row_column_message_and_nothing_is_imported(world, api_for, changes, column,
                                                                           message):
    before = Enterprise.objects.count()
    audit_before = AuditEntry.objects.count()

    response = post_api(api_for(world.district_user), bad_file(changes), dry_run=False)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, column)], errors
    assert message in errors[0]["message"]
    assert Enterprise.objects.count() == before
    assert AuditEntry.objects.count() == audit_before


def test_several_bad_rows_are_all_reported(world, api_for):
    rows = [good_row(211, uscc="123"), good_row(212), good_row(213, sector="航天", legal_representative="")]

    response = post_api(api_for(world.district_user), workbook(rows), dry_run=True)

    assert response.status_code == 400
    reported = {(e["row"], e["column"]) for e in response.json()["errors"]}
    # An unknown word does not stop the rest of its row from being checked.
    assert reported == {(2, "统一社会信用代码"), (4, "行业领域"), (4, "法定代表人")}


def test_street_user_cannot_import_into_another_street(world, client_for, api_for):
    before = Enterprise.objects.count()
    rows = [good_row(221, park=None), good_row(222, area="友谊街道", park=None, lat=39.10, lon=121.70)]

    response = post_page(client_for(world.street_a_user), workbook(rows), mode="import")

    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "街道/功能区")]
    assert "管辖范围" in errors[0].message
    assert Enterprise.objects.count() == before

    api = post_api(api_for(world.street_a_user), workbook(rows), dry_run=False)
    assert api.status_code == 400
    assert [(e["row"], e["column"]) for e in api.json()["errors"]] == [(3, "街道/功能区")]
    assert "管辖范围" in api.json()["errors"][0]["message"]
    assert Enterprise.objects.count() == before


def test_department_user_cannot_import_outside_its_sectors(world, api_for):
    before = Enterprise.objects.count()
    rows = [good_row(224, sector="道路运输", park=None), good_row(225, sector="危险化学品", park=None)]

    response = post_api(api_for(world.department_user), workbook(rows), dry_run=False)

    assert response.status_code == 400
    assert [(e["row"], "管辖范围" in e["message"]) for e in response.json()["errors"]] == [(3, True)]
    assert Enterprise.objects.count() == before


def test_street_user_imports_into_its_own_street(world, api_for):
    response = post_api(api_for(world.street_a_user), workbook([good_row(223)]), dry_run=False)

    assert response.status_code == 200, response.content
    assert Enterprise.objects.get(uscc=make_uscc(223)).area == world.street_a


# --- file errors ---------------------------------------------------------------------------------------------

def assert_file_error(world, client_for, api_for, make_upload, message):
    before = Enterprise.objects.count()

    page = post_page(client_for(world.district_user), make_upload(), mode="import")
    assert page.status_code == 200
    assert message in page.context["error"]
    assert message in page.content.decode()
    assert page.context.get("result") is None

    api = post_api(api_for(world.district_user), make_upload(), dry_run=False)
    assert api.status_code == 400
    assert list(api.json()) == ["file"]
    assert message in api.json()["file"][0]
    assert Enterprise.objects.count() == before


def test_wrong_headers_are_refused(world, client_for, api_for):
    headers = ["公司名称", *HEADERS[1:]]
    assert_file_error(world, client_for, api_for, lambda: workbook([good_row(301)], headers=headers), "表头与模板不符")
    page = post_page(client_for(world.district_user), workbook([good_row(301)], headers=headers))
    assert "缺少列：企业名称" in page.context["error"]
    assert "无法识别的列：公司名称" in page.context["error"]


def test_too_large_file_is_refused_before_reading(world, client_for, api_for, settings):
    settings.WORKSAFETY_MAX_UPLOAD_BYTES = 1024 * 1024

    def upload():
        return SimpleUploadedFile("big.xlsx", b"\0" * (1024 * 1024 + 512 * 1024), content_type=XLSX_CONTENT_TYPE)

    assert_file_error(world, client_for, api_for, upload, "超过上限 1 MB")


def test_fifty_megabyte_file_is_refused_at_the_default_limit(world, api_for, settings):
    settings.WORKSAFETY_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    upload = SimpleUploadedFile("huge.xlsx", b"\0" * (50 * 1024 * 1024), content_type=XLSX_CONTENT_TYPE)

    response = post_api(api_for(world.district_user), upload, dry_run=False)

    assert response.status_code == 400
    assert "文件大小 50.0 MB，超过上限 10 MB" in response.json()["file"][0]


def test_text_file_renamed_xlsx_is_refused(world, client_for, api_for):
    def upload():
        return SimpleUploadedFile("企业.xlsx", "企业名称,统一社会信用代码\n甲,1\n".encode(), content_type=XLSX_CONTENT_TYPE)

    assert_file_error(world, client_for, api_for, upload, "不是有效的 Excel 文件")


def test_zip_that_is_not_a_workbook_is_refused(world, client_for, api_for):
    import zipfile

    def upload():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
        return SimpleUploadedFile("企业.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)

    assert_file_error(world, client_for, api_for, upload, "不是有效的 Excel 文件")


def test_headers_only_sheet_is_refused(world, client_for, api_for):
    assert_file_error(world, client_for, api_for, lambda: workbook([]), "没有数据行")


def test_too_many_rows_are_refused(world, client_for, api_for, settings):
    settings.WORKSAFETY_MAX_IMPORT_ROWS = 2
    assert_file_error(world, client_for, api_for,
                      lambda: workbook([good_row(311), good_row(312), good_row(313)]), "行数超过上限 2 行")


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(world, api_for):
    rows = [good_row(321), [None] * len(COLUMNS), good_row(322, uscc="bad")]

    response = post_api(api_for(world.district_user), workbook(rows), dry_run=True)

    assert response.status_code == 400
    assert response.json()["rows"] == 2
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(4, "统一社会信用代码")]


def test_missing_file(world, client_for, api_for):
    page = client_for(world.district_user).post(PAGE, {"mode": "import"})
    assert page.status_code == 200
    assert "请选择要上传的 xlsx 文件" in page.context["error"]

    api = api_for(world.district_user).post(API, {"dry_run": "false"}, format="multipart")
    assert api.status_code == 400
    assert "file" in api.json()


# --- who may import ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["enterprise_user", "expert_user"])
def test_roles_that_cannot_add_enterprises_cannot_reach_the_import(world, client_for, api_for, role):
    user = getattr(world, role)
    before = Enterprise.objects.count()

    client = client_for(user)
    assert client.get(PAGE).status_code == 404
    assert client.get(PAGE, {"template": "1"}).status_code == 404
    assert post_page(client, workbook([good_row(401)]), mode="import").status_code == 404
    assert post_api(api_for(user), workbook([good_row(402)]), dry_run=False).status_code == 404
    assert Enterprise.objects.count() == before


def test_anonymous_cannot_import(world, client):
    before = Enterprise.objects.count()

    response = post_page(client, workbook([good_row(403)]), mode="import")

    assert response.status_code == 302
    assert "/login" in response["Location"]
    assert Enterprise.objects.count() == before
