import hashlib
import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from worksafety.core import audit
from worksafety.core.models import AuditEntry
from worksafety.core.services import do_delete_object, do_save_object


def entries_for(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("seq")


def test_create_update_delete_are_recorded_with_before_and_after(world, client_for):
    client = client_for(world.district_user)
    enterprise = world.ent_street_a
    enterprise.employees = 77
    do_save_object(enterprise, user=world.district_user)
    update = entries_for(enterprise).last()
    assert update.action == "update"
    assert update.before == {"employees": 50} and update.after == {"employees": 77}
    assert update.actor == world.district_user
    assert update.area_code == world.street_a.code and update.sector_code == "industry_trade"

    pk = enterprise.pk
    do_delete_object(enterprise, user=world.district_user)
    deleted = AuditEntry.objects.filter(object_type="registry.enterprise", object_id=str(pk)).order_by("seq").last()
    assert deleted.action == "delete" and deleted.before["name"] == "大连乙机械有限公司"
    assert client.get("/audit/").status_code == 200


def test_page_requests_record_address_and_request_id(world, client_for):
    client = client_for(world.district_user)
    response = client.post(f"/enterprises/{world.ent_street_b.pk}/edit/", {
        "name": world.ent_street_b.name, "uscc": world.ent_street_b.uscc, "sector": world.transport.pk,
        "scale": "small", "area": world.street_b.pk, "address": "新地址 1 号", "lat": 39.1, "lon": 121.7,
        "legal_representative": "张三", "employees": 50, "standardisation_grade": "none", "status": "operating",
    }, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302
    entry = entries_for(world.ent_street_b).last()
    assert entry.after == {"address": "新地址 1 号"}
    assert entry.remote_addr == "10.1.2.3" and len(entry.request_id) == 36
    assert entry.actor_name == "district"


def test_logins_and_failures_are_recorded(world, client):
    from conftest import PASSWORD

    client.post("/login/", {"username": "district", "password": "wrong"})
    client.post("/login/", {"username": "district", "password": PASSWORD})
    actions = list(AuditEntry.objects.filter(actor_name="district").order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["login_failed", "login"]


def test_password_hash_never_enters_the_log(world):
    world.street_a_user.set_password("An0ther-Passw0rd!")
    world.street_a_user.save()
    for entry in entries_for(world.street_a_user):
        assert "password" not in (entry.before or {}) and "password" not in (entry.after or {})


def test_verify_accepts_an_intact_chain(world):
    checked, broken, _ = audit.verify()
    assert broken is None and checked == AuditEntry.objects.count() > 10
    call_command("audit", "verify")


def test_verify_reports_the_first_tampered_entry(world):
    victim = entries_for(world.ent_park).first()
    AuditEntry.objects.filter(seq=victim.seq).update(after={**victim.after, "name": "篡改"})
    checked, broken, _ = audit.verify()
    assert broken.seq == victim.seq and "篡改" in broken.reason
    assert checked == victim.seq - 1
    with pytest.raises(CommandError, match=f"第 {victim.seq} 条"):
        call_command("audit", "verify")


def test_verify_reports_a_deleted_entry_and_a_cut_tail(world):
    middle = AuditEntry.objects.order_by("seq")[3]
    AuditEntry.objects.filter(seq=middle.seq).delete()
    assert audit.verify()[1].seq == middle.seq

    AuditEntry.objects.all().delete()
    audit.record("login", actor_name="x")  # chain continues from the head, so the missing past shows
    assert audit.verify()[1] is not None


def test_rehashing_a_tampered_entry_still_breaks_the_next_link(world):
    first, second = AuditEntry.objects.order_by("seq")[:2]
    first.object_repr = "改写"
    forged_hash = audit.entry_hash(first)
    AuditEntry.objects.filter(seq=first.seq).update(object_repr="改写", hash=forged_hash)
    broken = audit.verify()[1]
    assert broken.seq == second.seq


def test_entries_cannot_be_changed_or_deleted_through_the_model(world):
    entry = AuditEntry.objects.first()
    entry.object_repr = "x"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


# --- keyed chain and checkpoints (issue 14 item 2) -----------------------------------------------------------

def _plain_sha256(entry):
    return hashlib.sha256(audit.canonical(entry).encode()).hexdigest()


def _rewrite_whole_chain(hash_entry, edit=True):
    """What someone with write access to the database can do: edit an entry, then re-hash every entry and the
    head with `hash_entry`."""
    from worksafety.core.models import AuditChainHead

    if edit:
        AuditEntry.objects.filter(seq=1).update(object_repr="改写")
    prev = audit.GENESIS_HASH
    for entry in AuditEntry.objects.order_by("seq"):
        entry.prev_hash = prev
        prev = hash_entry(entry)
        AuditEntry.objects.filter(seq=entry.seq).update(prev_hash=entry.prev_hash, hash=prev)
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)


def test_a_chain_rehashed_without_the_key_is_detected(world):
    _rewrite_whole_chain(_plain_sha256)
    checked, broken, _ = audit.verify()
    assert checked == 0 and broken.seq == 1 and "密钥" in broken.reason


def test_a_chain_rehashed_with_a_guessed_key_is_detected(world, settings):
    settings.WORKSAFETY_AUDIT_KEY = "guessed"
    _rewrite_whole_chain(audit.entry_hash)
    settings.WORKSAFETY_AUDIT_KEY = "the-real-key-kept-outside-the-database"
    assert audit.verify()[1].seq == 1


def test_the_key_is_a_setting_and_defaults_to_one_derived_from_the_secret_key(world, settings):
    entry = AuditEntry.objects.order_by("seq").first()
    derived = audit.entry_hash(entry)
    assert derived == entry.hash
    settings.SECRET_KEY = "another-secret"
    assert audit.entry_hash(entry) != derived
    settings.WORKSAFETY_AUDIT_KEY = "k" * 32
    assert audit.entry_hash(entry) not in {derived, audit.entry_hash(entry, b"other")}


def test_a_clean_chain_with_checkpoints_passes(world, audit_checkpoint_file):
    call_command("audit", "checkpoint")
    first = audit.read_checkpoints().points[-1]
    audit.record("login", actor_name="later")
    audit.checkpoint()
    points = audit.read_checkpoints().points
    assert [p["seq"] for p in points] == [first["seq"], first["seq"] + 1]
    assert audit_checkpoint_file.read_text().count("\n") == 2  # appended, one line each
    checked, broken, _ = audit.verify()
    assert broken is None and checked == first["seq"] + 1
    call_command("audit", "verify")


def test_a_truncated_tail_is_detected_by_the_checkpoint(world):
    from worksafety.core.models import AuditChainHead

    point = audit.checkpoint()
    last = AuditEntry.objects.order_by("-seq")[:3]
    kept = AuditEntry.objects.order_by("-seq")[3]
    AuditEntry.objects.filter(seq__in=[e.seq for e in last]).delete()
    # Cut cleanly: the head is set back too, so only the checkpoint outside the database still knows.
    AuditChainHead.objects.filter(pk=1).update(last_seq=kept.seq, last_hash=kept.hash)
    checked, broken, _ = audit.verify()
    assert checked == kept.seq and broken.seq == kept.seq + 1 and str(point["seq"]) in broken.reason
    with pytest.raises(CommandError, match="截断"):
        call_command("audit", "verify")


def test_a_rewritten_entry_before_a_checkpoint_is_detected_even_with_the_key(world):
    point = audit.checkpoint()
    _rewrite_whole_chain(audit.entry_hash)  # as if the key leaked too
    checked, broken, _ = audit.verify()
    assert broken.seq == point["seq"] and "检查点" in broken.reason


def test_checkpoints_of_another_chain_are_ignored_and_mentioned(world, audit_checkpoint_file, capsys):
    """A checkpoint file left from another database (a fresh install, a rebuilt demo) whose head lay further on
    does not make this chain look cut off."""
    from worksafety.core.models import AuditChainHead

    audit_checkpoint_file.write_text(json.dumps({"seq": 10**6, "hash": "f" * 64, "time": "2026-01-01T00:00:00+08:00",
                                                 "chain": "another-database", "key": "00000000"}) + "\n")
    point = audit.checkpoint()
    assert point["chain"] == AuditChainHead.objects.get().chain_id and len(point["chain"]) == 32

    checked, broken, notes = audit.verify()

    assert broken is None and checked == point["seq"]
    assert len(notes) == 1 and "另一条审计链" in notes[0]
    call_command("audit", "verify")
    assert "另一条审计链" in capsys.readouterr().err


def test_a_changed_key_is_reported_as_such_not_as_tampering(world, settings):
    point = audit.checkpoint()
    assert point["key"] == audit.key_fingerprint(audit.chain_key()) and len(point["key"]) == 8
    settings.WORKSAFETY_AUDIT_KEY = "a-new-key-someone-set"

    checked, broken, _ = audit.verify()

    assert checked == 0 and broken.seq == 1
    assert "审计密钥已更换" in broken.reason and point["key"] in broken.reason and "篡改" not in broken.reason


def test_a_truncated_last_checkpoint_line_is_reported_not_a_crash(world, audit_checkpoint_file):
    point = audit.checkpoint()
    with audit_checkpoint_file.open("a", encoding="utf-8") as file:
        file.write('{"seq": 12, "ha')  # the writer died mid-line

    checked, broken, notes = audit.verify()

    assert broken is None and checked == point["seq"]
    assert notes == [f"检查点文件 {audit_checkpoint_file} 第 2 行无法读取（写入中断或被改动），已忽略"]
    assert audit.read_checkpoints().unreadable == [2]
    call_command("audit", "verify")


def test_the_worker_writes_checkpoints(world):
    from worksafety.core import jobs

    job = next(job for job in jobs.JOBS if job.name == "audit_checkpoint")
    job.run()
    assert audit.read_checkpoints().points[-1]["seq"] == AuditEntry.objects.order_by("-seq").first().seq


MIGRATION = importlib.import_module("worksafety.core.migrations.0007_audit_chain_hmac")
SCHEMA_EDITOR = SimpleNamespace(connection=connection)  # all the migration's code uses of it


@pytest.mark.parametrize("batch,sqlite_version", [
    (MIGRATION.BATCH, None),  # one batch
    (7, None),  # several, and a part one at the end
    (7, (3, 31, 1)),  # an SQLite without UPDATE … FROM: a row at a time
])
def test_the_migration_rekeys_an_old_chain_so_it_still_verifies(world, monkeypatch, batch, sqlite_version):
    monkeypatch.setattr(MIGRATION, "BATCH", batch)
    if sqlite_version and connection.vendor == "sqlite":
        monkeypatch.setattr(connection.Database, "sqlite_version_info", sqlite_version)
    _rewrite_whole_chain(_plain_sha256, edit=False)  # the chain as the previous version wrote it
    assert audit.verify()[1].seq == 1
    MIGRATION.forwards(apps, SCHEMA_EDITOR)
    assert audit.verify()[:2] == (AuditEntry.objects.count(), None)
    MIGRATION.backwards(apps, SCHEMA_EDITOR)
    assert audit.verify()[1].seq == 1
    assert [e.hash for e in AuditEntry.objects.order_by("seq")[:3]] == [
        _plain_sha256(e) for e in AuditEntry.objects.order_by("seq")[:3]]


def test_the_migration_keeps_an_old_break_where_it_was(world):
    _rewrite_whole_chain(_plain_sha256, edit=False)
    AuditEntry.objects.filter(seq=5).update(object_repr="篡改")
    MIGRATION.forwards(apps, SCHEMA_EDITOR)
    checked, broken, _ = audit.verify()
    assert checked == 4 and broken.seq == 5


def test_the_migration_refuses_a_chain_whose_head_is_further_on(world):
    from worksafety.core.models import AuditChainHead

    _rewrite_whole_chain(_plain_sha256, edit=False)
    AuditEntry.objects.filter(seq=AuditChainHead.objects.get().last_seq).delete()  # the tail cut off
    hashes = dict(AuditEntry.objects.values_list("seq", "hash"))
    with pytest.raises(RuntimeError, match="chain ends at entry"):
        MIGRATION.forwards(apps, SCHEMA_EDITOR)
    # Here the chain fits one batch, so nothing was written; in `migrate` the transaction undoes earlier batches.
    assert dict(AuditEntry.objects.values_list("seq", "hash")) == hashes
