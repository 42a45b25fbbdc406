"""Sensor xlsx import (core/imports.py via monitoring/imports.py): good sheets, row errors naming row and column
with nothing saved (GB/T 50493-2019 ceilings, unknown words, enterprises the user cannot see), dry run, the
template round trip, and who may import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from worksafety.core.models import AuditEntry
from worksafety.core.xlsx import XLSX_CONTENT_TYPE
from worksafety.monitoring.imports import COLUMNS
from worksafety.monitoring.models import Sensor
from worksafety.monitoring.tests.helpers import make_sensor
from worksafety.registry.models import HazardUnit

PAGE = "/monitoring/sensors/import/"
TEMPLATE_HEADERS = [f"{header}*" if required else header for header, _, required in COLUMNS]


def unit_of(enterprise, name="储罐区"):
    return HazardUnit.objects.create(enterprise=enterprise, kind="storage", name=name, population_500m=60,
                                     principal="张三", technical_lead="李四", operations_lead="王五")


def good_row(world, code, /, **changes):
    """A combustible gas detector of the park enterprise, keyed by form field; `changes` replace values."""
    row = {"enterprise": world.ent_park.uscc, "code": code, "name": f"可燃气体探测器 {code}", "kind": "可燃气体",
           "unit": "%LEL", "range_low": 0, "range_high": 100, "location_text": "储罐区东侧", "lat": 39.03,
           "lon": 121.83, "interval_s": 10, "high": 20, "high_high": 40, "deadband": 2, "priority": "高",
           "latched": "否"}
    row.update(changes)
    return row


def workbook(rows, headers=None):
    book = Workbook()
    sheet = book.active
    sheet.append(TEMPLATE_HEADERS if headers is None else headers)
    for row in rows:
        sheet.append([row.get(name) for _, name, _ in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("sensors.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)


def post(client, upload, mode="import"):
    return client.post(PAGE, {"file": upload, "mode": mode})


def three_good_rows(world):
    return [
        good_row(world, "GT-201", high=None, high_high=None),  # the standard's defaults apply
        good_row(world, "AT-202", kind="有毒气体", unit=None, oel_ppm=10, high=None, high_high=None, lat=None,
                 lon=None, hazard_unit="储罐区"),
        good_row(world, "TT-203", kind="温度", unit=None, range_low=None, range_high=200, high=80, high_high=90,
                 deadband=None, interval_s=None, priority="紧急", latched="是", on_delay_s=5.0),
    ]


# --- good sheets ---------------------------------------------------------------------------------------------

def test_good_sheet_imports_every_row_through_the_sensor_service(world, client_for):
    unit = unit_of(world.ent_park)
    client = client_for(world.district_user)
    last_seq = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0

    response = post(client, workbook(three_good_rows(world)))

    assert response.status_code == 200
    assert response.context["result"].ok, response.context["result"].errors
    assert "导入成功：新增 3 个监测点" in response.content.decode()
    gas = Sensor.objects.get(enterprise=world.ent_park, code="GT-201")
    assert (gas.high, gas.high_high, gas.unit) == (25, 50, "%LEL")
    toxic = Sensor.objects.get(enterprise=world.ent_park, code="AT-202")
    assert (toxic.high, toxic.high_high, toxic.unit, toxic.hazard_unit) == (10, 20, "ppm", unit)
    temperature = Sensor.objects.get(enterprise=world.ent_park, code="TT-203")
    assert (temperature.unit, temperature.range_low, temperature.deadband, temperature.interval_s) == ("℃", 0, 0, 10)
    assert (temperature.priority, temperature.latched, temperature.on_delay_s) == ("emergency", True, 5)

    entries = AuditEntry.objects.filter(seq__gt=last_seq)
    assert entries.filter(action="create", object_type="monitoring.sensor").count() == 3
    assert list(entries.filter(action="import").values_list("object_repr", flat=True)) == ["监测点批量导入 3 个"]


def test_enterprise_user_imports_for_its_own_enterprise(world, client_for):
    response = post(client_for(world.enterprise_user), workbook([good_row(world, "GT-211")]))

    assert response.context["result"].ok, response.context["result"].errors
    assert Sensor.objects.filter(enterprise=world.ent_park, code="GT-211").exists()


def test_dry_run_saves_nothing(world, client_for):
    unit_of(world.ent_park)
    client = client_for(world.district_user)
    audit_before = AuditEntry.objects.count()

    response = post(client, workbook(three_good_rows(world)), mode="dry_run")

    result = response.context["result"]
    assert result.ok and result.dry_run and result.rows == 3 and result.created == 0
    assert "校验通过：共 3 行" in response.content.decode()
    assert not Sensor.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_template_downloads_and_reimports(world, client_for):
    unit_of(world.ent_park)
    client = client_for(world.district_user)

    response = client.get(PAGE, {"template": "1"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == TEMPLATE_HEADERS
    assert book.worksheets[1].title == "填写说明"
    sheet.cell(row=2, column=1).value = world.ent_park.uscc  # the example's USCC is a placeholder
    buffer = io.BytesIO()
    book.save(buffer)

    reply = post(client, SimpleUploadedFile("t.xlsx", buffer.getvalue(), content_type=XLSX_CONTENT_TYPE))

    assert reply.context["result"].ok, reply.context["result"].errors
    assert Sensor.objects.get(enterprise=world.ent_park, code="GT-101").hazard_unit.name == "储罐区"


# --- row errors: all or nothing ------------------------------------------------------------------------------

BAD_ROWS = [
    pytest.param({"high": 30}, "高报", "25 %LEL", id="combustible-above-25-lel"),
    pytest.param({"high_high": 60}, "高高报", "50 %LEL", id="combustible-above-50-lel"),
    pytest.param({"kind": "烟感"}, "类型", "不是可选值", id="unknown-kind"),
    pytest.param({"priority": "很高"}, "优先级", "不是可选值", id="unknown-priority"),
    pytest.param({"latched": "对"}, "报警保持", "是", id="latched-not-yes-no"),
    pytest.param({"kind": "有毒气体", "unit": "ppm", "high": None, "high_high": None}, "职业接触限值（ppm）",
                 "职业接触限值", id="toxic-without-oel"),
    pytest.param({"high": 15, "high_high": 10}, "高报", "低低报 < 低报 < 高报 < 高高报", id="limits-out-of-order"),
    pytest.param({"enterprise": "91210213MA0XXXXXXX"}, "企业统一社会信用代码", "找不到", id="unknown-uscc"),
    pytest.param({"hazard_unit": "反应区"}, "单元名称", "没有名为“反应区”的单元", id="unknown-unit"),
    pytest.param({"code": "GT-221"}, "位号", "与第 2 行重复", id="duplicate-in-sheet"),
    pytest.param({"code": "GT-101"}, "位号", "已经存在", id="exists-in-db"),
    pytest.param({"range_high": None}, "量程上限", "必填", id="missing-required"),
]


@pytest.mark.parametrize("changes,column,message", BAD_ROWS)
def test_bad_row_is_reported_by_row_and_column_and_nothing_is_imported(world, client_for, changes, column,
                                                                       message):
    make_sensor(world.ent_park, code="GT-101")
    before = Sensor.objects.count()
    rows = [good_row(world, "GT-221"), good_row(world, "GT-222", **changes), good_row(world, "GT-223")]

    response = post(client_for(world.district_user), workbook(rows))

    result = response.context["result"]
    assert [(e.row, e.column) for e in result.errors] == [(3, column)], result.errors
    assert message in result.errors[0].message
    assert "未导入任何数据" in response.content.decode()
    assert Sensor.objects.count() == before


def test_enterprise_user_cannot_import_for_another_enterprise(world, client_for):
    rows = [good_row(world, "GT-231"), good_row(world, "GT-232", enterprise=world.ent_street_a.uscc)]

    response = post(client_for(world.enterprise_user), workbook(rows))

    errors = response.context["result"].errors
    # Unknown rather than "not yours": an enterprise does not learn which USCCs are registered.
    assert [(e.row, e.column, "找不到" in e.message) for e in errors] == [(3, "企业统一社会信用代码", True)]
    assert not Sensor.objects.exists()


def test_unit_of_another_enterprise_is_refused(world, client_for):
    unit_of(world.ent_street_a, name="装卸区")

    response = post(client_for(world.district_user), workbook([good_row(world, "GT-241", hazard_unit="装卸区")]))

    assert [(e.row, e.column) for e in response.context["result"].errors] == [(2, "单元名称")]
    assert not Sensor.objects.exists()


def test_wrong_headers_are_refused(world, client_for):
    headers = ["企业", *TEMPLATE_HEADERS[1:]]

    response = post(client_for(world.district_user), workbook([good_row(world, "GT-251")], headers=headers))

    assert "缺少列：企业统一社会信用代码" in response.context["error"]
    assert not Sensor.objects.exists()


# --- who may import ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["district_user", "enterprise_user"])
def test_sensor_list_links_the_import_for_those_who_may_add(world, client_for, role):
    client = client_for(getattr(world, role))

    assert PAGE in client.get("/monitoring/sensors/").content.decode()
    assert client.get(PAGE).status_code == 200
    assert client.get(PAGE, {"template": "1"}).status_code == 200


@pytest.mark.parametrize("role", ["expert_user", "department_user"])
def test_roles_that_cannot_add_sensors_get_404(world, client_for, role):
    client = client_for(getattr(world, role))

    assert PAGE not in client.get("/monitoring/sensors/").content.decode()
    assert client.get(PAGE).status_code == 404
    assert client.get(PAGE, {"template": "1"}).status_code == 404
    assert post(client, workbook([good_row(world, "GT-261")])).status_code == 404
    assert not Sensor.objects.exists()


def test_anonymous_is_sent_to_login(world, client):
    response = post(client, workbook([good_row(world, "GT-271")]))

    assert response.status_code == 302 and "/login" in response["Location"]
    assert not Sensor.objects.exists()
