"""The ground-level threat zone of a Gaussian plume: where C(x, y, 0) ≥ a threshold, in local metres
(x downwind, y crosswind to the left of the wind, so (x, y) turns like east/north and rings stay
counter-clockwise after rotation onto the map).

At ground level C(x, y, 0) = C(x, 0, 0)·exp(−y²/(2σy²)), so the zone's half-width at x is exactly
w(x) = σy(x)·√(2·ln(C(x,0,0)/T)) where the centreline exceeds T. The zone is therefore found along x only,
with numpy over thousands of x at once: a log-spaced scan finds where the centreline exceeds T, bisection
pins the two ends, and w is evaluated on cosine-spaced x that crowd where the outline bends most.

A zone is drawn only within the model's range, the 10 km of the Briggs σ fits: one that goes on is cut there
(`truncated_at_m`) and says how far the extrapolated plume would reach (`extent_m`), so that no map shows a
zone the model cannot support.
"""

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from worksafety.consequence.numerics import bisect
from worksafety.consequence.sigma import BRIGGS_MAX_M

if TYPE_CHECKING:
    from worksafety.consequence.plume import GaussianPlume

# Zones are drawn out to the range of the σ fits and cut there; the scan reaches ten times further to tell
# how far the extrapolated plume would go (past 100 km it only says "further").
MODEL_RANGE_M = BRIGGS_MAX_M
SEARCH_LIMIT_M = 100_000.0
_SCAN_X_M = np.geomspace(0.1, SEARCH_LIMIT_M, 2001)  # neighbours 0.7 % apart
# Distances and outlines are reported to the centimetre: finer is noise, coarser would blur small zones.
METRE_DECIMALS = 2
_OUTLINE_SAMPLES = 2049  # for the maximum half-width
_RING_STRIDE = 16  # every 16th sample goes into the outline: 129 points on each side


@dataclass(frozen=True)
class Footprint:
    threshold_kg_m3: float
    start_m: float  # nearest downwind distance of the zone (0 when it starts at the source)
    max_downwind_m: float  # of the zone as drawn; 0 when the threshold is never reached within MODEL_RANGE_M
    max_halfwidth_m: float
    ring: np.ndarray  # (n, 2) closed counter-clockwise outline [x, y]; shape (0, 2) when not reached
    extent_m: float  # where the extrapolated zone ends: SEARCH_LIMIT_M when it goes on past it, 0 if never reached
    truncated_at_m: float | None  # MODEL_RANGE_M when the zone goes on past it and is cut there, else None

    @property
    def reached(self) -> bool:
        return len(self.ring) > 0

    @property
    def past_search_limit(self) -> bool:
        return self.extent_m >= SEARCH_LIMIT_M


def ground_footprint(plume: "GaussianPlume", threshold_kg_m3: float) -> Footprint:
    """The zone where the ground-level concentration of `plume` is at least `threshold_kg_m3`, cut at
    MODEL_RANGE_M."""
    log_threshold = math.log(threshold_kg_m3)
    inside = np.flatnonzero(plume.log_ground_centreline(_SCAN_X_M) >= log_threshold)
    if inside.size == 0:
        return Footprint(threshold_kg_m3, 0.0, 0.0, 0.0, np.empty((0, 2)), extent_m=0.0, truncated_at_m=None)

    def excess(x: float) -> float:
        return float(plume.log_ground_centreline(x)) - log_threshold

    first, last = inside[0], inside[-1]
    # A ground-level source exceeds any threshold right at the source, where C grows without bound.
    start = 0.0 if first == 0 else bisect(excess, _SCAN_X_M[first - 1], _SCAN_X_M[first])
    extent = SEARCH_LIMIT_M if last == len(_SCAN_X_M) - 1 else bisect(excess, _SCAN_X_M[last], _SCAN_X_M[last + 1])
    truncated_at = MODEL_RANGE_M if extent > MODEL_RANGE_M else None
    if start >= MODEL_RANGE_M:  # an elevated plume that touches the ground only beyond the model's range
        return Footprint(threshold_kg_m3, float(start), 0.0, 0.0, np.empty((0, 2)), float(extent), truncated_at)
    end = min(extent, MODEL_RANGE_M)

    x = start + (end - start) * (1 - np.cos(np.linspace(0.0, math.pi, _OUTLINE_SAMPLES))) / 2
    half_width = np.zeros_like(x)
    interior = slice(1, -1) if truncated_at is None else slice(1, None)  # the ends lie on the contour (w = 0)
    half_width[interior] = _half_width(plume, x[interior], log_threshold)
    samples = slice(None, None, _RING_STRIDE)
    return Footprint(threshold_kg_m3, float(start), float(end), float(half_width.max()),
                     _ring(x[samples], half_width[samples]), float(extent), truncated_at)


def _half_width(plume: "GaussianPlume", x: np.ndarray, log_threshold: float) -> np.ndarray:
    """w(x) = σy·√(2·ln(C0/T)), 0 where the centreline is below T (a gap in a zone that is not convex)."""
    sigma_y, _ = plume.sigmas(x)
    return sigma_y * np.sqrt(2 * np.maximum(plume.log_ground_centreline(x) - log_threshold, 0.0))


def _ring(x: np.ndarray, half_width: np.ndarray) -> np.ndarray:
    """Right side (y = −w) going downwind, then the left side coming back, closed; a point where w = 0
    (the source, the tip) appears once."""
    right = np.column_stack([x, -half_width])
    left = np.column_stack([x, half_width])[::-1]
    if half_width[-1] == 0:
        left = left[1:]
    if half_width[0] == 0:
        left = left[:-1]
    return np.vstack([right, left, right[:1]])
