import csv
import math
from pathlib import Path

import pytest

from worksafety.standards import cas, gb18218
from worksafety.standards.gb18218 import AssessmentError, assess

DATA = Path(gb18218.__file__).parent / "data"
REFERENCE_CSV = Path("/work/shared/reference/gb18218_table1.csv")

# GB 18218-2018 表1 critical quantities in 序号 order, transcribed independently of the data file from the
# reference table (gb18218-risk-methods.md §A.1: S1, S2 and S3 agree on every value).
TABLE1_Q = [
    10, 1, 1, 20, 1, 0.3, 10, 5, 1, 5, 20, 5, 20, 1, 1, 1, 10, 20, 20, 1, 20, 20, 100, 1, 1, 75, 20, 20, 20,
    0.75, 0.5, 0.5, 0.5, 5, 5, 1, 1, 1, 10, 50, 50, 50, 5, 50, 200, 1000, 5, 50, 50, 50, 5, 50, 5, 1, 50, 200,
    50, 500, 500, 50, 50, 500, 10, 500, 500, 200, 500, 10, 500, 500, 10, 10, 50, 1, 1, 20, 20, 100, 100, 20,
    100, 50, 100, 1, 10,
]
TABLE3_BETA = {
    "一氧化碳": 2, "二氧化硫": 2, "氨": 2, "环氧乙烷": 2, "氯化氢": 3, "溴甲烷": 3, "氯": 4, "硫化氢": 5,
    "氟化氢": 5, "二氧化氮": 10, "氰化氢": 10, "碳酰氯": 20, "磷化氢": 20, "异氰酸甲酯": 20,
}
# 表1 rows whose governing category the platform left to the input (gb18218_table1.README.md).
UNDECIDED_ROWS = {2, 5, 14, 15, 16, 24, 26, 71}
LPG = "液化石油气(含丙烷、丁烷及其混合物)"


def unit(*substances, population=0, unit_type="storage"):
    return {"unit_type": unit_type, "population_500m": population, "substances": list(substances)}


def one(name_or_cas, quantity, **extra):
    key = "cas" if cas.is_valid(name_or_cas) else "name"
    return {key: name_or_cas, "quantity_t": quantity, **extra}


# --- worked examples (/work/shared/reference/gb18218_examples.json) ---------------------------------------

EXAMPLES = {
    # id: (unit, S, R, level); published P1 and P2, derived D1–D9, all with 2018 values.
    "P1": (unit(one("二氧化硫", 200), population=60, unit_type="production"), 10, 30, 3),
    # P2 as arithmetic: tank 60 t + piping 0.9 t summed by the source into one unit (see its notes).
    "P2": (unit(one(LPG, 60.9)), 1.218, 0.5 * 1.5 * 1.218, 4),
    "D1": (unit(one("氨", 100), population=120), 10, 40, 3),
    "D2": (unit(one("氯", 31.25), population=200), 6.25, 50, 2),
    "D3": (unit(one("硫化氢", 50), population=100), 10, 100, 1),
    "D4": (unit(one("氨", 25), population=100), 2.5, 10, 3),
    "D5": (unit(one("氨", 24), population=100), 2.4, 9.6, 4),
    "D6": (unit(one("苯", 25), one("甲苯", 250), population=0), 1, 0.5, 4),
    "D7": (unit(one("碳酰氯", 0.6), population=30), 2, 48, 3),
    "D8": (unit(one("未列名毒性气体(J3)", 20, category="J3"), one("氨", 8), population=10), 1.2, 2.4, 4),
    "D9": (unit(one("氢", 4.9), population=500), 0.98, None, None),
}


@pytest.mark.parametrize("example", EXAMPLES)
def test_worked_examples(example):
    given, s, r, level = EXAMPLES[example]
    result = assess(given)
    assert result["S"] == pytest.approx(s)
    assert result["is_major"] is (level is not None)
    assert result["level"] == level
    assert result["R"] == (None if r is None else pytest.approx(r, abs=1e-4))


def test_example_betas_and_sources():
    d8 = assess(EXAMPLES["D8"][0])["terms"]
    assert [(t["Q_t"], t["beta"], t["source"], t["beta_source"]) for t in d8] == [
        (50, 2, "表2 J3", "表4 J3"), (10, 2, "表1", "表3")]
    d6 = assess(EXAMPLES["D6"][0])["terms"]  # pitfall 3: 苯 and 甲苯 are W5.3, β 1 (not W5.1's 1.5)
    assert [(t["beta"], t["beta_source"]) for t in d6] == [(1, "表4 W5.3"), (1, "表4 W5.3")]
    assert assess(EXAMPLES["D9"][0])["terms"][0]["beta_source"] == "表4 W2"


