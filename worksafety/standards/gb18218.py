"""GB 18218-2018《危险化学品重大危险源辨识》: is a unit a major hazard (4.2), and of which level (4.3)?

- Critical quantity Q (4.1.2): a chemical named in 表1 takes its 表1 value; any other chemical takes the 表2
  value of its hazard category, and with several categories the lowest one.
- Identification (4.2.1, 式1): S = Σ q/Q ≥ 1, q being the design maximum quantity in tonnes (4.2.2).
- Grading (4.3, 式2), for major hazards only: R = α·Σ β·q/Q. β comes from 表3 for its 14 toxic gases and
  otherwise from 表4 by hazard category; α from 表5 by the resident population within 500 m of the
  boundary; the level from 表6.

The input and output are the JSON of `worksafety gb18218 assess` (INTERFACES.md). The tables are data with
their sources: data/gb18218_tables.json (表2–表6) and data/gb18218_table1.csv (表1). The 表1 catalogue also
carries each substance's governing 表2 category, the platform's decision where the standard is silent (see
data/gb18218_table1.README.md); it gives β for a 表1 substance outside 表3 when the input names no category.
"""

import csv
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from worksafety.standards import cas as cas_numbers

_DATA = Path(__file__).parent / "data"

# 4.1.1 distinguishes production and storage units by where their boundary lies (shut-off valves, fire
# dikes); since 2009 both use the same critical quantities, so the type is validated and not used here.
UNIT_TYPES = ("storage", "production")
_UNIT_KEYS = ("unit_type", "population_500m", "substances")
_SUBSTANCE_KEYS = ("name", "cas", "category", "quantity_t")

# The boundaries are inclusive (S ≥ 1 in 4.2.1; R ≥ 100, 50, 10 in 表6) and the inputs are decimal tonnes,
# which binary floats only approximate: 0.06/0.75 + 9.2/10 is exactly 1 but sums to 0.9999999999999999.
# Decisions are taken on values rounded to 9 decimals, far below any meaningful difference; summed
# quantities are shown at the same precision, so 0.1 t + 0.2 t shows as 0.3.
_DECISION_DECIMALS = 9
# S, R and q/Q are shown to 4 decimals; is_major and level are decided before this rounding, so within
# 0.00005 of a boundary the shown value can read as the bound itself.
_OUTPUT_DECIMALS = 4
_MAX_SUGGESTIONS = 5


class AssessmentError(ValueError):
    """Invalid input. `field` says where (e.g. "substances[2].cas"); the message is one line, Chinese / English."""

    def __init__(self, field: str, chinese: str, english: str):
        super().__init__(f"{field}: {chinese} / {english}")
        self.field = field


@dataclass(frozen=True)
class Table1Row:
    row: int  # 序号 in the standard
    name: str  # 危险化学品名称和说明, exactly as printed
    cas: tuple[str, ...]  # none for 煤气, 硝酸铵肥料 and 烷基铝
    critical_t: float
    category: str | None  # governing 表2 code (the platform's decision), None when not catalogued


@dataclass(frozen=True)
class Category:
    code: str
    hazard_class: str
    description: str
    critical_t: float  # 表2
    beta: float  # 表4


# --- the tables ----------------------------------------------------------------------------------------


@cache
def _tables() -> dict[str, Any]:
    return json.loads((_DATA / "gb18218_tables.json").read_text(encoding="utf-8"))


