"""Rewards of 《安全生产领域举报奖励办法》: the pure amounts (`tipoffs.rewards`), proposals and their approval by a
reward handler other than the proposer, and the reporter's identity, which only reward handlers see."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from conftest import user_of
from worksafety.core.models import AuditEntry
from worksafety.core.scoping import OutOfScope
from worksafety.tipoffs import identity, rewards, services
from worksafety.tipoffs.choices import AccidentGrade, Category, RewardStatus, State
from worksafety.tipoffs.models import RewardHandler, RewardProposal, TipOffPolicy
from worksafety.tipoffs.tests.helpers import audits_of, make_tipoff

NAME, PHONE = "王五", "13800001234"


# --- the amounts (pure) -------------------------------------------------------------------------------------

@pytest.fixture
def policy():
    return TipOffPolicy()  # the defaults, unsaved


@pytest.mark.parametrize("category", [Category.MAJOR_HAZARD, Category.ILLEGAL_OPERATION])
@pytest.mark.parametrize("fine,amount", [
    pytest.param(10_000, "3000.00", id="minimum"),
    pytest.param(20_000, "3000.00", id="exactly-the-minimum"),
    pytest.param(100_000, "15000.00", id="rate"),
    pytest.param(2_000_000, "300000.00", id="exactly-the-cap"),
    pytest.param(3_000_000, "300000.00", id="cap"),
    pytest.param(None, "3000.00", id="no-fine"),
    pytest.param(Decimal("33333.33"), "5000.00", id="rounded-half-up"),
])
def test_fine_based_rewards(policy, category, fine, amount):
    reward = rewards.compute(policy, category, fine_yuan=fine)
    assert reward.amount == Decimal(amount)
    assert str(reward.amount) == amount


def test_fine_based_computation_shows_its_working(policy):
    assert rewards.compute(policy, Category.MAJOR_HAZARD, fine_yuan=10_000).computation == \
        "罚款 10000.00 元 × 15% = 1500.00 元；按下限取 3000.00 元"
    assert rewards.compute(policy, Category.MAJOR_HAZARD, fine_yuan=100_000).computation == \
        "罚款 100000.00 元 × 15% = 15000.00 元"
    assert rewards.compute(policy, Category.MAJOR_HAZARD, fine_yuan=3_000_000).computation == \
        "罚款 3000000.00 元 × 15% = 450000.00 元；按上限取 300000.00 元"


def test_a_negative_fine_is_not_applicable(policy):
    with pytest.raises(rewards.RewardNotApplicable):
        rewards.compute(policy, Category.MAJOR_HAZARD, fine_yuan=-1)


def test_the_rate_and_bounds_come_from_the_policy():
    policy = TipOffPolicy(reward_rate_percent=Decimal("10.00"), reward_min_yuan=1000, reward_max_yuan=5000)
    assert rewards.compute(policy, Category.MAJOR_HAZARD, fine_yuan=5_000).amount == Decimal("1000.00")
    assert rewards.compute(policy, Category.MAJOR_HAZARD, fine_yuan=30_000).amount == Decimal("3000.00")
    assert rewards.compute(policy, Category.MAJOR_HAZARD, fine_yuan=80_000).amount == Decimal("5000.00")


@pytest.mark.parametrize("grade,deaths,amount", [
    pytest.param(AccidentGrade.GENERAL, 2, "60000.00", id="general-2"),
    pytest.param(AccidentGrade.LARGER, 3, "120000.00", id="larger-3"),
    pytest.param(AccidentGrade.MAJOR, 6, "300000.00", id="major-6-exactly-cap"),
    pytest.param(AccidentGrade.ESPECIALLY_MAJOR, 1, "60000.00", id="especially-major-1"),
    pytest.param(AccidentGrade.ESPECIALLY_MAJOR, 8, "300000.00", id="especially-major-8-cap"),
])
def test_concealed_accident_rewards(policy, grade, deaths, amount):
    reward = rewards.compute(policy, Category.CONCEALED_ACCIDENT, accident_grade=grade, concealed_deaths=deaths)
    assert reward.amount == Decimal(amount)


def test_concealed_accident_computation_shows_its_working(policy):
    general = rewards.compute(policy, Category.CONCEALED_ACCIDENT, accident_grade=AccidentGrade.GENERAL,
                              concealed_deaths=2)
    assert general.computation == "一般事故每瞒报 1 人 30000.00 元 × 2 人 = 60000.00 元"
    capped = rewards.compute(policy, Category.CONCEALED_ACCIDENT, accident_grade=AccidentGrade.ESPECIALLY_MAJOR,
                             concealed_deaths=8)
    assert capped.computation == "特别重大事故每瞒报 1 人 60000.00 元 × 8 人 = 480000.00 元；按上限取 300000.00 元"


@pytest.mark.parametrize("grade,deaths", [("", 2), ("catastrophic", 2), (AccidentGrade.GENERAL, None),
                                          (AccidentGrade.GENERAL, 0)])
def test_concealed_accident_needs_grade_and_deaths(policy, grade, deaths):
    with pytest.raises(rewards.RewardNotApplicable):
        rewards.compute(policy, Category.CONCEALED_ACCIDENT, accident_grade=grade, concealed_deaths=deaths)


def test_other_violations_get_no_computed_amount(policy):
    with pytest.raises(rewards.RewardNotApplicable, match="奖励标准未在规则中确认"):
        rewards.compute(policy, Category.OTHER_VIOLATION, fine_yuan=100_000)


# --- proposals ----------------------------------------------------------------------------------------------

def found_true(world, category=Category.MAJOR_HAZARD, state=State.SUBSTANTIATED):
    return make_tipoff(world, "ent_park", state, category=category)


def test_a_proposal_for_a_substantiated_tipoff(world):
    tipoff = found_true(world)
    proposal = services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=Decimal("100000"),
                                          penalty_reference=" （大）应急罚〔2026〕12号 ")
    assert proposal.amount_yuan == Decimal("15000.00")
    assert proposal.computation == "罚款 100000.00 元 × 15% = 15000.00 元"
    assert (proposal.status, proposal.proposed_by, proposal.penalty_reference) == (
        RewardStatus.PROPOSED, world.district_user, "（大）应急罚〔2026〕12号")
    assert audits_of(proposal, "create").get().actor == world.district_user


def test_a_closed_substantiated_tipoff_may_get_a_proposal(world):
    tipoff = found_true(world, state=State.CLOSED)
    assert services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=0).amount_yuan == 3000


def test_a_concealed_accident_proposal(world):
    tipoff = found_true(world, Category.CONCEALED_ACCIDENT)
    proposal = services.do_propose_reward(tipoff, user=world.district_user, accident_grade=AccidentGrade.GENERAL,
                                          concealed_deaths=2)
    assert proposal.amount_yuan == Decimal("60000.00")
    assert (proposal.accident_grade, proposal.concealed_deaths) == (AccidentGrade.GENERAL, 2)


@pytest.mark.parametrize("state", [State.RECEIVED, State.INVESTIGATING, State.UNSUBSTANTIATED])
def test_no_proposal_unless_substantiated(world, state):
    tipoff = make_tipoff(world, "ent_park", state)
    with pytest.raises(ValidationError, match="只有核查属实的举报才能计算奖励"):
        services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=100_000)
    assert not RewardProposal.objects.exists()


def test_a_closed_unsubstantiated_tipoff_gets_no_proposal(world):
    tipoff = make_tipoff(world, "ent_park", State.CLOSED, substantiated=False)
    with pytest.raises(ValidationError):
        services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=100_000)


def test_other_violation_proposal_is_refused_with_the_reason(world):
    tipoff = found_true(world, Category.OTHER_VIOLATION)
    with pytest.raises(ValidationError, match="奖励标准未在规则中确认"):
        services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=100_000)
    assert not RewardProposal.objects.exists()


def test_one_live_proposal_per_tipoff(world, handler_2):
    tipoff = found_true(world)
    first = services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=100_000)
    with pytest.raises(ValidationError, match="该举报已有待审批或已批准的奖励"):
        services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=200_000)
    services.do_decide_reward(first, user=handler_2, approve=False, comment="罚款尚未缴纳")
    second = services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=200_000)
    services.do_decide_reward(second, user=handler_2, approve=True)
    with pytest.raises(ValidationError):
        services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=300_000)
    assert list(RewardProposal.objects.order_by("pk").values_list("status", flat=True)) == [
        RewardStatus.REFUSED, RewardStatus.APPROVED]


def test_the_database_holds_one_live_proposal_too(world):
    tipoff = found_true(world)
    services.do_propose_reward(tipoff, user=world.district_user, fine_yuan=100_000)
    with pytest.raises(IntegrityError):
        RewardProposal.objects.create(tipoff=tipoff, amount_yuan=1, computation="x", proposed_by=world.admin)


@pytest.mark.parametrize("role", ["street_b", "department", "enterprise", "expert"])
def test_a_proposal_out_of_sight_is_out_of_scope(world, role):
    with pytest.raises(OutOfScope):
        services.do_propose_reward(found_true(world), user=user_of(world, role), fine_yuan=100_000)
    assert not RewardProposal.objects.exists()


@pytest.mark.parametrize("role", ["street_a", "park"])
def test_only_the_district_proposes_rewards(world, role):
    """Rewards are the district's (`ROLE_PERMISSIONS` gives streets, parks and departments no access to
    `tipoffs.rewardproposal`, and the tip-off page shows them no reward form): the street or park the tip-off is
    assigned to may change the tip-off but not propose a reward, by the service or by a POST."""
    tipoff = found_true(world)
    with pytest.raises((OutOfScope, ValidationError)):
        services.do_propose_reward(tipoff, user=user_of(world, role), fine_yuan=100_000)
    assert not RewardProposal.objects.exists()


# --- decisions ----------------------------------------------------------------------------------------------

@pytest.fixture
def proposal(world):
    """Proposed by the district user (who is also the first reward handler when `handler` is used)."""
    return services.do_propose_reward(found_true(world), user=world.district_user, fine_yuan=100_000)


def test_a_handler_other_than_the_proposer_approves(world, handler, handler_2, proposal):
    with pytest.raises(ValidationError, match="奖励须由提出人以外的经办人审批"):
        services.do_decide_reward(proposal, user=handler, approve=True)
    decided = services.do_decide_reward(proposal, user=handler_2, approve=True, comment=" 同意 ")
    assert (decided.status, decided.decided_by, decided.decision_comment) == (
        RewardStatus.APPROVED, handler_2, "同意")
    assert decided.decided_at is not None
    entry = audits_of(proposal, "update").get(after={"status": "approved"})
    assert (entry.actor, entry.before) == (handler_2, {"status": "proposed"})


@pytest.mark.parametrize("who", ["district_user_2", "admin", "street_a"])
def test_only_reward_handlers_decide(world, district_user_2, proposal, who):
    user = district_user_2 if who == "district_user_2" else user_of(world, who)
    with pytest.raises(OutOfScope):
        services.do_decide_reward(proposal, user=user, approve=True)
    assert RewardProposal.objects.get().status == RewardStatus.PROPOSED


@pytest.mark.parametrize("comment", ["", "   "])
def test_a_refusal_needs_a_reason(world, handler_2, proposal, comment):
    with pytest.raises(ValidationError) as error:
        services.do_decide_reward(proposal, user=handler_2, approve=False, comment=comment)
    assert list(error.value.message_dict) == ["decision_comment"]
    assert RewardProposal.objects.get().status == RewardStatus.PROPOSED


def test_a_refusal_with_its_reason(world, handler_2, proposal):
    decided = services.do_decide_reward(proposal, user=handler_2, approve=False, comment="罚款尚未缴纳")
    assert (decided.status, decided.decision_comment) == (RewardStatus.REFUSED, "罚款尚未缴纳")


def test_two_decisions_at_once_one_wins(world, handler, handler_2):
    proposal = services.do_propose_reward(found_true(world), user=world.admin, fine_yuan=100_000)
    first, second = RewardProposal.objects.get(pk=proposal.pk), RewardProposal.objects.get(pk=proposal.pk)
    services.do_decide_reward(first, user=handler, approve=True)
    with pytest.raises(ValidationError, match="该奖励已审批"):
        services.do_decide_reward(second, user=handler_2, approve=False, comment="不同意")
    decided = RewardProposal.objects.get()
    assert (decided.status, decided.decided_by, decided.decision_comment) == (RewardStatus.APPROVED, handler, "")


def test_reward_pages(world, client_for, handler_2):
    tipoff = found_true(world)
    client = client_for(world.district_user)
    page = client.get(f"/tipoffs/{tipoff.pk}/").content.decode()
    assert f'action="/tipoffs/{tipoff.pk}/reward/"' in page
    response = client.post(f"/tipoffs/{tipoff.pk}/reward/", {"fine_yuan": "100000", "penalty_reference": "",
                                                             "accident_grade": "", "concealed_deaths": ""})
    assert response.status_code == 302
    proposal = RewardProposal.objects.get()
    assert proposal.amount_yuan == Decimal("15000.00")
    # the proposer, not a handler, sees no decision buttons; the handler does
    assert f'action="/tipoffs/rewards/{proposal.pk}/decide/"' not in client.get(f"/tipoffs/{tipoff.pk}/").content.decode()
    client = client_for(handler_2)
    assert f'action="/tipoffs/rewards/{proposal.pk}/decide/"' in client.get(f"/tipoffs/{tipoff.pk}/").content.decode()
    assert client.post(f"/tipoffs/rewards/{proposal.pk}/decide/", {"decision": "maybe"}).status_code == 400
    response = client.post(f"/tipoffs/rewards/{proposal.pk}/decide/", {"decision": "approve", "comment": ""})
    assert response.status_code == 302 and response["Location"] == f"/tipoffs/{tipoff.pk}/"
    assert RewardProposal.objects.get().status == RewardStatus.APPROVED


def test_decision_page_for_a_non_handler_is_404(world, client_for, district_user_2, proposal):
    response = client_for(district_user_2).post(f"/tipoffs/rewards/{proposal.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 404
    assert RewardProposal.objects.get().status == RewardStatus.PROPOSED


def test_reward_form_is_not_offered_to_streets(world, client_for):
    tipoff = found_true(world)
    page = client_for(world.street_a_user).get(f"/tipoffs/{tipoff.pk}/").content.decode()
    assert f'action="/tipoffs/{tipoff.pk}/reward/"' not in page


# --- reward handlers and the reporter's identity ----------------------------------------------------------

@pytest.fixture
def real_name(world):
    return make_tipoff(world, "ent_park", anonymous=False, identity_ciphertext=identity.encrypt_identity(NAME, PHONE))


def secret_views(tipoff):
    return AuditEntry.objects.filter(action="view_secret", object_type="tipoffs.tipoff", object_id=str(tipoff.pk))


def test_a_reward_handler_sees_the_identity_and_each_look_is_audited(world, client_for, handler, real_name):
    client = client_for(handler)
    for n in (1, 2):
        response = client.post(f"/tipoffs/{real_name.pk}/identity/")
        assert response.status_code == 200
        content = response.content.decode()
        assert NAME in content and PHONE in content
        assert secret_views(real_name).count() == n
    entry = secret_views(real_name).last()
    assert (entry.actor, entry.after) == (handler, {"viewed": "reporter identity"})
    assert NAME not in str(entry.after) and PHONE not in str(entry.after)


def test_reveal_identity_returns_name_and_phone(world, handler, real_name):
    assert services.reveal_identity(real_name, user=handler) == {"name": NAME, "phone": PHONE}


def test_the_identity_page_is_post_only(world, client_for, handler, real_name):
    assert client_for(handler).get(f"/tipoffs/{real_name.pk}/identity/").status_code == 405
    assert not secret_views(real_name).exists()


@pytest.mark.parametrize("who", ["district_user_2", "admin", "street_a", "park", "street_b", "department",
                                 "enterprise", "expert"])
def test_no_one_else_sees_the_identity(world, client_for, handler, district_user_2, real_name, who):
    user = district_user_2 if who == "district_user_2" else user_of(world, who)
    response = client_for(user).post(f"/tipoffs/{real_name.pk}/identity/")
    assert response.status_code == 404
    assert NAME not in response.content.decode()
    with pytest.raises(OutOfScope):
        services.reveal_identity(real_name, user=user)
    assert not secret_views(real_name).exists()


def test_a_withdrawn_handler_no_longer_sees_the_identity(world, client_for, handler, real_name):
    services.do_withdraw_reward_handler(handler, by=world.admin)
    assert not RewardHandler.objects.exists()
    assert client_for(handler).post(f"/tipoffs/{real_name.pk}/identity/").status_code == 404


def test_the_identity_button_is_shown_to_reward_handlers_only(world, client_for, handler, district_user_2, real_name):
    button = f'action="/tipoffs/{real_name.pk}/identity/"'
    page = client_for(handler).get(f"/tipoffs/{real_name.pk}/").content.decode()
    assert button in page and NAME not in page and PHONE not in page
    page = client_for(district_user_2).get(f"/tipoffs/{real_name.pk}/").content.decode()
    assert button not in page and NAME not in page


@pytest.mark.parametrize("role", ["admin", "department", "street_a", "street_b", "park", "enterprise", "expert"])
def test_only_district_logins_are_designated(world, role):
    with pytest.raises(ValidationError, match="举报奖励经办人须为区应急管理局的账号"):
        services.do_designate_reward_handler(user_of(world, role), by=world.admin)
    assert not RewardHandler.objects.exists()


def test_designating_is_idempotent_and_audited(world):
    first = services.do_designate_reward_handler(world.district_user, by=world.admin)
    again = services.do_designate_reward_handler(world.district_user, by=world.admin)
    assert first.pk == again.pk and RewardHandler.objects.count() == 1
    assert (first.user, first.designated_by) == (world.district_user, world.admin)
    assert audits_of(first, "create").get().actor == world.admin


def test_designating_on_the_settings_page(world, client_for, district_user_2):
    client = client_for(world.district_user)
    response = client.post("/tipoffs/settings/reward-handlers/", {"user": district_user_2.pk})
    assert response.status_code == 302
    assert list(RewardHandler.objects.values_list("user", "designated_by")) == [
        (district_user_2.pk, world.district_user.pk)]
    client.post("/tipoffs/settings/reward-handlers/", {"user": district_user_2.pk, "remove": "1"})
    assert not RewardHandler.objects.exists()


def test_designating_a_non_district_login_on_the_page_is_404(world, client_for):
    response = client_for(world.district_user).post("/tipoffs/settings/reward-handlers/",
                                                     {"user": world.street_a_user.pk})
    assert response.status_code == 404
    assert not RewardHandler.objects.exists()


@pytest.mark.parametrize("role", ["street_a", "department", "park", "enterprise", "expert"])
def test_only_the_district_opens_the_settings(world, client_for, district_user_2, role):
    client = client_for(user_of(world, role))
    assert client.get("/tipoffs/settings/").status_code == 404
    assert client.post("/tipoffs/settings/reward-handlers/", {"user": district_user_2.pk}).status_code == 404
    assert not RewardHandler.objects.exists()


# --- the identity's keys ------------------------------------------------------------------------------------

def test_identity_keys_can_be_rotated(settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.WORKSAFETY_TIPOFF_KEYS = old
    ciphertext = identity.encrypt_identity(NAME, PHONE)
    settings.WORKSAFETY_TIPOFF_KEYS = f"{new},{old}"
    assert identity.decrypt_identity(ciphertext) == {"name": NAME, "phone": PHONE}
    assert Fernet(new.encode()).decrypt(identity.encrypt_identity(NAME, PHONE).encode())  # the first key encrypts
    settings.WORKSAFETY_TIPOFF_KEYS = new
    assert identity.decrypt_identity(ciphertext) is None


def test_no_identity_no_ciphertext():
    assert identity.encrypt_identity("", "") == ""
    assert identity.decrypt_identity("") is None


def test_an_unreadable_identity_shows_as_such(world, client_for, handler):
    tipoff = make_tipoff(world, anonymous=False, identity_ciphertext="gAAAAA-not-a-token")
    response = client_for(handler).post(f"/tipoffs/{tipoff.pk}/identity/")
    assert response.status_code == 200
    assert "无法读取" in response.content.decode()
    assert secret_views(tipoff).count() == 1
