"""The demo data set: planned from a seed without touching the database, then written in one transaction.

`plan_demo` draws every random value from one `random.Random(seed)` in a fixed order, so a seed always
gives the same enterprises, places and licence numbers. Licence dates are offsets from the day it runs, so
a few licences are always expired or about to expire. `load_demo_data` writes a plan and records one audit
entry by the actor "demo-data", which is how the pages recognise demo data (worksafety/core/demo.py).
"""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from worksafety.core import audit, geo
from worksafety.core.choices import AreaLevel, AuditAction, Role
from worksafety.core.demo import DEMO_ACTOR
from worksafety.core.models import Area, Department, Sector, User
from worksafety.demo import data
from worksafety.demo.assessments import build_assessment_demo
from worksafety.demo.emergency import build_resource_demo
from worksafety.demo.enforcement_cases import build_enforcement_demo
from worksafety.demo.enforcement_setup import build_enforcement_setup_demo
from worksafety.demo.hazards import build_hazard_demo
from worksafety.demo.incidents import build_incident_demo
from worksafety.demo.indicators import build_indicator_demo
from worksafety.demo.monitoring import build_monitoring_demo
from worksafety.demo.plan_tasks import build_plan_task_demo
from worksafety.demo.plans import build_plan_demo
from worksafety.demo.risk import build_risk_demo
from worksafety.demo.tipoffs import build_check_record_demo, build_tipoff_demo
from worksafety.demo.warnings import build_warning_demo
from worksafety.registry.choices import Scale, StandardisationGrade, Status
from worksafety.registry.models import Enterprise, Licence, Park
from worksafety.standards import uscc

SIZES = ("small", "full")
DEFAULT_SEED = 20211
ENTERPRISE_LOGINS = {"small": 20, "full": 40}

KM_PER_DEGREE_LAT = 111.2
# Hazardous-chemical production and use sites are split 3 : 2 between 大孤山 and 松木岛.
PARK_WEIGHTS = (3, 2)
# Licence validity: three years; the shares expired and expiring within 30 days make the warnings visible.
LICENCE_YEARS = 3
EXPIRED_SHARE = 0.04
EXPIRING_SHARE = 0.04
MAX_DRAWS = 1000

GRADES = (StandardisationGrade.GRADE_1, StandardisationGrade.GRADE_2, StandardisationGrade.GRADE_3,
          StandardisationGrade.NONE)
STATUSES = (Status.OPERATING, Status.SUSPENDED, Status.CLOSED)


class DemoDataConflict(Exception):
    """The database already holds records the demo data would duplicate."""


# --- the plan ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    level: str
    parent_code: str | None
    centre: tuple[float, float] | None = None  # (lon, lat)
    outline: dict | None = None


@dataclass(frozen=True)
class Place:
    """A street or zone that enterprises are scattered around."""

    area_code: str
    name: str
    lon: float
    lat: float
    spread_km: float


@dataclass(frozen=True)
class ParkSpec:
    code: str
    name: str
    area_code: str
    outline: dict
    area_km2: float
    safety_rating: str


@dataclass(frozen=True)
class EnterpriseSpec:
    uscc: str
    name: str
    sector_code: str
    industry_code: str
    scale: str
    area_code: str
    park_code: str | None
    address: str
    lat: float
    lon: float
    legal_representative: str
    safety_manager: str
    safety_phone: str
    employees: int
    standardisation_grade: str
    status: str
    licence_kind: str | None  # the licence its line of business needs, if any


@dataclass(frozen=True)
class LicenceSpec:
    enterprise_uscc: str
    kind: str
    number: str
    issued_on: date
    expires_on: date
    issuer: str


@dataclass(frozen=True)
class LoginSpec:
    username: str
    full_name: str
    description: str  # what the login stands for, as printed for the person trying the demo
    role: str = ""
    is_superuser: bool = False
    area_code: str | None = None
    department_code: str | None = None
    park_code: str | None = None
    enterprise_uscc: str | None = None


