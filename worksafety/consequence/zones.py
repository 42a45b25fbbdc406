"""Threat zones on the map for the incident command board (模拟推演): toxic plume, pool fire, explosion.

Each function validates its keyword arguments (ConsequenceInputError), runs one model, and returns the
zones as closed counter-clockwise WGS-84 rings ([[lon, lat], …]) together with what the numbers rest on:
the model, the σ or formula set, the inputs, the assumptions, the validity limits and the flags raised
for this case (validity.py). Zones are listed from the most to the least severe. `model_code` (and the
terrain or method among the inputs) name the model for a presentation layer that translates the labels;
a toxic zone that goes on past the model's 10 km is cut there and carries `truncated_at_m`.
"""

import numpy as np

from worksafety.consequence import geo, poolfire, sigma, thresholds, units, validity, vce
from worksafety.consequence.footprint import METRE_DECIMALS, ground_footprint
from worksafety.consequence.inputs import (
    LATITUDE,
    LONGITUDE,
    RELEASE_RATE,
    SOURCE_HEIGHT,
    WIND,
    WIND_FROM,
)
from worksafety.consequence.plume import GaussianPlume

_NOT_A_SAFETY_DISTANCE = ("模拟推演威胁区是确定性的后果估算，不是 GB/T 37243-2019 外部安全防护距离，"
                          "也不是 GB 36894-2018 个人风险等值线")
_MAP_PROJECTION = ("区域先在以泄漏源为原点的局部平面（米）中计算，再按 WGS-84 局部切平面近似换算为经纬度"
                   "（10 km 处误差约 0.02%，远小于模型本身的不确定性）")
_TOXIC_LIMITS = [
    f"Briggs 扩散参数的拟合范围为下风向 {sigma.BRIGGS_MIN_M:g} m–{sigma.BRIGGS_MAX_M / 1000:g} km；"
    f"{sigma.BRIGGS_MIN_M:g} m 以内的区段和 {sigma.BRIGGS_MAX_M / 1000:g} km 以外均为外推",
    f"风速低于 {validity.LOW_WIND_M_S:g} m/s 时高斯模型不适用；E、F 稳定度下远处浓度可能被低估",
    f"比空气重且 Britter–McQuaid 判据 ≥ {validity.DENSE_GAS_CRITERION} 的泄漏应使用重气模型",
    "阈值为 60 min 暴露浓度：不预测泄漏开始 60 min 以后的情况",
]
_FIRE_LIMITS = [
    f"点源模型在约 {validity.NEAR_FLAME_LENGTHS} 倍火焰高度以内仅为近似，近场宜用固体火焰模型复核",
    "半径不大于液池半径时，图上按液池边缘绘制（池内处于火焰中）",
]
_EXPLOSION_LIMITS = [
    "超压多项式的适用范围据称为 1 ≤ Z ≤ 10（未经核实）；重伤、轻伤两个半径对应的 Z 均在此范围内",
    "TNT 当量法不描述云团内部；死亡半径可能落在可燃云团之内",
]
_EXPLOSION_CRITERIA = (
    ("death_radius_m", "死亡半径（50% 死亡，R = 13.6·(W_TNT/1000)^0.37）", None),
    ("serious_injury_radius_m", "重伤半径（冲击波超压 44 kPa）", vce.SERIOUS_INJURY_PA),
    ("slight_injury_radius_m", "轻伤半径（冲击波超压 17 kPa）", vce.SLIGHT_INJURY_PA),
)


def toxic_zones(*, chemical: str, release_kg_s: float, wind_m_s: float, wind_from_deg: float, stability: str,
                terrain: str, source_height_m: float, lat: float, lon: float) -> dict:
    """Ground-level toxic threat zones of a continuous release of `chemical` (name or CAS number): one per
    level of concern (AEGL-3, AEGL-2, AEGL-1, or IDLH without AEGLs), Gaussian plume with Briggs σ.
    `wind_from_deg` is the direction the wind blows from (0 = north, clockwise)."""
    plume = GaussianPlume(
        release_kg_s=RELEASE_RATE.check(release_kg_s),
        wind_m_s=WIND.check(wind_m_s),
        source_height_m=SOURCE_HEIGHT.check(source_height_m),
        stability=sigma.check_stability(stability),
        terrain=sigma.check_terrain(terrain),
    )
    direction = WIND_FROM.check(wind_from_deg)
    lat, lon = LATITUDE.check(lat), LONGITUDE.check(lon)
    found = thresholds.lookup(chemical)
    footprints = [(level, ground_footprint(plume, units.ppm_to_kg_m3(level.ppm, found.mw_g_mol)))
                  for level in found.levels()]
    return {
        "model": "高斯烟羽模型（连续点源，地面反射） / Gaussian plume, continuous point source, ground reflection",
        "model_code": "gaussian_plume",
        "sigma_set": sigma.SIGMA_SET_NAMES[plume.terrain],
        "chemical": {"cas": found.cas, "name_cn": found.name_cn, "name_en": found.name_en,
                     "mw_g_mol": found.mw_g_mol},
        "inputs": {"chemical": chemical, "release_kg_s": plume.release_kg_s, "wind_m_s": plume.wind_m_s,
                   "wind_from_deg": direction, "stability": plume.stability, "terrain": plume.terrain,
                   "source_height_m": plume.source_height_m, "lat": lat, "lon": lon},
        "assumptions": _toxic_assumptions(found, plume),
        "limits": _TOXIC_LIMITS,
        "flags": [flag.as_json() for flag in validity.toxic_flags(found, plume.release_kg_s, plume.wind_m_s,
                                                                   plume.stability, footprints)],
        "zones": [
            {
                "level": level.name,
                "threshold_ppm": level.ppm,
                "threshold_mg_m3": units.ppm_to_mg_m3(level.ppm, found.mw_g_mol),
                "threshold_confidence": level.confidence,
                "max_downwind_m": round(footprint.max_downwind_m, METRE_DECIMALS),
                "max_halfwidth_m": round(footprint.max_halfwidth_m, METRE_DECIMALS),
                "polygon": _on_map(geo.downwind_to_east_north(footprint.ring, direction), lat, lon),
                "truncated_at_m": footprint.truncated_at_m,
            }
            for level, footprint in footprints
        ],
    }