def _number(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


@cache
def _table1() -> tuple[Table1Row, ...]:
    with (_DATA / "gb18218_table1.csv").open(encoding="utf-8", newline="") as file:
        return tuple(
            Table1Row(
                row=int(line["row"]),
                name=line["name_cn"],
                cas=tuple(number for number in line["cas"].split(";") if number),
                critical_t=_number(line["critical_t"]),
                category=line["category"] or None,
            )
            for line in csv.DictReader(file)
        )


@cache
def _rows_by_name() -> dict[str, Table1Row]:
    return {row.name: row for row in _table1()}


@cache
def _rows_by_cas() -> dict[str, tuple[Table1Row, ...]]:
    rows: dict[str, tuple[Table1Row, ...]] = {}
    for row in _table1():
        for number in row.cas:
            rows[number] = (*rows.get(number, ()), row)
    return rows


@cache
def _categories() -> dict[str, Category]:
    beta = _tables()["table4"]["beta_by_code"]
    return {
        line["code"]: Category(line["code"], line["class"], line["description"], line["Q_t"], beta[line["code"]])
        for line in _tables()["table2"]["rows"]
    }


@cache
def _table3_beta_by_cas() -> dict[str, float]:
    return {line["cas"]: line["beta"] for line in _tables()["table3"]["rows"]}


@cache
def _table3_cas_by_name() -> dict[str, str]:
    return {line["name"]: line["cas"] for line in _tables()["table3"]["rows"]}


def table1() -> list[dict[str, Any]]:
    """表1 in the standard's order: row (序号), name, cas (list), Q_t, category (governing 表2 code or None)."""
    return [
        {"row": row.row, "name": row.name, "cas": list(row.cas), "Q_t": row.critical_t, "category": row.category}
        for row in _table1()
    ]


def table2() -> list[dict[str, Any]]:
    """表2 in the standard's order: code, class, description, Q_t, and the β that 表4 gives the code."""
    return [
        {"code": c.code, "class": c.hazard_class, "description": c.description, "Q_t": c.critical_t, "beta": c.beta}
        for c in _categories().values()
    ]


def alpha(population: int) -> float:
    """表5: α for the resident population within 500 m outside the plant boundary (0 people → 0.5)."""
    if isinstance(population, float) and population.is_integer():
        population = int(population)
    if isinstance(population, bool) or not isinstance(population, int) or population < 0:
        raise AssessmentError("population_500m", f"须为非负整数，收到 {population!r}",
                              f"must be a non-negative whole number, got {population!r}")
    # The bands are listed from the most people down and the last starts at 0, so the first that fits is it.
    return next(band["alpha"] for band in _tables()["table5"]["bands"] if population >= band["people_min"])


def level(r: float) -> int:
    """表6: the level, 1 (一级) … 4 (四级), of a major hazard with grading index R; lower bounds inclusive."""
    if isinstance(r, bool) or not isinstance(r, int | float) or not math.isfinite(r) or r < 0:
        raise AssessmentError("R", f"须为非负数，收到 {r!r}", f"must be a non-negative number, got {r!r}")
    decided = round(r, _DECISION_DECIMALS)
    return next(line["level"] for line in _tables()["table6"]["levels"] if decided >= line["R_min"])


# --- assessment ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    index: int  # of the substance in the input, for messages
    key: tuple[str, Any]  # what makes two entries the same substance
    label: str
    q: float
    critical_t: float
    beta: float
    source: str  # of Q: "表1" or "表2 <code>"
    beta_source: str  # "表3" or "表4 <code>"
    row: int | None
    cas: str | None
    category: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "q_t": round(self.q, _DECISION_DECIMALS),
            "Q_t": self.critical_t,
            "beta": self.beta,
            "q_over_Q": round(self.q / self.critical_t, _OUTPUT_DECIMALS),
            "source": self.source,
            "beta_source": self.beta_source,
            "row": self.row,
            "cas": self.cas,
            "category": self.category,
        }


def assess(unit: dict) -> dict:
    """Identify and grade one production or storage unit; see the module docstring and INTERFACES.md."""
    if not isinstance(unit, dict):
        raise AssessmentError("input", "输入须为 JSON 对象", "the input must be a JSON object")
    _reject_unknown_keys(unit, _UNIT_KEYS, "input")
    if unit.get("unit_type") not in UNIT_TYPES:
        raise AssessmentError("unit_type", f"须为 storage 或 production，收到 {unit.get('unit_type')!r}",
                              f"must be \"storage\" or \"production\", got {unit.get('unit_type')!r}")
    if "population_500m" not in unit:
        raise AssessmentError("population_500m", "缺少厂区边界外 500 m 内常住人口数",
                              "the resident population within 500 m is required")
    unit_alpha = alpha(unit["population_500m"])
    substances = unit.get("substances")
    if not isinstance(substances, list) or not substances:
        raise AssessmentError("substances", "须为非空列表", "must be a non-empty list")

    terms = _merge(_resolve(index, substance) for index, substance in enumerate(substances))
    s = math.fsum(term.q / term.critical_t for term in terms)
    is_major = round(s, _DECISION_DECIMALS) >= 1
    # 4.3 grades units already identified as major hazards; below S = 1 there is no R and no level.
    r = unit_alpha * math.fsum(term.beta * term.q / term.critical_t for term in terms) if is_major else None
    return {
        "S": round(s, _OUTPUT_DECIMALS),
        "is_major": is_major,
        "alpha": unit_alpha,
        "R": None if r is None else round(r, _OUTPUT_DECIMALS),
        "level": None if r is None else level(r),
        "terms": [term.as_json() for term in terms],
    }


