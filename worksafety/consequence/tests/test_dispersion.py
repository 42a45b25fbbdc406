"""Physical properties of the plume, the puff and the plume's threat-zone footprint (reference §8)."""

import math

import numpy as np
import pytest

from worksafety.consequence import puff, sigma
from worksafety.consequence.footprint import MODEL_RANGE_M, SEARCH_LIMIT_M, ground_footprint
from worksafety.consequence.plume import GaussianPlume
from worksafety.consequence.tests.geometry import contains, signed_area

GROUND = GaussianPlume(release_kg_s=1.0, wind_m_s=3.0, source_height_m=0.0, stability="D", terrain="rural")
STACK = GaussianPlume(release_kg_s=1.0, wind_m_s=3.0, source_height_m=40.0, stability="C", terrain="urban")


@pytest.mark.parametrize("plume", [GROUND, STACK])
def test_concentration_is_proportional_to_rate_and_inverse_to_wind(plume):
    base = plume.concentration(800.0, 30.0, 1.5)
    doubled_rate = GaussianPlume(2.0, plume.wind_m_s, plume.source_height_m, plume.stability, plume.terrain)
    doubled_wind = GaussianPlume(1.0, 2 * plume.wind_m_s, plume.source_height_m, plume.stability, plume.terrain)
    assert doubled_rate.concentration(800.0, 30.0, 1.5) == pytest.approx(2 * base, rel=1e-12)
    assert doubled_wind.concentration(800.0, 30.0, 1.5) == pytest.approx(base / 2, rel=1e-12)


def test_plume_is_symmetric_crosswind():
    y = np.linspace(0, 300, 31)
    assert np.allclose(STACK.concentration(1200.0, y), STACK.concentration(1200.0, -y), rtol=1e-14)


def test_ground_reflection_doubles_a_ground_source():
    sigma_y, sigma_z = GROUND.sigmas(500.0)
    unreflected = GROUND.release_kg_s / (2 * math.pi * GROUND.wind_m_s * sigma_y * sigma_z)
    assert GROUND.concentration(500.0) == pytest.approx(2 * unreflected, rel=1e-12)


@pytest.mark.parametrize("plume", [GROUND, STACK])
@pytest.mark.parametrize("x", [150.0, 2000.0])
def test_mass_flux_through_a_crosswind_plane_is_the_release_rate(plume, x):
    """∫∫ C·u dy dz = Q over y ∈ ℝ, z ≥ 0 (reflection keeps the mass above ground). Swapping σy and σz in
    any term breaks this."""
    sigma_y, sigma_z = (float(value) for value in plume.sigmas(x))
    y = np.linspace(-8 * sigma_y, 8 * sigma_y, 801)
    z = np.linspace(0, plume.source_height_m + 8 * sigma_z, 1601)
    field = plume.concentration(x, y[None, :], z[:, None])
    flux = np.trapezoid(np.trapezoid(field, y, axis=1), z) * plume.wind_m_s
    assert flux == pytest.approx(plume.release_kg_s, rel=1e-3)


def test_no_concentration_upwind_and_no_warnings():
    with np.errstate(divide="raise", invalid="raise", over="raise"):  # far-off-axis underflow to 0 is fine
        field = GROUND.concentration(np.array([-100.0, 0.0, 100.0])[:, None], np.array([0.0, 50.0])[None, :])
    assert field.shape == (3, 2)
    assert (field[:2] == 0).all() and (field[2] > 0).all()


def test_grid_equals_point_by_point():
    x = np.array([120.0, 900.0, 4000.0])
    y = np.array([-60.0, 0.0, 25.0])
    grid = STACK.concentration(x[:, None], y[None, :], 2.0)
    for i, xi in enumerate(x):
        for j, yj in enumerate(y):
            assert grid[i, j] == pytest.approx(float(STACK.concentration(xi, yj, 2.0)), rel=1e-14)


def test_briggs_urban_shares_rows_and_sigmas_grow_downwind():
    x = np.geomspace(100, 10_000, 50)
    for shared in (("A", "B"), ("E", "F")):
        first, second = (np.array(sigma.briggs(x, name, "urban")) for name in shared)
        assert np.array_equal(first, second)
    for terrain in sigma.TERRAINS:
        for name in sigma.STABILITY_CLASSES:
            sigma_y, sigma_z = sigma.briggs(x, name, terrain)
            assert (np.diff(sigma_y) > 0).all() and (np.diff(sigma_z) > 0).all(), (terrain, name)


def test_puff_holds_its_mass():
    """∭ C dV = M: integrated over y and z numerically, along x analytically (√(2π)·σx)."""
    x, height, mass = 700.0, 15.0, 3.0
    sigma_x, sigma_y, sigma_z = (float(value) for value in sigma.ccps_puff(x, "D"))
    y = np.linspace(-8 * sigma_y, 8 * sigma_y, 801)
    z = np.linspace(0, height + 8 * sigma_z, 1601)
    field = puff.peak_concentration(mass, x, "D", y[None, :], z[:, None], release_height_m=height)
    total = np.trapezoid(np.trapezoid(field, y, axis=1), z) * math.sqrt(2 * math.pi) * sigma_x
    assert total == pytest.approx(mass, rel=1e-3)


