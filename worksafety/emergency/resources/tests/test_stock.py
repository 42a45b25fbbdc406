"""Stock moves only through do_stock_in / do_stock_out / do_stock_transfer: receipts add, issues take the
batches that expire first, nothing ever goes negative (not even for two people taking at once), a transfer
moves both sides or neither, bad input changes nothing, and every batch moved is an audited movement."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from worksafety.core.models import AuditEntry
from worksafety.core.scoping import OutOfScope
from worksafety.emergency.resources import services as resources
from worksafety.emergency.resources.models import Stock, StockMovement
from worksafety.emergency.resources.tests import helpers as make


@pytest.fixture
def store(world):
    return make.warehouse(world)


@pytest.fixture
def suits():
    return make.item("防化服", unit="套")


def days(n):
    return timezone.localdate() + timedelta(days=n)


def test_receipt_adds_to_its_batch_and_is_an_audited_movement(world, store, suits):
    user = world.district_user
    resources.do_stock_in(store, suits, 10, user=user, batch="B1", expiry=days(400), note="年度采购")
    movement = resources.do_stock_in(store, suits, "2.5", user=user, batch="B1", expiry=days(400))
    assert make.batches(store, suits) == {"B1": Decimal("12.5")}
    assert (movement.kind, movement.target, movement.source, movement.actor) == ("in", store, None, user)
    entry = AuditEntry.objects.filter(object_type="emergency.stockmovement", object_id=str(movement.pk)).get()
    assert entry.actor == user and entry.after["quantity"] == "2.500"


def test_a_batch_keeps_one_expiry_date(world, store, suits):
    resources.do_stock_in(store, suits, 10, user=world.district_user, batch="B1", expiry=days(400))
    with pytest.raises(ValidationError) as error:
        resources.do_stock_in(store, suits, 5, user=world.district_user, batch="B1", expiry=days(100))
    assert "expiry" in error.value.message_dict
    assert make.batches(store, suits) == {"B1": 10} and StockMovement.objects.count() == 1


def test_issue_takes_the_batches_that_expire_first_and_leaves_expired_ones(world, store, suits):
    user = world.district_user
    for batch, expiry in (("late", days(300)), ("soon", days(20)), ("none", None), ("old", days(-1))):
        resources.do_stock_in(store, suits, 10, user=user, batch=batch, expiry=expiry)
    movements = resources.do_stock_out(store, suits, 15, user=user, note="事故救援")
    assert [(m.batch, m.quantity) for m in movements] == [("soon", 10), ("late", 5)]
    assert make.batches(store, suits) == {"late": 5, "soon": 0, "none": 10, "old": 10}
    # An expired batch leaves only when named (written off).
    resources.do_stock_out(store, suits, 10, user=user, batch="old", note="报废")
    assert make.batches(store, suits)["old"] == 0


@pytest.mark.parametrize("batch", [None, "B1"])
def test_issue_beyond_the_stock_is_refused_and_takes_nothing(world, store, suits, batch):
    resources.do_stock_in(store, suits, 10, user=world.district_user, batch="B1")
    with pytest.raises(ValidationError) as error:
        resources.do_stock_out(store, suits, "10.001", user=world.district_user, batch=batch)
    assert "库存不足" in error.value.message_dict["quantity"][0] and "现有 10 套" in error.value.message_dict["quantity"][0]
    assert make.total(store, suits) == 10 and StockMovement.objects.count() == 1


def test_two_people_cannot_take_the_same_stock(world, store, suits, monkeypatch):
    """The second issue read the batch before the first one took from it; the conditional UPDATE refuses it."""
    resources.do_stock_in(store, suits, 10, user=world.district_user, batch="B1")
    stale = resources._batches(store, suits, None)
    resources.do_stock_out(store, suits, 8, user=world.district_user)
    monkeypatch.setattr(resources, "_batches", lambda *args: stale)
    with pytest.raises(ValidationError) as error:
        resources.do_stock_out(store, suits, 8, user=world.district_user)
    assert "刚被他人调整" in error.value.messages[0]
    assert make.total(store, suits) == 2 and StockMovement.objects.filter(kind="out").count() == 1


def test_stock_can_never_be_negative_in_the_database(world, store, suits):
    resources.do_stock_in(store, suits, 1, user=world.district_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.update(quantity=-1)


def test_transfer_moves_both_sides_keeping_batch_and_expiry(world, store, suits):
    other = make.warehouse(world, "大孤山化工区应急物资库", park=world.park)
    resources.do_stock_in(store, suits, 10, user=world.district_user, batch="B1", expiry=days(200))
    movements = resources.do_stock_transfer(store, other, suits, 4, user=world.district_user, note="支援")
    assert [(m.kind, m.source, m.target, m.batch) for m in movements] == [("transfer", store, other, "B1")]
    assert make.batches(store, suits) == {"B1": 6}
    moved = Stock.objects.get(warehouse=other, item=suits)
    assert (moved.batch, moved.expiry, moved.quantity) == ("B1", days(200), 4)


def test_a_transfer_that_cannot_land_changes_neither_side(world, store, suits):
    other = make.warehouse(world, "大孤山化工区应急物资库", park=world.park)
    resources.do_stock_in(store, suits, 10, user=world.district_user, batch="B1", expiry=days(200))
    resources.do_stock_in(other, suits, 1, user=world.district_user, batch="B1", expiry=days(90))
    with pytest.raises(ValidationError):
        resources.do_stock_transfer(store, other, suits, 4, user=world.district_user)
    assert make.batches(store, suits) == {"B1": 10} and make.batches(other, suits) == {"B1": 1}
    assert StockMovement.objects.filter(kind="transfer").count() == 0


@pytest.mark.parametrize("quantity", [0, -5, "-0.5", "abc", "1.0001", "NaN", Decimal("1e12")])
def test_bad_quantities_are_refused_with_a_field_error_and_change_nothing(world, store, suits, quantity):
    resources.do_stock_in(store, suits, 10, user=world.district_user)
    for move in (lambda: resources.do_stock_in(store, suits, quantity, user=world.district_user),
                 lambda: resources.do_stock_out(store, suits, quantity, user=world.district_user)):
        with pytest.raises(ValidationError) as error:
            move()
        assert "quantity" in error.value.message_dict
    assert make.total(store, suits) == 10 and StockMovement.objects.count() == 1


def test_transfer_to_the_same_warehouse_is_refused(world, store, suits):
    resources.do_stock_in(store, suits, 10, user=world.district_user)
    with pytest.raises(ValidationError) as error:
        resources.do_stock_transfer(store, store, suits, 1, user=world.district_user)
    assert "target" in error.value.message_dict


def test_only_whoever_may_change_the_warehouses_moves_their_stock(world, store, suits):
    own = make.warehouse(world, "甲化工应急物资库", enterprise=world.ent_park)
    resources.do_stock_in(store, suits, 10, user=world.district_user)
    resources.do_stock_in(own, suits, 10, user=world.enterprise_user)
    for user in (world.enterprise_user, world.expert_user, world.street_b_user):
        with pytest.raises(OutOfScope):
            resources.do_stock_out(store, suits, 1, user=user)
    with pytest.raises(OutOfScope):  # into a store it may not change
        resources.do_stock_transfer(own, store, suits, 1, user=world.enterprise_user)
    resources.do_stock_out(own, suits, 1, user=world.park_user)  # the park keeps its enterprises' stores
    assert make.total(store, suits) == 10 and make.total(own, suits) == 9
