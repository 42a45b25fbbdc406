"""The plan's nine indicators computed from stored accidents and denominators: every value by hand, recomputed when
the data change (no stored results), "no data" for a year without records or a denominator, denominators and
definitions refusing bad input."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from worksafety.core.models import Sector
from worksafety.indicators.accidents import services
from worksafety.indicators.accidents.tests.helpers import local, record
from worksafety.indicators.kpis import compute as kpis
from worksafety.indicators.kpis.forms import DenominatorForm, IndicatorForm
from worksafety.indicators.kpis.models import Denominator, Indicator
from worksafety.indicators.tests.factories import DenominatorFactory
from worksafety.standards.kpis import Reason, Status

TODAY = date(2026, 11, 29)
DENOMINATORS_2020 = {"gdp": 2000, "industrial_employees": 400_000, "commercial_vehicles": 20_000,
                     "special_equipment": 50_000, "population": 1_000_000, "aquatic_output": 25,
                     "construction_output": 300}


def denominators(year, without=()):
    for kind, value in DENOMINATORS_2020.items():
        if kind not in without:
            DenominatorFactory(kind=kind, year=year, value=value, source="测试")


def street_accident(world, year, sector_code, accident_type, deaths, **fields):
    return record(world, **{"occurred_at": local(year), "enterprise": None, "area": world.street_b,
                            "sector": Sector.objects.get(code=sector_code), "accident_type": accident_type,
                            "deaths": deaths, **fields})


@pytest.fixture
def year_2020(world):
    """Seven accidents of 2020 in seven sectors: 10 deaths, one missing."""
    denominators(2020)
    record(world, occurred_at=local(2020), deaths=2)  # hazchem, the park's enterprise
    street_accident(world, 2020, "road_transport", "车辆伤害", 3, road_traffic=True)
    street_accident(world, 2020, "construction", "高处坠落", 1)
    street_accident(world, 2020, "agri_fishery", "淹溺", 1, missing=1)
    street_accident(world, 2020, "special_equipment", "起重伤害", 1)
    street_accident(world, 2020, "fire_key_unit", "火灾", 2)
    record(world, occurred_at=local(2020), enterprise=world.ent_street_a, accident_type="机械伤害", deaths=0,
           serious_injuries=1, direct_loss_yuan=Decimal("90000"))


def values_for(year, today=TODAY) -> dict[int, object]:
    return {r.indicator.number: next(row for row in r.evaluation.years if row.year == year)
            for r in kpis.evaluate(today=today)}


def test_the_migration_loads_the_nine_indicators_of_the_plan_with_its_wording(db):
    indicators = list(Indicator.objects.order_by("number"))
    assert [i.target_text for i in indicators] == ["下降15%", "下降15%", "下降33%", "下降20%", "下降10%", "下降20%",
                                                   "下降5%", "<0.7人", "<1.6人"]
    assert indicators[7].name == "渔业万吨水产品死亡人数" and indicators[8].target_kind == "absolute"
    assert all(i.nature == "binding" and i.baseline_year == 2020 and i.target_year == 2025 for i in indicators)
    assert all("未找到" in i.formula_note and "2035" in i.horizon_2035 for i in indicators)


def test_every_indicator_is_computed_from_the_stored_accidents_and_denominators(year_2020):
    values = {number: row.value for number, row in values_for(2020).items()}
    assert values == {
        1: 10,  # deaths
        2: 7,  # accidents
        3: pytest.approx(10 / 2000),  # per 亿元 GDP
        4: pytest.approx((2 + 1 + 1) / 400_000 * 100_000),  # 工矿商贸: hazchem, construction, special equipment
        5: pytest.approx(3 / 20_000 * 10_000),  # road transport per 万辆
        6: pytest.approx(1 / 50_000 * 10_000),  # special equipment per 万台
        7: pytest.approx(2 / 1_000_000 * 100_000),  # fire per 十万人
        8: pytest.approx((1 + 1) / 25),  # fishery deaths and missing per 万吨
        9: pytest.approx(1 / 300 * 100),  # construction per 百亿元
    }


def test_values_follow_a_supplement_at_once_because_nothing_is_stored(world, year_2020):
    accident = street_accident(world, 2020, "construction", "坍塌", 1)
    assert values_for(2020)[9].value == pytest.approx(2 / 300 * 100)
    services.do_revise_figures(accident, user=world.district_user, kind="correction", note="核查",
                               deaths=4, missing=0, serious_injuries=0, minor_injuries=0, direct_loss_yuan="5000000")
    assert values_for(2020)[9].value == pytest.approx(5 / 300 * 100)
    Denominator.objects.filter(kind="construction_output", year=2020).update(value=500)
    assert values_for(2020)[9].value == pytest.approx(5 / 500 * 100)


def test_an_edited_definition_counts_differently(world, year_2020):
    deaths = Indicator.objects.get(number=1)
    deaths.measure = "deaths_and_missing"
    deaths.save()
    assert values_for(2020)[1].value == 11


def test_an_accident_counts_in_its_local_calendar_year(world, year_2020):
    street_accident(world, 2021, "construction", "高处坠落", 1, occurred_at=local(2021, 1, 1, 4))  # 2020-12-31 20:00 UTC
    assert values_for(2021)[1].value == 1


def test_a_year_without_records_or_a_denominator_is_no_data_and_a_true_zero_is_zero(world, year_2020):
    denominators(2021)
    denominators(2022, without=["gdp"])
    street_accident(world, 2022, "road_transport", "车辆伤害", 1, road_traffic=True)
    empty_year, no_gdp = values_for(2021), values_for(2022)
    assert all((row.value, row.status, row.reason) == (None, Status.NO_DATA, Reason.NO_ACCIDENT_RECORDS)
               for row in empty_year.values())
    assert (no_gdp[3].value, no_gdp[3].status, no_gdp[3].reason) == (None, Status.NO_DATA, Reason.NO_DENOMINATOR)
    assert no_gdp[1].value == 1 and no_gdp[8].value == 0  # no fishery accident in a year with records: a true 0


def test_progress_is_judged_against_the_straight_line_from_the_2020_baseline(world, year_2020):
    denominators(2023)
    for _ in range(8):  # 8 deaths in 2023 against a line of 10 − 1.5 × 3 / 5 = 9.1
        street_accident(world, 2023, "road_transport", "车辆伤害", 1, road_traffic=True)
    row = values_for(2023)[1]
    assert row.expected == pytest.approx(10 - 10 * 0.15 * 3 / 5) and row.status == Status.MET
    street_accident(world, 2023, "road_transport", "车辆伤害", 2, road_traffic=True)  # now 10: within 10 %
    assert values_for(2023)[1].status == Status.NEAR
    street_accident(world, 2023, "road_transport", "车辆伤害", 1, road_traffic=True)  # 11
    assert values_for(2023)[1].status == Status.BEHIND


def test_the_current_year_is_shown_so_far_but_not_judged(world, year_2020):
    street_accident(world, 2026, "construction", "高处坠落", 1)
    row = values_for(2026, today=TODAY)[1]
    assert (row.value, row.status, row.reason) == (1, Status.NOT_ASSESSED, Reason.YEAR_NOT_OVER)


def test_the_export_has_a_row_per_indicator_and_year(year_2020):
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(kpis.export_workbook(kpis.evaluate(today=TODAY)))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("序号", "指标", "指标性质", "规划目标", "年份")
    assert ("生产安全事故死亡人数", 2020, 10) == (rows[1][1], rows[1][4], rows[1][7])
    assert len(rows) == 1 + 9 * len(range(2020, 2026))  # to the target year: 2026 has no data yet


# --- bad input ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [0, -3])
def test_a_zero_or_negative_denominator_is_refused(db, value):
    form = DenominatorForm({"kind": "gdp", "year": 2021, "value": value, "source": "统计公报"}, user=None)
    assert not form.is_valid() and "value" in form.errors
    with pytest.raises(ValidationError):
        Denominator(kind="gdp", year=2021, value=value, source="统计公报").full_clean()


def test_one_denominator_per_kind_and_year(db):
    DenominatorFactory(kind="gdp", year=2021, value=2100, source="统计公报")
    form = DenominatorForm({"kind": "gdp", "year": 2021, "value": 2200, "source": "统计公报"}, user=None)
    assert not form.is_valid() and "已存在" in str(form.errors)


@pytest.mark.parametrize("changes, field", [
    ({"target_kind": "relative", "target_amount": "120"}, "target_amount"),
    ({"target_kind": "absolute", "target_amount": "0"}, "target_amount"),
    ({"denominator_kind": "", "multiplier": 10000}, "multiplier"),
    ({"baseline_year": 2025}, "target_year"),
    ({"accident_types": ["外星人入侵"]}, "accident_types"),
])
def test_impossible_definitions_are_refused_and_nothing_changes(world, changes, field):
    indicator = Indicator.objects.get(number=3)
    data = {name: getattr(indicator, name) for name in IndicatorForm._meta.fields if name != "sectors"}
    form = IndicatorForm({**data, **changes}, instance=indicator, user=world.district_user)
    assert not form.is_valid() and field in form.errors
    assert Indicator.objects.get(number=3).target_amount == Decimal("33")
