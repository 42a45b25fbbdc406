"""The worker's supply alerts: low stock and expiring or expired batches are told once per condition to whoever
keeps the warehouse (its enterprise's logins, else the district bureau), and a shortage after a restock is
told again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from worksafety.core.jobs import JOBS
from worksafety.core.models import Notification
from worksafety.emergency.resources import services as resources
from worksafety.emergency.resources import supply_alerts
from worksafety.emergency.resources.tests import helpers as make


@pytest.fixture
def run_alerts(django_capture_on_commit_callbacks):
    def run():
        with django_capture_on_commit_callbacks(execute=True):
            supply_alerts.run()
        return Notification.objects.order_by("pk")

    return run


def titles(user):
    return [n.title for n in Notification.objects.filter(recipient=user).order_by("pk")]


def test_the_job_is_registered_with_the_worker():
    assert "supply_alerts" in {job.name for job in JOBS}


def test_low_stock_is_told_once_to_the_enterprise_and_again_after_a_restock(world, run_alerts):
    store = make.warehouse(world, "甲化工应急物资库", enterprise=world.ent_park)
    foam = make.item("抗溶性泡沫灭火剂", unit="吨", min_quantity=5)
    resources.do_stock_in(store, foam, 8, user=world.enterprise_user)
    resources.do_stock_out(store, foam, 4, user=world.enterprise_user)
    run_alerts()
    run_alerts()
    assert titles(world.enterprise_user) == ["物资库存不足：甲化工应急物资库 抗溶性泡沫灭火剂 现有 4 吨，低于预警值 5 吨"]
    assert not Notification.objects.exclude(recipient=world.enterprise_user).exists()
    resources.do_stock_in(store, foam, 10, user=world.enterprise_user)
    run_alerts()
    assert len(titles(world.enterprise_user)) == 1  # restocked: nothing to tell
    resources.do_stock_out(store, foam, 12, user=world.enterprise_user)
    run_alerts()
    assert titles(world.enterprise_user)[1:] == ["物资库存不足：甲化工应急物资库 抗溶性泡沫灭火剂 现有 2 吨，低于预警值 5 吨"]


def test_expiring_and_expired_batches_are_told_once_to_the_district_for_its_own_store(world, run_alerts):
    store = make.warehouse(world)
    masks = make.item("过滤式防毒面具", unit="个")
    today = timezone.localdate()
    resources.do_stock_in(store, masks, 30, user=world.district_user, batch="A", expiry=today + timedelta(days=10))
    resources.do_stock_in(store, masks, 5, user=world.district_user, batch="B", expiry=today - timedelta(days=1))
    resources.do_stock_in(store, masks, 50, user=world.district_user, batch="C", expiry=today + timedelta(days=300))
    resources.do_stock_in(store, masks, 9, user=world.district_user, batch="D", expiry=today - timedelta(days=3))
    resources.do_stock_out(store, masks, 9, user=world.district_user, batch="D")  # used up: nothing to tell
    run_alerts()
    run_alerts()
    notifications = list(Notification.objects.filter(recipient=world.district_user).order_by("category"))
    assert [(n.category, n.url) for n in notifications] == [
        ("stock_expired", f"/resources/warehouses/{store.pk}/"), ("stock_expiring", f"/resources/warehouses/{store.pk}/")]
    assert "物资已过期：区应急物资储备库 过滤式防毒面具（批次 B） 5 个" in notifications[0].title
    assert "物资即将过期" in notifications[1].title and "（批次 A） 30 个" in notifications[1].title
    assert not Notification.objects.exclude(recipient=world.district_user).exists()


def test_expired_stock_does_not_count_towards_the_minimum(world, run_alerts):
    store = make.warehouse(world)
    kits = make.item("急救箱", unit="个", min_quantity=10)
    resources.do_stock_in(store, kits, 20, user=world.district_user, batch="old",
                          expiry=timezone.localdate() - timedelta(days=1))
    run_alerts()
    assert any("物资库存不足" in title and "现有 0 个" in title for title in titles(world.district_user))


def test_a_park_store_tells_the_park_and_an_unstaffed_owner_falls_back_to_the_district(world, run_alerts):
    park_store = make.warehouse(world, "园区应急物资库", park=world.park)
    orphan = make.warehouse(world, "丙物流应急物资库", enterprise=world.ent_street_b)  # no enterprise login
    sand = make.item("沙袋", unit="个", min_quantity=100)
    resources.do_stock_in(park_store, sand, 10, user=world.district_user)
    resources.do_stock_in(orphan, sand, 10, user=world.district_user)
    run_alerts()
    assert [t.startswith("物资库存不足：园区应急物资库") for t in titles(world.park_user)] == [True]
    assert [t.startswith("物资库存不足：丙物流应急物资库") for t in titles(world.district_user)] == [True]
