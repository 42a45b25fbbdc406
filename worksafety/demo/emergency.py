"""Demo emergency resources around the two chemical parks: professional 危化品 teams, fire stations, enterprise
teams at major-hazard enterprises and volunteers; district, park, fire-brigade and enterprise stores with a
supply catalogue and batches (a few low or expiring, so the alerts have something to say); the expert pool
(`expert1` is one of them); shelters; and schools, kindergartens, hospitals, care homes, residential areas and
markets 0.3–5 km around each park.

Everything is drawn from `random.Random(seed)` over rows read in a fixed order, so a seed always gives the
same resources; rows are bulk-inserted (the demo's one import audit entry covers them).
"""

import itertools
import math
import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from worksafety.core import geo
from worksafety.core.models import Area, Department, User
from worksafety.demo import data
from worksafety.emergency.resources.choices import (
    DutyStatus,
    MovementKind,
    Specialty,
    SupplyCategory,
    TargetKind,
    TeamKind,
)
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
)
from worksafety.registry.models import HazardUnit, Park

KM_PER_DEGREE_LAT = 111.2
MAX_DRAWS = 1000
FIRE_BRIGADE = "xf"  # data.DEPARTMENTS: 区消防救援大队

# (name, category, unit, low-stock minimum, shelf life in days or None)
CATALOGUE = [
    ("重型防化服", SupplyCategory.PROTECTION, "套", 10, 1825),
    ("轻型防化服", SupplyCategory.PROTECTION, "套", 20, 1825),
    ("正压式空气呼吸器", SupplyCategory.PROTECTION, "具", 10, None),
    ("空气呼吸器备用气瓶", SupplyCategory.PROTECTION, "个", 20, None),
    ("过滤式防毒面具", SupplyCategory.PROTECTION, "个", 50, 1095),
    ("防毒面具滤毒罐", SupplyCategory.PROTECTION, "个", 100, 1095),
    ("消防战斗服", SupplyCategory.PROTECTION, "套", 20, None),
    ("防化手套", SupplyCategory.PROTECTION, "副", 100, 1095),
    ("便携式可燃气体检测仪", SupplyCategory.DETECTION, "台", 5, None),
    ("四合一气体检测仪", SupplyCategory.DETECTION, "台", 5, None),
    ("有毒气体检测仪", SupplyCategory.DETECTION, "台", 5, None),
    ("红外测温仪", SupplyCategory.DETECTION, "台", 2, None),
    ("堵漏工具组", SupplyCategory.LEAK_CONTROL, "套", 2, None),
    ("磁压式堵漏器", SupplyCategory.LEAK_CONTROL, "套", 2, None),
    ("防爆输转泵", SupplyCategory.LEAK_CONTROL, "台", 1, None),
    ("吸附棉", SupplyCategory.LEAK_CONTROL, "kg", 200, 1825),
    ("围油栏", SupplyCategory.LEAK_CONTROL, "m", 200, None),
    ("洗消剂", SupplyCategory.DECONTAMINATION, "kg", 200, 730),
    ("洗消帐篷", SupplyCategory.DECONTAMINATION, "顶", 1, None),
    ("抗溶性泡沫灭火剂", SupplyCategory.FIREFIGHTING, "吨", 5, 1460),
    ("干粉灭火器（8 kg）", SupplyCategory.FIREFIGHTING, "具", 50, 1825),
    ("液压破拆工具组", SupplyCategory.RESCUE, "套", 1, None),
    ("救生绳", SupplyCategory.RESCUE, "根", 20, None),
    ("急救箱", SupplyCategory.MEDICAL, "个", 10, 730),
    ("担架", SupplyCategory.MEDICAL, "副", 10, None),
    ("防爆照明灯", SupplyCategory.LIGHTING_COMMS, "台", 10, None),
    ("防爆对讲机", SupplyCategory.LIGHTING_COMMS, "台", 10, None),
    ("沙袋", SupplyCategory.FLOOD, "个", 1000, None),
    ("帐篷", SupplyCategory.LIVING, "顶", 20, None),
    ("折叠床", SupplyCategory.LIVING, "张", 50, None),
    ("应急饮用水", SupplyCategory.LIVING, "箱", 100, 365),
    ("棉被", SupplyCategory.LIVING, "床", 100, None),
]
HAZCHEM_KIT = ["重型防化服", "轻型防化服", "正压式空气呼吸器", "空气呼吸器备用气瓶", "过滤式防毒面具", "防毒面具滤毒罐",
               "防化手套", "便携式可燃气体检测仪", "四合一气体检测仪", "有毒气体检测仪", "堵漏工具组", "磁压式堵漏器",
               "吸附棉", "洗消剂", "抗溶性泡沫灭火剂"]
