"""The searches the incident command board calls: nearest resources with road distance and arrival time,
supplies near a place, sensitive targets inside a zone, shelters outside it, and experts by specialty."""

from datetime import timedelta

import pytest
from django.utils import timezone

from worksafety.emergency.resources import services as resources
from worksafety.emergency.resources.choices import DutyStatus, Specialty, TargetKind, TeamKind
from worksafety.emergency.resources.tests import helpers as make

ORIGIN = (39.0, 121.5)
METRES_PER_DEGREE = resources.EARTH_RADIUS_M * 3.141592653589793 / 180


def north(metres):
    """A point `metres` due north of ORIGIN."""
    return ORIGIN[0] + metres / METRES_PER_DEGREE, ORIGIN[1]


def test_distance_road_distance_and_arrival_time(world, settings):
    make.team(world, "十公里队", at=north(10_000))
    [row] = resources.nearest_resources(*ORIGIN, kinds=("team",))
    assert (row["distance_m"], row["road_distance_m"], row["eta_min"]) == (10_000, 14_000, 21.0)
    settings.WORKSAFETY_ROAD_FACTOR, settings.WORKSAFETY_RESPONSE_SPEED_KMH = 2.0, 60
    [row] = resources.nearest_resources(*ORIGIN, kinds=("team",))
    assert (row["road_distance_m"], row["eta_min"]) == (20_000, 20.0)
    assert row["url"] == f"/resources/teams/{row['id']}/" and row["kind"] == "team"


def test_haversine_matches_a_known_distance():
    # Tian'anmen (39.9087, 116.3975) to the Dalian railway station (38.9226, 121.6320): about 460 km.
    assert 455_000 < resources.distance_m(39.9087, 116.3975, 38.9226, 121.6320) < 465_000


def test_teams_that_can_go_now_come_first_then_by_distance(world):
    make.team(world, "远·值守", at=north(5000))
    make.team(world, "近·出动", at=north(1000), duty_status=DutyStatus.DEPLOYED)
    make.team(world, "中·待命", at=north(2000), duty_status=DutyStatus.STANDBY)
    make.team(world, "最近·休整", at=north(500), duty_status=DutyStatus.RESTING)
    rows = resources.nearest_resources(*ORIGIN, kinds=("team",), limit=3)
    assert [(r["name"], r["available"]) for r in rows] == [("中·待命", True), ("远·值守", True), ("最近·休整", False)]
    assert rows[0]["duty_status_label"] == "待命" and rows[0]["headcount"] == 20 and rows[0]["specialties"] == ["hazchem"]


def test_kinds_come_in_the_order_asked_with_warehouse_stock(world):
    make.shelter(world, "广场", at=north(3000))
    store = make.warehouse(world, "储备库", at=north(1000))
    masks = make.item("过滤式防毒面具", unit="个")
    resources.do_stock_in(store, masks, 12, user=world.district_user)
    resources.do_stock_in(store, masks, 99, user=world.district_user, batch="old",
                          expiry=timezone.localdate() - timedelta(days=1))
    rows = resources.nearest_resources(*ORIGIN, kinds=("shelter", "warehouse"))
    assert [r["kind"] for r in rows] == ["shelter", "warehouse"]
    assert rows[0]["capacity"] == 1000
    assert rows[1]["stock"] == [{"item": "过滤式防毒面具", "unit": "个", "quantity": 12}]  # the expired batch left out


def test_searches_show_only_what_the_user_may_see(world):
    make.team(world, "区专业队", at=north(100))
    make.team(world, "甲化工企业队", at=north(900), kind=TeamKind.ENTERPRISE, enterprise=world.ent_park)
    make.shelter(world, "广场")
    rows = resources.nearest_resources(*ORIGIN, kinds=("team", "shelter"), user=world.enterprise_user)
    assert [r["name"] for r in rows] == ["甲化工企业队"]
    rows = resources.nearest_resources(*ORIGIN, kinds=("team", "shelter"), user=world.street_b_user)
    assert [r["name"] for r in rows] == ["区专业队", "甲化工企业队", "广场"]


