"""The incident command board's API: zones on the map, their orientation, nesting, flags and assumptions."""

import json
import math

import numpy as np
import pytest

from worksafety.consequence import thresholds, vce, zones
from worksafety.consequence.inputs import ConsequenceInputError
from worksafety.consequence.tests.geometry import contains, signed_area

SOURCE = {"lat": 39.02, "lon": 121.83}  # 大孤山化工区
CHLORINE = {"chemical": "氯", "release_kg_s": 1.0, "wind_m_s": 3.0, "wind_from_deg": 0.0, "stability": "D",
            "terrain": "rural", "source_height_m": 0.0, **SOURCE}
BENZENE_FIRE = {"method": "cn", "pool_radius_m": 5.0, "heat_of_combustion_J_kg": 40.15e6, "cp_J_kgK": 1740,
                "boiling_K": 353.25, "ambient_K": 298.15, "latent_heat_J_kg": 393e3, "efficiency": 0.25, **SOURCE}
PROPANE_CLOUD = {"fuel_mass_kg": 1000.0, "heat_of_combustion_J_kg": 46.35e6, **SOURCE}


def east_north(polygon, lat=SOURCE["lat"], lon=SOURCE["lon"]):
    """[lon, lat] → metres east and north of the source, with the WGS-84 ellipsoid's radii of curvature (a
    mean-radius sphere would stretch east against north by 0.4 % and skew a rotated zone)."""
    a, e2 = 6_378_137.0, 0.006_694_38
    sin2 = math.sin(math.radians(lat)) ** 2
    meridional, prime_vertical = a * (1 - e2) / (1 - e2 * sin2) ** 1.5, a / math.sqrt(1 - e2 * sin2)
    points = np.asarray(polygon, dtype=float)
    east = np.radians(points[:, 0] - lon) * prime_vertical * math.cos(math.radians(lat))
    north = np.radians(points[:, 1] - lat) * meridional
    return np.column_stack([east, north])


def codes(result):
    return {flag["code"] for flag in result["flags"]}


def test_result_states_model_sigma_set_assumptions_and_is_json():
    result = zones.toxic_zones(**CHLORINE)
    assert "Gaussian plume" in result["model"] and "Briggs (1973)" in result["sigma_set"]
    assert result["chemical"]["cas"] == "7782-50-5"
    assert result["inputs"]["chemical"] == "氯" and result["inputs"]["wind_from_deg"] == 0
    assert any("WGS-84" in text for text in result["assumptions"])
    assert any("GB/T 37243" in text for text in result["assumptions"])
    assert result["limits"] and all(set(flag) == {"code", "message"} for flag in result["flags"])
    assert [zone["level"] for zone in result["zones"]] == ["AEGL-3", "AEGL-2", "AEGL-1"]
    assert [zone["threshold_ppm"] for zone in result["zones"]] == [20, 2.0, 0.5]
    json.dumps(result, allow_nan=False)


@pytest.mark.parametrize(("wind_from", "towards"), [
    (0, (0, -1)),  # a north wind carries the plume south
    (90, (-1, 0)),  # an east wind, west
    (180, (0, 1)),  # a south wind, north
    (225, (math.sqrt(0.5), math.sqrt(0.5))),  # a south-west wind, north-east
])
def test_zone_lies_downwind(wind_from, towards):
    result = zones.toxic_zones(**{**CHLORINE, "wind_from_deg": wind_from})
    for zone in result["zones"]:
        points = east_north(zone["polygon"])
        along = points @ np.array(towards)
        across = points @ np.array([-towards[1], towards[0]])
        assert along.min() >= -0.05 and along.max() == pytest.approx(zone["max_downwind_m"], rel=5e-3)
        assert np.abs(across).max() == pytest.approx(zone["max_halfwidth_m"], rel=5e-3)
        assert abs(across.max() + across.min()) < 0.01 * zone["max_halfwidth_m"]  # symmetric about the axis


def test_rings_are_closed_counter_clockwise_and_nested():
    result = zones.toxic_zones(**{**CHLORINE, "wind_from_deg": 300})
    rings = [east_north(zone["polygon"]) for zone in result["zones"]]
    for zone, ring in zip(result["zones"], rings, strict=True):
        assert zone["polygon"][0] == zone["polygon"][-1] and signed_area(ring) > 0
    areas = [signed_area(ring) for ring in rings]
    assert areas[0] < areas[1] < areas[2]  # AEGL-3 ⊂ AEGL-2 ⊂ AEGL-1
    for inner, outer in zip(rings, rings[1:], strict=False):
        # Near the source both outlines shrink to the source point, closer than the 1 cm rounding of the
        # coordinates; away from it the inner zone must lie inside the outer one.
        away = inner[np.hypot(inner[:, 0], inner[:, 1]) > 10]
        assert all(contains(outer, point) for point in away[::4])


