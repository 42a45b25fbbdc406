"""Indicator and denominator pages and API: departments and streets read every indicator, the district edits the
definitions, the API carries the computed years, the denominator import is all or nothing."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from worksafety.core.models import Sector
from worksafety.indicators.accidents.tests.helpers import local, record
from worksafety.indicators.kpis.models import Denominator, Indicator
from worksafety.indicators.tests.factories import DenominatorFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- indicators ------------------------------------------------------------------------------------------

def test_departments_and_streets_read_every_indicator_enterprises_none(world, client_for, api_for):
    for user in (world.department_user, world.street_b_user, world.park_user):
        assert "营运车辆万车死亡率" in client_for(user).get("/indicators/").content.decode()
        assert len(api_for(user).get("/api/v1/indicators/").json()["results"]) == 9
        assert client_for(user).get(f"/indicators/{Indicator.objects.first().pk}/edit/").status_code == 404
    assert client_for(world.enterprise_user).get("/indicators/").status_code == 404
    assert api_for(world.enterprise_user).get("/api/v1/indicators/").json()["results"] == []


def test_the_indicator_page_shows_no_data_and_the_unconfirmed_formula(world, client_for):
    page = client_for(world.district_user).get("/indicators/").content.decode()
    assert page.count('data-kpi="') == 9 and "无数据" in page and "官方统计口径未核实" in page


def test_the_district_edits_a_definition(world, client_for):
    indicator = Indicator.objects.get(number=5)
    data = {"number": 5, "name": indicator.name, "nature": "binding", "measure": "deaths",
            "sectors": [world.transport.pk, Sector.objects.get(code="transport").pk], "denominator_kind": "commercial_vehicles",
            "multiplier": 10000, "unit": "人/万辆", "decimals": 2, "baseline_year": 2020, "target_year": 2025,
            "target_kind": "relative", "target_amount": "10", "target_text": "下降10%", "formula_note": "已与区统计局核实"}
    response = client_for(world.district_user).post(f"/indicators/{indicator.pk}/edit/", data)
    assert response.status_code == 302
    assert Indicator.objects.get(number=5).sectors.count() == 2


def test_api_indicators_carry_the_computed_years(world, api_for):
    record(world, occurred_at=local(2020), deaths=2)
    DenominatorFactory(kind="gdp", year=2020, value=2000, source="测试")
    rows = api_for(world.district_user).get("/api/v1/indicators/").json()["results"]
    deaths, gdp = rows[0], rows[2]
    assert deaths["baseline"] == 2 and deaths["goal"] == pytest.approx(1.7)
    assert gdp["baseline"] == pytest.approx(0.001)
    year_2021 = next(y for y in gdp["years"] if y["year"] == 2021)
    assert (year_2021["value"], year_2021["status"], year_2021["reason"]) == (None, "no_data", "no_accident_records")
    assert api_for(world.district_user).get("/api/v1/indicators/?format=xlsx")["Content-Type"] == XLSX


# --- denominators -------------------------------------------------------------------------------------------

def workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["年份", "指标", "数值", "单位", "数据来源"])
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("denominators.xlsx", buffer.getvalue(), content_type=XLSX)


def test_the_denominator_import_is_all_or_nothing_and_checks_the_unit(world, client_for):
    client = client_for(world.district_user)
    bad = client.post("/indicators/denominators/import/", {"mode": "import", "file": workbook([
        [2021, "地区生产总值", 2350.5, "亿元", "统计公报"],
        [2022, "地区生产总值", 24500000, "万元", "统计公报"],
        [2022, "常住人口", 0, "", "统计公报"],
        [2021, "地区生产总值", 2351, "", "统计公报"]])})
    errors = {(e.row, e.column) for e in bad.context["result"].errors}
    assert errors == {(3, "单位"), (4, "数值"), (5, "年份")}
    assert not Denominator.objects.exists()
    good = client.post("/indicators/denominators/import/", {"mode": "import", "file": workbook([
        [2021, "地区生产总值", 2350.5, "亿元", "统计公报"], [2021, "常住人口", 1015000, None, "统计公报"]])})
    assert good.context["result"].created == 2
    exported = client.get("/indicators/denominators/?export=xlsx")
    assert exported["Content-Type"] == XLSX
    assert client_for(world.street_a_user).get("/indicators/denominators/import/").status_code == 404