@dataclass(frozen=True)
class DemoPlan:
    size: str
    seed: int
    today: date
    areas: tuple[AreaSpec, ...]
    parks: tuple[ParkSpec, ...]
    departments: tuple[data.DepartmentRow, ...]
    enterprises: tuple[EnterpriseSpec, ...]
    licences: tuple[LicenceSpec, ...]
    logins: tuple[LoginSpec, ...]

    def logins_with_prefix(self, prefix: str) -> list[LoginSpec]:
        return [login for login in self.logins if login.username.startswith(prefix)]

    def licences_expiring_within(self, days: int) -> int:
        last_day = self.today + timedelta(days=days)
        return sum(self.today <= licence.expires_on <= last_day for licence in self.licences)

    def licences_expired(self) -> int:
        return sum(licence.expires_on < self.today for licence in self.licences)


def plan_demo(size: str = "full", seed: int = DEFAULT_SEED, today: date | None = None) -> DemoPlan:
    """Everything the demo data holds, without touching the database."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, not {size!r}")
    today = today or timezone.localdate()
    rng = random.Random(seed)
    areas = plan_areas()
    parks = plan_parks()
    enterprises = plan_enterprises(rng, size, places(areas), parks)
    return DemoPlan(
        size=size,
        seed=seed,
        today=today,
        areas=areas,
        parks=parks,
        departments=data.DEPARTMENTS,
        enterprises=enterprises,
        licences=plan_licences(rng, enterprises, today),
        logins=plan_logins(areas, parks, enterprises, ENTERPRISE_LOGINS[size]),
    )


def street_code(number: int) -> str:
    return f"{data.DISTRICT_CODE}{number:03d}"


def plan_areas() -> tuple[AreaSpec, ...]:
    """The district, then each street followed by its communities, then the zones: parents come first."""
    areas = [AreaSpec(data.DISTRICT_CODE, data.DISTRICT_NAME, AreaLevel.DISTRICT, None,
                      outline=data.DISTRICT_OUTLINE)]
    for number, street in enumerate(data.STREETS, start=1):
        code = street_code(number)
        areas.append(
            AreaSpec(code, street.name, AreaLevel.STREET, data.DISTRICT_CODE, centre=(street.lon, street.lat))
        )
        areas.extend(
            AreaSpec(f"{code}{serial:03d}", name, AreaLevel.COMMUNITY, code)
            for serial, name in enumerate(street.communities, start=1)
        )
    areas.extend(
        AreaSpec(zone.code, zone.name, AreaLevel.ZONE, data.DISTRICT_CODE, centre=(zone.lon, zone.lat))
        for zone in data.ZONES
    )
    return tuple(areas)


def places(areas: tuple[AreaSpec, ...]) -> dict[str, Place]:
    """Streets and zones by name, with how widely enterprises spread around them."""
    spread_by_name = {street.name: street.spread_km for street in data.STREETS}
    spread_by_name.update({zone.name: zone.spread_km for zone in data.ZONES})
    return {
        area.name: Place(area.code, area.name, area.centre[0], area.centre[1], spread_by_name[area.name])
        for area in areas
        if area.level in (AreaLevel.STREET, AreaLevel.ZONE)
    }


def approximate_area_km2(outline: dict) -> float:
    """Shoelace area of a small polygon's outer ring, on a local flat projection (good to a few per cent)."""
    ring = outline["coordinates"][0]
    mean_lat = sum(lat for _, lat in ring) / len(ring)
    km_per_degree_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(mean_lat))
    twice_area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))
    return round(abs(twice_area) / 2 * km_per_degree_lon * KM_PER_DEGREE_LAT, 1)


def plan_parks() -> tuple[ParkSpec, ...]:
    street_codes = {street.name: street_code(number) for number, street in enumerate(data.STREETS, start=1)}
    return tuple(
        ParkSpec(park.code, park.name, street_codes[park.street], park.outline,
                 approximate_area_km2(park.outline), park.safety_rating)
        for park in data.PARKS
    )