def test_map_placement_matches_the_local_zone():
    """The WGS-84 ring is the local one rotated and moved: the tip of a north-wind zone is due south."""
    result = zones.toxic_zones(**CHLORINE)
    aegl1 = result["zones"][2]
    tip = min(aegl1["polygon"], key=lambda point: point[1])
    assert tip[0] == pytest.approx(SOURCE["lon"], abs=1e-6)
    assert -east_north([tip])[0, 1] == pytest.approx(aegl1["max_downwind_m"], abs=0.02)  # 1 cm rounding each


def test_phosgene_has_no_aegl1_zone_and_says_why():
    result = zones.toxic_zones(**{**CHLORINE, "chemical": "光气", "release_kg_s": 0.1})
    assert [zone["level"] for zone in result["zones"]] == ["AEGL-3", "AEGL-2"]
    assert any("AEGL-1 未推荐（NR）" in text for text in result["assumptions"])


def test_chemical_without_aegl_uses_its_idlh(tmp_path, monkeypatch):
    data = json.loads(thresholds.DATA_FILE.read_text(encoding="utf-8"))
    only_idlh = {**data["chemicals"][0], "aegl_60min_ppm": {"AEGL-1": None, "AEGL-2": None, "AEGL-3": None}}
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps({**data, "chemicals": [only_idlh]}), encoding="utf-8")
    monkeypatch.setattr(thresholds, "catalogue", lambda: thresholds.load(path))
    result = zones.toxic_zones(**{**CHLORINE, "chemical": "氨"})
    assert [(zone["level"], zone["threshold_ppm"]) for zone in result["zones"]] == [("IDLH", 300)]


# --- flags -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "raised", "not_raised"), [
    ({}, {"dense_gas"}, {"low_wind", "very_stable", "flammable_not_modelled", "threshold_unconfirmed"}),
    ({"chemical": "氨", "release_kg_s": 5.0}, {"flammable_not_modelled"}, {"dense_gas"}),  # lighter than air
    ({"chemical": "硫化氢", "release_kg_s": 0.001, "wind_m_s": 5.0}, set(), {"dense_gas"}),  # too little to slump
    ({"wind_m_s": 0.8}, {"low_wind"}, set()),
    ({"stability": "F"}, {"very_stable"}, set()),
    ({"chemical": "甲醇"}, {"threshold_unconfirmed", "below_briggs_range"}, set()),
    ({"release_kg_s": 3.0}, {"beyond_briggs_range"}, {"zone_truncated"}),
    ({"release_kg_s": 5000.0, "wind_m_s": 1.0, "stability": "F"}, {"zone_truncated"}, set()),
    ({"source_height_m": 200.0, "release_kg_s": 0.01}, {"threshold_not_reached"}, set()),
])
def test_validity_flags(changes, raised, not_raised):
    flags = codes(zones.toxic_zones(**{**CHLORINE, **changes}))
    assert raised <= flags and not (not_raised & flags)


def test_hydrogen_sulphide_aegl1_is_cut_at_the_model_range_and_flagged():
    """H₂S AEGL-1 (0.51 ppm) would reach far beyond the Briggs fits: drawn to 10 km, cut there, said so."""
    result = zones.toxic_zones(**{**CHLORINE, "chemical": "硫化氢", "stability": "F", "wind_m_s": 1.5})
    aegl1 = result["zones"][-1]
    assert aegl1["level"] == "AEGL-1" and aegl1["truncated_at_m"] == 10_000 == aegl1["max_downwind_m"]
    assert max(-east_north(aegl1["polygon"])[:, 1]) <= 10_000.02  # due south of a north wind, 1 cm rounding
    assert [zone["truncated_at_m"] for zone in result["zones"][:-1]] == [None, None]
    cut = [flag["message"] for flag in result["flags"] if flag["code"] in ("beyond_briggs_range", "zone_truncated")]
    assert cut and cut[0].startswith("AEGL-1 区超出模型适用范围（10 km），已截断")
    assert result["model_code"] == "gaussian_plume"


def test_unconfirmed_thresholds_are_flagged_per_level():
    methanol = zones.toxic_zones(**{**CHLORINE, "chemical": "methanol", "release_kg_s": 50.0})
    messages = [flag["message"] for flag in methanol["flags"] if flag["code"] == "threshold_unconfirmed"]
    assert len(messages) == 3 and all("未经核实" in message for message in messages)
    assert [zone["threshold_confidence"] for zone in methanol["zones"]] == ["U", "U", "U"]


