"""The benchmarks' throwaway database (core/benchdb.py): of the configured kind, never the configured one nor the
test database (test_<name>) another run may be using, and dropped afterwards even when the bench fails.
The benchmarks themselves (`make bench`) run it for real; here the database creation is recorded, not done."""

import os

import pytest
from django.db import connection

from worksafety.core import benchdb


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_a_bench_gets_a_database_of_its_own_dropped_afterwards(monkeypatch, tmp_path, vendor):
    calls = []

    def create_test_db(**options):
        calls.append(("create", connection.settings_dict["TEST"]["NAME"], options["autoclobber"]))
        return "worksafety"

    monkeypatch.setattr(connection, "vendor", vendor)
    monkeypatch.setitem(connection.settings_dict, "NAME", "worksafety")
    monkeypatch.setitem(connection.settings_dict, "TEST", {})
    monkeypatch.setattr(connection.creation, "create_test_db", create_test_db)
    monkeypatch.setattr(connection.creation, "destroy_test_db", lambda name, **_: calls.append(("destroy", name)))
    with pytest.raises(RuntimeError), benchdb.throwaway_database(tmp_path) as used:
        assert used == vendor
        raise RuntimeError("the bench failed")

    name = str(tmp_path / "bench.sqlite3") if vendor == "sqlite" else f"worksafety_bench_{os.getpid()}"
    assert calls == [("create", name, True), ("destroy", "worksafety")]
