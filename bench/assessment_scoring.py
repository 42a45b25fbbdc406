"""目标责任考核 and the plan's evaluation on the full demo district: how long the live scoring matrix (every
department and street × every item, computed from the hazards, the enforcement plan, the accidents and the task
reports) and the final evaluation report (gathering, PDF and xlsx) take, and how many queries the matrix costs.
The matrix is what the assessors' page computes on every visit while a year is being scored.

Usage: python bench/assessment_scoring.py [--repeat R]
SQLite by default (a fresh file in a temporary folder); with DATABASE_URL=postgres://… a throwaway database of its
own. Prints one JSON object.
"""

import argparse
import json
import statistics
import time
from datetime import date

from django_env import throwaway_database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with throwaway_database() as vendor:
        result = run(args.repeat)
        result["database"] = vendor
        print(json.dumps(result, ensure_ascii=False, indent=1))


def timed(repeat: int, action) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def summary(timings: list[float]) -> dict:
    return {"median_ms": round(statistics.median(timings), 1), "max_ms": round(max(timings), 1)}


def run(repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from worksafety.demo.builder import load_demo_data
    from worksafety.indicators.assessments import results as assessment_results
    from worksafety.indicators.assessments.models import Assessment, AssessmentState
    from worksafety.indicators.reports import data, pdf, xlsx
    from worksafety.indicators.reports.models import ReportKind

    load_demo_data("full")
    scoring = Assessment.objects.get(state=AssessmentState.SCORING)
    with CaptureQueriesContext(connection) as queries:
        kinds = assessment_results.results(scoring)
    units = sum(len(kind.units) for kind in kinds)
    matrix = timed(repeat, lambda: assessment_results.results(scoring))

    gathered = []
    gather = timed(max(1, repeat // 2), lambda: gathered.append(data.gather(ReportKind.FINAL, date(2021, 1, 1))))
    render = timed(max(1, repeat // 2), lambda: (pdf.build(gathered[-1]), xlsx.build(gathered[-1])))
    return {"units": units, "items": scoring.items.count(), "matrix_queries": len(queries),
            "matrix": summary(matrix), "final_evaluation_gather": summary(gather),
            "final_evaluation_pdf_and_xlsx": summary(render)}


if __name__ == "__main__":
    main()