# --- the ground-level footprint ---------------------------------------------------------------------------

# kg/m³, most severe first, all ending within the model's 10 km; the stack's ground-level maximum is 4.6e-5 kg/m³.
THRESHOLDS = {GROUND: [1e-4, 1e-5, 2e-6], STACK: [3e-5, 1e-5, 1e-6]}
CASES = [(plume, threshold) for plume, thresholds in THRESHOLDS.items() for threshold in thresholds]


@pytest.mark.parametrize(("plume", "threshold"), CASES)
def test_footprint_outline_lies_on_the_threshold(plume, threshold):
    footprint = ground_footprint(plume, threshold)
    ring = footprint.ring
    assert footprint.reached and footprint.truncated_at_m is None
    assert (ring[0] == ring[-1]).all() and signed_area(ring) > 0  # closed, counter-clockwise
    on_edge = ring[np.abs(ring[:, 1]) > 0]
    assert np.allclose(plume.concentration(on_edge[:, 0], on_edge[:, 1]), threshold, rtol=1e-6)
    assert float(plume.concentration(footprint.max_downwind_m)) == pytest.approx(threshold, rel=1e-6)
    assert ring[:, 0].max() == pytest.approx(footprint.max_downwind_m)
    assert np.abs(ring[:, 1]).max() == pytest.approx(footprint.max_halfwidth_m, rel=1e-3)


def test_ground_source_zone_starts_at_the_source_and_a_stack_zone_downwind():
    assert ground_footprint(GROUND, 1e-4).start_m == 0 and (ground_footprint(GROUND, 1e-4).ring[0] == 0).all()
    stack = ground_footprint(STACK, 1e-5)
    assert stack.start_m > 50
    assert float(STACK.concentration(stack.start_m)) == pytest.approx(1e-5, rel=1e-6)


def test_half_width_is_the_widest_point_of_the_zone():
    footprint = ground_footprint(GROUND, 1e-5)
    x = np.linspace(1, footprint.max_downwind_m, 20_001)
    sigma_y, _ = GROUND.sigmas(x)
    widths = sigma_y * np.sqrt(2 * np.maximum(np.log(GROUND.concentration(x) / 1e-5), 0))
    assert footprint.max_halfwidth_m == pytest.approx(widths.max(), rel=1e-4)


@pytest.mark.parametrize("plume", [GROUND, STACK])
def test_footprints_nest_and_shrink_as_the_threshold_rises(plume):
    rings = [ground_footprint(plume, threshold).ring for threshold in THRESHOLDS[plume]]
    areas = [signed_area(ring) for ring in rings]
    assert areas[0] < areas[1] < areas[2]
    for inner, outer in zip(rings, rings[1:], strict=False):
        assert all(contains(outer, point) for point in inner[::4])


def test_unreachable_threshold_gives_an_empty_zone():
    footprint = ground_footprint(STACK, 1.0)
    assert not footprint.reached
    assert footprint.ring.shape == (0, 2) and footprint.max_downwind_m == 0 == footprint.max_halfwidth_m


def test_zone_beyond_the_model_range_is_cut_there_and_says_how_far_it_would_go():
    footprint = ground_footprint(GROUND, 1e-7)
    assert footprint.truncated_at_m == MODEL_RANGE_M == 10_000 and footprint.max_downwind_m == MODEL_RANGE_M
    assert MODEL_RANGE_M < footprint.extent_m < SEARCH_LIMIT_M and not footprint.past_search_limit
    assert float(GROUND.concentration(footprint.extent_m)) == pytest.approx(1e-7, rel=1e-6)
    assert footprint.ring[:, 0].max() == MODEL_RANGE_M
    assert (footprint.ring[0] == footprint.ring[-1]).all() and signed_area(footprint.ring) > 0


def test_zone_beyond_the_search_limit_is_cut_at_the_model_range_too():
    huge = GaussianPlume(release_kg_s=1000.0, wind_m_s=1.0, source_height_m=0.0, stability="F", terrain="rural")
    footprint = ground_footprint(huge, 1e-7)
    assert footprint.past_search_limit and footprint.extent_m == SEARCH_LIMIT_M
    assert footprint.truncated_at_m == footprint.max_downwind_m == MODEL_RANGE_M


def test_a_plume_reaching_the_ground_only_beyond_the_model_range_draws_nothing_but_is_cut():
    # In F the plume stays thin: a 100 m stack's ground maximum (2.8e-7 kg/m³) lies about 16 km downwind.
    chimney = GaussianPlume(release_kg_s=1.0, wind_m_s=5.0, source_height_m=100.0, stability="F", terrain="rural")
    footprint = ground_footprint(chimney, 2.6e-7)
    assert footprint.start_m > MODEL_RANGE_M and not footprint.reached
    assert footprint.truncated_at_m == MODEL_RANGE_M
