"""What reading the audit log costs (issue 14, after the visibility rule): the list page, the API list and the home
page's recent changes run the same number of queries however many entries the log holds and however many kinds of
object they name, and the first page is read newest first and stops at its last row rather than sorting every
entry the reader may see (bench/audit_list.py measures the times)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.core.models import AuditEntry
from worksafety.enforcement.inspections.models import Inspection
from worksafety.monitoring.models import Sensor
from worksafety.registry.models import HazardUnit
from worksafety.risk.models import RiskObject

PAGES = ("/audit/", "/audit/?action=update", "/api/v1/audit/", "/")


def record_updates(world, rounds):
    """More entries about the objects the world already logged."""
    for n in range(rounds):
        for instance in (world.ent_park, world.ent_street_a, world.ent_street_b, world.licence_park, world.licence_b,
                         world.park, world.street_a, world.enterprise_user):
            audit.record(AuditAction.UPDATE, instance=instance, after={"round": n})


def record_more_kinds(world, rounds):
    """Entries about four kinds of object the log did not name yet (since deleted: the scope columns decide)."""
    for n in range(rounds):
        for model in (HazardUnit, RiskObject, Sensor, Inspection):
            audit.record(AuditAction.DELETE, instance=model(pk=1000 + n, enterprise=world.ent_park),
                         object_repr=f"{model._meta.verbose_name} {n}", before={"round": n})


def query_counts(client):
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.parametrize("user", ["district_user", "department_user", "street_a_user", "park_user",
                                  "enterprise_user"])
def test_audit_pages_do_not_query_per_entry_or_per_type(world, user, client_for, django_assert_max_num_queries):
    login = getattr(world, user)
    client = client_for(login)
    record_updates(world, 1)  # every page has a row to show
    query_counts(client)  # the first request of a session fills caches (content types, the user's scope)
    before, visible = query_counts(client), AuditEntry.objects.restrict(login).count()
    record_updates(world, 20)
    record_more_kinds(world, 20)
    assert AuditEntry.objects.restrict(login).count() > visible + 20  # the reader sees many more entries
    for url in PAGES:
        with django_assert_max_num_queries(before[url]):
            assert client.get(url).status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("user", ["district_user", "street_a_user", "enterprise_user"])
def test_the_first_page_is_read_newest_first_without_sorting_every_visible_entry(world, user):
    record_updates(world, 2)
    record_more_kinds(world, 2)
    page = AuditEntry.objects.restrict(getattr(world, user)).exclude(object_type="")[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    assert not [step for step in plan if "TEMP B-TREE" in step], plan


def test_the_log_filters_by_the_type_of_every_audited_model(world, client_for):
    """The type filter offers every model the log records, whichever app owns it (core names none of them)."""
    client = client_for(world.district_user)
    for label in ("registry.enterprise", "hazards.hazard", "enforcement.penaltycase", "tipoffs.tipoffpolicy"):
        response = client.get("/audit/", {"object_type": label})
        assert response.status_code == 200 and not response.context["filter_errors"], label
    assert client.get("/audit/", {"object_type": "no.such"}).context["filter_errors"]