# Conditions the alerts should show on a fresh demo: (store role, item, "low" | "expiring" | "expired").
SHOWCASE = [("district", "应急饮用水", "expired"), ("district", "急救箱", "expiring"),
            ("park0", "过滤式防毒面具", "expiring"), ("park0", "吸附棉", "low"),
            ("park1", "洗消剂", "expiring"), ("enterprise0", "正压式空气呼吸器", "low")]

EXPERT_PROFILES = [  # (specialties, title, employer)
    ((Specialty.HAZCHEM, Specialty.ENVIRONMENT), "教授", "大连理工大学化工学院"),
    ((Specialty.HAZCHEM, Specialty.FIRE), "教授级高级工程师", "中国石油大连石化分公司"),
    ((Specialty.HAZCHEM,), "高级工程师", "大连市化工设计院"),
    ((Specialty.HAZCHEM, Specialty.SPECIAL_EQUIPMENT), "高级工程师", "大连市特种设备检验检测研究院"),
    ((Specialty.FIRE, Specialty.STRUCTURAL), "高级工程师", "金普新区消防救援大队"),
    ((Specialty.FIRE,), "注册消防工程师", "辽宁某消防技术服务公司"),
    ((Specialty.MEDICAL,), "主任医师", "大连医科大学附属第一医院"),
    ((Specialty.MEDICAL, Specialty.HAZCHEM), "副主任医师", "大连市职业病防治院"),
    ((Specialty.ENVIRONMENT,), "高级工程师", "大连市生态环境监测中心"),
    ((Specialty.ENVIRONMENT, Specialty.WATER), "副教授", "大连海事大学环境科学与工程学院"),
    ((Specialty.SPECIAL_EQUIPMENT,), "高级工程师", "大连锅炉压力容器检验检测研究院"),
    ((Specialty.GAS,), "高级工程师", "大连燃气集团"),
    ((Specialty.POWER,), "高级工程师", "国网大连供电公司"),
    ((Specialty.CONSTRUCTION, Specialty.STRUCTURAL), "教授级高级工程师", "大连市建筑科学研究设计院"),
    ((Specialty.TRANSPORT, Specialty.HAZCHEM), "注册安全工程师", "大连港危险货物运输协会"),
]
EXPERT1 = "王立新"  # the demo login expert1 (王教授) is this expert
TARGETS_AROUND_A_PARK = {  # kind: (how many, population range, name patterns)
    TargetKind.RESIDENTIAL: (8, (800, 6000), ("{estate}小区", "{estate}花园", "{estate}家园")),
    TargetKind.SCHOOL: (3, (600, 2500), ("{place}第{n}小学", "{place}第{n}中学")),
    TargetKind.KINDERGARTEN: (3, (120, 400), ("{place}第{n}幼儿园",)),
    TargetKind.HOSPITAL: (2, (200, 1500), ("{place}社区卫生服务中心", "{place}中心医院")),
    TargetKind.ELDERLY_CARE: (2, (60, 300), ("{place}敬老院", "{place}颐养院")),
    TargetKind.MARKET: (2, (300, 3000), ("{place}农贸市场", "{place}购物广场")),
}
ESTATES = ("海景", "金港", "滨海", "翠园", "阳光", "东方", "和平", "福泰", "金湾", "龙湖", "锦绣", "碧水", "望海", "春晖",
           "港湾", "枫林", "松涛", "银河", "丽景", "山水")
