"""Polygon helpers for the tests, written independently of the package."""

import numpy as np


def signed_area(ring) -> float:
    """Shoelace area; positive for a counter-clockwise ring."""
    points = np.asarray(ring, dtype=float)
    x, y = points[:, 0], points[:, 1]
    return float(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]) / 2)


def contains(ring, point) -> bool:
    """Ray casting: is `point` inside (or on the edge of) the closed `ring`?"""
    points = np.asarray(ring, dtype=float)
    px, py = point
    inside = False
    for (x1, y1), (x2, y2) in zip(points[:-1], points[1:], strict=True):
        if min(y1, y2) <= py <= max(y1, y2) and min(x1, x2) <= px <= max(x1, x2):
            cross = (x2 - x1) * (py - y1) - (y2 - y1) * (px - x1)
            if abs(cross) <= 1e-9 * max(1.0, abs(x2 - x1) + abs(y2 - y1)) ** 2:
                return True  # on the edge
        if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
