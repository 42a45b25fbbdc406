"""Pool fire as a point source of thermal radiation (`worksafety consequence poolfire`).

Burning rate (Burgess & Zabetakis; reference consequence-models.md §3.1 [P]):
    m″ = 0.001·Hc/(cp·(Tb − T0) + Hv) kg/(m²·s), or 0.001·Hc/Hv when the liquid boils below ambient.
Two formula sets, exactly as INTERFACES.md pins them (they differ by ~1.8× in power, §3.6):
- "cn", the Chinese 安全评价 set (§3.2–3.3 [P]): flame height h = 84r·[m″/(1.293·√(2·9.8·r))]^0.6 (Thomas),
  radiated power Q = (πr² + 2πrh)·m″·η·Hc/(72·m″^0.61 + 1).
- "ccps" (CCPS 1999 / Crowl & Louvar textbook form, §3.3 [U]): flame length L = 42D·[m″/(1.2·√(9.81·D))]^0.61,
  Q = η·m″·Hc·πr².
Either way the intensity at distance x is I = τ·Q/(4πx²), so the radius for intensity I is √(τ·Q/(4πI))
(§3.4 lists the inverted √(4πI/Q) of a public implementation as a bug to avoid).
"""

import math
from dataclasses import dataclass
from typing import Any

from worksafety.consequence.inputs import (
    AMBIENT_TEMPERATURE,
    BOILING_POINT,
    EFFICIENCY,
    HEAT_CAPACITY,
    HEAT_OF_COMBUSTION,
    LATENT_HEAT,
    POOL_RADIUS,
    TRANSMISSIVITY,
    choice,
    reject_unknown_keys,
    require_key,
    require_object,
)

METHODS = ("cn", "ccps")
# Thermal-radiation damage criteria of Chinese 安全评价 practice, kW/m² → effect (reference §3.5 [P]; the
# effects after World Bank (1985) and 《危险评价方法及其应用》 [U]). The keys are the output's.
DAMAGE_CRITERIA = {
    "37.5": "37.5 kW/m² 操作设备全部损坏；10 s 1% 死亡，1 min 100% 死亡",
    "25": "25 kW/m² 无明火时木材长时间辐射下燃烧的最小能量；10 s 重大烧伤，1 min 100% 死亡",
    "12.5": "12.5 kW/m² 有明火时木材燃烧、塑料熔化的最低能量；10 s 一度烧伤，1 min 1% 死亡",
    "4.0": "4.0 kW/m² 20 s 以上感觉疼痛，未必起泡",
    "1.6": "1.6 kW/m² 长时间辐射无不适感",
}
INTENSITIES_KW_M2 = tuple(DAMAGE_CRITERIA)
_KEYS = ("method", "pool_radius_m", "heat_of_combustion_J_kg", "cp_J_kgK", "boiling_K", "ambient_K",
         "latent_heat_J_kg", "efficiency", "transmissivity")
# Air density and gravity as each formula set states them.
_CN_AIR_DENSITY, _CN_GRAVITY = 1.293, 9.8
_CCPS_AIR_DENSITY, _CCPS_GRAVITY = 1.2, 9.81


@dataclass(frozen=True)
class PoolFire:
    method: str
    pool_radius_m: float
    burning_rate_kg_m2s: float
    flame_height_m: float
    radiated_power_w: float
    transmissivity: float

    def radius_for(self, intensity_kw_m2: float) -> float:
        """Distance (m) at which the point source delivers `intensity_kw_m2`: √(τ·Q/(4πI))."""
        return math.sqrt(self.transmissivity * self.radiated_power_w / (4 * math.pi * intensity_kw_m2 * 1000))


def burning_rate(heat_of_combustion: float, cp: float, boiling: float, ambient: float, latent_heat: float) -> float:
    """m″ (kg/(m²·s)) by Burgess & Zabetakis: 0.001·Hc/(cp·(Tb−T0)+Hv), or 0.001·Hc/Hv when Tb ≤ T0 (a
    liquefied gas already at its boiling point needs no sensible heat)."""
    sensible = cp * (boiling - ambient) if boiling > ambient else 0.0
    return 0.001 * heat_of_combustion / (sensible + latent_heat)


def pool_fire(params: Any) -> PoolFire:
    """The validated fire described by `poolfire`'s JSON."""
    params = require_object(params)
    reject_unknown_keys(params, _KEYS)
    method = choice(require_key(params, "method", "计算方法"), "method", "计算方法", METHODS,
                    hint=("（cn 安全评价方法，ccps CCPS 点源模型）", ""))
    radius = POOL_RADIUS.read(params)
    heat = HEAT_OF_COMBUSTION.read(params)
    efficiency = EFFICIENCY.read(params)
    rate = burning_rate(heat, HEAT_CAPACITY.read(params), BOILING_POINT.read(params),
                        AMBIENT_TEMPERATURE.read(params), LATENT_HEAT.read(params))
    if method == "cn":
        flame = 84 * radius * (rate / (_CN_AIR_DENSITY * math.sqrt(2 * _CN_GRAVITY * radius))) ** 0.6
        power = ((math.pi * radius**2 + 2 * math.pi * radius * flame) * rate * efficiency * heat
                 / (72 * rate**0.61 + 1))
    else:
        diameter = 2 * radius
        flame = 42 * diameter * (rate / (_CCPS_AIR_DENSITY * math.sqrt(_CCPS_GRAVITY * diameter))) ** 0.61
        power = efficiency * rate * heat * math.pi * radius**2
    return PoolFire(method, radius, rate, flame, power, TRANSMISSIVITY.read(params, default=1.0))


def run(params: dict) -> dict:
    """Burning rate, flame height, radiated power and the radius of each damage criterion (INTERFACES.md)."""
    fire = pool_fire(params)
    return {
        "burning_rate_kg_m2s": fire.burning_rate_kg_m2s,
        "flame_height_m": fire.flame_height_m,
        "radiated_power_W": fire.radiated_power_w,
        "radii_m": {key: fire.radius_for(float(key)) for key in INTENSITIES_KW_M2},
    }
