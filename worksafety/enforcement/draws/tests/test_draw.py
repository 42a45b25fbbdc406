"""双随机 draws through the services: what is published, drawing, verifying (and catching tampering), every
refusal, avoidance, pool filters and the `draw verify` command."""

import hashlib
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from worksafety.core.scoping import OutOfScope
from worksafety.enforcement import drawing
from worksafety.enforcement.credit.choices import ListKind
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.draws.models import Draw, DrawPick
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.tests.draw_helpers import TODAY, announce, colour, inspector, roster
from worksafety.enforcement.tests.factories import CreditListingFactory


def drawn(world, **kwargs) -> Draw:
    return draws.do_run_draw(announce(world, **kwargs), user=world.district_user)


def test_announcing_publishes_pool_roster_and_a_commitment_but_not_the_nonce(world, inspectors):
    draw = announce(world)
    published = json.loads(draw.parameters)
    assert [pk for pk, _ in published["pool"]] == sorted(e.pk for e in (world.ent_park, world.ent_street_a,
                                                                        world.ent_street_b))
    assert all(weight == 1 for _, weight in published["pool"])  # credit 100 everywhere
    assert published["roster"] == sorted(i.pk for i in inspectors)
    assert published["count"] == 2 and draw.pool_size == 3
    assert draw.parameters_sha256 == hashlib.sha256(draw.parameters.encode()).hexdigest()
    assert draw.commitment == hashlib.sha256(draw.nonce.encode()).hexdigest()
    assert draw.status == DrawStatus.ANNOUNCED and draw.revealed_nonce == ""
    assert set(draw.roster.all()) == set(inspectors)


def test_drawing_stores_the_procedures_result_and_verifies(world, inspectors):
    draw = drawn(world)
    assert draw.status == DrawStatus.DRAWN and draw.drawn_by == world.district_user
    expected = drawing.draw(draw.published, draw.nonce)
    assert draws.stored_picks(draw) == expected
    assert all(len(pick.inspectors) == 2 for pick in expected)
    assert draws.verify(draw) == []
    out = StringIO()
    call_command("draw", "verify", str(draw.pk), stdout=out)
    assert "一致" in out.getvalue()


def test_verify_detects_a_tampered_result(world, inspectors):
    draw = drawn(world)
    pick = draw.picks.order_by("order").first()
    others = [i for i in inspectors if i not in pick.inspectors.all()]
    pick.inspectors.set([others[0], others[1]])
    differences = draws.verify(draw)
    assert len(differences) == 1 and "第 1 户" in differences[0]
    err = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("draw", "verify", str(draw.pk), stderr=err)
    assert failed.value.returncode == 1
    assert "第 1 户" in err.getvalue()


def test_verify_detects_tampered_parameters_and_a_swapped_nonce(world, inspectors):
    draw = drawn(world)
    Draw.objects.filter(pk=draw.pk).update(parameters=draw.parameters.replace('"count":2', '"count":1'))
    draw.refresh_from_db()
    assert any("SHA-256" in d for d in draws.verify(draw))
    Draw.objects.filter(pk=draw.pk).update(nonce="0" * 64)
    draw.refresh_from_db()
    assert any("承诺值" in d for d in draws.verify(draw))


def test_a_share_is_rounded_up(world, inspectors):
    draw = announce(world, count=None, share_percent=50)
    assert draw.count == 2 and draw.share_percent == 50


# --- refusals: a clear message, nothing saved ------------------------------------------------------------------

