"""A throw-away database for a benchmark: SQLite in a fresh temporary folder by default; with
DATABASE_URL=postgres://… a test_ database on that server, dropped afterwards."""

import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@contextmanager
def throwaway_database():
    """Set Django up on a new, migrated database; yields the connection's vendor ("sqlite", "postgresql")."""
    os.environ.setdefault("WORKSAFETY_DATA_DIR", tempfile.mkdtemp(prefix="ws-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "worksafety.settings"
    os.environ.setdefault("WORKSAFETY_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    postgres = connection.vendor == "postgresql"
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    else:
        call_command("migrate", verbosity=0)
    try:
        yield connection.vendor
    finally:
        if postgres:
            connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)
