"""信用: the score's arithmetic, the lists' rules, the repair workflow's role checks, the public list and the
enterprise page's credit card."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from worksafety.core.models import Notification
from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.credit.choices import ListingStatus, ListKind, RepairStatus
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.tests.draw_helpers import TODAY, second_bureau_login
from worksafety.enforcement.tests.factories import CreditListingFactory
from worksafety.hazards.models import Hazard


def listing(world, enterprise=None, kind=ListKind.DISHONEST, *, started_days_ago=0, length_days=365, **fields):
    start = TODAY - timedelta(days=started_days_ago)
    return CreditListingFactory(
        enterprise=enterprise or world.ent_park, kind=kind, basis_reference="金普应急罚〔2026〕12号", decided_on=start,
        period_end=start + timedelta(days=length_days), created_by=world.district_user, **fields)


def major_hazard(world, enterprise, state="rectifying"):
    return Hazard.objects.create(enterprise=enterprise, source="enforcement", level="major", major_criterion="第一条",
                                 hazard_type="safety", title="储罐区无可燃气体报警", description="—",
                                 found_on=TODAY, found_by=world.district_user, state=state)


# --- the score ----------------------------------------------------------------------------------------------

def test_a_clean_enterprise_scores_full_marks(world):
    assert credit.score(world.ent_park) == 100


def test_each_active_listing_deducts_by_its_list(world):
    listing(world)
    assert credit.score(world.ent_park) == 80
    listing(world, kind=ListKind.SERIOUS)
    assert credit.score(world.ent_park) == 40


def test_open_major_hazards_deduct_ten_each_up_to_thirty(world):
    major_hazard(world, world.ent_park)
    assert credit.score(world.ent_park) == 90
    for _ in range(4):
        major_hazard(world, world.ent_park)
    assert credit.score(world.ent_park) == 70
    major_hazard(world, world.ent_street_a, state="closed")
    Hazard.objects.create(enterprise=world.ent_street_a, source="enforcement", level="general",
                          hazard_type="safety", title="灭火器过期", description="—", found_on=TODAY,
                          found_by=world.district_user)
    assert credit.score(world.ent_street_a) == 100


def test_the_score_never_goes_below_zero(world):
    for _ in range(3):
        listing(world, kind=ListKind.SERIOUS)
    major_hazard(world, world.ent_park)
    assert credit.score(world.ent_park) == 0


def test_only_listings_in_force_inside_their_period_count(world):
    listing(world, started_days_ago=400, length_days=365)  # ended by its period
    listing(world, started_days_ago=-10)  # not yet started
    listing(world, status=ListingStatus.REPAIRED)
    listing(world, status=ListingStatus.REVOKED)
    assert credit.score(world.ent_park) == 100


def test_scores_of_many_enterprises_at_once(world):
    listing(world, world.ent_street_b, ListKind.SERIOUS)
    ids = [world.ent_park.pk, world.ent_street_a.pk, world.ent_street_b.pk]
    assert credit.scores(ids) == {world.ent_park.pk: 100, world.ent_street_a.pk: 100, world.ent_street_b.pk: 60}


# --- listings -----------------------------------------------------------------------------------------------

def test_a_criterion_must_belong_to_its_list_and_the_period_run_forward(world):
    bad = CreditListing(enterprise=world.ent_park, kind=ListKind.SERIOUS, criterion="d_evading",
                        basis_reference="x", decided_on=TODAY, period_start=TODAY, period_end=TODAY)
    with pytest.raises(ValidationError) as error:
        credit.do_save_listing(bad, user=world.district_user)
    assert {"criterion", "period_end"} <= set(error.value.message_dict)
    assert not CreditListing.objects.exists()


def test_only_the_bureau_lists_enterprises(world):
    new = CreditListing(enterprise=world.ent_street_b, kind=ListKind.DISHONEST, criterion="d_orders",
                        basis_reference="x", decided_on=TODAY, period_start=TODAY,
                        period_end=TODAY + timedelta(days=365))
    for user in (world.department_user, world.street_b_user, world.enterprise_user):
        with pytest.raises(OutOfScope):
            credit.do_save_listing(new, user=user)
    credit.do_save_listing(new, user=world.district_user)
    assert new.created_by == world.district_user and new.legal_basis.startswith("《对安全生产领域失信行为")


def test_revoking_needs_a_reason_and_ends_the_listing(world):
    entry = listing(world)
    with pytest.raises(ValidationError):
        credit.do_revoke_listing(entry, user=world.district_user, reason="")
    credit.do_revoke_listing(entry, user=world.district_user, reason="处罚决定被行政复议撤销")
    assert entry.status == ListingStatus.REVOKED and credit.score(world.ent_park) == 100
    with pytest.raises(ValidationError, match="已移出或已撤销"):
        credit.do_save_listing(entry, user=world.district_user)


# --- repair -------------------------------------------------------------------------------------------------

def apply(world, entry, user=None):
    return credit.do_apply_repair(entry, user=user or world.enterprise_user, reason="已整改并缴纳罚款",
                                  commitment="承诺守法经营")


def test_repair_opens_after_the_minimum_publicity_period(world):
    serious = listing(world, kind=ListKind.SERIOUS, started_days_ago=300, length_days=1095)
    with pytest.raises(ValidationError, match="满 12 个月"):
        apply(world, serious)
    dishonest = listing(world, started_days_ago=40)
    with pytest.raises(ValidationError, match="满 3 个月"):
        apply(world, dishonest)
    assert credit.repair_opens_on(dishonest) == credit.add_months(dishonest.period_start, 3)
    assert not CreditRepair.objects.exists()


def test_add_months_keeps_the_end_of_short_months():
    from datetime import date

    assert credit.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert credit.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert credit.add_months(date(2026, 3, 15), 12) == date(2027, 3, 15)


def test_the_enterprise_applies_and_the_bureau_is_told(world, django_capture_on_commit_callbacks):
    entry = listing(world, started_days_ago=100)
    with django_capture_on_commit_callbacks(execute=True):
        repair = apply(world, entry)
    assert repair.status == RepairStatus.SUBMITTED and repair.applicant == world.enterprise_user
    assert Notification.objects.filter(recipient=world.district_user, category="credit_repair").exists()
    with pytest.raises(ValidationError, match="待审核"):
        apply(world, entry)


def test_others_may_not_apply_for_an_enterprise(world):
    other = listing(world, world.ent_street_b, started_days_ago=100)
    for user in (world.enterprise_user, world.department_user, world.street_b_user, world.expert_user):
        with pytest.raises(OutOfScope):
            apply(world, other, user=user)


def test_approving_ends_the_listing_early(world, django_capture_on_commit_callbacks):
    entry = listing(world, started_days_ago=100)
    repair = apply(world, entry)
    with django_capture_on_commit_callbacks(execute=True):
        transition(repair, "approve", world.district_user, comment="整改到位")
    entry.refresh_from_db()
    assert repair.status == RepairStatus.APPROVED and repair.reviewer == world.district_user
    assert entry.status == ListingStatus.REPAIRED and entry.ended_on == TODAY
    assert credit.score(world.ent_park) == 100
    assert Notification.objects.filter(recipient=world.enterprise_user, category="credit_repair").exists()
    with pytest.raises(ValidationError):
        transition(repair, "refuse", world.district_user, comment="重复")


def test_refusing_needs_a_reason_and_keeps_the_listing(world):
    entry = listing(world, started_days_ago=100)
    repair = apply(world, entry)
    with pytest.raises(ValidationError):
        transition(repair, "refuse", world.district_user)
    transition(repair, "refuse", world.district_user, comment="罚款未缴清")
    entry.refresh_from_db()
    assert repair.status == RepairStatus.REFUSED and entry.status == ListingStatus.IN_FORCE
    apply(world, entry)  # a refused application may be followed by a new one


def test_only_the_bureau_decides_and_never_on_its_own_application(world):
    entry = listing(world, started_days_ago=100)
    repair = apply(world, entry)
    for user in (world.enterprise_user, world.department_user, world.street_a_user, world.park_user):
        with pytest.raises(OutOfScope):
            transition(repair, "approve", user)
    other = listing(world, world.ent_street_b, started_days_ago=100)
    on_behalf = apply(world, other, user=world.district_user)
    with pytest.raises(ValidationError, match="申请人以外"):
        transition(on_behalf, "approve", world.district_user)
    transition(on_behalf, "approve", second_bureau_login(world))
    assert credit.CREDIT_REPAIRS.available(repair, world.district_user)


# --- pages, public list and API -----------------------------------------------------------------------------

def test_the_public_list_shows_active_public_listings_without_personal_data(world, client):
    shown = listing(world)
    listing(world, world.ent_street_a, public=False)
    listing(world, world.ent_street_b, started_days_ago=400)
    page = client.get("/public/credit/").content.decode()
    assert world.ent_park.name in page and world.ent_park.uscc in page and shown.basis_reference in page
    assert world.ent_street_a.name not in page and world.ent_street_b.name not in page
    assert world.ent_park.legal_representative not in page  # 张三
    assert world.ent_park.name in client.get("/public/credit/?q=甲化工").content.decode()
    assert world.ent_park.name not in client.get("/public/credit/?q=乙").content.decode()


def test_the_enterprise_sees_its_own_listings_and_applies_on_the_page(world, client_for):
    own = listing(world, started_days_ago=100)
    other = listing(world, world.ent_street_b, started_days_ago=100)
    client = client_for(world.enterprise_user)
    page = client.get(f"/enforcement/credit/{own.pk}/").content.decode()
    assert "申请信用修复" in page
    assert client.get(f"/enforcement/credit/{other.pk}/").status_code == 404
    assert world.ent_street_b.name not in client.get("/enforcement/credit/").content.decode()
    response = client.post(f"/enforcement/credit/{own.pk}/repair/", {"reason": "已整改", "commitment": "承诺"})
    repair = CreditRepair.objects.get()
    assert response.url == f"/enforcement/repairs/{repair.pk}/"
    assert client.post(f"/enforcement/repairs/{repair.pk}/approve/").status_code == 404
    reviewer = client_for(world.district_user)
    assert "准予修复" in reviewer.get(f"/enforcement/repairs/{repair.pk}/").content.decode()
    reviewer.post(f"/enforcement/repairs/{repair.pk}/approve/", {"comment": "同意"})
    repair.refresh_from_db()
    assert repair.status == RepairStatus.APPROVED


def test_the_enterprise_page_shows_the_credit_card(world, client_for):
    listing(world)
    page = client_for(world.district_user).get(f"/enterprises/{world.ent_park.pk}/").content.decode()
    assert 'id="credit-card"' in page and "80 分" in page and "列入失信名单" in page
    expert_page = client_for(world.expert_user).get(f"/enterprises/{world.ent_park.pk}/").content.decode()
    assert 'id="credit-card"' not in expert_page


def test_credit_api(world, api_for):
    own = listing(world, started_days_ago=100)
    listing(world, world.ent_street_b)
    mine = api_for(world.enterprise_user).get("/api/v1/credit-listings/").json()
    assert [row["id"] for row in mine["results"]] == [own.pk]
    assert api_for(world.enterprise_user).post("/api/v1/credit-listings/", {
        "enterprise": world.ent_park.pk, "kind": "dishonest", "criterion": "d_orders", "basis_reference": "x",
        "decided_on": str(TODAY), "period_start": str(TODAY), "period_end": str(TODAY + timedelta(days=9))},
        format="json").status_code == 404
    bad = api_for(world.district_user).post("/api/v1/credit-listings/", {
        "enterprise": world.ent_park.pk, "kind": "serious", "criterion": "d_orders", "basis_reference": "x",
        "decided_on": str(TODAY), "period_start": str(TODAY), "period_end": str(TODAY + timedelta(days=9))},
        format="json")
    assert bad.status_code == 400 and "criterion" in bad.json()
    applied = api_for(world.enterprise_user).post("/api/v1/credit-repairs/", {
        "listing": own.pk, "reason": "已整改", "commitment": "承诺"}, format="json")
    assert applied.status_code == 201, applied.content
    decided = api_for(world.district_user).post(f"/api/v1/credit-repairs/{applied.json()['id']}/decide/",
                                                {"action": "approve"}, format="json")
    assert decided.json()["status"] == "approved"
    assert api_for(world.district_user).get(f"/api/v1/credit-listings/{own.pk}/").json()["status"] == "repaired"