class Draw:
    """Random values for enterprise records from one generator; names and USCCs never repeat."""

    def __init__(self, rng: random.Random, parks: tuple[ParkSpec, ...]):
        self.rng = rng
        self.parks = parks
        self.names: set[str] = set()
        self.usccs: set[str] = set()

    def unique(self, make, used: set[str]) -> str:
        for _ in range(MAX_DRAWS):
            value = make()
            if value not in used:
                used.add(value)
                return value
        raise RuntimeError("demo data: ran out of unique values; add entries to the pools in demo/data.py")

    def enterprise_name(self, suffix: str) -> str:
        return self.unique(lambda: f"大连{self.rng.choice(data.TRADE_NAMES)}{suffix}", self.names)

    def uscc(self, prefix: str) -> str:
        # Digits only in the organisation-code body: GB 11714 values letters A=10 … Z=35, while
        # organisation_code_check uses the USCC charset (no I, O, S, V, Z), so letters after H would get
        # a wrong 9th character.
        def make():
            body = self.digits(8)
            first17 = prefix + data.DISTRICT_CODE + body + uscc.organisation_code_check(body)
            return first17 + uscc.check_character(first17)

        return self.unique(make, self.usccs)

    def person(self) -> str:
        return self.rng.choice(data.SURNAMES) + self.rng.choice(data.GIVEN_NAMES)

    def two_people(self) -> tuple[str, str]:
        first = self.person()
        second = self.person()
        while second == first:
            second = self.person()
        return first, second

    def phone(self) -> str:
        if self.rng.random() < 0.8:
            return self.rng.choice(("13", "15", "18")) + self.digits(9)
        return "0411-8" + self.digits(7)

    def digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def address(self, place: Place) -> str:
        return f"大连金普新区{place.name}{self.rng.choice(data.ROADS)}{self.rng.randint(1, 300)}号"

    def point_in_park(self, park: ParkSpec) -> tuple[float, float]:
        ring = park.outline["coordinates"][0]
        lons, lats = [lon for lon, _ in ring], [lat for _, lat in ring]
        for _ in range(MAX_DRAWS):
            lon = self.rng.uniform(min(lons), max(lons))
            lat = self.rng.uniform(min(lats), max(lats))
            if geo.contains(park.outline, lon, lat):
                return round(lon, 6), round(lat, 6)
        raise RuntimeError(f"demo data: no point found inside {park.name}")

    def point_near(self, place: Place) -> tuple[float, float]:
        """A point scattered around the place, on land in the district and outside the chemical parks."""
        km_per_degree_lon = KM_PER_DEGREE_LAT * math.cos(math.radians(place.lat))
        for _ in range(MAX_DRAWS):
            lon = place.lon + self.rng.gauss(0, place.spread_km) / km_per_degree_lon
            lat = place.lat + self.rng.gauss(0, place.spread_km) / KM_PER_DEGREE_LAT
            if geo.contains(data.DISTRICT_OUTLINE, lon, lat) and not any(
                geo.contains(park.outline, lon, lat) for park in self.parks
            ):
                return round(lon, 6), round(lat, 6)
        raise RuntimeError(f"demo data: no point found near {place.name}; is its centre inside the district?")


def plan_enterprises(rng: random.Random, size: str, places_by_name: dict[str, Place],
                     parks: tuple[ParkSpec, ...]) -> tuple[EnterpriseSpec, ...]:
    draw = Draw(rng, parks)
    streets = [places_by_name[street.name] for street in data.STREETS]
    enterprises = []
    for profile in data.SECTOR_PROFILES:
        count = profile.full_count if size == "full" else profile.small_count
        homes = [places_by_name[name] for name in profile.places] or streets
        enterprises.extend(plan_enterprise(draw, profile, homes, places_by_name) for _ in range(count))
    return tuple(enterprises)


