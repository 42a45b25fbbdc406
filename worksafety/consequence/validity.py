"""Where a model's result should not be trusted as it stands: flags, as data (a code and a Chinese message).

Flags never change a number; they travel with it so that the incident command board can show them. The
envelope follows ALOHA's documented limits and the reference's acceptance policy (consequence-models.md
§1.3 and §8): Gaussian dispersion only for neutrally buoyant gas, the Briggs σ fits only from 100 m to
10 km, nothing below 1 m/s wind, caution in very stable air, point-source radiation only away from the
flame.
"""

import math
from dataclasses import dataclass

from worksafety.consequence import units
from worksafety.consequence.footprint import SEARCH_LIMIT_M, Footprint
from worksafety.consequence.poolfire import PoolFire
from worksafety.consequence.sigma import BRIGGS_MAX_M, BRIGGS_MIN_M
from worksafety.consequence.thresholds import Chemical, Level

LOW_WIND_M_S = 1.0  # ALOHA will not run below about 1 m/s (reference §1.3)
STABLE_CLASSES = ("E", "F")
# Britter & McQuaid (1988), cited by CCPS (1996): a continuous release needs a dense-gas model when
# (g0·V̇/(u³·D))^(1/3) ≥ 0.15 with g0 = g·(ρc − ρa)/ρa and D = √(V̇/u) (reference §2.1 [C]).
DENSE_GAS_CRITERION = 0.15
_GRAVITY = 9.81
_AMBIENT_K, _AMBIENT_PA, _GAS_CONSTANT = 298.15, 101_325.0, 8.314_462
# Radiative efficiencies quoted in Chinese texts (reference §3.3 [U]); outside, a result rests on an
# unusual choice.
EFFICIENCY_RANGE = (0.13, 0.35)
# Explosion yields of CCPS (1–10 %, reference §4.1 [U]); Chinese texts use 3–4 %.
YIELD_RANGE = (0.01, 0.10)
NEAR_FLAME_LENGTHS = 2  # a solid-flame model is preferable within about two flame lengths (§3.3 [C])


@dataclass(frozen=True)
class Flag:
    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def britter_mcquaid_parameter(release_kg_s: float, mw_g_mol: float, wind_m_s: float) -> float:
    """(g0·V̇/(u³·D))^(1/3) for a pure vapour at 25 °C and 1 atm; 0 for a gas no heavier than air."""
    density_ratio = mw_g_mol / units.AIR_MOLAR_MASS_G_MOL  # ideal gases at the same T and P
    if density_ratio <= 1:
        return 0.0
    reduced_gravity = _GRAVITY * (density_ratio - 1)
    vapour_density = _AMBIENT_PA * mw_g_mol / 1000 / (_GAS_CONSTANT * _AMBIENT_K)
    volume_rate = release_kg_s / vapour_density
    diameter = math.sqrt(volume_rate / wind_m_s)
    return (reduced_gravity * volume_rate / (wind_m_s**3 * diameter)) ** (1 / 3)


def toxic_flags(chemical: Chemical, release_kg_s: float, wind_m_s: float, stability: str,
                zones: list[tuple[Level, Footprint]]) -> list[Flag]:
    flags = []
    parameter = britter_mcquaid_parameter(release_kg_s, chemical.mw_g_mol, wind_m_s)
    if parameter >= DENSE_GAS_CRITERION:
        flags.append(Flag("dense_gas", (
            f"{chemical.name_cn}（分子量 {chemical.mw_g_mol:g}）比空气重，Britter–McQuaid 判据 {parameter:.2f} ≥ "
            f"{DENSE_GAS_CRITERION}：应使用重气模型（如 SLAB、DEGADIS），高斯模型结果不可靠")))
    if wind_m_s < LOW_WIND_M_S:
        flags.append(Flag("low_wind", f"风速 {wind_m_s:g} m/s 低于 {LOW_WIND_M_S:g} m/s：高斯模型不适用，"
                                      "实际浓度可能更高且风向不定"))
    if stability in STABLE_CLASSES:
        flags.append(Flag("very_stable", f"稳定度 {stability}（稳定大气）：远处浓度可能长时间维持较高水平，"
                                         "模型结果偏差较大"))
    if chemical.lel_pct is not None:
        flags.append(Flag("flammable_not_modelled", f"{chemical.name_cn}可燃（爆炸下限 {chemical.lel_pct:g}%）："
                                                    "本结果仅为毒性区，未计算可燃区或爆炸影响"))
    for level, footprint in zones:
        flags.extend(_zone_flags(level, footprint))
    return flags


