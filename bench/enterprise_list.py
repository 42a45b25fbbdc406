"""Enterprise list, API, map data, risk pages and export with 10 000 enterprises: page times and query counts.

Usage: python bench/enterprise_list.py [--enterprises N] [--repeat R]
SQLite by default (a fresh file in a temporary folder); with DATABASE_URL=postgres://… a throwaway
database of its own on that server. Prints one JSON object.
"""

import argparse
import json
import statistics
import time

from django_env import throwaway_database


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with throwaway_database() as vendor:
        result = run(args.enterprises, args.repeat)
        result["database"] = vendor
        print(json.dumps(result, ensure_ascii=False, indent=1))


def build(count):
    """The full demo district, then copies of its enterprises (new names and codes) up to `count`."""
    from worksafety.demo.builder import load_demo_data
    from worksafety.registry.models import Enterprise
    from worksafety.standards import uscc

    load_demo_data("full")
    originals = list(Enterprise.objects.all())
    copies = []
    for n in range(count - len(originals)):
        source = originals[n % len(originals)]
        body = f"B{n:07d}"
        first17 = "91210213" + body + uscc.organisation_code_check(body)
        copies.append(Enterprise(
            name=f"{source.name}（分{n}）", uscc=first17 + uscc.check_character(first17), sector_id=source.sector_id,
            area_id=source.area_id, park_id=source.park_id, address=source.address, lat=source.lat, lon=source.lon,
            legal_representative=source.legal_representative, employees=source.employees, status=source.status,
            scale=source.scale, standardisation_grade=source.standardisation_grade,
        ))
    Enterprise.objects.bulk_create(copies, batch_size=2000)


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "queries": len(queries), "bytes": len(response.content)}


def run(count, repeat):
    from django.test import Client

    from worksafety.core.models import User
    from worksafety.registry.models import Enterprise

    start = time.perf_counter()
    build(count)
    built = time.perf_counter() - start
    client = Client()
    client.force_login(User.objects.get(username="district"))
    pages = {
        "list_page_50": "/enterprises/",
        "list_page_600": "/enterprises/?per_page=600",
        "list_filtered_hazchem": "/enterprises/?sector=hazchem&status=operating",
        "list_search": "/enterprises/?q=%E5%8C%96%E5%B7%A5",
        "api_list_50": "/api/v1/enterprises/",
        "map_data_all": "/map/data/",
        "home": "/",
        "hazard_units_50": "/hazard-units/",
        "risk_overview": "/risk/overview/",
        "supervision_plan_page": "/risk/supervision/",
        "export_xlsx_all": "/enterprises/?export=xlsx",
    }
    return {
        "enterprises": Enterprise.objects.count(),
        "build_seconds": round(built, 1),
        "repeat": repeat,
        "pages": {name: timed(client, url, repeat if "export" not in name else 1) for name, url in pages.items()},
    }


if __name__ == "__main__":
    main()