def plan_enterprise(draw: Draw, profile: data.SectorProfile, homes: list[Place],
                    places_by_name: dict[str, Place]) -> EnterpriseSpec:
    rng = draw.rng
    business = rng.choices(profile.businesses, weights=[b.weight for b in profile.businesses])[0]
    if business.in_park:
        park = rng.choices(draw.parks, weights=PARK_WEIGHTS)[0]
        place = next(p for p in places_by_name.values() if p.area_code == park.area_code)
        lon, lat = draw.point_in_park(park)
    else:
        park = None
        place = rng.choice(homes)
        lon, lat = draw.point_near(place)
    scale = Scale.ABOVE if rng.random() < profile.above_scale_share else Scale.SMALL
    legal_representative, safety_manager = draw.two_people()
    return EnterpriseSpec(
        uscc=draw.uscc(business.uscc_prefix),
        name=draw.enterprise_name(business.name_suffix),
        sector_code=profile.code,
        industry_code=business.industry_code,
        scale=scale,
        area_code=place.area_code,
        park_code=park.code if park else None,
        address=draw.address(place),
        lat=lat,
        lon=lon,
        legal_representative=legal_representative,
        safety_manager=safety_manager,
        safety_phone=draw.phone(),
        employees=rng.randint(*(profile.above_staff if scale == Scale.ABOVE else profile.small_staff)),
        standardisation_grade=rng.choices(GRADES, weights=profile.grade_weights)[0],
        status=rng.choices(STATUSES, weights=data.STATUS_WEIGHTS)[0],
        licence_kind=business.licence,
    )


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def draw_expiry(rng: random.Random, today: date) -> date:
    roll = rng.random()
    if roll < EXPIRED_SHARE:
        days = rng.randint(-60, -1)
    elif roll < EXPIRED_SHARE + EXPIRING_SHARE:
        days = rng.randint(0, 30)
    else:
        days = rng.randint(31, LICENCE_YEARS * 365)
    return today + timedelta(days=days)


def plan_licences(rng: random.Random, enterprises: tuple[EnterpriseSpec, ...],
                  today: date) -> tuple[LicenceSpec, ...]:
    """One licence for each enterprise whose business needs one; closed enterprises have given theirs up."""
    next_serial: dict[str, int] = {}
    licences = []
    for enterprise in enterprises:
        kind = enterprise.licence_kind
        if kind is None or enterprise.status == Status.CLOSED:
            continue
        # Serials only grow within a kind, so (kind, number) is unique whatever the year of issue.
        serial = next_serial.get(kind, rng.randint(1, 40))
        next_serial[kind] = serial + rng.randint(1, 6)
        expires_on = draw_expiry(rng, today)
        issued_on = years_before(expires_on, LICENCE_YEARS)
        style = data.LICENCE_STYLES[kind]
        number = style.number.format(year=issued_on.year, serial=serial)
        licences.append(LicenceSpec(enterprise.uscc, kind, number, issued_on, expires_on, style.issuer))
    return tuple(licences)


