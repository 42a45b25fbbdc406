"""安全风险分级管控 (four-colour) risk evaluation: LEC, the LS matrix, colour band tables and 从严从高.

- LEC (作业条件危险性评价法): D = L × E × C, each factor a value of its score table, plus the classic
  five-band label of D.
- LS (风险矩阵法): R = L × S, both on five levels.
- A colour band table maps D or R to 红/橙/黄/蓝 = 重大/较大/一般/低 风险. No national standard fixes that
  mapping, so the defaults can be replaced by the table the district adopts, passed in as plain rows (for
  example from the database) and validated here.
- highest(): a unit or enterprise takes the most severe colour of its risk points (从严从高).

Score tables, band labels and the default bands are data, with their sources: data/risk_methods.json.

Arithmetic is exact (Decimal): the LEC tables hold 0.1, 0.2 and 0.5, and a binary-float product lands a
hair off (0.2 × 6 × 15 gives 18.000000000000004), which would change the colour under a table whose band
ends at 18.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise, product
from pathlib import Path
from typing import Any, Generic, TypeVar

_DATA = json.loads((Path(__file__).parent / "data" / "risk_methods.json").read_text(encoding="utf-8"))

Number = int | float | Decimal
Outcome = TypeVar("Outcome")
INFINITY = Decimal("Infinity")


class RiskInputError(ValueError):
    """An input that is not a number, or not a value of its score table."""


class BandTableError(ValueError):
    """A band table that does not cover [0, ∞) exactly once, or a malformed band."""


class Colour(StrEnum):
    """四色 risk colours, declared from the most to the least severe."""

    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    BLUE = "blue"

    @property
    def severity(self) -> int:
        """Larger is more severe (blue 0 … red 3), so max(…, key=severity) is 从严从高."""
        return _SEVERITY[self]

    @property
    def chinese_name(self) -> str:
        """红 / 橙 / 黄 / 蓝."""
        return str(_COLOUR_ROWS[self]["name"])

    @property
    def level(self) -> str:
        """The risk level the colour stands for: 重大 / 较大 / 一般 / 低."""
        return str(_COLOUR_ROWS[self]["level"])


_SEVERITY = {colour: rank for rank, colour in enumerate(reversed(list(Colour)))}
_COLOUR_ROWS = {Colour(row["id"]): row for row in _DATA["colours"]["rows"]}


def to_colour(value: object) -> Colour:
    """`value` (a Colour or its id, e.g. "red") as a Colour; ValueError naming the four ids otherwise."""
    if isinstance(value, str) and value in set(Colour):
        return Colour(value)
    raise ValueError(f"colour must be one of {', '.join(Colour)}; got {value!r}")


def highest(colours: Iterable[Colour | str]) -> Colour | None:
    """The most severe of `colours` (从严从高), or None when there are none.

    A unit, area or enterprise takes the highest level among its risk points. This is practice, not a
    national text; where a documented enterprise model exists (危险化学品: enterprise_grading) it replaces it.
    """
    return max((to_colour(colour) for colour in colours), key=lambda colour: colour.severity, default=None)


def as_number(value: Decimal) -> int | float:
    """An exact result as a JSON-friendly number: an int when whole (450, not 450.0), else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


def _decimal(value: object, what: str, error: type[ValueError] = RiskInputError) -> Decimal:
    """`value` as an exact Decimal. Numbers and numeric strings (command line, form data) are accepted;
    booleans are not, although Python counts True as 1."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise error(f"{what}: expected a number, got {value!r}")
    try:
        # str() of a float is its shortest repr, so 0.1 becomes Decimal("0.1"), not the binary expansion.
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except InvalidOperation:
        number = Decimal("NaN")
    if number.is_nan():  # also keeps NaN out of comparisons, where Decimal raises
        raise error(f"{what}: {value!r} is not a number")
    return number


@dataclass(frozen=True)
class ScoreTable:
    """The score table of one factor: its symbol, what it measures and (score, meaning) rows."""

    symbol: str
    title: str
    rows: tuple[tuple[Decimal, str], ...]

    @classmethod
    def from_data(cls, symbol: str, table: dict[str, Any]) -> "ScoreTable":
        rows = tuple((_decimal(row["score"], symbol), str(row["meaning"])) for row in table["scores"])
        return cls(symbol, table["title"], rows)

    @property
    def scores(self) -> tuple[Decimal, ...]:
        return tuple(score for score, _ in self.rows)

    def check(self, value: object) -> Decimal:
        """The table's score equal to `value`; RiskInputError listing the allowed scores otherwise."""
        number = _decimal(value, self.symbol)
        for score in self.scores:
            if number == score:
                return score
        allowed = ", ".join(str(as_number(score)) for score in self.scores)
        raise RiskInputError(f"{self.symbol} ({self.title}) must be one of {allowed}; got {value}")