def _reject_unknown_keys(mapping: dict, allowed: tuple[str, ...], field: str) -> None:
    """Unknown keys are refused rather than ignored: a misspelt "categroy" would otherwise change β silently."""
    unknown = sorted(str(key) for key in mapping if key not in allowed)
    if unknown:
        raise AssessmentError(field, f"未知字段 {'、'.join(unknown)}（允许 {'、'.join(allowed)}）",
                              f"unknown field(s) {', '.join(unknown)} (allowed: {', '.join(allowed)})")


def _resolve(index: int, substance: Any) -> _Term:
    """Q, β and their sources for one entry of `substances`."""
    where = f"substances[{index}]"
    if not isinstance(substance, dict):
        raise AssessmentError(where, "须为 JSON 对象", "must be a JSON object")
    _reject_unknown_keys(substance, _SUBSTANCE_KEYS, where)
    name = _name(substance.get("name"), f"{where}.name")
    cas = _cas(substance.get("cas"), f"{where}.cas")
    given_category = _governing_category(substance.get("category"), f"{where}.category")
    quantity = _quantity(substance.get("quantity_t"), f"{where}.quantity_t")
    if name is None and cas is None:
        raise AssessmentError(where, "须给出 name（表1原文）或 cas", "give name (as worded in 表1) or cas")

    # 表3 names a gas without a condition, so its wording identifies the gas's CAS as firmly as 表1's does.
    table3_cas = _table3_cas_by_name().get(name) if name is not None else None
    if cas is not None and table3_cas is not None and cas != table3_cas:
        raise AssessmentError(f"{where}.cas", f"CAS {cas} 与“{name}”（{table3_cas}）不符",
                              f"CAS {cas} is not that of '{name}' ({table3_cas})")
    identifying_cas = cas or table3_cas
    row = _table1_row(name, identifying_cas, where)
    if row is not None:  # 4.1.2 a): a 表1 chemical takes its 表1 quantity whatever its category
        category = given_category or (_categories()[row.category] if row.category else None)
        key, label, critical_t, source = ("表1", row.row), row.name, row.critical_t, "表1"
    elif given_category is not None:  # 4.1.2 b)
        category = given_category
        key = ("cas", identifying_cas) if identifying_cas else ("name", name)
        label, critical_t, source = name or cas, category.critical_t, f"表2 {category.code}"
    else:
        raise _needs_category(name, cas, where)

    gas_cas = (identifying_cas,) if identifying_cas else row.cas if row else ()
    table3_beta = next((_table3_beta_by_cas()[n] for n in gas_cas if n in _table3_beta_by_cas()), None)
    if table3_beta is not None:
        beta, beta_source = table3_beta, "表3"
    elif category is not None:
        beta, beta_source = category.beta, f"表4 {category.code}"
    else:
        raise AssessmentError(
            f"{where}.category",
            f"表1第{row.row}项“{row.name}”不在表3中，平台目录未定其危险性类别，须给出 category（表2代码）以取 β",
            f"表1 row {row.row} '{row.name}' is not in 表3 and the catalogue has no governing category for it: "
            "give category (a 表2 code) for β",
        )
    return _Term(
        index=index, key=key, label=label, q=quantity, critical_t=critical_t, beta=beta, source=source,
        beta_source=beta_source, row=row.row if row else None,
        cas=identifying_cas or (row.cas[0] if row and len(row.cas) == 1 else None),
        category=category.code if category else None,
    )