def test_a_zone_not_reached_is_listed_empty():
    result = zones.toxic_zones(**{**CHLORINE, "source_height_m": 200.0, "release_kg_s": 0.01})
    empty = [zone for zone in result["zones"] if not zone["polygon"]]
    assert empty and all(zone["max_downwind_m"] == 0 for zone in empty)


# --- fire and explosion circles ----------------------------------------------------------------------------

def test_fire_circles_have_the_criterion_radii():
    result = zones.fire_zones(**BENZENE_FIRE)
    assert [zone["intensity_kW_m2"] for zone in result["zones"]] == [37.5, 25, 12.5, 4.0, 1.6]
    assert [zone["radius_m"] for zone in result["zones"]] == [8.67, 10.62, 15.02, 26.55, 41.97]
    assert result["zones"][0]["criterion"].startswith("37.5 kW/m² 操作设备全部损坏")
    for zone in result["zones"]:
        ring = east_north(zone["polygon"])
        assert zone["polygon"][0] == zone["polygon"][-1] and signed_area(ring) > 0
        assert np.hypot(ring[:, 0], ring[:, 1]) == pytest.approx(zone["drawn_radius_m"], rel=3e-3)
    assert "安全评价" in result["formula_set"] and result["radiated_power_W"] == pytest.approx(35.42e6, rel=1e-3)
    assert codes(result) == {"near_flame_point_source"}


def test_fire_radius_inside_the_pool_is_drawn_at_the_pool_edge_and_flagged():
    result = zones.fire_zones(**{**BENZENE_FIRE, "pool_radius_m": 30.0, "efficiency": 0.05})
    inner = result["zones"][0]
    assert inner["radius_m"] < 30.0 == inner["drawn_radius_m"]
    assert {"radius_inside_pool", "efficiency_unusual"} <= codes(result)


def test_explosion_circles_grow_from_death_to_slight_injury():
    result = zones.explosion_zones(**PROPANE_CLOUD)
    radii = [zone["radius_m"] for zone in result["zones"]]
    expected = vce.run({"fuel_mass_kg": 1000.0, "heat_of_combustion_J_kg": 46.35e6})
    assert radii == [round(expected[key], 2) for key in
                     ("death_radius_m", "serious_injury_radius_m", "slight_injury_radius_m")]
    assert [zone["criterion"][:4] for zone in result["zones"]] == ["死亡半径", "重伤半径", "轻伤半径"]
    assert [zone["overpressure_kPa"] for zone in result["zones"]] == [None, 44, 17]
    assert result["tnt_kg"] == pytest.approx(738.32, rel=1e-4) and codes(result) == set()
    assert codes(zones.explosion_zones(**PROPANE_CLOUD, yield_fraction=0.2)) == {"yield_unusual"}


# --- bad input ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "field"), [
    ({"chemical": "某未知气体"}, "chemical"),
    ({"chemical": "50-00-0"}, "chemical"),  # a valid CAS (formaldehyde) without thresholds in the table
    ({"chemical": None}, "chemical"),
    ({"wind_m_s": 0}, "wind_m_s"),
    ({"wind_m_s": -2}, "wind_m_s"),
    ({"wind_from_deg": -10}, "wind_from_deg"),
    ({"wind_from_deg": 400}, "wind_from_deg"),
    ({"stability": "C-D"}, "stability"),
    ({"terrain": "forest"}, "terrain"),
    ({"release_kg_s": 0}, "release_kg_s"),
    ({"release_kg_s": float("inf")}, "release_kg_s"),
    ({"source_height_m": -1}, "source_height_m"),
    ({"lat": 95}, "lat"),
    ({"lon": True}, "lon"),
])
def test_toxic_zones_refuse_bad_input(changes, field):
    with pytest.raises(ConsequenceInputError) as error:
        zones.toxic_zones(**{**CHLORINE, **changes})
    assert error.value.field == field


@pytest.mark.parametrize(("function", "arguments", "field"), [
    (zones.fire_zones, {**BENZENE_FIRE, "pool_radius_m": 0}, "pool_radius_m"),
    (zones.fire_zones, {**BENZENE_FIRE, "method": "tno"}, "method"),
    (zones.fire_zones, {**BENZENE_FIRE, "lat": float("nan")}, "lat"),
    (zones.explosion_zones, {**PROPANE_CLOUD, "fuel_mass_kg": -1}, "fuel_mass_kg"),
    (zones.explosion_zones, {**PROPANE_CLOUD, "yield_fraction": 0}, "yield"),
    (zones.explosion_zones, {**PROPANE_CLOUD, "lon": 200}, "lon"),
])
def test_fire_and_explosion_zones_refuse_bad_input(function, arguments, field):
    with pytest.raises(ConsequenceInputError) as error:
        function(**arguments)
    assert error.value.field == field
