"""Continuous point source: the Gaussian plume with ground reflection (`worksafety consequence plume`).

C(x,y,z) = Q/(2π·u·σy·σz) · exp(−y²/(2σy²)) · [exp(−(z−H)²/(2σz²)) + exp(−(z+H)²/(2σz²))]
(CCPS 1999; GasDispersion.jl docs/src/plume.md; reference consequence-models.md §2.1 [C]), with σy, σz from
Briggs (1973) open-country or urban (sigma.briggs). Q in kg/s gives C in kg/m³; u is the wind speed taken
as the transport speed at the release height; H the effective release height. Upwind of the source
(x ≤ 0) the model gives no concentration.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from worksafety.consequence import sigma, units
from worksafety.consequence.footprint import METRE_DECIMALS, ground_footprint
from worksafety.consequence.inputs import (
    CROSSWIND,
    DOWNWIND,
    HEIGHT,
    MOLAR_MASS,
    RELEASE_RATE,
    SOURCE_HEIGHT,
    THRESHOLD_PPM,
    WIND,
    ConsequenceInputError,
    reject_unknown_keys,
    require_key,
    require_object,
)

_KEYS = ("release_kg_s", "wind_m_s", "stability", "terrain", "source_height_m", "receptor", "mw_g_mol",
         "thresholds_ppm")
_RECEPTOR_KEYS = ("x_m", "y_m", "z_m")


@dataclass(frozen=True)
class GaussianPlume:
    """A validated continuous release; every method takes floats or numpy arrays and broadcasts."""

    release_kg_s: float
    wind_m_s: float
    source_height_m: float
    stability: str
    terrain: str

    def sigmas(self, x: Any) -> tuple[np.ndarray, np.ndarray]:
        return sigma.briggs(x, self.stability, self.terrain)

    def concentration(self, x: Any, y: Any = 0.0, z: Any = 0.0) -> np.ndarray:
        """C (kg/m³) at receptors (x, y, z) in metres: x downwind, y crosswind, z above ground."""
        x, y, z = (np.asarray(value, dtype=float) for value in (x, y, z))
        downwind = x > 0
        # σ depends on x only: computing it before broadcasting keeps a grid's cost at one σ per column.
        sigma_y, sigma_z = self.sigmas(np.where(downwind, x, 1.0))
        height = self.source_height_m
        vertical = (np.exp(-((z - height) ** 2) / (2 * sigma_z**2))
                    + np.exp(-((z + height) ** 2) / (2 * sigma_z**2)))  # the ground's image source
        value = (self.release_kg_s / (2 * math.pi * self.wind_m_s * sigma_y * sigma_z)
                 * np.exp(-(y**2) / (2 * sigma_y**2)) * vertical)
        return np.where(downwind, value, 0.0)

    def log_ground_centreline(self, x: Any) -> np.ndarray:
        """ln C(x, 0, 0) for x > 0: ln[Q/(π·u·σy·σz)] − H²/(2σz²). Logarithms keep the far tails and the
        start of an elevated plume (where C underflows to 0) usable for finding a threshold's edge."""
        sigma_y, sigma_z = self.sigmas(x)
        return (np.log(self.release_kg_s / (math.pi * self.wind_m_s * sigma_y * sigma_z))
                - self.source_height_m**2 / (2 * sigma_z**2))


def plume_from(params: Any) -> GaussianPlume:
    """The plume described by the source part of `plume`'s JSON (release, wind, stability, terrain, height)."""
    return GaussianPlume(
        release_kg_s=RELEASE_RATE.read(params),
        wind_m_s=WIND.read(params),
        source_height_m=SOURCE_HEIGHT.read(params),
        stability=sigma.check_stability(require_key(params, "stability", "大气稳定度")),
        terrain=sigma.check_terrain(require_key(params, "terrain", "地表类型")),
    )


def run(params: dict) -> dict:
    """`worksafety consequence plume`: σ and concentration at one receptor, optionally in ppm, and optionally
    the ground-level threat zone of each threshold (INTERFACES.md, "JSON: consequence")."""
    params = require_object(params)
    reject_unknown_keys(params, _KEYS)
    plume = plume_from(params)
    receptor = require_object(require_key(params, "receptor", "接受点 receptor"), "receptor")
    reject_unknown_keys(receptor, _RECEPTOR_KEYS, "receptor")
    x = DOWNWIND.read(receptor, "receptor.")
    y = CROSSWIND.read(receptor, "receptor.")
    z = HEIGHT.read(receptor, "receptor.")
    mw = MOLAR_MASS.read(params, default=None)
    thresholds = _thresholds_kg_m3(params.get("thresholds_ppm"), mw)

    sigma_y, sigma_z = plume.sigmas(x)
    concentration = float(plume.concentration(x, y, z))
    result: dict[str, Any] = {"sigma_y_m": float(sigma_y), "sigma_z_m": float(sigma_z),
                              "concentration_kg_m3": concentration}
    if mw is not None:
        result["concentration_ppm"] = units.kg_m3_to_ppm(concentration, mw)
    if thresholds:
        result["zones"] = [_zone_json(plume, ppm, threshold) for ppm, threshold in thresholds]
    return result


def _thresholds_kg_m3(value: Any, mw: float | None) -> list[tuple[float, float]]:
    """(ppm, kg/m³) of each threshold asked for."""
    if value is None:
        return []
    if not isinstance(value, list) or not value:
        raise ConsequenceInputError("thresholds_ppm", "须为非空的 ppm 数值列表", "must be a non-empty list of ppm")
    if mw is None:
        raise ConsequenceInputError("thresholds_ppm", "以 ppm 给出阈值时须同时给出 mw_g_mol（摩尔质量）",
                                    "thresholds in ppm need mw_g_mol (the molar mass)")
    checked = [THRESHOLD_PPM.check(ppm, f"thresholds_ppm[{index}]") for index, ppm in enumerate(value)]
    return [(ppm, units.ppm_to_kg_m3(ppm, mw)) for ppm in checked]


def _zone_json(plume: GaussianPlume, threshold_ppm: float, threshold_kg_m3: float) -> dict[str, Any]:
    footprint = ground_footprint(plume, threshold_kg_m3)
    return {
        "threshold_ppm": threshold_ppm,
        "max_downwind_m": round(footprint.max_downwind_m, METRE_DECIMALS),
        "max_halfwidth_m": round(footprint.max_halfwidth_m, METRE_DECIMALS),
        "polygon_local_m": np.round(footprint.ring, METRE_DECIMALS).tolist(),
        "truncated_at_m": footprint.truncated_at_m,
    }
