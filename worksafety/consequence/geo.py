"""From local metres to WGS-84 longitude/latitude around a source.

Local tangent-plane approximation: east and north offsets are converted with the WGS-84 radii of curvature
at the source's latitude (meridional M, prime vertical N). Diagonal offsets pick up the meridians'
convergence: at 10 km and latitude 39° the error is about 2 m (0.02 %) in distance and 0.013° in bearing,
far below the models' own uncertainty. Longitudes are not wrapped at ±180°.
"""

import math

import numpy as np

_WGS84_A = 6_378_137.0  # semi-major axis, m
_WGS84_E2 = 6.694_379_990_14e-3  # first eccentricity squared
_DEGREE_DECIMALS = 7  # about 1 cm


def downwind_to_east_north(points_m: np.ndarray, wind_from_deg: float) -> np.ndarray:
    """Rotate [x downwind, y to the left of it] (m) onto [east, north] (m). The wind blows FROM
    `wind_from_deg` (meteorological: 0 = north, clockwise), so the plume travels towards wind_from + 180°:
    downwind unit vector (−sin θ, −cos θ), left of it (cos θ, −sin θ)."""
    theta = math.radians(wind_from_deg)
    rotation = np.array([[-math.sin(theta), -math.cos(theta)],  # x's east and north components
                         [math.cos(theta), -math.sin(theta)]])  # y's
    return np.asarray(points_m, dtype=float).reshape(-1, 2) @ rotation


def east_north_to_wgs84(east_north_m: np.ndarray, *, lat: float, lon: float) -> np.ndarray:
    """[east, north] offsets (m) from (lat, lon) → [[lon, lat], …] in degrees, rounded to 1e-7° (~1 cm)."""
    phi = math.radians(lat)
    denominator = 1 - _WGS84_E2 * math.sin(phi) ** 2
    meridional = _WGS84_A * (1 - _WGS84_E2) / denominator**1.5
    prime_vertical = _WGS84_A / math.sqrt(denominator)
    offsets = np.asarray(east_north_m, dtype=float).reshape(-1, 2)
    lons = lon + np.degrees(offsets[:, 0] / (prime_vertical * math.cos(phi)))
    lats = lat + np.degrees(offsets[:, 1] / meridional)
    return np.round(np.column_stack([lons, lats]), _DEGREE_DECIMALS)


def circle_east_north(radius_m: float, segments: int = 72) -> np.ndarray:
    """A closed counter-clockwise ring of `segments` sides around the origin, [east, north] in metres."""
    angles = np.linspace(0.0, 2 * math.pi, segments + 1)
    angles[-1] = 0.0  # close exactly on the first vertex
    return np.column_stack([radius_m * np.cos(angles), radius_m * np.sin(angles)])