@dataclass(frozen=True)
class Band(Generic[Outcome]):
    """An interval of scores and what it maps to. `upper` is INFINITY for the open-ended top band."""

    lower: Decimal
    lower_inclusive: bool
    upper: Decimal
    upper_inclusive: bool
    outcome: Outcome

    def contains(self, value: Number) -> bool:
        number = _decimal(value, "value")
        above = number > self.lower or (self.lower_inclusive and number == self.lower)
        below = number < self.upper or (self.upper_inclusive and number == self.upper)
        return above and below

    def __str__(self) -> str:
        """Interval notation, e.g. (70, 160] or (320, ∞)."""
        upper = "∞" if self.upper == INFINITY else str(as_number(self.upper))
        opening = "[" if self.lower_inclusive else "("
        closing = "]" if self.upper_inclusive else ")"
        return f"{opening}{as_number(self.lower)}, {upper}{closing}"


class BandTable(Generic[Outcome]):
    """Bands that cover [0, ∞) exactly once: no gap, no overlap, the top band open-ended.

    Rows are plain data, as a database or a data file holds them:
    (lower, lower_inclusive, upper, upper_inclusive, outcome), with upper None for ∞, in any order.
    The lowest band starts at 0, included or not: LEC D and LS R are always above 0, an
    应急〔2018〕19号 score can be 0. `outcome` converts and checks the last field (to_colour for colour
    tables). A defect raises BandTableError (a ValueError) naming the band.
    """

    def __init__(self, rows: Iterable[Sequence[Any]], outcome: Callable[[Any], Outcome]):
        bands = sorted((_band(row, outcome) for row in rows), key=lambda b: (b.lower, not b.lower_inclusive))
        _check_partition(bands)
        self.bands: tuple[Band[Outcome], ...] = tuple(bands)

    def classify(self, value: Number) -> Outcome:
        for band in self.bands:
            if band.contains(value):
                return band.outcome
        raise RiskInputError(f"{value} is below the lowest band {self.bands[0]}")


def _band(row: Sequence[Any], outcome: Callable[[Any], Outcome]) -> Band[Outcome]:
    if isinstance(row, str | bytes) or not isinstance(row, Sequence) or len(row) != 5:
        raise BandTableError(f"band {row!r}: expected (lower, lower_inclusive, upper, upper_inclusive, outcome)")
    lower, lower_inclusive, upper, upper_inclusive, result = row
    where = f"band {tuple(row)!r}"
    if not isinstance(lower_inclusive, bool) or not isinstance(upper_inclusive, bool):
        raise BandTableError(f"{where}: lower_inclusive and upper_inclusive must be true or false")
    low = _decimal(lower, f"{where} lower", BandTableError)
    high = INFINITY if upper is None else _decimal(upper, f"{where} upper", BandTableError)
    if not low.is_finite():
        raise BandTableError(f"{where}: lower must be a finite number")
    if high == INFINITY and upper_inclusive:
        raise BandTableError(f"{where}: an open-ended band cannot include ∞")
    if not low < high:
        raise BandTableError(f"{where}: lower must be below upper")
    try:
        converted = outcome(result)
    except ValueError as exc:
        raise BandTableError(f"{where}: {exc}") from None
    return Band(low, lower_inclusive, high, upper_inclusive, converted)


