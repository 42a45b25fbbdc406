"""Bad input to the four models is one ConsequenceInputError naming the field, one line, Chinese / English;
never a number."""

import pytest

from worksafety.consequence import plume, poolfire, puff, vce
from worksafety.consequence.inputs import ConsequenceInputError

PLUME = {"release_kg_s": 0.1, "wind_m_s": 2.0, "stability": "F", "terrain": "rural", "source_height_m": 0.0,
         "receptor": {"x_m": 500, "y_m": 0, "z_m": 0}}
PUFF = {"mass_kg": 1.0, "wind_m_s": 2.0, "stability": "F", "x_m": 500}
POOLFIRE = {"method": "cn", "pool_radius_m": 5.0, "heat_of_combustion_J_kg": 40.15e6, "cp_J_kgK": 1740,
            "boiling_K": 353.25, "ambient_K": 298.15, "latent_heat_J_kg": 393e3, "efficiency": 0.25}
VCE = {"fuel_mass_kg": 1000, "heat_of_combustion_J_kg": 46.35e6}
MODELS = {"plume": (plume.run, PLUME), "puff": (puff.run, PUFF), "poolfire": (poolfire.run, POOLFIRE),
          "vce": (vce.run, VCE)}
NAN, INF = float("nan"), float("inf")

CASES = [
    # (model, changes (None deletes the key), field, a piece of the message)
    ("plume", {"wind_m_s": 0}, "wind_m_s", "风速须在 (0, 60] m/s"),
    ("plume", {"wind_m_s": -3}, "wind_m_s", "got -3"),
    ("plume", {"wind_m_s": "3"}, "wind_m_s", "must be a number"),
    ("plume", {"wind_m_s": True}, "wind_m_s", "must be a number, got True"),
    ("plume", {"wind_m_s": NAN}, "wind_m_s", "must be a finite number"),
    ("plume", {"wind_m_s": INF}, "wind_m_s", "须为有限数值"),
    ("plume", {"wind_m_s": None}, "wind_m_s", "缺少风速"),
    ("plume", {"stability": "G"}, "stability", "未知的大气稳定度"),
    ("plume", {"stability": "C-D"}, "stability", "取较稳定的一级"),
    ("plume", {"stability": "d"}, "stability", "one of A, B, C, D, E, F"),
    ("plume", {"terrain": "suburban"}, "terrain", "unknown terrain"),
    ("plume", {"release_kg_s": 0}, "release_kg_s", "泄漏速率"),
    ("plume", {"release_kg_s": -1}, "release_kg_s", "got -1"),
    ("plume", {"release_kg_s": 1e9}, "release_kg_s", "(0, 100000] kg/s"),
    ("plume", {"source_height_m": -5}, "source_height_m", "[0, 1000] m"),
    ("plume", {"wind_ms": 2}, "input", "unknown field(s) wind_ms"),
    ("plume", {"receptor": None}, "receptor", "missing key receptor"),
    ("plume", {"receptor": [500, 0, 0]}, "receptor", "must be a JSON object"),
    ("plume", {"receptor": {"x_m": 0, "y_m": 0, "z_m": 0}}, "receptor.x_m", "下风向距离"),
    ("plume", {"receptor": {"x_m": 500, "y_m": 0}}, "receptor.z_m", "missing key z_m"),
    ("plume", {"receptor": {"x_m": 500, "y_m": 0, "z_m": 0, "t_s": 1}}, "receptor", "unknown field(s) t_s"),
    ("plume", {"thresholds_ppm": [20]}, "thresholds_ppm", "mw_g_mol"),
    ("plume", {"thresholds_ppm": [], "mw_g_mol": 70.9}, "thresholds_ppm", "non-empty list"),
    ("plume", {"thresholds_ppm": "20", "mw_g_mol": 70.9}, "thresholds_ppm", "non-empty list"),
    ("plume", {"thresholds_ppm": [20, 0], "mw_g_mol": 70.9}, "thresholds_ppm[1]", "浓度阈值"),
    ("plume", {"mw_g_mol": 0}, "mw_g_mol", "摩尔质量"),
    ("puff", {"mass_kg": 0}, "mass_kg", "泄漏质量"),
    ("puff", {"mass_kg": -1}, "mass_kg", "got -1"),
    ("puff", {"mass_kg": 1e12}, "mass_kg", "(0, 1e+08] kg"),
    ("puff", {"x_m": None}, "x_m", "missing key x_m"),
    ("puff", {"x_m": -10}, "x_m", "下风向距离"),
    ("puff", {"release_height_m": NAN}, "release_height_m", "finite"),
    ("puff", {"stability": None}, "stability", "缺少大气稳定度"),
    ("poolfire", {"method": "api"}, "method", "one of cn, ccps"),
    ("poolfire", {"method": None}, "method", "missing key method"),
    ("poolfire", {"pool_radius_m": 0}, "pool_radius_m", "液池半径"),
    ("poolfire", {"pool_radius_m": 5000}, "pool_radius_m", "(0, 500] m"),
    ("poolfire", {"heat_of_combustion_J_kg": 40150}, "heat_of_combustion_J_kg", "J/kg, got 40150"),  # kJ/kg
    ("poolfire", {"cp_J_kgK": 1.74}, "cp_J_kgK", "比热容"),  # kJ/(kg·K)
    ("poolfire", {"boiling_K": 0}, "boiling_K", "沸点"),
    ("poolfire", {"ambient_K": 25}, "ambient_K", "环境温度"),  # °C for K
    ("poolfire", {"latent_heat_J_kg": 0}, "latent_heat_J_kg", "汽化热"),
    ("poolfire", {"efficiency": 0}, "efficiency", "(0, 1]"),
    ("poolfire", {"efficiency": 1.5}, "efficiency", "got 1.5"),
    ("poolfire", {"efficiency": None}, "efficiency", "缺少热辐射效率"),
    ("poolfire", {"transmissivity": 0}, "transmissivity", "大气透射率"),
    ("vce", {"fuel_mass_kg": 0}, "fuel_mass_kg", "可燃物质量"),
    ("vce", {"fuel_mass_kg": -5}, "fuel_mass_kg", "got -5"),
    ("vce", {"fuel_mass_kg": False}, "fuel_mass_kg", "must be a number, got False"),
    ("vce", {"heat_of_combustion_J_kg": NAN}, "heat_of_combustion_J_kg", "finite"),
    ("vce", {"yield": 0}, "yield", "效率因子"),
    ("vce", {"yield": 4}, "yield", "(0, 1]"),
    ("vce", {"ground_factor": 0.5}, "ground_factor", "[1, 2]"),
    ("vce", {"alpha": 0.04}, "input", "unknown field(s) alpha"),
]