# P3, P5 and P6 use legacy (2000/2009) critical quantities that 2018 no longer has, and P5 a pure-equivalent
# conversion 2018 dropped (4.2.3), so only the examples' own 2018 recomputations are checked here.
def test_p3_under_2018_values_is_not_a_major_hazard():
    result = assess(unit(one("甲醇", 15), one("乙烯", 6)))
    assert result["S"] == pytest.approx(0.15)
    assert result["is_major"] is False


def test_p4_petrol_station_with_diesel_as_w5_4():
    result = assess(unit(one("汽油(乙醇汽油、甲醇汽油)", 26.64), one("柴油", 22.95, category="W5.4")))
    assert result["S"] == pytest.approx(0.1378, abs=1e-4)
    assert result["is_major"] is False


def test_p6_under_2018_values():
    result = assess(unit(one("硫化氢", 10), one("氯", 2), one("碳酰氯", 0.5)))
    assert result["S"] == pytest.approx(4.0667, abs=1e-4)


# --- boundaries (4.2.1 S ≥ 1; 表5; 表6) -----------------------------------------------------------------

@pytest.mark.parametrize(("quantity", "major"), [(10, True), (9.9999, False), (10.0001, True)])
def test_s_equal_to_one_is_a_major_hazard(quantity, major):
    result = assess(unit(one("氨", quantity)))
    assert result["is_major"] is major
    assert (result["R"] is None, result["level"] is None) == (not major, not major)


def test_s_that_is_one_in_decimals_but_not_in_binary_floats_is_major():
    # 0.06/0.75 + 9.2/10 = 0.08 + 0.92 = 1, which binary floating point sums to 0.9999999999999999.
    assert 0.06 / 0.75 + 9.2 / 10 < 1
    assert assess(unit(one("异氰酸甲酯", 0.06), one("氨", 9.2)))["is_major"] is True


@pytest.mark.parametrize(("chlorine_t", "r", "level"), [
    (12.5, 10, 3), (12.4999, 9.9999, 4),  # 氯: Q 5, β 4; population 10 → α 1.0; R = 0.8·q
    (62.5, 50, 2), (62.4999, 49.9999, 3),
    (125, 100, 1), (124.9999, 99.9999, 2),
])
def test_level_lower_bounds_are_inclusive(chlorine_t, r, level):
    result = assess(unit(one("氯", chlorine_t), population=10))
    assert result["R"] == pytest.approx(r, abs=1e-4)
    assert result["level"] == level


def test_r_that_is_100_in_decimals_but_not_in_binary_floats_is_level_1():
    # α 1.2 × β 20 × 3.125/0.75 = 100 exactly; in binary floating point 99.99999999999999.
    assert 1.2 * (20 * 3.125 / 0.75) < 100
    result = assess(unit(one("异氰酸甲酯", 3.125), population=30))
    assert (result["R"], result["level"]) == (100, 1)


@pytest.mark.parametrize(("population", "alpha"), [
    (0, 0.5), (1, 1.0), (29, 1.0), (30, 1.2), (49, 1.2), (50, 1.5), (99, 1.5), (100, 2.0), (100_000, 2.0),
])
def test_alpha_bands(population, alpha):
    assert gb18218.alpha(population) == alpha
    assert assess(unit(one("氨", 10), population=population))["alpha"] == alpha


def test_alpha_accepts_a_whole_number_written_as_float():
    assert gb18218.alpha(60.0) == 1.5


@pytest.mark.parametrize(("r", "level"), [
    (1000, 1), (100, 1), (99.999, 2), (50, 2), (49.999, 3), (10, 3), (9.999, 4), (0, 4),
    (99.9999999999, 1),  # within the 9-decimal tolerance of the bound
])
def test_level_helper(r, level):
    assert gb18218.level(r) == level


@pytest.mark.parametrize("r", [-1, math.nan, math.inf, "10", True])
def test_level_helper_refuses_non_numbers(r):
    with pytest.raises(AssessmentError):
        gb18218.level(r)


