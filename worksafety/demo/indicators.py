"""Demo accidents 2016–2025 and the denominators of the plan's indicators, at the scale of a district of about a
million people: a few dozen accidents a year — road transport and building the most — falling at a different
pace in each sector, so some indicators keep to their line and others fall behind. A few recent accidents carry
an investigation (its measures registered as hazards or tasks through the services), one a 瞒报 finding, and
the incidents reviewed in the emergency demo become accident records (从事件生成).

Every figure is illustrative, not Jinpu's statistics; the denominators' source says so. Accidents and their
reports are written in bulk with the grade the model would compute and report times the services accept.
"""

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from worksafety.core.models import Area, Sector, User
from worksafety.emergency.incidents.models import IncidentState
from worksafety.indicators.accidents import services
from worksafety.indicators.accidents.choices import MeasureKind, Misreporting
from worksafety.indicators.accidents.models import Accident, AccidentReport
from worksafety.indicators.kpis.choices import DenominatorKind
from worksafety.indicators.kpis.models import Denominator
from worksafety.registry.models import Enterprise
from worksafety.standards import accidents

YEARS = range(2016, 2026)
ACCIDENTS_IN_FIRST_YEAR = 44
# sector: (share of the first year's accidents, yearly decline, GB 6441 types, share with an enterprise, deaths
# per accident). Industry and trade stay flat and special equipment falls slowly, so their indicators lag.
SECTOR_MIX = {
    "road_transport": (0.34, 0.05, ("车辆伤害",), 0.6, 1.1),
    "construction": (0.16, 0.06, ("高处坠落", "物体打击", "坍塌", "起重伤害"), 1.0, 1.0),
    "industry_trade": (0.13, 0.0, ("机械伤害", "物体打击", "触电", "中毒和窒息"), 1.0, 0.9),
    "fire_key_unit": (0.07, 0.04, ("火灾",), 0.7, 1.0),
    "agri_fishery": (0.06, 0.03, ("淹溺",), 0.8, 0.8),
    "special_equipment": (0.06, 0.02, ("起重伤害", "容器爆炸", "锅炉爆炸"), 1.0, 1.0),
    "hazchem": (0.06, 0.08, ("中毒和窒息", "其他爆炸", "灼烫", "火灾"), 1.0, 1.2),
    "transport": (0.04, 0.04, ("淹溺", "物体打击"), 0.8, 1.0),
    "urban_gas": (0.04, 0.05, ("其他爆炸", "中毒和窒息"), 0.8, 1.0),
    "mining": (0.02, 0.05, ("坍塌", "放炮"), 1.0, 1.0),
    "power": (0.02, 0.03, ("触电",), 1.0, 1.0),
}
JITTER = 0.08  # a year's count may stray this far from the trend
LATE_SHARE = 0.06
# kind: (value in the first year, yearly growth, decimals); illustrative magnitudes for a district of ~1 M.
DENOMINATORS = {
    DenominatorKind.GDP: (2050, 0.055, 1),
    DenominatorKind.INDUSTRIAL_EMPLOYEES: (365_000, 0.01, 0),
    DenominatorKind.COMMERCIAL_VEHICLES: (26_500, 0.03, 0),
    DenominatorKind.SPECIAL_EQUIPMENT: (38_000, 0.045, 0),
    DenominatorKind.POPULATION: (1_010_000, 0.008, 0),
    DenominatorKind.AQUATIC_OUTPUT: (30.5, -0.015, 2),
    DenominatorKind.CONSTRUCTION_OUTPUT: (310, 0.02, 1),
}
DENOMINATOR_SOURCE = "演示数据：示意值，非金普新区统计数据"
INVESTIGATED = 4
INVESTIGATION_MEASURES = [
    (MeasureKind.HAZARD, "作业现场安全防护设施缺失"),
    (MeasureKind.HAZARD, "特种作业人员未持证上岗"),
    (MeasureKind.TASK, "开展同类企业专项检查并通报事故教训"),
]


def build_indicator_demo(seed: int) -> None:
    rng = random.Random(seed * 7919)
    district = User.objects.get(username="district")
    _denominators(rng)
    created = _accidents(rng, district)
    _investigate(rng, created, district)
    _mark_concealed(created)
    for incident in services.incidents_to_record(district).filter(state=IncidentState.REVIEWED):
        services.do_record_accident(services.draft_from_incident(incident), user=district)


def _denominators(rng: random.Random) -> None:
    existing = set(Denominator.objects.values_list("kind", "year"))  # never overwrite figures someone entered
    rows = []
    for kind, (first, growth, decimals) in DENOMINATORS.items():
        for year in YEARS:
            value = first * (1 + growth) ** (year - YEARS[0]) * rng.uniform(0.99, 1.01)
            if (kind, year) not in existing:
                rows.append(Denominator(kind=kind, year=year, value=Decimal(f"{value:.{decimals}f}"),
                                        source=DENOMINATOR_SOURCE))
    Denominator.objects.bulk_create(rows)


def _around(rng: random.Random, mean: float) -> int:
    return round(mean * rng.uniform(1 - JITTER, 1 + JITTER))


def _spread(rng: random.Random, deaths: int, count: int) -> list[int]:
    """A year's deaths over its accidents: one each first (some accidents only injure), the rest in one
    accident — which is how a 较大 accident (three or more deaths) shows up."""
    per_accident = [1 if index < deaths else 0 for index in range(count)]
    if count and deaths > count:
        per_accident[0] += deaths - count
    rng.shuffle(per_accident)
    return per_accident


