"""The throwaway database a benchmark runs on (`worksafety bench ingest`, bench/*.py), so the platform's data is
never touched and two benchmarks never meet: of the configured kind, an SQLite file on disk (not in memory,
which would flatter it) or a PostgreSQL database of its own on the same server, named with the process id so
that it is neither the test database (test_<name>) another run may be using nor another benchmark's."""

import os
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


@contextmanager
def throwaway_database(folder: Path):
    """Switch the default connection to a new, migrated database (the SQLite file in `folder`) and drop it
    afterwards; yields the vendor ("sqlite", "postgresql")."""
    settings = connection.settings_dict
    settings.setdefault("TEST", {})["NAME"] = (
        str(folder / "bench.sqlite3") if connection.vendor == "sqlite" else f"{settings['NAME']}_bench_{os.getpid()}"
    )
    original = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