def _check_partition(bands: Sequence[Band[Any]]) -> None:
    if not bands:
        raise BandTableError("a band table needs at least one band")
    if bands[0].lower != 0:
        raise BandTableError(f"the lowest band {bands[0]} must start at 0")
    for below, above in pairwise(bands):
        touching = below.upper == above.lower
        if below.upper < above.lower or (touching and not below.upper_inclusive and not above.lower_inclusive):
            raise BandTableError(f"gap between {below} and {above}")
        if below.upper > above.lower or (touching and below.upper_inclusive and above.lower_inclusive):
            raise BandTableError(f"{below} and {above} overlap")
    if bands[-1].upper != INFINITY:
        raise BandTableError(f"the highest band {bands[-1]} must be open-ended (upper null for ∞)")


def _label(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"label must be non-empty text; got {value!r}")
    return value


def band_rows(table: dict[str, Any], outcome_key: str) -> list[tuple[Any, ...]]:
    """A data-file band table ({"rows": [{"lower", "lower_inclusive", "upper", "upper_inclusive",
    outcome_key}]}) as the plain rows BandTable takes."""
    return [
        (row["lower"], row["lower_inclusive"], row["upper"], row["upper_inclusive"], row[outcome_key])
        for row in table["rows"]
    ]


LEC_L = ScoreTable.from_data("L", _DATA["lec"]["L"])
LEC_E = ScoreTable.from_data("E", _DATA["lec"]["E"])
LEC_C = ScoreTable.from_data("C", _DATA["lec"]["C"])
LEC_CLASSIC_BANDS = BandTable(band_rows(_DATA["lec"]["classic_bands"], "label"), _label)
DEFAULT_LEC_BANDS = BandTable(band_rows(_DATA["lec"]["colour_bands"], "colour"), to_colour)

LS_L = ScoreTable.from_data("L", _DATA["ls"]["L"])
LS_S = ScoreTable.from_data("S", _DATA["ls"]["S"])
DEFAULT_LS_BANDS = BandTable(band_rows(_DATA["ls"]["colour_bands"], "colour"), to_colour)

ColourBands = BandTable[Colour] | Iterable[Sequence[Any]] | None


def _colour_bands(bands: ColourBands, default: BandTable[Colour]) -> BandTable[Colour]:
    if bands is None:
        return default
    if isinstance(bands, BandTable):
        return bands
    return BandTable(bands, to_colour)


def lec(L: object, E: object, C: object, bands: ColourBands = None) -> dict[str, Any]:
    """作业条件危险性评价: {"D", "band" (classic label), "colour", "level"}.

    L, E and C must be scores of LEC_L, LEC_E and LEC_C (numbers or numeric strings), else RiskInputError.
    `bands` is a colour band table (BandTable or plain rows); the default is DEFAULT_LEC_BANDS.
    """
    d = LEC_L.check(L) * LEC_E.check(E) * LEC_C.check(C)
    colour = _colour_bands(bands, DEFAULT_LEC_BANDS).classify(d)
    return {"D": as_number(d), "band": LEC_CLASSIC_BANDS.classify(d), "colour": colour, "level": colour.level}


def ls(L: object, S: object, bands: ColourBands = None) -> dict[str, Any]:
    """风险矩阵: {"R", "colour", "level"}. L and S are levels 1–5 (LS_L, LS_S), else RiskInputError.

    `bands` is a colour band table (BandTable or plain rows); the default is DEFAULT_LS_BANDS.
    """
    r = LS_L.check(L) * LS_S.check(S)
    colour = _colour_bands(bands, DEFAULT_LS_BANDS).classify(r)
    return {"R": as_number(r), "colour": colour, "level": colour.level}


def attainable_lec_values() -> list[int | float]:
    """Every D the LEC score tables can produce, ascending, as lec() reports it (for band coverage checks)."""
    products = {
        likelihood * exposure * consequence
        for likelihood, exposure, consequence in product(LEC_L.scores, LEC_E.scores, LEC_C.scores)
    }
    return [as_number(d) for d in sorted(products)]


def attainable_ls_values() -> list[int | float]:
    """Every R the LS levels can produce, ascending (for band coverage checks)."""
    return [as_number(r) for r in sorted({lik * sev for lik, sev in product(LS_L.scores, LS_S.scores)})]
