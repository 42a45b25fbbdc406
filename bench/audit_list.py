"""The audit log as each kind of login reads it: `/audit/` (first page and a filtered page), `/api/v1/audit/` and
the home page (its "recent changes" come from the log), with the log's visibility rule (an entry only about an
object the reader may view): median time and query count per login.

Usage: python bench/audit_list.py [--repeat R] [--entries N] [--reuse DIR]
SQLite by default (the full demo built into a fresh file in a temporary folder); with DATABASE_URL=postgres://…
a throw-away database of its own on that server. `--reuse DIR` uses the SQLite database in DIR (migrated first)
and builds the demo there only when it is empty. `--entries N` first grows the log to N entries with copies of
the demo's entries, chained and hashed as `record()` does, so that `worksafety audit verify` still passes; a log
a year old holds far more than the demo's few hundred. Prints one JSON object.
"""

import argparse
import json

from django_env import throwaway_database
from slow_pages import timed

PAGES = {
    "audit_page": "/audit/",
    "audit_filtered": "/audit/?action=update&since=2000-01-01",
    "api_audit": "/api/v1/audit/",
    "home": "/",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entries", type=int, default=0, help="grow the log to this many entries first")
    parser.add_argument("--reuse", metavar="DIR", help="use (and keep) the SQLite database in DIR")
    args = parser.parse_args()

    with throwaway_database(keep_in=args.reuse) as vendor:
        result = run(args.repeat, args.entries)
        result["database"] = vendor
        print(json.dumps(result, ensure_ascii=False, indent=1))


def grow_log(total):
    """Append copies of the existing entries (same object, scope and values) until the log holds `total`."""
    from django.db import transaction
    from django.utils import timezone

    from worksafety.core.audit import chain_key, entry_hash
    from worksafety.core.models import AuditChainHead, AuditEntry

    originals = list(AuditEntry.objects.order_by("seq"))
    key = chain_key()
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        copies, now = [], timezone.now()
        for n in range(total - len(originals)):
            source = originals[n % len(originals)]
            entry = AuditEntry(**{f.attname: getattr(source, f.attname) for f in AuditEntry._meta.concrete_fields})
            entry.seq, entry.timestamp, entry.prev_hash = head.last_seq + 1, now, head.last_hash
            entry.hash = entry_hash(entry, key)
            head.last_seq, head.last_hash = entry.seq, entry.hash
            copies.append(entry)
        AuditEntry.objects.bulk_create(copies, batch_size=2000)
        head.save(update_fields=["last_seq", "last_hash"])


def logins():
    """One login per kind of scope: the district, a sector department, and the street, park and enterprise
    whose scope holds the most entries."""
    from django.db.models import Count

    from worksafety.core.choices import Role
    from worksafety.core.models import AuditEntry, User

    def busiest(role, column, user_field):
        for value in AuditEntry.objects.values_list(column, flat=True).annotate(n=Count("seq")).order_by("-n"):
            user = User.objects.filter(role=role, is_active=True, **{user_field: value}).order_by("pk").first()
            if user is not None:
                return user
        return User.objects.filter(role=role, is_active=True).order_by("pk").first()

    chosen = [
        User.objects.filter(role=Role.DISTRICT, is_active=True).order_by("pk").first(),
        User.objects.filter(role=Role.DEPARTMENT, is_active=True).order_by("pk").first(),
        busiest(Role.STREET, "area_code", "area__code"),
        busiest(Role.PARK, "park_id", "park_id"),
        busiest(Role.ENTERPRISE, "enterprise_id", "enterprise_id"),
    ]
    return [user for user in chosen if user is not None]


def run(repeat, entries):
    from django.test import Client

    from worksafety.core.models import AuditEntry
    from worksafety.demo.builder import load_demo_data
    from worksafety.registry.models import Enterprise

    if not Enterprise.objects.exists():
        load_demo_data("full")
    if entries > AuditEntry.objects.count():
        grow_log(entries)
    result = {"repeat": repeat, "entries": AuditEntry.objects.count(), "logins": {}}
    for user in logins():
        client = Client()
        client.force_login(user)
        result["logins"][f"{user.role} {user.username}"] = {
            "visible_entries": AuditEntry.objects.restrict(user).count(),
            **{name: timed(client, url, repeat) for name, url in PAGES.items()},
        }
    return result


if __name__ == "__main__":
    main()
