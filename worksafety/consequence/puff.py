"""Instantaneous release: the Gaussian puff with ground reflection (`worksafety consequence puff`).

C(x,y,z,t) = M/((2π)^{3/2}·σx·σy·σz) · exp(−(x−ut)²/(2σx²)) · exp(−y²/(2σy²))
             · [exp(−(z−H)²/(2σz²)) + exp(−(z+H)²/(2σz²))]
(CCPS 1999; GasDispersion.jl src/models/gaussian_puff.jl; reference consequence-models.md §2.2 [C]) with
the CCPS (1999) puff σ evaluated at the distance the puff centre has travelled. The peak at a receptor x m
downwind is taken when the centre passes it, t = x/u, so exp(−(x−ut)²/(2σx²)) = 1 (the CCPS practice; σ
still growing during the passage shifts the true peak by a negligible amount).
"""

import math
from typing import Any

import numpy as np

from worksafety.consequence import sigma
from worksafety.consequence.inputs import (
    CROSSWIND,
    DOWNWIND,
    HEIGHT,
    MASS,
    RELEASE_HEIGHT,
    WIND,
    reject_unknown_keys,
    require_key,
    require_object,
)

_KEYS = ("mass_kg", "wind_m_s", "stability", "x_m", "y_m", "z_m", "release_height_m")


def peak_concentration(mass_kg: float, x: Any, stability: str, y: Any = 0.0, z: Any = 0.0,
                       release_height_m: float = 0.0) -> np.ndarray:
    """C (kg/m³) at (x, y, z) when the puff centre passes x (module docstring); broadcasts over arrays."""
    sigma_x, sigma_y, sigma_z = sigma.ccps_puff(x, stability)
    vertical = (np.exp(-((z - release_height_m) ** 2) / (2 * sigma_z**2))
                + np.exp(-((z + release_height_m) ** 2) / (2 * sigma_z**2)))
    return (mass_kg / ((2 * math.pi) ** 1.5 * sigma_x * sigma_y * sigma_z)
            * np.exp(-(np.asarray(y) ** 2) / (2 * sigma_y**2)) * vertical)


def run(params: dict) -> dict:
    """Arrival time, σ and peak concentration at one receptor (INTERFACES.md, "JSON: consequence")."""
    params = require_object(params)
    reject_unknown_keys(params, _KEYS)
    mass = MASS.read(params)
    wind = WIND.read(params)
    stability = sigma.check_stability(require_key(params, "stability", "大气稳定度"))
    x = DOWNWIND.read(params)
    y = CROSSWIND.read(params, default=0.0)
    z = HEIGHT.read(params, default=0.0)
    height = RELEASE_HEIGHT.read(params, default=0.0)
    sigma_x, sigma_y, sigma_z = sigma.ccps_puff(x, stability)
    return {
        "arrival_s": x / wind,
        "sigma_x_m": float(sigma_x),
        "sigma_y_m": float(sigma_y),
        "sigma_z_m": float(sigma_z),
        "peak_concentration_kg_m3": float(peak_concentration(mass, x, stability, y, z, height)),
    }
