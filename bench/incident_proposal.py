"""报警—响应联动: how long an HH gas alarm's incident proposal takes on the full demo district — the unit's
chemical, the weather, the threat zones, the sensitive targets in them, teams, supplies, experts and plans,
written as a proposed incident. Issue 6 asks for under one second.

Usage: python bench/incident_proposal.py [--repeat R]
SQLite by default (a fresh file in a temporary folder); with DATABASE_URL=postgres://… a throwaway database of its
own. Prints one JSON object.
"""

import argparse
import json
import statistics
import time

from django_env import throwaway_database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with throwaway_database() as vendor:
        result = run(args.repeat)
        result["database"] = vendor
        print(json.dumps(result, ensure_ascii=False, indent=1))


def hh_alarm():
    """An HH alarm on the demo's toxic-gas detector whose unit holds the most of a chemical with AEGLs."""
    from django.utils import timezone

    from worksafety.consequence import thresholds
    from worksafety.consequence.inputs import ConsequenceInputError
    from worksafety.emergency.incidents import services as incidents
    from worksafety.monitoring.models import Alarm, Sensor

    for sensor in Sensor.objects.filter(kind="toxic_gas", hazard_unit__isnull=False).select_related("hazard_unit"):
        substance = incidents.modelled_substance(sensor.hazard_unit, sensor.kind)
        try:
            thresholds.lookup(substance.chemical.cas) if substance else None
        except ConsequenceInputError:
            continue
        if substance is not None:
            return Alarm.objects.create(sensor=sensor, enterprise=sensor.enterprise, condition="HH",
                                        priority=sensor.priority, raised_at=timezone.now(), value=sensor.range_high)
    raise SystemExit("the demo has no toxic-gas detector on a unit with a modelled chemical")


def run(repeat: int) -> dict:
    from worksafety.demo.builder import load_demo_data
    from worksafety.emergency.incidents import services as incidents
    from worksafety.emergency.incidents.models import Incident

    load_demo_data("full")
    alarm = hh_alarm()
    timings, incident = [], None
    for _ in range(repeat):
        Incident.objects.filter(origin_alarm=alarm).delete()
        started = time.perf_counter()
        incident = incidents.propose_from_alarm(alarm)
        timings.append((time.perf_counter() - started) * 1000)
    assessment = incidents.assess(incident)
    return {
        "proposal_ms": {"median": round(statistics.median(timings), 1), "max": round(max(timings), 1)},
        "repeat": repeat,
        "chemical": incident.chemical.name,
        "zones_m": {z["level"]: z["max_downwind_m"] for z in assessment["toxic"]["zones"]},
        "targets_in_zones": len(assessment["targets"]),
        "population_in_zones": assessment["population"],
        "teams": len(assessment["teams"]), "plans": len(assessment["plans"]), "experts": len(assessment["experts"]),
    }


if __name__ == "__main__":
    main()
