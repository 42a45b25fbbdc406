"""The pages and exports issue 14 found slow, and every API list and HTML list page, at full demo size: median
time and query count of each through the Django test client as the district login.

Usage: python bench/slow_pages.py [--repeat R] [--reuse DIR]
SQLite by default (the full demo built into a fresh file in a temporary folder); with DATABASE_URL=postgres://…
a throw-away database of its own on that server. `--reuse DIR` keeps an SQLite database in DIR and
builds the demo there only when it is empty, so repeated runs skip the build. Prints one JSON object; exports
are timed until their last byte is read. `cpu_ms` is the process's CPU time (the server's work, the client's
being negligible), steadier than `median_ms` on a busy machine. A URL ending in " html" is fetched as a browser
does (Accept: text/html, DRF's browsable API); every API list is timed both ways.
"""

import argparse
import json
import statistics
import time

from django_env import throwaway_database

NAMED = {
    "api_check_records_xlsx": "/api/v1/check-records/?format=xlsx",
    "api_check_records": "/api/v1/check-records/",
    "api_check_records_browsable": "/api/v1/check-records/ html",
    "checks_export_xlsx": "/hazards/checks/?export=xlsx",
    "checks_page": "/hazards/checks/",
    "api_inspections": "/api/v1/inspections/",
    "api_inspections_page_5": "/api/v1/inspections/?page=5",
    "api_inspections_browsable": "/api/v1/inspections/ html",
    "inspections_page": "/enforcement/inspections/",
    "api_penalty_cases": "/api/v1/penalty-cases/",
    "api_penalty_cases_browsable": "/api/v1/penalty-cases/ html",
    "penalty_cases_page": "/enforcement/cases/",
    "api_tipoffs_xlsx": "/api/v1/tipoffs/?format=xlsx",
    "hazards_export_xlsx": "/hazards/?export=xlsx",
    "enterprises_export_xlsx": "/enterprises/?export=xlsx",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", metavar="DIR", help="keep the database in DIR and build the demo only once")
    args = parser.parse_args()

    with throwaway_database(keep_in=args.reuse) as vendor:
        result = run(args.repeat)
        result["database"] = vendor
        print(json.dumps(result, ensure_ascii=False, indent=1))


def timed(client, url, repeat):
    from django.db import connection

    url, _, html = url.partition(" ")
    times, cpu_times = [], []
    for _ in range(repeat):
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(url, HTTP_ACCEPT="text/html" if html else "*/*")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"median_ms": round(statistics.median(times), 1), "cpu_ms": round(statistics.median(cpu_times), 1),
            "queries": queries.count, "bytes": len(body)}


class QueryCounter:
    """Counts queries rather than logging them: a slow page may run more than Django's query log keeps."""

    count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def list_urls():
    """The first page of every API collection and of every HTML list page (ObjectListView) without arguments."""
    from django.urls import get_resolver

    from worksafety.api_urls import router
    from worksafety.core.generic_views import ObjectListView

    api = {f"api {prefix}{view}": f"/api/v1/{prefix}/{view}" for prefix, _, _ in router.registry
           for view in ("", " html")}
    pages = {}
    for pattern in get_resolver().url_patterns:
        _collect(pattern, "", pages, ObjectListView)
    return api, pages


def _collect(pattern, prefix, pages, base):
    if hasattr(pattern, "url_patterns"):
        for child in pattern.url_patterns:
            _collect(child, prefix + str(pattern.pattern), pages, base)
        return
    route = prefix + str(pattern.pattern)
    view = getattr(pattern.callback, "view_class", None)
    if view is not None and issubclass(view, base) and "<" not in route:
        pages[f"page {pattern.name}"] = "/" + route.lstrip("^").rstrip("$")


def run(repeat):
    from django.test import Client

    from worksafety.core.models import User
    from worksafety.demo.builder import load_demo_data
    from worksafety.registry.models import Enterprise

    if not Enterprise.objects.exists():
        load_demo_data("full")
    client = Client()
    client.force_login(User.objects.get(username="district"))
    api, pages = list_urls()
    return {
        "repeat": repeat,
        "named": {name: timed(client, url, repeat) for name, url in NAMED.items()},
        "api_lists": {name: timed(client, url, repeat) for name, url in api.items()},
        "list_pages": {name: timed(client, url, repeat) for name, url in pages.items()},
    }


if __name__ == "__main__":
    main()