def _zone_flags(level: Level, footprint: Footprint) -> list[Flag]:
    name = level.name
    if not footprint.reached and footprint.truncated_at_m is None:
        return [Flag("threshold_not_reached", f"{name}（{level.ppm:g} ppm）：地面浓度在 "
                                              f"{SEARCH_LIMIT_M / 1000:g} km 内均未达到该阈值")]
    flags = []
    if level.confidence in ("P", "U"):
        status = "未经核实" if level.confidence == "U" else "仅部分核实"
        flags.append(Flag("threshold_unconfirmed", f"{name} 阈值 {level.ppm:g} ppm {status}，使用前应与 EPA AEGL "
                                                   "或 NIOSH 原始文件核对"))
    if footprint.reached and footprint.max_downwind_m < BRIGGS_MIN_M:
        flags.append(Flag("below_briggs_range", f"{name} 区仅延伸 {footprint.max_downwind_m:.0f} m，"
                                                f"小于 Briggs 扩散参数适用下限 {BRIGGS_MIN_M:g} m：结果为外推，"
                                                "近源浓度起伏大"))
    if footprint.truncated_at_m is not None:
        cut = f"{name} 区超出模型适用范围（{footprint.truncated_at_m / 1000:g} km），已截断"
        if footprint.past_search_limit:
            flags.append(Flag("zone_truncated", f"{cut}：按公式外推超过 {SEARCH_LIMIT_M / 1000:g} km 计算范围"))
        else:
            flags.append(Flag("beyond_briggs_range", f"{cut}：按公式外推约至 {footprint.extent_m / 1000:.1f} km，"
                                                     "但 Briggs 扩散参数只拟合到 "
                                                     f"{BRIGGS_MAX_M / 1000:g} km，且风向和地形在此尺度上难以保持不变"))
    return flags


def fire_flags(fire: PoolFire, efficiency: float, radii: dict[str, float]) -> list[Flag]:
    """`radii`: kW/m² key → radius (m)."""
    flags = []
    inside = [key for key, radius in radii.items() if radius <= fire.pool_radius_m]
    if inside:
        flags.append(Flag("radius_inside_pool", f"{'、'.join(inside)} kW/m² 的点源半径不大于液池半径 "
                                                f"{fire.pool_radius_m:g} m：图上按液池边缘绘制，池内均处于火焰中"))
    near = [key for key, radius in radii.items()
            if fire.pool_radius_m < radius < NEAR_FLAME_LENGTHS * fire.flame_height_m]
    if near:
        flags.append(Flag("near_flame_point_source", (
            f"{'、'.join(near)} kW/m² 的半径在 {NEAR_FLAME_LENGTHS} 倍火焰高度（{NEAR_FLAME_LENGTHS} × "
            f"{fire.flame_height_m:.1f} m）以内："
            "点源模型在近场仅为近似，宜用固体火焰模型复核")))
    if not EFFICIENCY_RANGE[0] <= efficiency <= EFFICIENCY_RANGE[1]:
        flags.append(Flag("efficiency_unusual", f"热辐射效率 {efficiency:g} 不在文献常用范围 "
                                                f"{EFFICIENCY_RANGE[0]:g}–{EFFICIENCY_RANGE[1]:g} 内"))
    return flags


def explosion_flags(tnt_yield: float) -> list[Flag]:
    if YIELD_RANGE[0] <= tnt_yield <= YIELD_RANGE[1]:
        return []
    return [Flag("yield_unusual", f"蒸气云爆炸效率因子 {tnt_yield:g} 不在常用范围 {YIELD_RANGE[0]:g}–"
                                  f"{YIELD_RANGE[1]:g} 内（国内文献多取 0.03–0.04）")]