ORDINALS = "一二三四五六七八九十"
EQUIPMENT = {
    "hazchem": "重型防化服 20 套、正压式空气呼吸器 30 具、堵漏器材 6 套、洗消帐篷 1 顶、气体侦检仪 8 台、防化救援车 2 辆",
    "fire": "水罐消防车 2 辆、泡沫消防车 2 辆、举高喷射消防车 1 辆、正压式空气呼吸器 24 具",
    "enterprise": "正压式空气呼吸器 8 具、防化服 6 套、可燃气体检测仪 4 台、堵漏工具 2 套",
    "volunteer": "冲锋舟 2 艘、绳索救援装备 4 套、急救包 20 个、卫星电话 1 部",
}


def build_resource_demo(seed: int) -> None:
    rng = random.Random(seed * 787)
    parks = list(Park.objects.select_related("area").order_by("code"))
    places = _places()
    catalogue = _catalogue()
    hosts = _major_hazard_enterprises(parks)
    fire_brigade = Department.objects.filter(code=FIRE_BRIGADE).first()
    teams, stores = [], {}
    for index, park in enumerate(parks):
        near = _Around(rng, park, parks, places)
        short = park.name.replace("化工园区", "").replace("化工区", "")
        teams.append(_team(f"{park.name}危化品专业救援队", TeamKind.PROFESSIONAL, near.point(0.3, 1.0), rng, park=park,
                           specialties=[Specialty.HAZCHEM, Specialty.FIRE, Specialty.ENVIRONMENT], equipment="hazchem"))
        teams.append(_team(f"{short}消防救援站", TeamKind.PROFESSIONAL, near.point(1.0, 3.0), rng, department=fire_brigade,
                           specialties=[Specialty.FIRE, Specialty.HAZCHEM, Specialty.STRUCTURAL], equipment="fire"))
        stores[f"park{index}"] = _store(f"{park.name}应急物资储备库", near.point(0.3, 1.5), rng, park=park)
        if index == 0 and fire_brigade:
            stores["brigade"] = _store("区消防救援大队战勤保障站", near.point(2.0, 4.0), rng, department=fire_brigade)
    for index, enterprise in enumerate(hosts[:3]):
        at = (enterprise.lat, enterprise.lon, enterprise.area)
        teams.append(_team(f"{enterprise.name}专职救援队", TeamKind.ENTERPRISE, at, rng, enterprise=enterprise,
                           specialties=[Specialty.HAZCHEM, Specialty.FIRE], equipment="enterprise",
                           duty_status=DutyStatus.STANDBY if index == 1 else DutyStatus.ON_DUTY))
        if index < 2:
            stores[f"enterprise{index}"] = _store(f"{enterprise.name}应急物资库", at, rng, enterprise=enterprise)
    town = places.named("站前街道")
    teams.append(_team("金普新区蓝天救援队", TeamKind.VOLUNTEER, town, rng,
                       specialties=[Specialty.WATER, Specialty.STRUCTURAL, Specialty.MEDICAL], equipment="volunteer"))
    teams.append(_team("金普新区红十字应急救护志愿队", TeamKind.VOLUNTEER, places.named("光明街道"), rng,
                       specialties=[Specialty.MEDICAL], equipment="volunteer", duty_status=DutyStatus.RESTING))
    stores["district"] = _store("金普新区应急物资储备库", places.named("大连经济技术开发区"), rng)
    RescueTeam.objects.bulk_create(teams)
    Warehouse.objects.bulk_create(list(stores.values()))
    _stock(rng, stores, catalogue)
    _experts(rng)
    _around_parks(rng, parks, places)


# --- where things are ------------------------------------------------------------------------------------

class _Places:
    """Streets and zones with a centre: a point belongs to the nearest."""

    def __init__(self, areas):
        self.areas = areas

    def nearest(self, lat, lon) -> Area:
        return min(self.areas, key=lambda a: (a.centre_lat - lat) ** 2 + ((a.centre_lon - lon) * math.cos(math.radians(lat))) ** 2)

    def named(self, name) -> tuple[float, float, Area]:
        area = next(a for a in self.areas if a.name == name)
        return area.centre_lat, area.centre_lon, area


def _places() -> _Places:
    return _Places(list(Area.objects.filter(level__in=["street", "zone"], centre_lat__isnull=False).order_by("code")))


