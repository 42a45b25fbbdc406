"""Enterprise safety-risk colour of a 危险化学品 production or storage enterprise by
《危险化学品生产储存企业安全风险评估诊断分级指南（试行）》(应急〔2018〕19号).

The 指南 is a 100-point assessment form. Each item starts at its allotted points and loses deductions down
to 0 ("每个项目分值扣完为止，最低为0分"); bonuses are then added; the total maps to 蓝 ≥ 90, 黄 75 to < 90,
橙 60 to < 75, 红 < 60. Any of four conditions makes the enterprise red whatever its score. The form is
data (data/enterprise_grading_2018_19.json, with sources); this module checks the answers and adds up.

Where the 指南's table is silent or ambiguous we decided as follows (the data file's "decisions" say the same):
- A rule counts per occurrence only where the 指南 says 每一种/每一处/每一项/每一人次/每涉及一个岗位;
  every other rule applies once (a true/false answer), the accident rules of 安全管理绩效 included.
- Item points cap deductions only. Bonuses come after capping and are not bounded, so a score can pass 100.
- 安全管理绩效 has bonuses and deductions: its 10 points bound the accident deductions; the 安全生产标准化
  and five-year no-accident bonuses stand outside that cap.
- 应急管理 (应急配备) has no points of its own, only a +3 bonus: cap 0.
- 重大危险源 is filled from the enterprise's most severe GB 18218-2018 level (`major_hazard_level` 1–4 or
  None) and deducted once.
- Contradictory answers are refused (two 安全生产标准化 levels; the no-accident bonus with an accident).
- An automatic-red condition sets the colour to red; the score is still reported.

Enterprises of other sectors have no such national model: their colour is the most severe colour of their
risk points (risk.highest, 从严从高).
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from worksafety.standards.risk import BandTable, Colour, as_number, band_rows, to_colour

_DATA = json.loads(
    (Path(__file__).parent / "data" / "enterprise_grading_2018_19.json").read_text(encoding="utf-8"),
    parse_float=Decimal,  # 0.1 and 0.5 point rules: keep the sums exact at the 60/75/90 thresholds
)

# The answer that fills the 重大危险源 item: the enterprise's most severe GB 18218-2018 level, or None.
MAJOR_HAZARD_LEVEL = "major_hazard_level"


class GradingError(ValueError):
    """Answers that do not fit the form: an unknown id, a wrong type, a bad count or a contradiction."""


@dataclass(frozen=True)
class Rule:
    """One line of the form: a deduction or a bonus of `points`, once or per occurrence."""

    id: str
    text: str
    points: Decimal
    per_occurrence: bool
    max_count: int | None
    conflicts_with: tuple[str, ...]
    level: int | None  # the GB 18218 level a 重大危险源 rule stands for

    @classmethod
    def from_data(cls, row: dict[str, Any]) -> "Rule":
        return cls(
            id=row["id"],
            text=row["text"],
            points=Decimal(row["points"]),
            per_occurrence=row["per"] == "occurrence",
            max_count=row.get("max_count"),
            conflicts_with=tuple(row.get("conflicts_with", ())),
            level=row.get("level"),
        )


@dataclass(frozen=True)
class Item:
    """An item of the form with its allotted points (the cap on its deductions)."""

    id: str
    name: str
    category: str
    cap: Decimal
    filled_from: str | None  # an item answered by one value rather than rule by rule
    deductions: tuple[Rule, ...]
    bonuses: tuple[Rule, ...]


@dataclass(frozen=True)
class Condition:
    """A condition that makes the enterprise red whatever its score."""

    id: str
    text: str


ITEMS: tuple[Item, ...] = tuple(
    Item(
        id=item["id"],
        name=item["name"],
        category=category["name"],
        cap=Decimal(item["cap"]),
        filled_from=item.get("filled_from"),
        deductions=tuple(Rule.from_data(row) for row in item["deductions"]),
        bonuses=tuple(Rule.from_data(row) for row in item["bonuses"]),
    )
    for category in _DATA["categories"]
    for item in category["items"]
)
AUTOMATIC_RED: tuple[Condition, ...] = tuple(Condition(row["id"], row["text"]) for row in _DATA["automatic_red"]["rows"])
THRESHOLDS = BandTable(band_rows(_DATA["thresholds"], "colour"), to_colour)
FULL_SCORE = Decimal(_DATA["full_score"])  # the sum of the items' allotted points

_RULES = {rule.id: rule for item in ITEMS for rule in item.deductions + item.bonuses}
_MAJOR_HAZARD_RULES = {
    rule.level: rule
    for item in ITEMS
    if item.filled_from == MAJOR_HAZARD_LEVEL
    for rule in item.deductions
    if rule.level is not None
}
# Rules answered one by one; the 重大危险源 rules are filled from MAJOR_HAZARD_LEVEL instead.
_ANSWERED_RULES = {
    rule.id: rule for item in ITEMS if item.filled_from is None for rule in item.deductions + item.bonuses
}
_CONDITIONS = {condition.id: condition for condition in AUTOMATIC_RED}
ANSWER_IDS = frozenset(_ANSWERED_RULES) | frozenset(_CONDITIONS) | {MAJOR_HAZARD_LEVEL}


def grade(answers: Mapping[str, object]) -> dict[str, Any]:
    """Score and colour of one enterprise's assessment.

    `answers` maps rule ids to a count (per-occurrence rules) or true/false (once rules), automatic-red
    condition ids to true/false, and MAJOR_HAZARD_LEVEL to 1–4 or None. Missing ids mean "does not apply".
    Returns {"score", "colour", "items": [{id, category, name, cap, deducted, bonus}], "deductions",
    "bonuses", "automatic_red"}; deductions and bonuses list the rules that applied, before capping.
    Raises GradingError for answers that do not fit the form.
    """
    counts = _counts(answers)
    _check_conflicts(counts)
    items, deductions, bonuses = [], [], []
    score = FULL_SCORE
    for item in ITEMS:
        deducted = min(item.cap, _total(item.deductions, counts))
        bonus = _total(item.bonuses, counts)
        score += bonus - deducted
        items.append({
            "id": item.id, "category": item.category, "name": item.name,
            "cap": as_number(item.cap), "deducted": as_number(deducted), "bonus": as_number(bonus),
        })
        deductions += _applied(item, item.deductions, counts)
        bonuses += _applied(item, item.bonuses, counts)
    automatic_red = [{"id": c.id, "text": c.text} for c in AUTOMATIC_RED if counts[c.id]]
    colour = Colour.RED if automatic_red else THRESHOLDS.classify(score)
    return {
        "score": as_number(score), "colour": colour, "items": items,
        "deductions": deductions, "bonuses": bonuses, "automatic_red": automatic_red,
    }


def _counts(answers: Mapping[str, object]) -> dict[str, int]:
    """How many times each rule and condition applies (0 when not answered)."""
    if not isinstance(answers, Mapping):
        raise GradingError(f"answers must be a mapping of answer ids to values; got {type(answers).__name__}")
    for key in answers:
        if key in _RULES and key not in _ANSWERED_RULES:
            raise GradingError(f"{key} is not answered directly: set {MAJOR_HAZARD_LEVEL} instead")
        if key not in ANSWER_IDS:
            raise GradingError(f"unknown answer id {key!r}")
    counts = dict.fromkeys(_RULES, 0) | dict.fromkeys(_CONDITIONS, 0)
    for key, value in answers.items():
        if key in _ANSWERED_RULES:
            counts[key] = _rule_count(_ANSWERED_RULES[key], value)
        elif key in _CONDITIONS:
            counts[key] = int(_flag(key, value))
    level = answers.get(MAJOR_HAZARD_LEVEL)
    if level is not None:
        if isinstance(level, bool) or not isinstance(level, int) or level not in _MAJOR_HAZARD_RULES:
            allowed = ", ".join(str(known) for known in sorted(_MAJOR_HAZARD_RULES))
            raise GradingError(f"{MAJOR_HAZARD_LEVEL} must be one of {allowed} or null; got {level!r}")
        counts[_MAJOR_HAZARD_RULES[level].id] = 1
    return counts


def _rule_count(rule: Rule, value: object) -> int:
    if not rule.per_occurrence:
        return int(_flag(rule.id, value))
    if isinstance(value, bool) or not isinstance(value, int):
        raise GradingError(f"{rule.id}: expected a count (a whole number ≥ 0), got {value!r}")
    if value < 0:
        raise GradingError(f"{rule.id}: a count cannot be negative, got {value}")
    if rule.max_count is not None and value > rule.max_count:
        raise GradingError(f"{rule.id}: at most {rule.max_count}, got {value}")
    return value


def _flag(answer_id: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise GradingError(f"{answer_id}: expected true or false, got {value!r}")
    return value


def _check_conflicts(counts: Mapping[str, int]) -> None:
    for rule in _RULES.values():
        for other in rule.conflicts_with:
            if counts[rule.id] and counts[other]:
                raise GradingError(f"{rule.id} and {other} cannot both apply")


def _total(rules: tuple[Rule, ...], counts: Mapping[str, int]) -> Decimal:
    return sum((rule.points * counts[rule.id] for rule in rules), Decimal(0))


def _applied(item: Item, rules: tuple[Rule, ...], counts: Mapping[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "id": rule.id, "item": item.id, "text": rule.text, "points": as_number(rule.points),
            "count": counts[rule.id], "total": as_number(rule.points * counts[rule.id]),
        }
        for rule in rules
        if counts[rule.id]
    ]