def pick_login_enterprises(enterprises: tuple[EnterpriseSpec, ...], count: int) -> list[EnterpriseSpec]:
    """Operating enterprises to log in as: some in 大孤山化工区, one of every sector, then the rest in order."""
    operating = [e for e in enterprises if e.status == Status.OPERATING]
    chosen = [e for e in operating if e.park_code == "dagushan"][: max(3, count // 8)]
    for profile in data.SECTOR_PROFILES:
        chosen_usccs = {e.uscc for e in chosen}
        chosen += [e for e in operating if e.sector_code == profile.code and e.uscc not in chosen_usccs][:1]
    chosen_usccs = {e.uscc for e in chosen}
    chosen += [e for e in operating if e.uscc not in chosen_usccs]
    return chosen[:count]


def plan_logins(areas: tuple[AreaSpec, ...], parks: tuple[ParkSpec, ...],
                enterprises: tuple[EnterpriseSpec, ...], enterprise_count: int) -> tuple[LoginSpec, ...]:
    district = data.DISTRICT_CODE
    logins = [
        LoginSpec("admin", "系统管理员", "系统管理员（全部权限）", is_superuser=True),
        LoginSpec("district", "区应急局值班员", "区应急管理局（全区）", Role.DISTRICT, area_code=district),
        LoginSpec("dept_yjj", "区应急管理局安全科", "区应急管理局（危化、非煤矿山、工贸、烟花爆竹）", Role.DEPARTMENT,
                  department_code="yjj"),
        LoginSpec("dept_transport", "区交通运输局安全科", "区交通运输局（道路运输、交通运输）", Role.DEPARTMENT,
                  department_code="jtj"),
        LoginSpec("dept_market", "区市场监管局特设科", "区市场监督管理局（特种设备）", Role.DEPARTMENT,
                  department_code="scjg"),
    ]
    # Every other department files its plan-task progress through a login of its own.
    named = {login.department_code for login in logins}
    logins += [
        LoginSpec(f"dept_{department.code}", f"{department.name}安全生产联络员", department.name, Role.DEPARTMENT,
                  department_code=department.code)
        for department in data.DEPARTMENTS if department.code not in named
    ]
    logins += [
        LoginSpec(f"park_{park.code}", f"{park.name}管委会安全处", park.name, Role.PARK, park_code=park.code)
        for park in parks
    ]
    logins += [
        LoginSpec(f"street_{area.code}", f"{area.name}安全生产办公室", area.name, Role.STREET, area_code=area.code)
        for area in areas
        if area.level in (AreaLevel.STREET, AreaLevel.ZONE)
    ]
    logins += [
        LoginSpec(f"ent_{e.uscc}", e.safety_manager, e.name, Role.ENTERPRISE, enterprise_uscc=e.uscc)
        for e in pick_login_enterprises(enterprises, enterprise_count)
    ]
    logins.append(LoginSpec("expert1", "王教授", "专家（全区只读）", Role.EXPERT, area_code=district))
    return tuple(logins)


# --- writing ----------------------------------------------------------------------------------------------

def find_conflicts(plan: DemoPlan) -> list[str]:
    """What already in the database the plan would duplicate, in words."""
    conflicts = []
    if Enterprise.objects.exists():
        conflicts.append(f"已有企业 {Enterprise.objects.count()} 家")
    checks = [
        (Area, "code", [a.code for a in plan.areas], "区域代码"),
        (Park, "code", [p.code for p in plan.parks], "园区代码"),
        (Department, "code", [d.code for d in plan.departments], "部门代码"),
        (User, "username", [login.username for login in plan.logins], "账号"),
    ]
    for model, field, values, label in checks:
        existing = sorted(model.objects.filter(**{f"{field}__in": values}).values_list(field, flat=True))
        if existing:
            more = " 等" if len(existing) > 3 else ""
            conflicts.append(f"{label} {'、'.join(existing[:3])}{more} 已存在")
    return conflicts


def create_areas(specs: tuple[AreaSpec, ...]) -> dict[str, Area]:
    areas: dict[str, Area] = {}
    for spec in specs:
        lon, lat = spec.centre or (None, None)
        areas[spec.code] = Area.objects.create(
            code=spec.code, name=spec.name, level=spec.level, parent=areas.get(spec.parent_code),
            centre_lat=lat, centre_lon=lon, outline=spec.outline,
        )
    return areas


def create_parks(specs: tuple[ParkSpec, ...], areas: dict[str, Area]) -> dict[str, Park]:
    return {
        spec.code: Park.objects.create(code=spec.code, name=spec.name, area=areas[spec.area_code],
                                       outline=spec.outline, area_km2=spec.area_km2,
                                       safety_rating=spec.safety_rating)
        for spec in specs
    }


def create_departments(rows: tuple[data.DepartmentRow, ...], district: Area) -> dict[str, Department]:
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    departments = {}
    for row in rows:
        department = Department.objects.create(code=row.code, name=row.name, area=district, phone=row.phone)
        department.sectors.set([sectors[code] for code in row.sector_codes])
        departments[row.code] = department
    return departments


def create_enterprises(specs: tuple[EnterpriseSpec, ...], areas: dict[str, Area],
                       parks: dict[str, Park]) -> dict[str, int]:
    """Bulk insert (no per-row audit entries: the one import entry covers them); returns ids by USCC."""
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                uscc=spec.uscc, name=spec.name, sector=sectors[spec.sector_code],
                industry_code=spec.industry_code, scale=spec.scale, area=areas[spec.area_code],
                park=parks.get(spec.park_code), address=spec.address, lat=spec.lat, lon=spec.lon,
                legal_representative=spec.legal_representative, safety_manager=spec.safety_manager, safety_phone=spec.safety_phone, employees=spec.employees,
                standardisation_grade=spec.standardisation_grade, status=spec.status,
            )
            for spec in specs
        ],
        batch_size=500,
    )
    # Read the ids back rather than rely on bulk_create setting them, which depends on the database.
    return dict(Enterprise.objects.filter(uscc__in=[spec.uscc for spec in specs]).values_list("uscc", "pk"))