def _accidents(rng: random.Random, district) -> list[Accident]:
    sectors = {sector.code: sector for sector in Sector.objects.filter(code__in=SECTOR_MIX)}
    enterprises: dict[int, list[Enterprise]] = {}
    for enterprise in Enterprise.objects.select_related("area").order_by("pk"):
        enterprises.setdefault(enterprise.sector_id, []).append(enterprise)
    streets = list(Area.objects.filter(level__in=["street", "zone"]).order_by("code"))
    planned = []
    for year in YEARS:
        for code, (share, decline, types, with_enterprise, deaths_each) in SECTOR_MIX.items():
            mean = ACCIDENTS_IN_FIRST_YEAR * share * (1 - decline) ** (year - YEARS[0])
            count = _around(rng, mean)
            candidates = enterprises.get(sectors[code].pk, [])
            for deaths in _spread(rng, _around(rng, mean * deaths_each), count):
                enterprise = rng.choice(candidates) if candidates and rng.random() < with_enterprise else None
                planned.append(_accident(rng, year, sectors[code], rng.choice(types), deaths, enterprise, streets,
                                         district))
    created = Accident.objects.bulk_create(planned)
    AccidentReport.objects.bulk_create(report for accident in created for report in _reports(rng, accident, district))
    return created


def _accident(rng, year, sector, accident_type, deaths, enterprise, streets, district) -> Accident:
    occurred = timezone.make_aware(datetime(year, 1, 1, rng.randint(6, 20), rng.choice((0, 15, 30, 45)))
                                   + timedelta(days=rng.randrange(365)))
    missing = 1 if accident_type == "淹溺" and rng.random() < 0.3 else 0
    # Casualty costs dominate the direct loss (GB 6721-1986): about 1.1–1.6 million 元 per death.
    loss = deaths * rng.uniform(1_100_000, 1_600_000) + rng.uniform(30_000, 800_000)
    area = enterprise.area if enterprise else rng.choice(streets)
    where = enterprise.name if enterprise else area.name
    accident = Accident(
        title=f"{where}“{occurred.month}·{occurred.day}”{accident_type}事故", occurred_at=occurred,
        place=enterprise.address if enterprise else f"{area.name}辖区道路", area=area, sector=sector,
        enterprise=enterprise, park_id=enterprise.park_id if enterprise else None, accident_type=accident_type,
        road_traffic=accident_type == "车辆伤害" and sector.code == "road_transport", deaths=deaths, missing=missing,
        serious_injuries=rng.choice((0, 0, 0, 1, 2)), minor_injuries=rng.choice((0, 1, 2, 3)),
        direct_loss_yuan=Decimal(f"{loss:.2f}"), recorded_by=district)
    accident.grade = accident.compute_grade()  # bulk_create skips save(), which sets it
    return accident


def _reports(rng, accident: Accident, district) -> list[AccidentReport]:
    """Each level reported within its time but for a few late ones; each deadline counts from the report below
    (第九–十一条), so they are computed one level at a time."""
    reports, reported, made = [], {}, accident.occurred_at
    for authority in accidents.reporting_chain(accident.grade):
        due = dict((a.code, d) for a, d in accidents.report_deadlines(accident.grade, accident.occurred_at,
                                                                       reported))[authority.code]
        if rng.random() < LATE_SHARE:
            made = due + timedelta(minutes=rng.randint(10, 120))
        else:
            made = made + (due - made) * rng.uniform(0.2, 0.9)
        reported[authority.code] = made
        reports.append(AccidentReport(accident=accident, authority=authority.code, reported_at=made,
                                      recorded_by=district))
    return reports


def _investigate(rng, created: list[Accident], district) -> None:
    """The latest fatal accidents of enterprises get their investigation report, two to three months on."""
    fatal = sorted((a for a in created if a.deaths and a.enterprise_id), key=lambda a: a.occurred_at)[-INVESTIGATED:]
    for accident in fatal:
        report_date = min(timezone.localdate(), (accident.occurred_at + timedelta(days=rng.randint(60, 90))).date())
        services.do_record_investigation(
            accident, user=district, report_date=report_date,
            cause=f"{accident.accident_type}：作业人员违章作业，现场安全管理缺失，隐患排查治理不到位。",
            responsibility="事发单位主要负责人未履行安全生产管理职责，对事故发生负有责任，建议依法给予行政处罚。",
            measures=INVESTIGATION_MEASURES)


def _mark_concealed(created: list[Accident]) -> None:
    """One fatal accident of 2019 was concealed (瞒报) and reported only when a tip-off exposed it, 40 days on."""
    concealed = next((a for a in created if a.occurred_at.year == 2019 and a.deaths and a.enterprise_id), None)
    if concealed is None:
        return
    Accident.objects.filter(pk=concealed.pk).update(
        misreporting=Misreporting.CONCEALED,
        misreporting_note="经举报核查，事发单位未按规定上报事故，区应急管理局认定为瞒报（演示数据）。")
    exposed = concealed.occurred_at + timedelta(days=40)
    for level, report in enumerate(AccidentReport.objects.filter(accident=concealed).order_by("reported_at")):
        report.reported_at = exposed + timedelta(hours=level)
        report.save(update_fields=["reported_at"])
