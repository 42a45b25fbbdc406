"""Vapour-cloud explosion by the Chinese TNT-equivalent method (安全评价 textbook set;
`worksafety consequence vce`; reference consequence-models.md §4.1–4.2 [C], formulas as INTERFACES.md pins
them):

- W_TNT = β·α·M·Hc/Q_TNT with the ground-burst factor β (1.8), yield α (0.04) and Q_TNT = 4.52 MJ/kg;
  E = W_TNT·Q_TNT.
- Death radius (50 % lethality): R = 13.6·(W_TNT/1000)^0.37 m.
- Serious (重伤, 44 kPa) and slight (轻伤, 17 kPa) injury radii: R = Z·(E/P0)^(1/3), P0 = 101 300 Pa, Z the
  root of ΔP/P0 = 0.137Z⁻³ + 0.119Z⁻² + 0.269Z⁻¹ − 0.019, solved numerically: 1.0891 and 1.9569 at
  P0 = 101 300 Pa (1.0893 and 1.9572 at 101 325 Pa), where texts print 1.099 and 1.96 (reference §4.2). The polynomial is said to hold for 1 ≤ Z ≤ 10 [U]; both roots
  lie inside.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from worksafety.consequence.inputs import (
    FUEL_MASS,
    GROUND_FACTOR,
    HEAT_OF_COMBUSTION,
    TNT_YIELD,
    reject_unknown_keys,
    require_object,
)
from worksafety.consequence.numerics import bisect

TNT_HEAT_J_KG = 4.52e6
AMBIENT_PRESSURE_PA = 101_300.0
SERIOUS_INJURY_PA = 44_000.0
SLIGHT_INJURY_PA = 17_000.0
DEFAULT_YIELD = 0.04  # 统计平均值 of Chinese texts ("一般取3%或4%")
DEFAULT_GROUND_FACTOR = 1.8
_KEYS = ("fuel_mass_kg", "heat_of_combustion_J_kg", "yield", "ground_factor")


@dataclass(frozen=True)
class Blast:
    tnt_kg: float
    energy_j: float
    death_radius_m: float
    serious_injury_radius_m: float
    slight_injury_radius_m: float


def overpressure_ratio(scaled_distance: float) -> float:
    """ΔP/P0 = 0.137Z⁻³ + 0.119Z⁻² + 0.269Z⁻¹ − 0.019 at Z = R/(E/P0)^(1/3)."""
    z = scaled_distance
    return 0.137 / z**3 + 0.119 / z**2 + 0.269 / z - 0.019


@cache
def scaled_distance_for(overpressure_pa: float) -> float:
    """The Z at which the polynomial gives `overpressure_pa`. Every term falls with Z, so the root is
    unique; the bracket [0.1, 100] holds it for any overpressure between 0.1 kPa and 14 MPa."""
    ratio = overpressure_pa / AMBIENT_PRESSURE_PA
    return bisect(lambda z: overpressure_ratio(z) - ratio, 0.1, 100.0)


def blast(params: Any) -> Blast:
    """The validated explosion described by `vce`'s JSON; yield and ground_factor default to 0.04 and 1.8."""
    params = require_object(params)
    reject_unknown_keys(params, _KEYS)
    mass = FUEL_MASS.read(params)
    heat = HEAT_OF_COMBUSTION.read(params)
    tnt = (GROUND_FACTOR.read(params, default=DEFAULT_GROUND_FACTOR) * TNT_YIELD.read(params, default=DEFAULT_YIELD)
           * mass * heat / TNT_HEAT_J_KG)
    energy = tnt * TNT_HEAT_J_KG
    length = (energy / AMBIENT_PRESSURE_PA) ** (1 / 3)
    return Blast(
        tnt_kg=tnt,
        energy_j=energy,
        death_radius_m=13.6 * (tnt / 1000) ** 0.37,
        serious_injury_radius_m=scaled_distance_for(SERIOUS_INJURY_PA) * length,
        slight_injury_radius_m=scaled_distance_for(SLIGHT_INJURY_PA) * length,
    )


def run(params: dict) -> dict:
    """TNT equivalent, energy and the death / serious / slight injury radii (INTERFACES.md)."""
    result = blast(params)
    return {
        "tnt_kg": result.tnt_kg,
        "energy_J": result.energy_j,
        "death_radius_m": result.death_radius_m,
        "serious_injury_radius_m": result.serious_injury_radius_m,
        "slight_injury_radius_m": result.slight_injury_radius_m,
    }