class _Around:
    """Points 0.3–5 km outside a park (beyond the circle around its outline), in the district, in no park."""

    def __init__(self, rng, park, parks, places):
        ring = park.outline["coordinates"][0][:-1]
        self.rng, self.parks, self.places = rng, parks, places
        self.lat = sum(lat for _, lat in ring) / len(ring)
        self.lon = sum(lon for lon, _ in ring) / len(ring)
        self.km_per_degree_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(self.lat))
        self.radius_km = max(math.hypot((lon - self.lon) * self.km_per_degree_lon, (lat - self.lat) * KM_PER_DEGREE_LAT)
                             for lon, lat in ring)
        self.district = Area.objects.get(code=data.DISTRICT_CODE).outline

    def point(self, nearest_km: float, farthest_km: float) -> tuple[float, float, Area]:
        for _ in range(MAX_DRAWS):
            bearing = self.rng.uniform(0, 2 * math.pi)
            km = self.radius_km + self.rng.uniform(nearest_km, farthest_km)
            lat = round(self.lat + km * math.cos(bearing) / KM_PER_DEGREE_LAT, 6)
            lon = round(self.lon + km * math.sin(bearing) / self.km_per_degree_lon, 6)
            if geo.contains(self.district, lon, lat) and not any(geo.contains(p.outline, lon, lat) for p in self.parks):
                return lat, lon, self.places.nearest(lat, lon)
        raise RuntimeError("demo data: no point found around the park on land in the district")


def _major_hazard_enterprises(parks):
    """Enterprises in the parks with a major hazard unit, in a fixed order, alternating between the parks."""
    by_park = {park.pk: {} for park in parks}
    units = (HazardUnit.objects.filter(is_major=True, enterprise__park__in=parks, enterprise__lat__isnull=False)
             .select_related("enterprise__area").order_by("enterprise__uscc"))
    for unit in units:
        by_park[unit.enterprise.park_id].setdefault(unit.enterprise_id, unit.enterprise)
    rounds = itertools.zip_longest(*(list(enterprises.values()) for enterprises in by_park.values()))
    return [enterprise for round_ in rounds for enterprise in round_ if enterprise is not None]


# --- teams, stores and stock -----------------------------------------------------------------------------------

def _phone(rng) -> str:
    return rng.choice(("139", "138", "158", "186")) + "".join(rng.choice("0123456789") for _ in range(8))


def _person(rng) -> str:
    return rng.choice(data.SURNAMES) + rng.choice(data.GIVEN_NAMES)


def _team(name, kind, at, rng, *, specialties, equipment, duty_status=DutyStatus.ON_DUTY, **owner) -> RescueTeam:
    lat, lon, area = at
    headcount = {TeamKind.PROFESSIONAL: rng.randint(30, 45), TeamKind.ENTERPRISE: rng.randint(12, 25),
                 TeamKind.VOLUNTEER: rng.randint(20, 60)}[kind]
    return RescueTeam(name=name, kind=kind, area=area, lat=lat, lon=lon, headcount=headcount,
                      specialties=[str(s) for s in specialties], equipment=EQUIPMENT[equipment], duty_status=duty_status,
                      contact=_person(rng), phone=_phone(rng), **owner)


def _store(name, at, rng, **owner) -> Warehouse:
    lat, lon, area = at
    return Warehouse(name=name, area=area, lat=lat, lon=lon, contact=_person(rng), phone=_phone(rng), **owner)


def _catalogue() -> dict[str, tuple[SupplyItem, int | None]]:
    items = SupplyItem.objects.bulk_create([SupplyItem(name=name, category=category, unit=unit, min_quantity=minimum)
                                            for name, category, unit, minimum, _ in CATALOGUE])
    # Read back rather than rely on bulk_create setting ids, which depends on the database.
    by_name = {item.name: item for item in SupplyItem.objects.filter(name__in=[i.name for i in items])}
    return {name: (by_name[name], shelf_life) for name, _, _, _, shelf_life in CATALOGUE}