def refused(world, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        announce(world, **kwargs)
    assert not Draw.objects.exists()
    return error.value


def test_drawing_more_than_the_pool_holds_is_refused(world, inspectors):
    assert "抽查对象数（3）" in " ".join(refused(world, count=4).messages)


def test_an_empty_pool_is_refused(world, inspectors):
    error = refused(world, filters=draws.PoolFilters(sectors=["mining"]))
    assert "没有符合条件的抽查对象" in " ".join(error.messages)


def test_count_and_share_are_one_or_the_other(world, inspectors):
    refused(world, count=None)
    refused(world, count=1, share_percent=10)


def test_a_roster_too_small_for_two_inspectors_is_refused(world):
    one = [inspector("独行侠", "21029999")]
    assert "只有 1 名" in " ".join(refused(world, inspectors=one).messages)


def test_a_roster_too_small_after_declared_conflicts_is_refused(world):
    three = roster(world, size=3)
    three[0].conflicts.add(world.ent_park)
    three[1].conflicts.add(world.ent_park)
    message = " ".join(refused(world, inspectors=three).messages)
    assert "回避后可选派的执法人员不足" in message and world.ent_park.name in message


def test_inspectors_with_an_expired_certificate_are_refused(world, inspectors):
    expired = inspector("过期", "21020999", valid_until=TODAY - timedelta(days=1))
    message = " ".join(refused(world, inspectors=[*inspectors, expired]).messages)
    assert "执法证不在有效期内" in message and "21020999" in message


def test_the_default_roster_is_the_valid_inspectors_only(world, inspectors):
    inspector("过期", "21020999", valid_until=TODAY - timedelta(days=1))
    inspector("离岗", "21020998", active=False)
    draw = announce(world)
    assert json.loads(draw.parameters)["roster"] == sorted(i.pk for i in inspectors)


def test_drawing_twice_is_refused(world, inspectors):
    draw = drawn(world)
    with pytest.raises(ValidationError, match="不能重复抽取"):
        draws.do_run_draw(draw, user=world.district_user)
    assert DrawPick.objects.count() == 2


def test_a_draw_before_its_announced_time_is_refused(world, inspectors):
    draw = announce(world)
    Draw.objects.filter(pk=draw.pk).update(scheduled_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(ValidationError, match="未到公告的抽取时间"):
        draws.do_run_draw(draw, user=world.district_user)


def test_a_certificate_lapsing_before_the_draw_stops_it(world, inspectors):
    draw = announce(world)
    Inspector.objects.filter(pk=inspectors[0].pk).update(valid_until=TODAY - timedelta(days=1))
    with pytest.raises(ValidationError, match="作废本次抽查"):
        draws.do_run_draw(draw, user=world.district_user)
    assert not DrawPick.objects.exists()


def test_a_cancelled_draw_needs_a_reason_and_cannot_be_drawn(world, inspectors):
    draw = announce(world)
    with pytest.raises(ValidationError):
        draws.do_cancel_draw(draw, user=world.district_user, reason=" ")
    draws.do_cancel_draw(draw, user=world.district_user, reason="抽查范围有误")
    with pytest.raises(ValidationError, match="已作废"):
        draws.do_run_draw(draw, user=world.district_user)


def test_only_the_bureau_announces_and_draws(world, inspectors):
    for user in (world.department_user, world.street_a_user, world.enterprise_user, world.expert_user):
        with pytest.raises(OutOfScope):
            announce(world, user=user)
    draw = announce(world)
    with pytest.raises(OutOfScope):
        draws.do_run_draw(draw, user=world.department_user)


# --- avoidance ----------------------------------------------------------------------------------------------

def test_declared_conflicts_and_the_draws_own_list_are_published_and_honoured(world):
    team = roster(world, size=5)
    team[0].conflicts.add(world.ent_park)
    draw = draws.do_announce_draw(
        Draw(title="回避", scheduled_at=timezone.now()), user=world.district_user, filters=draws.PoolFilters(),
        roster=team, count=3, extra_avoidances=[(team[1].pk, world.ent_park.pk)])
    assert [world.ent_park.pk, team[0].pk] in draw.published["avoid"]
    assert [world.ent_park.pk, team[1].pk] in draw.published["avoid"]
    assert draw.extra_avoidances == [[team[1].pk, world.ent_park.pk]]
    draws.do_run_draw(draw, user=world.district_user)
    park_pick = draw.picks.get(enterprise=world.ent_park)
    assert not set(park_pick.inspectors.all()) & {team[0], team[1]}


def test_the_inspectors_of_the_last_draw_are_avoided_next_time(world):
    team = roster(world, size=4)
    first = drawn(world, count=3, inspectors=team)
    sent = {pick.enterprise_id: {i.pk for i in pick.inspectors.all()} for pick in first.picks.all()}
    second = announce(world, count=3, inspectors=team, title="第二次")
    avoided = {(e, i) for e, i in second.published["avoid"]}
    assert avoided == {(e, i) for e, inspectors in sent.items() for i in inspectors}
    draws.do_run_draw(second, user=world.district_user)
    for pick in second.picks.all():
        assert not {i.pk for i in pick.inspectors.all()} & sent[pick.enterprise_id]
    third = announce(world, count=3, inspectors=team, title="第三次", avoid_previous=False)
    assert third.published["avoid"] == []


# --- the pool -----------------------------------------------------------------------------------------------

def pool_ids(filters) -> set[int]:
    return {pk for pk, _ in draws.pool(filters, TODAY)}


def test_pool_filters_narrow_the_pool(world):
    everyone = {world.ent_park.pk, world.ent_street_a.pk, world.ent_street_b.pk}
    assert pool_ids(draws.PoolFilters()) == everyone
    assert pool_ids(draws.PoolFilters(sectors=["hazchem"])) == {world.ent_park.pk}
    assert pool_ids(draws.PoolFilters(areas=[world.street_a.code])) == {world.ent_park.pk, world.ent_street_a.pk}
    assert pool_ids(draws.PoolFilters(parks=["dagushan"])) == {world.ent_park.pk}
    colour(world.ent_street_b, "blue")
    assert pool_ids(draws.PoolFilters(colours=["none"])) == {world.ent_park.pk, world.ent_street_a.pk}
    colour(world.ent_park, "red")  # red has key inspections: not in the random pool unless asked
    assert world.ent_park.pk not in pool_ids(draws.PoolFilters())
    assert world.ent_park.pk in pool_ids(draws.PoolFilters(exclude_key_targets=False))


def test_low_credit_raises_the_weight_and_filters_the_pool(world):
    CreditListingFactory(enterprise=world.ent_street_a, kind=ListKind.SERIOUS,
                         period_end=TODAY + timedelta(days=1000), created_by=world.district_user)
    weights = dict(draws.pool(draws.PoolFilters(), TODAY))
    assert weights[world.ent_street_a.pk] == drawing.weight_for_credit(60) == 5
    assert weights[world.ent_park.pk] == 1
    assert pool_ids(draws.PoolFilters(credit_below=100)) == {world.ent_street_a.pk}


def test_closed_enterprises_are_never_drawn(world):
    world.ent_street_b.status = "closed"
    world.ent_street_b.save()
    assert world.ent_street_b.pk not in pool_ids(draws.PoolFilters())