# --- output -------------------------------------------------------------------------------------------

def test_output_keys_follow_interfaces():
    result = assess(unit(one("氨", 12.5), population=60))
    assert list(result) == ["S", "is_major", "alpha", "R", "level", "terms"]
    term = result["terms"][0]
    assert {"label", "q_t", "Q_t", "beta", "q_over_Q", "source"} <= set(term)
    assert term == {"label": "氨", "q_t": 12.5, "Q_t": 10, "beta": 2, "q_over_Q": 1.25, "source": "表1",
                    "beta_source": "表3", "row": 1, "cas": "7664-41-7", "category": None}


def test_not_major_has_null_r_and_level():
    result = assess(unit(one("氨", 5), population=200))
    assert (result["is_major"], result["R"], result["level"], result["alpha"]) == (False, None, None, 2.0)


def test_unit_type_does_not_change_the_result():
    substances = [one("氯", 20), one("甲醇", 100)]
    assert assess(unit(*substances, unit_type="storage")) == assess(unit(*substances, unit_type="production"))


# --- matching and β ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "cas_number"), [
    ("氯", "7782-50-5"), ("硫化氢", "7783-06-4"), ("碳酰氯", "75-44-5"), ("氯化氢(无水)", "7647-01-0"),
    ("异氰酸甲酯", "624-83-9"), ("二氧化氮", "10102-44-0"),
])
def test_table3_beta_by_name_and_by_cas(name, cas_number):
    by_name = assess(unit(one(name, 1)))["terms"][0]
    by_cas = assess(unit(one(cas_number, 1)))["terms"][0]
    assert by_name == by_cas
    assert by_name["beta_source"] == "表3"
    assert by_name["source"] == "表1"


def test_table3_names_differing_from_table1_reach_the_table1_row():
    # 表3 says 氯化氢, 表1 says 氯化氢(无水): the gas is the same, so Q stays 表1's 20 t (4.1.2 a).
    term = assess(unit(one("氯化氢", 10)))["terms"][0]
    assert (term["label"], term["Q_t"], term["beta"]) == ("氯化氢(无水)", 20, 3)


def test_carbon_monoxide_is_in_table3_but_not_in_table1():
    by_cas = assess(unit(one("630-08-0", 10, category="W2")))["terms"][0]
    by_name = assess(unit(one("一氧化碳", 10, category="W2")))["terms"][0]
    assert (by_cas["Q_t"], by_cas["source"], by_cas["beta"], by_cas["beta_source"]) == (10, "表2 W2", 2, "表3")
    assert (by_name["Q_t"], by_name["beta"], by_name["cas"]) == (10, 2, "630-08-0")
    with pytest.raises(AssessmentError, match=r"substances\[0\]\.category: CAS 630-08-0"):
        assess(unit(one("630-08-0", 10)))


def test_coal_gas_named_with_the_cas_of_carbon_monoxide():
    name = "煤气(CO,CO和H2、CH4的混合物等)"
    assert assess(unit(one(name, 20)))["terms"][0]["beta_source"] == "表4 W2"
    term = assess(unit({"name": name, "cas": "630-08-0", "quantity_t": 20}))["terms"][0]
    assert (term["Q_t"], term["source"], term["beta"], term["beta_source"]) == (20, "表1", 2, "表3")


def test_matching_by_cas_reports_the_table1_name():
    term = assess(unit(one("71-43-2", 10)))["terms"][0]
    assert (term["label"], term["row"], term["Q_t"], term["beta_source"]) == ("苯", 57, 50, "表4 W5.3")


def test_multi_cas_rows_match_by_any_of_their_numbers():
    for number in ("68476-85-7", "74-98-6", "106-97-8"):
        assert assess(unit(one(number, 50)))["terms"][0]["label"] == LPG
    assert assess(unit(one("8006-14-2", 1)))["terms"][0]["label"] == "甲烷,天然气"


@pytest.mark.parametrize(("name", "beta", "beta_source"), [
    ("汽油(乙醇汽油、甲醇汽油)", 1.5, "表4 W5.1"), ("乙醚", 1.5, "表4 W5.1"), ("甲醇", 1, "表4 W5.3"),
    ("氢", 1.5, "表4 W2"), ("叠氮化铅", 2, "表4 W1.1"), ("硝化纤维素(含乙醇≥25%)", 2, "表4 W1.2"),
    ("过氧化甲基乙基酮(10%<有效氧含量≤10.7%,含A型稀释剂≥48%)", 1.5, "表4 W7.1"), ("钠", 1, "表4 W11"),
])
def test_catalogue_category_gives_beta_of_table1_substances(name, beta, beta_source):
    term = assess(unit(one(name, 1)))["terms"][0]
    assert (term["beta"], term["beta_source"]) == (beta, beta_source)


