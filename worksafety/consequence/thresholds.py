"""Toxic levels of concern per chemical, from the versioned data file data/toxic_thresholds.json (60-min
AEGL-1/2/3 of the US EPA AEGL programme, NIOSH IDLH, flammability limits and molar mass; the file names its
sources and keeps each value's confidence flag from the reference notes, consequence-models.md §5).

A threat zone uses the chemical's AEGLs, most severe first (AEGL-3, AEGL-2, AEGL-1; a level the programme
did not recommend, NR, is skipped), and the IDLH only for a chemical that has no AEGL at all (the level
order ALOHA uses, reference §1.2). A chemical not in the file, or one without any of these values, is an
input error: a zone without a threshold would be a silent guess.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from worksafety.consequence.inputs import ConsequenceInputError
from worksafety.standards import cas as cas_numbers

DATA_FILE = Path(__file__).parent / "data" / "toxic_thresholds.json"
AEGL_LEVELS = ("AEGL-3", "AEGL-2", "AEGL-1")  # most severe first, as zones are listed
_CONFIDENCE = ("C", "P", "U", None)


@dataclass(frozen=True)
class Level:
    name: str  # "AEGL-3" | "AEGL-2" | "AEGL-1" | "IDLH"
    ppm: float
    confidence: str | None  # C, P or U of the reference notes


@dataclass(frozen=True)
class Chemical:
    cas: str
    name_cn: str
    name_en: str
    aliases: tuple[str, ...]
    mw_g_mol: float
    aegl_ppm: dict[str, float | None]
    aegl_confidence: str | None
    idlh_ppm: float | None
    idlh_confidence: str | None
    lel_pct: float | None
    uel_pct: float | None

    def levels(self) -> list[Level]:
        """The levels of concern for threat zones, most severe first (module docstring)."""
        aegls = [Level(name, ppm, self.aegl_confidence)
                 for name in AEGL_LEVELS if (ppm := self.aegl_ppm.get(name)) is not None]
        if aegls:
            return aegls
        if self.idlh_ppm is not None:
            return [Level("IDLH", self.idlh_ppm, self.idlh_confidence)]
        raise ConsequenceInputError("chemical", f"{self.name_cn}（{self.cas}）没有 AEGL 或 IDLH 阈值，无法划定毒性区",
                                    f"{self.name_en} ({self.cas}) has no AEGL or IDLH threshold for toxic zones")


class Catalogue:
    """The chemicals of one thresholds file, found by CAS number, Chinese or English name, or alias."""

    def __init__(self, chemicals: list[Chemical]):
        self._by_key: dict[str, Chemical] = {}
        for chemical in chemicals:
            for key in (chemical.cas, chemical.name_cn, chemical.name_en, *chemical.aliases):
                folded = key.strip().casefold()
                if folded in self._by_key:
                    raise ValueError(f"{key!r} names two chemicals in the thresholds file")
                self._by_key[folded] = chemical

    def lookup(self, chemical: Any) -> Chemical:
        if not isinstance(chemical, str) or not chemical.strip():
            raise ConsequenceInputError("chemical", f"须为化学品名称或 CAS 号，收到 {chemical!r}",
                                        f"must be a chemical name or CAS number, got {chemical!r}")
        found = self._by_key.get(chemical.strip().casefold())
        if found is not None:
            return found
        if cas_numbers.is_valid(chemical):
            raise ConsequenceInputError("chemical", f"CAS {chemical.strip()} 不在毒性阈值表中，无法划定毒性区",
                                        f"CAS {chemical.strip()} has no entry in the toxic thresholds table")
        raise ConsequenceInputError("chemical", f"毒性阈值表中没有“{chemical.strip()}”（可用名称或 CAS 号查询）",
                                    f"no chemical {chemical.strip()!r} in the toxic thresholds table "
                                    "(look up by name or CAS number)")


def load(path: Path) -> Catalogue:
    """Read and check a thresholds file; a malformed file is a ValueError naming the entry."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Catalogue([_chemical(entry) for entry in data["chemicals"]])


@cache
def catalogue() -> Catalogue:
    return load(DATA_FILE)


def lookup(chemical: str) -> Chemical:
    """The chemical named by CAS number, Chinese or English name or alias (case and spaces ignored)."""
    return catalogue().lookup(chemical)


def _chemical(entry: dict[str, Any]) -> Chemical:
    label = entry["cas"]
    if not cas_numbers.is_valid(label):
        raise ValueError(f"invalid CAS number {label!r} in the thresholds file")
    aegl = {name: entry["aegl_60min_ppm"].get(name) for name in AEGL_LEVELS}
    present = [aegl[name] for name in reversed(AEGL_LEVELS) if aegl[name] is not None]
    if any(value <= 0 for value in present) or present != sorted(present):
        raise ValueError(f"{label}: AEGL values must be positive and rise from AEGL-1 to AEGL-3")
    for field in ("aegl_confidence", "idlh_confidence", "flammability_confidence"):
        if entry[field] not in _CONFIDENCE:
            raise ValueError(f"{label}: {field} must be C, P, U or null")
    if not entry["mw_g_mol"] > 0:
        raise ValueError(f"{label}: mw_g_mol must be positive")
    return Chemical(
        cas=label, name_cn=entry["name_cn"], name_en=entry["name_en"], aliases=tuple(entry["aliases"]),
        mw_g_mol=entry["mw_g_mol"], aegl_ppm=aegl, aegl_confidence=entry["aegl_confidence"],
        idlh_ppm=entry["idlh_ppm"], idlh_confidence=entry["idlh_confidence"],
        lel_pct=entry["lel_pct"], uel_pct=entry["uel_pct"],
    )
