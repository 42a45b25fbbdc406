"""Consequence models: the Gaussian-plume concentration field on a receptor grid and whole zone calls.

Usage: python bench/consequence_zones.py [--grid N] [--repeat R]
Pure Python + numpy (no Django, no database). Prints one JSON object with the times in ms, median and max
over R repetitions after one warm-up call each.
"""

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# A chlorine release 10 m up in the Dalian Jinpu chemical park: three zones of 1.1, 5.3 and 15.5 km, each with
# both ends found by bisection (the most work a zone call does; a truncated zone does less).
TOXIC_CASE = {"chemical": "氯", "release_kg_s": 2.0, "wind_m_s": 3.0, "wind_from_deg": 45.0, "stability": "D",
              "terrain": "rural", "source_height_m": 10.0, "lat": 39.02, "lon": 121.83}
FIRE_CASE = {"method": "cn", "pool_radius_m": 5.0, "heat_of_combustion_J_kg": 40.15e6, "cp_J_kgK": 1740.0,
             "boiling_K": 353.25, "ambient_K": 298.15, "latent_heat_J_kg": 393e3, "efficiency": 0.25,
             "lat": 39.02, "lon": 121.83}
EXPLOSION_CASE = {"fuel_mass_kg": 1000.0, "heat_of_combustion_J_kg": 46.35e6, "lat": 39.02, "lon": 121.83}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid", type=int, default=400, help="receptors per side of the square grid")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    from worksafety.consequence import zones
    from worksafety.consequence.plume import GaussianPlume

    plume = GaussianPlume(release_kg_s=2.0, wind_m_s=2.0, source_height_m=0.0, stability="F", terrain="rural")
    x = np.linspace(10.0, 10_000.0, args.grid)[:, None]  # downwind, m
    y = np.linspace(-2_000.0, 2_000.0, args.grid)[None, :]  # crosswind, m
    result = {
        "grid": f"{args.grid}x{args.grid}",
        "repeat": args.repeat,
        "concentration_field": timed(lambda: plume.concentration(x, y), args.repeat),
        "toxic_zones": timed(lambda: zones.toxic_zones(**TOXIC_CASE), args.repeat),
        "fire_zones": timed(lambda: zones.fire_zones(**FIRE_CASE), args.repeat),
        "explosion_zones": timed(lambda: zones.explosion_zones(**EXPLOSION_CASE), args.repeat),
        "numpy": np.__version__,
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))


def timed(call: Callable[[], object], repeat: int) -> dict[str, float]:
    call()  # warm-up: first-use costs (data file, caches) are not what is measured
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 2), "max_ms": round(max(times), 2)}


if __name__ == "__main__":
    main()
