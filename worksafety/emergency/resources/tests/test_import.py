"""xlsx imports of the resources: a good sheet imports every row through the kind's form and service, a sheet
with any bad row imports nothing and names each row and column, the stock sheet receives stock, and the
downloaded template reads back."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from worksafety.core.models import AuditEntry
from worksafety.core.xlsx import XLSX_CONTENT_TYPE
from worksafety.emergency.resources import imports as resource_imports
from worksafety.emergency.resources.models import Expert, RescueTeam, SensitiveTarget, StockMovement
from worksafety.emergency.resources.tests import helpers as make


def workbook(importer, rows):
    book = Workbook()
    sheet = book.active
    sheet.append([f"{header}*" if required else header for header, _, required in importer.columns])
    for row in rows:
        sheet.append([row.get(name) for _, name, _ in importer.columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("sheet.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def team_row(world, name, **changes):
    row = {"name": name, "kind": "专业救援队伍", "headcount": 30, "specialties": "危险化学品、消防", "area": "大孤山街道",
           "lat": 39.02, "lon": 121.83, "phone": "0411-87654321"}
    return {**row, **changes}


def post(client, url, upload, mode="import"):
    return client.post(url, {"file": upload, "mode": mode})


def test_a_good_team_sheet_imports_every_row(world, client_for):
    rows = [team_row(world, "一队"), team_row(world, "二队", kind="企业救援队伍", enterprise=world.ent_park.uscc.lower(),
                                             duty_status="待命", area="210213001", specialties=None)]
    response = post(client_for(world.district_user), "/resources/teams/import/",
                    workbook(resource_imports.TEAM_IMPORT, rows))
    result = response.context["result"]
    assert result.ok and result.created == 2, result.errors
    second = RescueTeam.objects.get(name="二队")
    assert (second.enterprise, second.duty_status, second.specialties) == (world.ent_park, "standby", [])
    assert RescueTeam.objects.get(name="一队").specialties == ["hazchem", "fire"]
    assert AuditEntry.objects.filter(action="import", object_repr="救援队伍批量导入 2 支").exists()


def test_any_bad_row_imports_nothing_and_each_error_names_row_and_column(world, client_for):
    rows = [
        team_row(world, "好队"),
        team_row(world, "负数队", headcount=-4),
        team_row(world, "无名区队", area="火星街道", kind="雇佣兵"),
        team_row(world, "好队"),
        team_row(world, "上海队", lat=31.2, lon=121.47, specialties="危险化学品、占星"),
    ]
    response = post(client_for(world.district_user), "/resources/teams/import/",
                    workbook(resource_imports.TEAM_IMPORT, rows))
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert errors == {(3, "人数"), (4, "所在区域"), (4, "队伍类型"), (5, "名称"), (6, "纬度"), (6, "专业")}
    assert "未导入任何数据" in response.content.decode()
    assert not RescueTeam.objects.exists()


def test_a_row_outside_the_users_scope_is_an_error(world, client_for):
    rows = [{"name": "友谊小学", "kind": "学校", "population": 600, "area": "友谊街道", "lat": 39.1, "lon": 121.7}]
    response = post(client_for(world.street_a_user), "/resources/targets/import/",
                    workbook(resource_imports.TARGET_IMPORT, rows))
    assert [(e.row, e.column, e.message) for e in response.context["result"].errors] == [(2, "所在区域", "超出您的管辖范围")]
    assert not SensitiveTarget.objects.exists()


def test_the_dry_run_checks_without_saving(world, client_for):
    upload = workbook(resource_imports.TEAM_IMPORT, [team_row(world, "一队")])
    response = post(client_for(world.district_user), "/resources/teams/import/", upload, mode="dry_run")
    assert response.context["result"].ok and not RescueTeam.objects.exists()


def test_the_stock_sheet_receives_stock_through_the_service(world, client_for):
    store = make.warehouse(world)
    masks = make.item("过滤式防毒面具", unit="个")
    rows = [{"target": store.name, "item": masks.name, "batch": "A", "expiry": datetime(2031, 6, 30), "quantity": 10},
            {"target": store.name, "item": masks.name, "batch": "A", "expiry": "2031-06-30", "quantity": 2.5}]
    response = post(client_for(world.district_user), "/resources/stock/import/",
                    workbook(resource_imports.STOCK_IMPORT, rows))
    assert response.context["result"].ok, response.context["result"].errors
    assert make.batches(store, masks) == {"A": 12.5}
    assert store.stocks.get().expiry == date(2031, 6, 30) and StockMovement.objects.count() == 2


def test_a_bad_stock_sheet_receives_nothing(world, client_for):
    store = make.warehouse(world)
    masks = make.item("过滤式防毒面具", unit="个")
    rows = [{"target": store.name, "item": masks.name, "quantity": 10},
            {"target": "不存在的库", "item": masks.name, "quantity": 1},
            {"target": store.name, "item": masks.name, "quantity": 0},
            {"target": store.name, "item": "蜡烛", "quantity": 1, "expiry": "明年"}]
    response = post(client_for(world.district_user), "/resources/stock/import/",
                    workbook(resource_imports.STOCK_IMPORT, rows))
    errors = {(e.row, e.column) for e in response.context["result"].errors}
    assert errors == {(3, "仓库名称"), (4, "数量"), (5, "物资名称"), (5, "有效期至")}
    assert not StockMovement.objects.exists() and make.total(store, masks) == 0


@pytest.mark.parametrize("importer, url", [
    (resource_imports.TEAM_IMPORT, "/resources/teams/import/"),
    (resource_imports.WAREHOUSE_IMPORT, "/resources/warehouses/import/"),
    (resource_imports.SUPPLY_ITEM_IMPORT, "/resources/supplies/import/"),
    (resource_imports.EXPERT_IMPORT, "/resources/experts/import/"),
    (resource_imports.SHELTER_IMPORT, "/resources/shelters/import/"),
    (resource_imports.TARGET_IMPORT, "/resources/targets/import/"),
])
def test_the_template_reads_back_as_a_valid_sheet(world, client_for, importer, url):
    client = client_for(world.district_user)
    template = load_workbook(io.BytesIO(client.get(f"{url}?template=1").content))
    assert template.sheetnames[1] == "填写说明"
    buffer = io.BytesIO()
    template.save(buffer)
    upload = SimpleUploadedFile("template.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response = post(client, url, upload, mode="dry_run")
    assert response.context["result"].ok, response.context["result"].errors


def test_experts_import_only_for_the_district(world, client_for):
    rows = [{"name": "王建国", "specialties": "危险化学品", "phone": "13900000000", "user": "expert1"}]
    assert post(client_for(world.street_a_user), "/resources/experts/import/",
                workbook(resource_imports.EXPERT_IMPORT, rows)).status_code == 404
    response = post(client_for(world.district_user), "/resources/experts/import/",
                    workbook(resource_imports.EXPERT_IMPORT, rows))
    assert response.context["result"].ok and Expert.objects.get().user == world.expert_user
    response = post(client_for(world.district_user), "/resources/experts/import/",
                    workbook(resource_imports.EXPERT_IMPORT, [{**rows[0], "name": "李", "user": "district"}]))
    assert [e.column for e in response.context["result"].errors] == ["平台账号"]