def fire_zones(*, method: str, pool_radius_m: float, heat_of_combustion_J_kg: float, cp_J_kgK: float,
               boiling_K: float, ambient_K: float, latent_heat_J_kg: float, efficiency: float,
               transmissivity: float = 1.0, lat: float, lon: float) -> dict:
    """Thermal-radiation circles of a pool fire centred on (lat, lon), one per damage criterion (37.5, 25,
    12.5, 4.0, 1.6 kW/m²); the arguments are those of `worksafety consequence poolfire`."""
    fire = poolfire.pool_fire({
        "method": method, "pool_radius_m": pool_radius_m, "heat_of_combustion_J_kg": heat_of_combustion_J_kg,
        "cp_J_kgK": cp_J_kgK, "boiling_K": boiling_K, "ambient_K": ambient_K, "latent_heat_J_kg": latent_heat_J_kg,
        "efficiency": efficiency, "transmissivity": transmissivity,
    })
    lat, lon = LATITUDE.check(lat), LONGITUDE.check(lon)
    radii = {key: fire.radius_for(float(key)) for key in poolfire.INTENSITIES_KW_M2}
    zones = []
    for key, criterion in poolfire.DAMAGE_CRITERIA.items():
        drawn = max(radii[key], fire.pool_radius_m)  # inside the pool everything is in the flame
        zones.append({"criterion": criterion, "intensity_kW_m2": float(key),
                      "radius_m": round(radii[key], METRE_DECIMALS), "drawn_radius_m": round(drawn, METRE_DECIMALS),
                      "polygon": _on_map(geo.circle_east_north(drawn), lat, lon)})
    formula_set = ("安全评价方法 / Chinese safety-assessment set: Q = (πr² + 2πrh)·m″·η·Hc/(72·m″^0.61 + 1)"
                   if fire.method == "cn" else "CCPS 点源 / CCPS point source: Q = η·m″·Hc·πr²")
    return {
        "model": "池火灾点源热辐射模型 / pool fire, point-source radiation",
        "model_code": "pool_fire",
        "formula_set": formula_set,
        "inputs": {"method": fire.method, "pool_radius_m": fire.pool_radius_m,
                   "heat_of_combustion_J_kg": heat_of_combustion_J_kg, "cp_J_kgK": cp_J_kgK, "boiling_K": boiling_K,
                   "ambient_K": ambient_K, "latent_heat_J_kg": latent_heat_J_kg, "efficiency": efficiency,
                   "transmissivity": fire.transmissivity, "lat": lat, "lon": lon},
        "burning_rate_kg_m2s": fire.burning_rate_kg_m2s,
        "flame_height_m": fire.flame_height_m,
        "radiated_power_W": fire.radiated_power_w,
        "assumptions": [
            "燃烧速率按 Burgess–Zabetakis 公式，火焰高度按 Thomas 公式；无风、火焰直立，未考虑火焰倾斜和烟气遮挡",
            f"热辐射强度 I = τ·Q/(4πx²)，x 自液池中心起算，大气透射率 τ = {fire.transmissivity:g}",
            "伤害准则为稳态热辐射强度（国内安全评价常用 37.5/25/12.5/4.0/1.6 kW/m²），未按暴露时间计算伤亡概率",
            "同一火灾按 cn 与 ccps 两种公式集计算的辐射功率相差约 1.8 倍，结果须注明所用公式集",
            _MAP_PROJECTION,
            _NOT_A_SAFETY_DISTANCE,
        ],
        "limits": _FIRE_LIMITS,
        "flags": [flag.as_json() for flag in validity.fire_flags(fire, efficiency, radii)],
        "zones": zones,
    }


