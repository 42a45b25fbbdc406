import json
from decimal import Decimal
from pathlib import Path

import pytest

from worksafety.standards import control_measures, risk
from worksafety.standards.risk import BandTableError, Colour, RiskInputError

ATTAINABLE_R = [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]


# Published gas-station example, https://m.aqrzj.com/doc/348231.html (reference §B.1): L, E, C, D, band.
@pytest.mark.parametrize(("L", "E", "C", "D", "band"), [
    (3, 10, 15, 450, "极其危险"),    # 火灾爆炸
    (1, 10, 1, 10, "稍有危险"),      # 中毒窒息
    (1, 6, 15, 90, "显著危险"),      # 电伤害
    (6, 6, 3, 108, "显著危险"),      # 车辆伤害
    (1, 1, 15, 15, "稍有危险"),      # 高处坠落
    (1, 0.5, 40, 20, "稍有危险"),    # 坍塌: D = 20 is the top of (0, 20]
])
def test_published_gas_station_examples(L, E, C, D, band):
    result = risk.lec(L, E, C)
    assert result["D"] == D
    assert result["band"].startswith(band)


def test_lec_result_shape_and_default_colour():
    assert risk.lec(3, 10, 15) == {"D": 450, "band": "极其危险，不能继续作业", "colour": "red", "level": "重大"}
    assert risk.lec(1, 6, 15)["colour"] == "yellow"  # D = 90


def test_lec_products_are_exact():
    # As binary floats 0.1 × 0.5 × 1 is not 0.05; D must be what the tables multiply to.
    assert risk.lec(0.1, 0.5, 1)["D"] == 0.05
    assert risk.lec(0.2, 6, 100)["D"] == 120  # 120.00000000000001 as floats


def test_score_tables_have_the_reference_sizes():
    assert [len(table.rows) for table in (risk.LEC_L, risk.LEC_E, risk.LEC_C)] == [7, 6, 6]
    assert [len(table.rows) for table in (risk.LS_L, risk.LS_S)] == [5, 5]


@pytest.mark.parametrize("table", [risk.DEFAULT_LEC_BANDS, risk.LEC_CLASSIC_BANDS])
def test_every_attainable_d_falls_in_exactly_one_band(table):
    values = risk.attainable_lec_values()
    assert len(values) == len(set(values))
    for d in values:
        assert sum(band.contains(d) for band in table.bands) == 1, d


@pytest.mark.parametrize("r", ATTAINABLE_R)
def test_every_attainable_r_falls_in_exactly_one_band(r):
    assert sum(band.contains(r) for band in risk.DEFAULT_LS_BANDS.bands) == 1


def test_attainable_r_values_are_the_reference_list():
    assert risk.attainable_ls_values() == ATTAINABLE_R


def test_d_160_and_320_are_not_attainable_but_20_and_70_are():
    values = risk.attainable_lec_values()
    assert 160 not in values and 320 not in values
    assert 20 in values and 70 in values


@pytest.mark.parametrize(("L", "E", "C", "D", "band", "colour"), [
    (1, 0.5, 40, 20, "稍有危险，可以接受", "blue"),                 # D = 20 closes (0, 20]
    (1, 3, 7, 21, "一般危险（可能危险），需要注意", "blue"),
    (10, 1, 7, 70, "一般危险（可能危险），需要注意", "blue"),       # D = 70 closes (20, 70]
    (6, 2, 7, 84, "显著危险，需要整改", "yellow"),
    (1, 10, 15, 150, "显著危险，需要整改", "yellow"),
    (6, 3, 7, 126, "显著危险，需要整改", "yellow"),
    (3, 6, 15, 270, "高度危险，需立即整改", "orange"),
    (10, 3, 7, 210, "高度危险，需立即整改", "orange"),
    (10, 6, 7, 420, "极其危险，不能继续作业", "red"),
])
def test_lec_boundaries(L, E, C, D, band, colour):
    result = risk.lec(L, E, C)
    assert (result["D"], result["band"], result["colour"]) == (D, band, colour)