def _name(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise AssessmentError(field, f"须为非空文本，收到 {value!r}", f"must be non-empty text, got {value!r}")
    return value.strip()


def _cas(value: Any, field: str) -> str | None:
    if value is None:
        return None
    if not cas_numbers.is_valid(value):
        raise AssessmentError(field, f"不是有效的 CAS 号（格式或校验位错误）：{value!r}",
                              f"not a valid CAS number (form or check digit): {value!r}")
    return value.strip()


def _governing_category(value: Any, field: str) -> Category | None:
    """The category among those given that governs: 4.1.2 takes the lowest critical quantity of a chemical
    with several hazards; on equal quantities the larger β (INTERFACES.md), so a tie never lowers R."""
    if value is None:
        return None
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not codes or not all(isinstance(code, str) for code in codes):
        raise AssessmentError(field, f"须为表2代码或代码列表，收到 {value!r}",
                              f"must be a 表2 code or a list of codes, got {value!r}")
    unknown = [code for code in codes if code not in _categories()]
    if unknown:
        raise AssessmentError(field, f"表2 中没有代码 {'、'.join(unknown)}（J1–J5、W1.1–W11）",
                              f"not a 表2 code: {', '.join(unknown)} (J1–J5, W1.1–W11)")
    return min((_categories()[code] for code in codes), key=lambda c: (c.critical_t, -c.beta))


def _quantity(value: Any, field: str) -> float:
    if value is None:
        raise AssessmentError(field, "缺少设计最大量（吨）", "the design maximum quantity in tonnes is required")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise AssessmentError(field, f"须为非负有限数（吨），收到 {value!r}",
                              f"must be a finite non-negative number of tonnes, got {value!r}")
    return value


def _table1_row(name: str | None, identifying_cas: str | None, where: str) -> Table1Row | None:
    """The 表1 row by exact name, else by a CAS number that only one row carries."""
    row = _rows_by_name().get(name)
    if row is not None:
        if identifying_cas is not None and row.cas and identifying_cas not in row.cas:
            raise AssessmentError(f"{where}.cas", f"CAS {identifying_cas} 与表1“{row.name}”（{'、'.join(row.cas)}）不符",
                                  f"CAS {identifying_cas} is not that of 表1 '{row.name}' ({', '.join(row.cas)})")
        return row
    rows = _rows_by_cas().get(identifying_cas, ())
    if len(rows) > 1:  # 硝酸铵 and 硝化纤维素: the critical quantity depends on a condition the CAS cannot tell
        names = [row.name for row in rows]
        raise AssessmentError(f"{where}.name", f"CAS {identifying_cas} 对应表1多个条目，须按表1原文给出 name："
                              f"{'、'.join(names)}",
                              f"CAS {identifying_cas} has several 表1 rows: give name exactly as one of: "
                              f"{' | '.join(names)}")
    return rows[0] if rows else None


def _needs_category(name: str | None, cas: str | None, where: str) -> AssessmentError:
    if cas is not None:
        return AssessmentError(f"{where}.category", f"CAS {cas} 不在表1中，须给出 category（表2代码）",
                               f"CAS {cas} is not in 表1: give category (a 表2 code)")
    similar = [row.name for row in _table1() if name in row.name][:_MAX_SUGGESTIONS]
    hint_zh = f"；表1中相近的名称：{'、'.join(similar)}" if similar else ""
    hint_en = f"; 表1 names containing it: {' | '.join(similar)}" if similar else ""
    return AssessmentError(f"{where}.name", f"表1中没有“{name}”，须按表1原文给出名称，或给出 category（表2代码）{hint_zh}",
                           f"'{name}' is not a 表1 name: use 表1's exact wording, or give category (a 表2 code)"
                           f"{hint_en}")


def _merge(terms: Iterable[_Term]) -> list[_Term]:
    """One term per substance. The same substance listed twice (two tanks, or once by name and once by CAS)
    becomes one term with the summed quantity: 4.2.1 a) compares the unit's total of a chemical with its Q."""
    merged: dict[tuple[str, Any], _Term] = {}
    for term in terms:
        earlier = merged.get(term.key)
        if earlier is None:
            merged[term.key] = term
            continue
        if (earlier.critical_t, earlier.beta, earlier.source, earlier.beta_source) != (
                term.critical_t, term.beta, term.source, term.beta_source):
            raise AssessmentError(f"substances[{term.index}]",
                                  f"与 substances[{earlier.index}] 是同一物质，但类别不同",
                                  f"the same substance as substances[{earlier.index}] with a different category")
        merged[term.key] = replace(earlier, q=earlier.q + term.q)
    return list(merged.values())
