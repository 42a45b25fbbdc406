import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

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
    checked, broken = audit.verify()
    assert broken is None and checked == AuditEntry.objects.count() > 10
    call_command("audit", "verify")


def test_verify_reports_the_first_tampered_entry(world):
    victim = entries_for(world.ent_park).first()
    AuditEntry.objects.filter(seq=victim.seq).update(after={**victim.after, "name": "篡改"})
    checked, broken = audit.verify()
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