def changed(base, changes):
    params = {**base, **changes}
    return {key: value for key, value in params.items() if value is not None}


@pytest.mark.parametrize(("model", "changes", "field", "message"), CASES)
def test_bad_input_is_refused_with_a_message(model, changes, field, message):
    run, base = MODELS[model]
    with pytest.raises(ConsequenceInputError) as error:
        run(changed(base, changes))
    text = str(error.value)
    assert error.value.field == field
    assert text.startswith(f"{field}: ") and " / " in text and "\n" not in text
    assert message in text


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("value", [[], "plume", None, 3])
def test_input_must_be_an_object(model, value):
    run, _ = MODELS[model]
    with pytest.raises(ConsequenceInputError, match="^input: 须为 JSON 对象"):
        run(value)


@pytest.mark.parametrize("model", MODELS)
def test_valid_input_gives_exactly_the_interface_keys(model):
    run, base = MODELS[model]
    keys = {
        "plume": ["sigma_y_m", "sigma_z_m", "concentration_kg_m3"],
        "puff": ["arrival_s", "sigma_x_m", "sigma_y_m", "sigma_z_m", "peak_concentration_kg_m3"],
        "poolfire": ["burning_rate_kg_m2s", "flame_height_m", "radiated_power_W", "radii_m"],
        "vce": ["tnt_kg", "energy_J", "death_radius_m", "serious_injury_radius_m", "slight_injury_radius_m"],
    }
    assert list(run(base)) == keys[model]


def test_plume_adds_ppm_and_zones_on_request():
    result = plume.run({**PLUME, "mw_g_mol": 70.906, "thresholds_ppm": [20, 2]})
    assert list(result) == ["sigma_y_m", "sigma_z_m", "concentration_kg_m3", "concentration_ppm", "zones"]
    assert result["concentration_ppm"] == pytest.approx(1.1722e-4 * 1e6 * 24.45 / 70.906, rel=1e-3)
    assert [list(zone) for zone in result["zones"]] == [
        ["threshold_ppm", "max_downwind_m", "max_halfwidth_m", "polygon_local_m", "truncated_at_m"]] * 2
    first = result["zones"][0]
    assert first["polygon_local_m"][0] == first["polygon_local_m"][-1] == [0.0, 0.0]


def test_boiling_below_ambient_uses_latent_heat_only():
    """A refrigerated or liquefied gas (LNG at 111 K): m″ = 0.001·Hc/Hv."""
    lng = {**POOLFIRE, "heat_of_combustion_J_kg": 50e6, "boiling_K": 111.7, "latent_heat_J_kg": 510e3}
    assert poolfire.run(lng)["burning_rate_kg_m2s"] == pytest.approx(0.001 * 50e6 / 510e3, rel=1e-12)


def test_vce_defaults_are_the_chinese_textbook_values():
    assert vce.run(VCE) == vce.run({**VCE, "yield": 0.04, "ground_factor": 1.8})


def test_radii_scale_as_the_square_root_of_power_and_the_cube_root_of_tnt():
    """Reference §8: thermal radius ∝ √Q, blast injury radius ∝ W^(1/3)."""
    fire = poolfire.run(POOLFIRE)
    doubled = poolfire.run({**POOLFIRE, "efficiency": 0.5})
    assert doubled["radii_m"]["4.0"] == pytest.approx(fire["radii_m"]["4.0"] * 2**0.5, rel=1e-12)
    blast = vce.run(VCE)
    eightfold = vce.run({**VCE, "fuel_mass_kg": 8000})
    assert eightfold["slight_injury_radius_m"] == pytest.approx(2 * blast["slight_injury_radius_m"], rel=1e-12)