@pytest.mark.parametrize("call", [
    lambda: resources.nearest_resources(91, 121),
    lambda: resources.nearest_resources(float("nan"), 121),
    lambda: resources.nearest_resources(39, 121, kinds=("tank",)),
    lambda: resources.targets_within([[121, 39], [121.1, 39]]),
    lambda: resources.targets_within([[121, 39], [121.1, "x"], [121, 39.1]]),
    lambda: resources.targets_within({"type": "Point", "coordinates": [121, 39]}),
    lambda: resources.experts_for(["astrology"]),
])
def test_bad_input_is_a_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_supplies_near_lists_warehouses_holding_the_items(world):
    masks, suits = make.item("过滤式防毒面具", unit="个"), make.item("防化服", unit="套")
    near, far, spoilt = (make.warehouse(world, name, at=north(metres)) for name, metres in
                         (("近库", 1000), ("远库", 8000), ("过期库", 500)))
    user = world.district_user
    resources.do_stock_in(near, masks, 5, user=user)
    resources.do_stock_in(far, masks, 10, user=user)
    resources.do_stock_in(far, suits, 3, user=user)
    resources.do_stock_in(spoilt, masks, 50, user=user, expiry=timezone.localdate() - timedelta(days=2))
    rows = resources.supplies_near(*ORIGIN, item_names=["过滤式防毒面具"])
    assert [(r["name"], r["stock"]) for r in rows] == [
        ("近库", [{"item": "过滤式防毒面具", "unit": "个", "quantity": 5}]),
        ("远库", [{"item": "过滤式防毒面具", "unit": "个", "quantity": 10}])]
    assert rows[1]["eta_min"] > rows[0]["eta_min"] > 0
    assert [len(r["stock"]) for r in resources.supplies_near(*ORIGIN, limit=1)] == [1]
    assert [r["name"] for r in resources.supplies_near(*ORIGIN, item_names=["防化服"])] == ["远库"]


ZONE = [[121.49, 38.99], [121.51, 38.99], [121.51, 39.01], [121.49, 39.01]]  # open ring around ORIGIN


def test_targets_within_a_zone_most_people_first(world):
    make.target(world, "小学", at=ORIGIN, population=800)
    make.target(world, "医院", at=(39.005, 121.505), population=1200, kind=TargetKind.HOSPITAL)
    make.target(world, "zone 外的小区", at=(39.02, 121.5), population=5000, kind=TargetKind.RESIDENTIAL)
    rows = resources.targets_within(ZONE)
    assert [(r["name"], r["population"], r["target_kind_label"]) for r in rows] == [
        ("医院", 1200, "医院"), ("小学", 800, "学校")]
    geojson = {"type": "Polygon", "coordinates": [[*ZONE, ZONE[0]]]}
    assert [r["name"] for r in resources.targets_within(geojson)] == ["医院", "小学"]
    assert resources.targets_within(ZONE, user=world.enterprise_user) == []  # enterprises do not see targets


def test_shelters_outside_the_zone_nearest_first(world):
    make.shelter(world, "zone 内广场", at=ORIGIN)
    make.shelter(world, "北广场", at=north(3000))
    make.shelter(world, "远广场", at=north(9000))
    rows = resources.shelters_outside(ZONE, ORIGIN, 5)
    assert [r["name"] for r in rows] == ["北广场", "远广场"]
    assert rows[0]["distance_m"] == 3000
    assert [r["name"] for r in resources.shelters_outside(ZONE, near=north(9000), limit=1)] == ["远广场"]


def test_experts_ranked_by_shared_specialties_with_contacts_only_for_the_authorised(world):
    make.expert("甲", [Specialty.HAZCHEM], phone="13900000001")
    make.expert("乙", [Specialty.HAZCHEM, Specialty.FIRE, Specialty.MEDICAL], phone="13900000002",
                user=world.expert_user)
    make.expert("丙", [Specialty.MINING], phone="13900000003")
    rows = resources.experts_for(["hazchem", "消防"], user=world.district_user)
    assert [(r["name"], r["matched"], r["phone"]) for r in rows] == [
        ("乙", ["hazchem", "fire"], "13900000002"), ("甲", ["hazchem"], "13900000001")]
    rows = resources.experts_for(["hazchem"], user=world.street_a_user)
    assert [(r["name"], r["phone"], r["contacts_visible"]) for r in rows] == [("乙", None, False), ("甲", None, False)]
    rows = resources.experts_for(["hazchem"], user=world.expert_user)
    assert [(r["name"], r["phone"]) for r in rows] == [("乙", "13900000002"), ("甲", None)]
    assert [r["phone"] for r in resources.experts_for(["hazchem"], limit=1)] == [None]  # no user: no contacts