def create_licences(specs: tuple[LicenceSpec, ...], enterprise_ids: dict[str, int]) -> None:
    Licence.objects.bulk_create(
        [
            Licence(enterprise_id=enterprise_ids[spec.enterprise_uscc], kind=spec.kind, number=spec.number,
                    issued_on=spec.issued_on, expires_on=spec.expires_on, issuer=spec.issuer)
            for spec in specs
        ],
        batch_size=500,
    )


def create_logins(specs: tuple[LoginSpec, ...], password: str, areas: dict[str, Area],
                  departments: dict[str, Department], parks: dict[str, Park],
                  enterprise_ids: dict[str, int]) -> None:
    # One hash for all: PBKDF2 takes a fifth of a second, and these logins share a published password anyway.
    password_hash = make_password(password)
    for spec in specs:
        user = User(
            username=spec.username, full_name=spec.full_name, role=spec.role,
            is_superuser=spec.is_superuser, is_staff=spec.is_superuser, area=areas.get(spec.area_code),
            department=departments.get(spec.department_code), park=parks.get(spec.park_code),
            enterprise_id=enterprise_ids.get(spec.enterprise_uscc),
        )
        user.password = password_hash
        user.save()


def build_demo(plan: DemoPlan, password: str) -> None:
    """Write the plan; the caller holds the transaction."""
    areas = create_areas(plan.areas)
    parks = create_parks(plan.parks, areas)
    departments = create_departments(plan.departments, areas[data.DISTRICT_CODE])
    enterprise_ids = create_enterprises(plan.enterprises, areas, parks)
    create_licences(plan.licences, enterprise_ids)
    create_logins(plan.logins, password, areas, departments, parks, enterprise_ids)


def summary(plan: DemoPlan) -> str:
    return (
        f"区域 {len(plan.areas)} 个，化工园区 {len(plan.parks)} 个，部门 {len(plan.departments)} 个，"
        f"企业 {len(plan.enterprises)} 家，许可证 {len(plan.licences)} 张，账号 {len(plan.logins)} 个"
        f"（规模 {plan.size}，随机种子 {plan.seed}）"
    )


def load_demo_data(size: str = "full", seed: int = DEFAULT_SEED) -> DemoPlan:
    """Plan and write the demo data in one transaction; refuses, changing nothing, if any of it exists."""
    plan = plan_demo(size, seed)
    with transaction.atomic():
        conflicts = find_conflicts(plan)
        if conflicts:
            raise DemoDataConflict("；".join(conflicts))
        build_demo(plan, settings.WORKSAFETY_DEMO_PASSWORD)
        build_risk_demo(seed)
        build_hazard_demo(seed)
        build_tipoff_demo(seed)
        build_check_record_demo(seed)
        build_monitoring_demo(seed)
        build_resource_demo(seed)
        build_warning_demo()
        build_incident_demo()
        build_plan_demo(seed)
        build_indicator_demo(seed)
        build_plan_task_demo(seed)
        build_enforcement_setup_demo(seed)
        build_enforcement_demo(seed)
        build_assessment_demo(seed)
        audit.record(AuditAction.IMPORT, actor_name=DEMO_ACTOR, object_repr=f"演示数据：{summary(plan)}")
    return plan


