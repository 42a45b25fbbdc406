"""Dispersion coefficients σ (m) as functions of the downwind distance x (m) and the Pasquill class.

- Plume: Briggs (1973), open country ("rural") and urban, as tabulated in CCPS (1999) and coded in
  GasDispersion.jl src/utils/equation_sets/briggs.jl (reference consequence-models.md §2.4, confirmed [C]).
  σy = a·x·(1 + b·x)^(-1/2),  σz = c·x·(1 + d·x)^e.  Fitted for 100 m < x < 10 km; ~10-min averages.
- Puff: CCPS (1999) instantaneous-release correlations σx = σy = a·x^b, σz = c·x^d (reference §2.2 [C]).

Functions accept a float or a numpy array of x and broadcast; x must be positive.
"""

from typing import Any

import numpy as np

from worksafety.consequence.inputs import choice

STABILITY_CLASSES = ("A", "B", "C", "D", "E", "F")
TERRAINS = ("rural", "urban")
SIGMA_SET_NAMES = {
    "rural": "Briggs (1973) 开阔乡村 / open country",
    "urban": "Briggs (1973) 城市 / urban",
}

# (a, b) of σy and (c, d, e) of σz; Briggs urban gives A and B (and E and F) one shared row.
_BRIGGS: dict[str, dict[str, tuple[tuple[float, float], tuple[float, float, float]]]] = {
    "rural": {
        "A": ((0.22, 1e-4), (0.20, 0.0, 0.0)),
        "B": ((0.16, 1e-4), (0.12, 0.0, 0.0)),
        "C": ((0.11, 1e-4), (0.08, 2e-4, -0.5)),
        "D": ((0.08, 1e-4), (0.06, 1.5e-3, -0.5)),
        "E": ((0.06, 1e-4), (0.03, 3e-4, -1.0)),
        "F": ((0.04, 1e-4), (0.016, 3e-4, -1.0)),
    },
    "urban": {
        "A": ((0.32, 4e-4), (0.24, 1e-3, 0.5)),
        "B": ((0.32, 4e-4), (0.24, 1e-3, 0.5)),
        "C": ((0.22, 4e-4), (0.20, 0.0, 0.0)),
        "D": ((0.16, 4e-4), (0.14, 3e-4, -0.5)),
        "E": ((0.11, 4e-4), (0.08, 1.5e-3, -0.5)),
        "F": ((0.11, 4e-4), (0.08, 1.5e-3, -0.5)),
    },
}

# (a, b, c, d): σx = σy = a·x^b, σz = c·x^d (CCPS 1999, as coded in GasDispersion.jl pasquill_gifford.jl).
_CCPS_PUFF: dict[str, tuple[float, float, float, float]] = {
    "A": (0.18, 0.92, 0.60, 0.75),
    "B": (0.14, 0.92, 0.53, 0.73),
    "C": (0.10, 0.92, 0.34, 0.71),
    "D": (0.06, 0.92, 0.15, 0.70),
    "E": (0.04, 0.92, 0.10, 0.65),
    "F": (0.02, 0.89, 0.05, 0.61),
}

# Where the Briggs fits hold (reference §2.4); outside, the formulas are extrapolated and results are flagged.
BRIGGS_MIN_M = 100.0
BRIGGS_MAX_M = 10_000.0


def check_stability(value: Any, field: str = "stability") -> str:
    """A Pasquill class A–F; half classes (C-D) must be rounded first (stability.conservative_class)."""
    return choice(value, field, "大气稳定度", STABILITY_CLASSES,
                  hint=("；半级（如 C-D）请取较稳定的一级（D）", "; round a half class such as C-D to the more "
                        "stable class (D)"))


def check_terrain(value: Any, field: str = "terrain") -> str:
    return choice(value, field, "地表类型", TERRAINS, hint=("（rural 开阔乡村，urban 城市）", ""))


def briggs(x: Any, stability: str, terrain: str) -> tuple[np.ndarray, np.ndarray]:
    """σy, σz (m) at downwind distance x (m): Briggs (1973) open-country or urban formulas (module docstring)."""
    x = np.asarray(x, dtype=float)
    (a, b), (c, d, e) = _BRIGGS[terrain][stability]
    return a * x / np.sqrt(1.0 + b * x), c * x * (1.0 + d * x) ** e


def ccps_puff(x: Any, stability: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """σx, σy, σz (m) of an instantaneous puff whose centre has travelled x (m): CCPS (1999) correlations."""
    x = np.asarray(x, dtype=float)
    a, b, c, d = _CCPS_PUFF[stability]
    sigma_y = a * x**b
    return sigma_y, sigma_y, c * x**d