def explosion_zones(*, fuel_mass_kg: float, heat_of_combustion_J_kg: float, yield_fraction: float = vce.DEFAULT_YIELD,
                    ground_factor: float = vce.DEFAULT_GROUND_FACTOR, lat: float, lon: float) -> dict:
    """Death, serious-injury and slight-injury circles of a vapour-cloud explosion centred on (lat, lon), by
    the Chinese TNT-equivalent method; the arguments are those of `worksafety consequence vce`, with
    `yield_fraction` for its "yield" (a Python keyword)."""
    result = vce.blast({"fuel_mass_kg": fuel_mass_kg, "heat_of_combustion_J_kg": heat_of_combustion_J_kg,
                        "yield": yield_fraction, "ground_factor": ground_factor})
    lat, lon = LATITUDE.check(lat), LONGITUDE.check(lon)
    zones = []
    for attribute, criterion, overpressure_pa in _EXPLOSION_CRITERIA:
        radius = getattr(result, attribute)
        zones.append({"criterion": criterion,
                      "overpressure_kPa": None if overpressure_pa is None else overpressure_pa / 1000,
                      "radius_m": round(radius, METRE_DECIMALS),
                      "polygon": _on_map(geo.circle_east_north(radius), lat, lon)})
    return {
        "model": "蒸气云爆炸 TNT 当量法 / vapour-cloud explosion, TNT equivalence",
        "model_code": "vce_tnt",
        "formula_set": "安全评价方法 / Chinese safety-assessment set (超压多项式 / overpressure polynomial)",
        "inputs": {"fuel_mass_kg": fuel_mass_kg, "heat_of_combustion_J_kg": heat_of_combustion_J_kg,
                   "yield": yield_fraction, "ground_factor": ground_factor, "lat": lat, "lon": lon},
        "tnt_kg": result.tnt_kg,
        "energy_J": result.energy_j,
        "assumptions": [
            f"TNT 当量 W_TNT = β·α·M·Hc/Q_TNT，地面爆炸系数 β = {ground_factor:g}，效率因子 α = {yield_fraction:g}，"
            f"Q_TNT = {vce.TNT_HEAT_J_KG / 1e6:g} MJ/kg",
            "死亡半径内按全部死亡、半径外无人死亡处理（50% 死亡半径）",
            f"重伤、轻伤半径 R = Z·(E/P0)^(1/3)，P0 = {vce.AMBIENT_PRESSURE_PA:g} Pa，Z 由超压多项式数值求根",
            "以泄漏点为爆炸中心，未考虑云团点火前的漂移、云团形状和受限/障碍程度",
            "远场不同超压关联式（Kinney–Graham、Mills、1000 kg TNT 表）相差数十个百分点，此处统一用超压多项式",
            _MAP_PROJECTION,
            _NOT_A_SAFETY_DISTANCE,
        ],
        "limits": _EXPLOSION_LIMITS,
        "flags": [flag.as_json() for flag in validity.explosion_flags(yield_fraction)],
        "zones": zones,
    }


def _toxic_assumptions(chemical: thresholds.Chemical, plume: GaussianPlume) -> list[str]:
    levels = "、".join(f"{level.name} {level.ppm:g} ppm" for level in chemical.levels())
    missing = [name for name in thresholds.AEGL_LEVELS if chemical.aegl_ppm.get(name) is None]
    not_recommended = f"；{'、'.join(missing)} 未推荐（NR），不划该区" if missing and len(missing) < 3 else ""
    return [
        "连续点源、稳态、中性浮力气体，地面全反射；区域为地面（z = 0）浓度达到阈值的范围",
        f"扩散参数取 {sigma.SIGMA_SET_NAMES[plume.terrain]} 公式（约 10 min 平均），未作取样时间修正",
        "输入风速即释放高度处的输送风速（未按风廓线修正）；风向、风速和稳定度在整个区域内不变",
        "泄漏持续时间足够长（u·t/x ≥ 2.5）才可按连续源处理，瞬时泄漏应使用烟团模型",
        f"阈值：{levels}（60 min AEGL，EPA；无 AEGL 的物质用 NIOSH IDLH）{not_recommended}",
        f"按纯蒸气、25 °C、1 atm 换算 ppm（{units.MOLAR_VOLUME_L_MOL} L/mol）并判断浮力；加压液化气体闪蒸形成的"
        "冷气溶胶云（如液氨、液氯）即使分子量小于空气也呈重气行为",
        "平坦开阔地形；未考虑建筑物、地形引导、沉降、化学反应和室内外换气",
        _MAP_PROJECTION,
        _NOT_A_SAFETY_DISTANCE,
    ]


def _on_map(east_north_m: np.ndarray, lat: float, lon: float) -> list[list[float]]:
    """WGS-84 [[lon, lat], …] of a ring given in metres east/north of the source; [] for an empty ring."""
    if len(east_north_m) == 0:
        return []
    return geo.east_north_to_wgs84(east_north_m, lat=lat, lon=lon).tolist()