# --- the report -------------------------------------------------------------------------------------------

def count_by_level(plan: DemoPlan, level: str) -> int:
    return sum(area.level == level for area in plan.areas)


def login_line(login: LoginSpec) -> str:
    return f"  {login.username:<26}{login.description}"


def report(plan: DemoPlan, password: str) -> list[str]:
    """What `worksafety demo-data` prints: the counts, then the logins to try."""
    streets = plan.logins_with_prefix("street_")
    enterprises = plan.logins_with_prefix("ent_")
    sectors = len({e.sector_code for e in plan.enterprises})
    lines = [
        f"已生成演示数据（规模 {plan.size}，随机种子 {plan.seed}）：",
        f"  区域：1 个区、{count_by_level(plan, AreaLevel.STREET)} 个街道、"
        f"{count_by_level(plan, AreaLevel.ZONE)} 个功能区、{count_by_level(plan, AreaLevel.COMMUNITY)} 个社区/村；"
        f"化工园区 {len(plan.parks)} 个；部门 {len(plan.departments)} 个",
        f"  企业 {len(plan.enterprises)} 家（{sectors} 个行业领域）；许可证 {len(plan.licences)} 张，"
        f"其中已过期 {plan.licences_expired()} 张、30 天内到期 {plan.licences_expiring_within(30)} 张",
        "演示账号：",
    ]
    listed_below = ("street_", "ent_", "expert")
    lines += [login_line(login) for login in plan.logins if not login.username.startswith(listed_below)]
    lines += [login_line(login) for login in streets[:3]]
    lines.append(f"  …共 {len(streets)} 个街道/功能区账号（street_ + 区划代码）")
    lines += [login_line(login) for login in enterprises[:10]]
    lines.append(f"  …共 {len(enterprises)} 个企业账号（ent_ + 统一社会信用代码）")
    lines += [login_line(login) for login in plan.logins_with_prefix("expert")]
    # The enforcement demo adds the bureau's deciding official and legal reviewer (penalty cases need both).
    lines += [f"  {'bureau_chief':<26}区应急管理局局长（行政执法负责人）",
              f"  {'legal_review':<26}区应急管理局法制审核员（法制审核）"]
    lines.append(f"以上账号的密码均为：{password}（环境变量 WORKSAFETY_DEMO_PASSWORD 可修改）")
    return lines


def report_existing_logins(password: str) -> list[str]:
    """The demo logins as they stand in the database, for a `make demo` that finds its data already there."""
    users = User.objects.select_related("area", "department", "park", "enterprise").order_by("username")

    def line(user):
        scope = user.area or user.department or user.park or user.enterprise or "全部权限"
        return f"  {user.username:<26}{user.role_label}（{scope}）"

    streets = [u for u in users if u.username.startswith("street_")]
    enterprises = [u for u in users if u.username.startswith("ent_")]
    others = [u for u in users if not u.username.startswith(("street_", "ent_"))]
    lines = ["演示账号："] + [line(u) for u in others] + [line(u) for u in streets[:3]]
    lines.append(f"  …共 {len(streets)} 个街道/功能区账号（street_ + 区划代码）")
    lines += [line(u) for u in enterprises[:10]]
    lines.append(f"  …共 {len(enterprises)} 个企业账号（ent_ + 统一社会信用代码）")
    lines.append(f"演示账号的密码均为：{password}（除非已被修改）")
    return lines
