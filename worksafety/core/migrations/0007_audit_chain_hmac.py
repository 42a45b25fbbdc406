"""Re-key the audit chain from plain SHA-256 to HMAC-SHA256 under the chain key (core/audit.py).

The existing chain is verified under the old rule as it is re-keyed; re-keying stops at the first entry that
does not verify, so that entry and everything after keep their old hashes and `worksafety audit verify`
reports the break at that very entry, as it did before. Reversible: the reverse re-hashes with plain SHA-256.

The head row is locked first, so no entry is appended meanwhile. The canonical form, the key and the HMAC are
copied from core/audit.py as they were when this migration was written: a migration must keep doing what it did
when later code changes. Rows are written 500 at a time, one UPDATE … FROM (VALUES …) per batch (PostgreSQL,
SQLite ≥ 3.33), else one UPDATE per row.
"""

import datetime
import hashlib
import hmac
import json
import sys

from django.conf import settings
from django.db import migrations

GENESIS_HASH = "0" * 64
BATCH = 500


def canonical(entry) -> str:
    fields = {
        "seq": entry.seq,
        "timestamp": entry.timestamp.astimezone(datetime.UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "remote_addr": entry.remote_addr,
        "request_id": entry.request_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "area_code": entry.area_code,
        "park_id": entry.park_id,
        "sector_code": entry.sector_code,
        "enterprise_id": entry.enterprise_id,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_key() -> bytes:
    if settings.WORKSAFETY_AUDIT_KEY:
        return settings.WORKSAFETY_AUDIT_KEY.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"worksafety.audit-chain", hashlib.sha256).digest()


def _plain(entry) -> str:
    return hashlib.sha256(canonical(entry).encode()).hexdigest()


def _keyed(entry) -> str:
    return hmac.new(chain_key(), canonical(entry).encode(), hashlib.sha256).hexdigest()


def _write(AuditEntry, connection, batch):
    """Store the new prev_hash and hash of each entry in `batch`."""
    if not batch:
        return
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    if connection.vendor == "postgresql" or (connection.vendor == "sqlite"
                                             and connection.Database.sqlite_version_info >= (3, 33)):
        # VALUES columns are named column1, column2, … on both databases.
        values = ", ".join(["(%s, %s, %s)"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET prev_hash = v.column2, hash = v.column3 FROM (VALUES {values}) AS v "
                           f"WHERE {table}.seq = v.column1",
                           [value for entry in batch for value in (entry.seq, entry.prev_hash, entry.hash)])
    else:
        for entry in batch:
            AuditEntry.objects.filter(pk=entry.seq).update(prev_hash=entry.prev_hash, hash=entry.hash)


def _rehash(apps, schema_editor, old_hash, new_hash):
    AuditEntry = apps.get_model("core", "AuditEntry")
    AuditChainHead = apps.get_model("core", "AuditChainHead")
    connection = schema_editor.connection
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:  # nothing was ever logged
        return
    expected, old_prev, new_prev, batch = 1, GENESIS_HASH, GENESIS_HASH, []
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected or entry.prev_hash != old_prev or old_hash(entry) != entry.hash:
            sys.stderr.write(f"audit chain broken at entry {entry.seq}: re-keyed the {expected - 1} entries before "
                             "it only; run `worksafety audit verify`\n")
            break
        old_prev, entry.prev_hash = entry.hash, new_prev
        entry.hash = new_prev = new_hash(entry)
        batch.append(entry)
        expected += 1
        if len(batch) >= BATCH:
            _write(AuditEntry, connection, batch)
            batch = []
    else:
        updated = AuditChainHead.objects.filter(pk=1, last_seq=expected - 1, last_hash=old_prev).update(
            last_hash=new_prev)
        if updated != 1:  # the head names an entry the chain does not end with: a tail cut off
            raise RuntimeError(f"audit chain head is entry {head.last_seq} but the chain ends at entry {expected - 1}; "
                               "nothing was re-keyed. Run `worksafety audit verify` with the previous version.")
    _write(AuditEntry, connection, batch)


def forwards(apps, schema_editor):
    _rehash(apps, schema_editor, _plain, _keyed)


def backwards(apps, schema_editor):
    _rehash(apps, schema_editor, _keyed, _plain)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_alter_auditentry_action_attachment_notification"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