def test_input_category_overrides_the_catalogue_for_beta_but_not_q():
    # 甲醇 worked above its boiling point is W5.1 (表2), but as a 表1 chemical it keeps Q = 500 t (4.1.2 a).
    term = assess(unit(one("甲醇", 100, category="W5.1")))["terms"][0]
    assert (term["Q_t"], term["source"], term["beta"], term["beta_source"]) == (500, "表1", 1.5, "表4 W5.1")


def test_table3_beta_wins_over_a_given_category():
    term = assess(unit(one("氯", 5, category="J1")))["terms"][0]
    assert (term["beta"], term["beta_source"]) == (4, "表3")


def test_undecided_table1_row_needs_a_category():
    with pytest.raises(AssessmentError, match=r"substances\[0\]\.category: 表1第5项“氟”") as caught:
        assess(unit(one("氟", 1)))
    assert "give category" in str(caught.value)
    term = assess(unit(one("氟", 1, category="J1")))["terms"][0]
    assert (term["Q_t"], term["beta"], term["beta_source"]) == (1, 4, "表4 J1")


@pytest.mark.parametrize(("codes", "q", "beta", "code"), [
    (["J3", "W2"], 10, 1.5, "W2"),  # 4.1.2: lowest critical quantity governs
    (["W4", "J3"], 50, 2, "J3"),  # equal Q 50: the larger β
    (["J3", "W4"], 50, 2, "J3"),  # … whatever the order
    (["W5.4", "W5.3"], 1000, 1, "W5.3"),
    (["J1", "W2", "J3"], 5, 4, "J1"),
    (["W2"], 10, 1.5, "W2"),
    ("W2", 10, 1.5, "W2"),
])
def test_list_of_categories(codes, q, beta, code):
    term = assess(unit(one("某混合物", 1, category=codes)))["terms"][0]
    assert (term["Q_t"], term["beta"], term["source"], term["category"]) == (q, beta, f"表2 {code}", code)


def test_same_substance_twice_is_one_term_with_the_summed_quantity():
    result = assess(unit(one("氨", 6), one("7664-41-7", 4), one("某溶剂", 0.1, category="W5.3"),
                         one("某溶剂", 0.2, category="W5.3")))
    assert [(t["label"], t["q_t"]) for t in result["terms"]] == [("氨", 10), ("某溶剂", 0.3)]
    assert result["is_major"] is True


def test_same_substance_twice_with_different_categories_is_refused():
    with pytest.raises(AssessmentError, match=r"substances\[1\]: .*substances\[0\]"):
        assess(unit(one("某溶剂", 1, category="W5.3"), one("某溶剂", 1, category="W5.4")))


def test_cas_of_a_substance_not_in_table1_with_a_category():
    term = assess(unit(one("7732-18-5", 10, category="W11")))["terms"][0]
    assert (term["label"], term["Q_t"], term["source"]) == ("7732-18-5", 200, "表2 W11")


# --- invalid input -------------------------------------------------------------------------------------