def test_band_boundaries_160_and_320_close_their_bands():
    # Not attainable with the score tables, but a band table must still place them (reference §B.1).
    assert risk.LEC_CLASSIC_BANDS.classify(160).startswith("显著危险")
    assert risk.LEC_CLASSIC_BANDS.classify(320).startswith("高度危险")
    assert risk.DEFAULT_LEC_BANDS.classify(160) == Colour.YELLOW
    assert risk.DEFAULT_LEC_BANDS.classify(320) == Colour.ORANGE


@pytest.mark.parametrize(("L", "S", "R", "colour", "level"), [
    (2, 4, 8, "blue", "低"), (3, 3, 9, "yellow", "一般"),
    (3, 4, 12, "yellow", "一般"), (3, 5, 15, "orange", "较大"),
    (4, 4, 16, "orange", "较大"), (4, 5, 20, "red", "重大"),
    (1, 1, 1, "blue", "低"), (5, 5, 25, "red", "重大"),
])
def test_ls_boundaries(L, S, R, colour, level):
    assert risk.ls(L, S) == {"R": R, "colour": colour, "level": level}


@pytest.mark.parametrize(("call", "message"), [
    (lambda: risk.lec(4, 10, 15), "L (事故发生的可能性) must be one of 10, 6, 3, 1, 0.5, 0.2, 0.1; got 4"),
    (lambda: risk.lec(3, 7, 15), "E (暴露于危险环境的频繁程度) must be one of 10, 6, 3, 2, 1, 0.5; got 7"),
    (lambda: risk.lec(3, 10, 50), "C (发生事故可能造成的后果) must be one of 100, 40, 15, 7, 3, 1; got 50"),
    (lambda: risk.ls(0, 3), "L (事故发生的可能性) must be one of 5, 4, 3, 2, 1; got 0"),
    (lambda: risk.ls(3, 6), "S (事故后果严重性) must be one of 5, 4, 3, 2, 1; got 6"),
    (lambda: risk.lec("abc", 1, 1), "L: 'abc' is not a number"),
    (lambda: risk.lec(True, 1, 1), "L: expected a number, got True"),
    (lambda: risk.lec(None, 1, 1), "L: expected a number, got None"),
    (lambda: risk.lec("nan", 1, 1), "L: 'nan' is not a number"),
    (lambda: risk.ls(2.5, 1), "L (事故发生的可能性) must be one of 5, 4, 3, 2, 1; got 2.5"),
])
def test_invalid_inputs_name_the_allowed_values(call, message):
    with pytest.raises(RiskInputError) as caught:
        call()
    assert str(caught.value) == message
    assert "\n" not in message


def test_equal_numbers_in_another_form_are_accepted():
    assert risk.lec("3", 10.0, Decimal("15"))["D"] == 450
    assert risk.ls(" 4 ", 5.0)["R"] == 20


# A four-colour LEC table in the M2 style of the reference (D > 160 重大): custom tables are plain rows.
M2_ROWS = [
    (160, False, None, False, "red"),
    (70, False, 160, True, "orange"),
    (20, False, 70, True, "yellow"),
    (0, False, 20, True, "blue"),
]


def test_a_custom_band_table_replaces_the_default():
    assert risk.lec(3, 6, 15, bands=M2_ROWS)["colour"] == "red"           # D = 270
    assert risk.lec(10, 1, 7, bands=M2_ROWS)["level"] == "一般"           # D = 70
    table = risk.BandTable(M2_ROWS, risk.to_colour)
    assert risk.lec(1, 0.5, 40, bands=table)["colour"] == "blue"          # D = 20
    assert risk.ls(5, 5, bands=[(0, False, None, False, "blue")])["colour"] == "blue"


def test_rows_may_come_in_any_order():
    table = risk.BandTable(list(reversed(M2_ROWS)), risk.to_colour)
    assert [band.outcome for band in table.bands] == [Colour.BLUE, Colour.YELLOW, Colour.ORANGE, Colour.RED]


