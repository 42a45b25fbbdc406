"""Django for a benchmark, on a throwaway database of its own (worksafety/core/benchdb.py): SQLite in a fresh
temporary folder by default; with DATABASE_URL=postgres://… a database of its own on that server, named with the
process id. Uploads and reports go to the temporary folder too, never to the configured WORKSAFETY_DATA_DIR, so
each bench starts empty whatever ran before it, and everything is removed afterwards."""

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@contextmanager
def throwaway_database(keep_in: str | None = None):
    """Set Django up on a new, migrated database; yields the connection's vendor ("sqlite", "postgresql").

    `keep_in` (a bench's --reuse DIR): instead, an SQLite database in that folder, whatever DATABASE_URL says,
    migrated and kept for the next run, so that a slow build is done once."""
    with tempfile.TemporaryDirectory(prefix="ws-bench-") as folder:
        # Set, even to "", so that a .env file in the working directory cannot put the configured ones back.
        os.environ["WORKSAFETY_DATA_DIR"] = keep_in or folder
        os.environ["WORKSAFETY_ATTACHMENT_DIR"] = ""
        if keep_in:
            os.environ["DATABASE_URL"] = ""
        os.environ["DJANGO_SETTINGS_MODULE"] = "worksafety.settings"
        os.environ.setdefault("WORKSAFETY_ALLOWED_HOSTS", "testserver")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import setup_test_environment

        from worksafety.core.benchdb import throwaway_database as database

        setup_test_environment()
        if keep_in:
            call_command("migrate", verbosity=0)
            yield connection.vendor
        else:
            with database(Path(folder)) as vendor:
                yield vendor