GOOD = one("氨", 1)
BAD_INPUTS = {
    "not an object": ([GOOD], "input"),
    "unknown top-level key": ({**unit(GOOD), "populaton_500m": 3}, "input"),
    "unknown unit type": (unit(GOOD, unit_type="warehouse"), "unit_type"),
    "missing unit type": ({"population_500m": 0, "substances": [GOOD]}, "unit_type"),
    "missing population": ({"unit_type": "storage", "substances": [GOOD]}, "population_500m"),
    "negative population": (unit(GOOD, population=-1), "population_500m"),
    "fractional population": (unit(GOOD, population=12.5), "population_500m"),
    "population as text": (unit(GOOD, population="60"), "population_500m"),
    "population as boolean": (unit(GOOD, population=True), "population_500m"),
    "population NaN": (unit(GOOD, population=math.nan), "population_500m"),
    "missing substances": ({"unit_type": "storage", "population_500m": 0}, "substances"),
    "empty substances": (unit(), "substances"),
    "substances not a list": ({**unit(), "substances": GOOD}, "substances"),
    "substance not an object": (unit("氨"), "substances[0]"),
    "neither name nor cas": (unit({"quantity_t": 1, "category": "W2"}), "substances[0]"),
    "unknown substance key": (unit({**GOOD, "categroy": "W2"}), "substances[0]"),
    "unknown name": (unit(one("液化石油气", 60)), "substances[0].name"),
    "empty name": (unit(one("", 1)), "substances[0].name"),
    "name not text": (unit({"name": 7, "quantity_t": 1}), "substances[0].name"),
    "wrong check digit": (unit({"cas": "7664-41-8", "quantity_t": 1}), "substances[0].cas"),
    "malformed cas": (unit({"cas": "7664417", "quantity_t": 1}), "substances[0].cas"),
    "cas not in 表1, no category": (unit(one("7732-18-5", 1)), "substances[0].category"),
    "name and cas disagree": (unit({"name": "苯", "cas": "7664-41-7", "quantity_t": 1}), "substances[0].cas"),
    "表3 name and cas disagree": (unit({"name": "一氧化碳", "cas": "71-43-2", "quantity_t": 1}),
                                  "substances[0].cas"),
    "unknown category": (unit(one("某物", 1, category="W12")), "substances[0].category"),
    "one unknown code in a list": (unit(one("某物", 1, category=["W2", "J6"])), "substances[0].category"),
    "empty category list": (unit(one("某物", 1, category=[])), "substances[0].category"),
    "category not text": (unit(one("某物", 1, category=2)), "substances[0].category"),
    "negative quantity": (unit(one("氨", -1)), "substances[0].quantity_t"),
    "quantity as text": (unit(one("氨", "12.5")), "substances[0].quantity_t"),
    "quantity NaN": (unit(one("氨", math.nan)), "substances[0].quantity_t"),
    "quantity infinite": (unit(one("氨", math.inf)), "substances[0].quantity_t"),
    "quantity boolean": (unit(one("氨", True)), "substances[0].quantity_t"),
    "missing quantity": (unit({"name": "氨"}), "substances[0].quantity_t"),
    "硝酸铵 by cas only": (unit(one("6484-52-2", 30)), "substances[0].name"),
    "硝化纤维素 by cas only": (unit(one("9004-70-0", 1)), "substances[0].name"),
    "bad entry after a good one": (unit(GOOD, one("氨", -1)), "substances[1].quantity_t"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_invalid_input_is_refused_with_a_one_line_bilingual_message(case):
    given, field = BAD_INPUTS[case]
    with pytest.raises(AssessmentError) as caught:
        assess(given)
    message = str(caught.value)
    assert caught.value.field == field
    assert message.startswith(f"{field}: ")
    assert "\n" not in message
    assert " / " in message  # Chinese / English
    assert isinstance(caught.value, ValueError)


def test_ambiguous_cas_lists_the_exact_names_to_use():
    with pytest.raises(AssessmentError) as caught:
        assess(unit(one("6484-52-2", 30)))
    assert "硝酸铵(含可燃物≤0.2%)" in str(caught.value)
    assert "硝酸铵(含可燃物>0.2%,包括以碳计算的任何有机物,但不包括任何其他添加剂)" in str(caught.value)
    # With the exact name the same CAS is accepted.
    term = assess(unit({"name": "硝酸铵(含可燃物≤0.2%)", "cas": "6484-52-2", "quantity_t": 30}))["terms"][0]
    assert (term["row"], term["Q_t"]) == (44, 50)


def test_unknown_name_suggests_table1_wording():
    with pytest.raises(AssessmentError, match=r"液化石油气\(含丙烷、丁烷及其混合物\)"):
        assess(unit(one("液化石油气", 60)))


def test_unknown_key_message_names_the_key():
    with pytest.raises(AssessmentError, match="categroy"):
        assess(unit({**GOOD, "categroy": "W2"}))


# --- the data files ------------------------------------------------------------------------------------

def test_table1_has_85_rows_in_order():
    rows = gb18218.table1()
    assert [row["row"] for row in rows] == list(range(1, 86))
    assert len({row["name"] for row in rows}) == 85


def test_table1_critical_quantities():
    assert [row["Q_t"] for row in gb18218.table1()] == TABLE1_Q
    by_name = {row["name"]: row["Q_t"] for row in gb18218.table1()}
    for name, q in {"氨": 10, "氯": 5, "甲醇": 500, "汽油(乙醇汽油、甲醇汽油)": 200, LPG: 50, "硫化氢": 5,
                    "环氧乙烷": 10, "氢": 5, "苯": 50, "氧(压缩的或液化的)": 200, "硝酸胍": 50}.items():
        assert by_name[name] == q


def test_table1_cas_numbers_are_valid_and_three_rows_have_none():
    rows = gb18218.table1()
    assert all(cas.is_valid(number) for row in rows for number in row["cas"])
    assert [row["row"] for row in rows if not row["cas"]] == [13, 45, 74]


@pytest.mark.skipif(not REFERENCE_CSV.exists(), reason="the shared reference folder is not on this machine")
def test_table1_is_the_reference_table_plus_two_columns():
    with REFERENCE_CSV.open(encoding="utf-8", newline="") as file:
        reference = list(csv.DictReader(file))
    with (DATA / "gb18218_table1.csv").open(encoding="utf-8", newline="") as file:
        ours = list(csv.DictReader(file))
    assert [{k: row[k] for k in reference[0]} for row in ours] == reference


def test_table1_categories_are_table2_codes_or_deliberately_empty():
    codes = {row["code"] for row in gb18218.table2()}
    table3_cas = {row["cas"] for row in gb18218._tables()["table3"]["rows"]}
    for row in gb18218.table1():
        if row["category"] is not None:
            assert row["category"] in codes, row
        else:
            assert row["row"] in UNDECIDED_ROWS or set(row["cas"]) & table3_cas, row
            assert not (row["row"] in UNDECIDED_ROWS and set(row["cas"]) & table3_cas)


def test_every_table1_substance_has_a_beta_or_is_one_of_the_undecided():
    for row in gb18218.table1():
        given = unit({"name": row["name"], "quantity_t": 1})
        if row["row"] in UNDECIDED_ROWS:
            with pytest.raises(AssessmentError):
                assess(given)
        else:
            assert assess(given)["terms"][0]["beta"] > 0


def test_table2_has_24_codes_with_q_and_beta():
    rows = gb18218.table2()
    assert [row["code"] for row in rows] == [
        "J1", "J2", "J3", "J4", "J5", "W1.1", "W1.2", "W1.3", "W2", "W3", "W4", "W5.1", "W5.2", "W5.3", "W5.4",
        "W6.1", "W6.2", "W7.1", "W7.2", "W8", "W9.1", "W9.2", "W10", "W11"]
    assert [row["Q_t"] for row in rows] == [
        5, 50, 50, 50, 500, 1, 10, 50, 10, 150, 50, 10, 50, 1000, 5000, 10, 50, 10, 50, 50, 50, 200, 200, 200]
    assert [row["beta"] for row in rows] == [
        4, 1, 2, 2, 1, 2, 2, 2, 1.5, 1, 1, 1.5, 1, 1, 1, 1.5, 1, 1.5, 1, 1, 1, 1, 1, 1]


def test_table3_has_14_gases_with_valid_cas_matching_table1():
    rows = gb18218._tables()["table3"]["rows"]
    assert {row["name"]: row["beta"] for row in rows} == TABLE3_BETA
    assert all(cas.is_valid(row["cas"]) for row in rows)
    table1_cas = {number for row in gb18218.table1() for number in row["cas"]}
    assert {row["name"] for row in rows if row["cas"] not in table1_cas} == {"一氧化碳"}
    assert {row["name"]: row["cas"] for row in rows}["一氧化碳"] == "630-08-0"


def test_tables_name_their_source_and_edition():
    tables = gb18218._tables()
    assert tables["standard"] == "GB 18218-2018"
    assert tables["source"] and "2018" in tables["edition"]


def test_table5_bands_cover_every_population_once():
    bands = sorted(gb18218._tables()["table5"]["bands"], key=lambda band: band["people_min"])
    assert bands[0]["people_min"] == 0 and bands[-1]["people_max"] is None
    for lower, upper in zip(bands, bands[1:], strict=False):
        assert upper["people_min"] == lower["people_max"] + 1


def test_table1_helper_returns_copies():
    gb18218.table1()[0]["cas"].append("x")
    assert gb18218.table1()[0]["cas"] == ["7664-41-7"]