@pytest.mark.parametrize(("rows", "message"), [
    ([(0, False, 20, True, "blue"), (30, False, None, False, "red")], "gap between (0, 20] and (30, ∞)"),
    ([(0, False, 20, False, "blue"), (20, False, None, False, "red")], "gap between (0, 20) and (20, ∞)"),
    ([(0, False, 30, True, "blue"), (20, False, None, False, "red")], "(0, 30] and (20, ∞) overlap"),
    ([(0, False, 20, True, "blue"), (20, True, None, False, "red")], "(0, 20] and [20, ∞) overlap"),
    ([(0, False, None, False, "blue"), (20, True, None, False, "red")], "(0, ∞) and [20, ∞) overlap"),
    ([(5, False, None, False, "blue")], "the lowest band (5, ∞) must start at 0"),
    ([(0, False, 320, True, "blue")], "the highest band (0, 320] must be open-ended (upper null for ∞)"),
    ([], "a band table needs at least one band"),
])
def test_band_tables_with_gaps_or_overlaps_are_rejected(rows, message):
    with pytest.raises(BandTableError) as caught:
        risk.BandTable(rows, risk.to_colour)
    assert str(caught.value) == message


@pytest.mark.parametrize(("row", "fragment"), [
    ((0, False, None, False, "purple"), "colour must be one of red, orange, yellow, blue; got 'purple'"),
    ((0, "no", None, False, "blue"), "must be true or false"),
    ((0, False, None, True, "blue"), "an open-ended band cannot include ∞"),
    ((20, False, 20, True, "blue"), "lower must be below upper"),
    (("x", False, None, False, "blue"), "lower: 'x' is not a number"),
    (("-inf", False, None, False, "blue"), "lower must be a finite number"),
    ((0, False, None), "expected (lower, lower_inclusive, upper, upper_inclusive, outcome)"),
])
def test_malformed_bands_are_rejected_with_a_clear_message(row, fragment):
    with pytest.raises(BandTableError) as caught:
        risk.lec(1, 1, 1, bands=[row])
    assert fragment in str(caught.value)


def test_band_table_errors_are_value_errors():
    # Callers validating a configured table (forms, imports) catch ValueError.
    assert issubclass(BandTableError, ValueError) and issubclass(RiskInputError, ValueError)


def test_negative_values_are_below_every_band():
    with pytest.raises(RiskInputError, match="below the lowest band"):
        risk.DEFAULT_LS_BANDS.classify(-1)


def test_highest_takes_the_most_severe_colour():
    assert risk.highest(["blue", "orange", "yellow"]) == Colour.ORANGE
    assert risk.highest([Colour.BLUE, "red", Colour.ORANGE]) == Colour.RED
    assert risk.highest(["blue"]) == Colour.BLUE
    assert risk.highest([]) is None
    with pytest.raises(ValueError, match="colour must be one of red, orange, yellow, blue"):
        risk.highest(["blue", "green"])


def test_colours_agree_with_the_data_file():
    data = json.loads((Path(risk.__file__).parent / "data" / "risk_methods.json").read_text(encoding="utf-8"))
    rows = data["colours"]["rows"]
    assert [row["id"] for row in rows] == list(Colour)  # most to least severe in both
    assert [(c.chinese_name, c.level) for c in Colour] == [("红", "重大"), ("橙", "较大"), ("黄", "一般"), ("蓝", "低")]
    assert sorted(Colour, key=lambda c: c.severity, reverse=True) == list(Colour)


def test_control_measure_taxonomy():
    assert list(control_measures.TAXONOMY) == ["工程技术", "维护保养", "操作行为", "应急措施"]
    assert control_measures.is_valid("工程技术", "安全仪表")
    assert control_measures.is_valid("应急措施", "其他")
    assert not control_measures.is_valid("维护保养", "安全仪表")
    assert not control_measures.is_valid("管理措施", "其他")