def _stock(rng, stores: dict[str, Warehouse], catalogue) -> None:
    today = timezone.localdate()
    saved = {w.name: w for w in Warehouse.objects.filter(name__in=[w.name for w in stores.values()])}
    showcase = {(role, item): condition for role, item, condition in SHOWCASE}
    stocks, movements = [], []
    for role, store in stores.items():
        warehouse = saved[store.name]
        names = HAZCHEM_KIT if role != "district" else [name for name, *_ in CATALOGUE]
        chosen = sorted(set(rng.sample(names, k=min(len(names), rng.randint(10, 16)))) |
                        {item for (r, item) in showcase if r == role})
        for name in chosen:
            item, shelf_life = catalogue[name]
            condition = showcase.get((role, name))
            for number in range(2 if shelf_life and rng.random() < 0.5 else 1):
                quantity = Decimal(max(1, round(int(item.min_quantity) * rng.uniform(1.2, 3.0))))
                expiry = today + timedelta(days=rng.randint(90, shelf_life)) if shelf_life else None
                if condition == "low":
                    quantity = Decimal(max(1, int(item.min_quantity) // 2 - number))
                elif condition in ("expiring", "expired") and number == 0:
                    expiry = today + timedelta(days=rng.randint(5, 25) if condition == "expiring" else -rng.randint(1, 20))
                batch = f"{(expiry or today) - timedelta(days=shelf_life or 365):%Y%m}-{number + 1}"
                stocks.append(Stock(warehouse=warehouse, item=item, batch=batch, expiry=expiry, quantity=quantity))
                movements.append(StockMovement(kind=MovementKind.IN, item=item, batch=batch, expiry=expiry,
                                               quantity=quantity, target=warehouse, note="期初库存",
                                               at=timezone.now() - timedelta(days=rng.randint(30, 300))))
    Stock.objects.bulk_create(stocks)
    StockMovement.objects.bulk_create(movements)


# --- experts, shelters and sensitive targets --------------------------------------------------------------

def _experts(rng) -> None:
    experts = []
    used = {EXPERT1}
    login = User.objects.filter(username="expert1").first()
    for index, (specialties, title, employer) in enumerate(EXPERT_PROFILES):
        if index == 0:
            name = EXPERT1
        else:
            name = _person(rng)
            while name in used:
                name = _person(rng)
            used.add(name)
        experts.append(Expert(name=name, specialties=[str(s) for s in specialties], title=title, employer=employer,
                              phone=_phone(rng), email=f"expert{index + 1:02d}@example.cn",
                              user=login if index == 0 else None))
    Expert.objects.bulk_create(experts)


def _around_parks(rng, parks, places) -> None:
    shelters, targets, names = [], [], set()
    for park in parks:
        near = _Around(rng, park, parks, places)
        for number in range(4):
            lat, lon, area = near.point(1.5, 5.0)
            kind = ("中心广场", "体育公园", "第一中学操场", "文化广场")[number]
            name = f"{area.name.removesuffix('街道')}{kind}应急避难场所"
            if name in names:
                continue
            names.add(name)
            capacity = rng.randrange(1000, 8000, 100)
            shelters.append(Shelter(name=name, area=area, lat=lat, lon=lon, capacity=capacity,
                                    area_m2=capacity * rng.choice((1.5, 2.0, 2.5)), contact=_person(rng),
                                    phone=_phone(rng), facilities="应急供水、应急照明、应急厕所、医疗救护点"))
        for kind, (count, (low, high), patterns) in TARGETS_AROUND_A_PARK.items():
            for n in range(1, count + 1):
                lat, lon, area = near.point(0.3, 5.0)
                place = area.name.removesuffix("街道")
                name = rng.choice(patterns).format(place=place, n=ORDINALS[n - 1], estate=rng.choice(ESTATES))
                if (area.pk, name) in names:
                    continue
                names.add((area.pk, name))
                targets.append(SensitiveTarget(name=name, kind=kind, area=area, lat=lat, lon=lon,
                                               population=rng.randrange(low, high, 10), contact=_person(rng),
                                               phone=_phone(rng)))
    Shelter.objects.bulk_create(shelters)
    SensitiveTarget.objects.bulk_create(targets)
