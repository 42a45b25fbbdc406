"""Demo enforcement year: checklists per sector, about two thousand inspections since 1 January (the plan's key
inspections, one per 双随机 pick, seasonal campaigns, tip-off checks, joint and purchased-service ones, and 复查
of earlier findings), their findings as hazards, and about a hundred penalty cases with fines in the 百万元 range.

The year is bulk-written (the ORM one row at a time would take minutes), every row as the services would have
left it: inspectors valid on the day and free of declared conflicts, hazards with the HazardEvent history their
state implies along `hazards.workflow` (as demo/hazards.py does), cases with the CaseEvent history of
`enforcement.cases.workflow`, a legal review wherever the decision is major, numbers drawn from the organs'
counters. Documents are rendered only for what is done through the services at the end — a few inspections
completed on site and one case in every state of the workflow — since rendering two formats of each of
thousands of documents would take most of a minute (docs/design.md).
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from worksafety.core.choices import Role
from worksafety.core.models import Department, Sector, User
from worksafety.core.workflow import transition
from worksafety.demo.hazards import ACTIONS, ENTERPRISE_ACTIONS, GENERAL_PATH, MAJOR_PATH
from worksafety.enforcement.agencies.models import ThirdPartyAgency
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.choices import (
    CASE_NUMBER_CODE,
    CASE_NUMBER_KEY,
    MAJOR_MEASURES,
    CaseOutcome,
    CaseSource,
    CaseState,
    MeasureKind,
    ReviewConclusion,
    StatementKind,
)
from worksafety.enforcement.cases.models import (
    CaseEvent,
    CaseMeasure,
    CaseStatement,
    JudicialTransfer,
    LegalReview,
    PenaltyCase,
)
from worksafety.enforcement.draws.models import DrawPick
from worksafety.enforcement.inspections import documents
from worksafety.enforcement.inspections import services as inspections
from worksafety.enforcement.inspections.choices import InspectionKind, InspectionStatus, ItemResult
from worksafety.enforcement.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionResult,
)
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.models import PlanTarget
from worksafety.enforcement.plans.services import sector_departments
from worksafety.hazards.choices import HazardLevel, Source, State
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.registry.models import Enterprise
from worksafety.standards import workdays

# --- checklists (demo data: a district publishes its own) ----------------------------------------------------

SAFETY_LAW = "《中华人民共和国安全生产法》"
COMMON_ITEMS = [
    ("主要负责人和安全生产管理人员经考核合格", SAFETY_LAW, False, "safety"),
    ("建立并落实全员安全生产责任制", SAFETY_LAW, False, "safety"),
    ("从业人员经安全生产教育和培训合格", SAFETY_LAW, False, "safety"),
    ("开展事故隐患排查治理并如实记录", "《安全生产事故隐患排查治理暂行规定》", False, "safety"),
    ("安全设备经常性维护、保养并定期检测", SAFETY_LAW, False, "equipment"),
    ("疏散通道、安全出口畅通，消防器材完好", "《中华人民共和国消防法》", False, "fire"),
    ("制定生产安全事故应急预案并定期演练", "《生产安全事故应急条例》", False, "safety"),
]
HAZCHEM_MAJOR = "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》"
SECTOR_ITEMS = {
    "hazchem": [
        ("特种作业人员持证上岗", HAZCHEM_MAJOR, True, "safety"),
        ("涉及“两重点一重大”的装置装备自动化控制系统并投用", HAZCHEM_MAJOR, True, "instrument"),
        ("可燃和有毒气体泄漏检测报警装置设置并投用", HAZCHEM_MAJOR, True, "instrument"),
        ("动火、受限空间等特殊作业办理作业票", "GB 30871-2022《危险化学品企业特殊作业安全规范》", False, "process"),
        ("危险化学品储存符合国家标准，罐区防火堤完好", "《危险化学品安全管理条例》", False, "layout"),
    ],
    "mining": [("按规定设置安全出口", "《金属非金属矿山重大事故隐患判定标准》", True, "layout"),
               ("爆破作业符合 GB 6722《爆破安全规程》", "GB 6722《爆破安全规程》", False, "process")],
    "industry_trade": [("粉尘爆炸危险场所除尘系统按规定设置", "《工贸企业重大事故隐患判定标准》", True, "process"),
                       ("有限空间作业前检测通风并设专人监护", "《工贸企业有限空间作业安全规定》", False, "process")],
    "fireworks": [("烟花爆竹储存不超量、不混存", "《烟花爆竹安全管理条例》", True, "layout")],
    "construction": [("深基坑、高大模板等危大工程按专项方案施工", "《房屋市政工程生产安全重大事故隐患判定标准》", True,
                      "process"),
                     ("施工现场临时用电符合规范", "JGJ 46《施工现场临时用电安全技术规范》", False, "electrical")],
    "urban_gas": [("燃气设施安全间距符合要求，泄漏报警装置完好", "《城镇燃气管理条例》", True, "equipment")],
    "special_equipment": [("特种设备定期检验合格并登记使用", "TSG 08-2017《特种设备使用管理规则》", False, "equipment")],
    "road_transport": [("危险货物运输车辆动态监控装置正常运行", "《道路危险货物运输管理规定》", False, "instrument")],
    "fire_key_unit": [("消防控制室值班人员持证在岗", "《中华人民共和国消防法》", False, "fire")],
}
# What an inspector writes down when an item fails: the defect, which is also the hazard's title (a hazard
# says what is wrong, the checklist what is required).
DEFECTS = {
    "主要负责人和安全生产管理人员经考核合格": "安全生产管理人员未经考核合格即上岗",
    "建立并落实全员安全生产责任制": "班组岗位安全生产责任制缺失",
    "从业人员经安全生产教育和培训合格": "新入职操作工未经三级安全教育上岗",
    "开展事故隐患排查治理并如实记录": "隐患排查记录缺失，近三个月未开展排查",
    "安全设备经常性维护、保养并定期检测": "安全阀、压力表超期未检测",
    "疏散通道、安全出口畅通，消防器材完好": "疏散通道堆放杂物，灭火器压力不足",
    "制定生产安全事故应急预案并定期演练": "应急预案未按期演练",
    "特种作业人员持证上岗": "特种作业人员无证上岗",
    "涉及“两重点一重大”的装置装备自动化控制系统并投用": "重点监管装置自动化控制系统未投用",
    "可燃和有毒气体泄漏检测报警装置设置并投用": "储罐区可燃气体报警器故障、部分缺失",
    "动火、受限空间等特殊作业办理作业票": "动火作业未办理作业票",
    "危险化学品储存符合国家标准，罐区防火堤完好": "罐区防火堤破损，穿堤管线未封堵",
    "按规定设置安全出口": "井下安全出口不足两个",
    "爆破作业符合 GB 6722《爆破安全规程》": "爆破作业警戒距离不足",
    "粉尘爆炸危险场所除尘系统按规定设置": "粉尘爆炸危险场所除尘系统未按规定设置",
    "有限空间作业前检测通风并设专人监护": "有限空间作业未检测通风、无人监护",
    "烟花爆竹储存不超量、不混存": "成品仓库超量储存、混存",
    "深基坑、高大模板等危大工程按专项方案施工": "深基坑未按专项方案施工",
    "施工现场临时用电符合规范": "临时用电未设漏电保护",
    "燃气设施安全间距符合要求，泄漏报警装置完好": "燃气泄漏报警装置失效",
    "特种设备定期检验合格并登记使用": "特种设备超期未检验",
    "危险货物运输车辆动态监控装置正常运行": "危险货物运输车辆动态监控装置离线",
    "消防控制室值班人员持证在岗": "消防控制室值班人员无证上岗",
}
FAILURE_RATE = {"red": 0.14, "orange": 0.11, "yellow": 0.08, "blue": 0.05, "": 0.07}  # per ordinary item
MAJOR_FAILURE_RATE = 0.012
NOT_APPLICABLE_RATE = 0.04

# --- the year's work -----------------------------------------------------------------------------------------

CAMPAIGNS = ((2, 0.40), (6, 0.50), (8, 0.40), (9, 0.45), (11, 0.35))  # (month, share of enterprises visited)
TIPOFF_SHARE, JOINT_INSPECTIONS, PURCHASED_SHARE = 0.07, 6, 0.08
FOLLOW_UP_SHARE = 0.65  # inspections with findings whose 复查 is due are rechecked this often
RECHECK_PASS_RATE = 0.85
CASE_SHARE = 0.11  # of inspections with findings
CAUSES = [
    ("未按规定对安全设备进行经常性维护、保养和定期检测", "第三十六条第二款", "第九十九条第（二）项", (20000, 50000)),
    ("未如实记录安全生产教育和培训情况", "第二十八条第四款", "第九十七条第（四）项", (10000, 30000)),
    ("未采取措施消除事故隐患", "第四十一条第二款", "第一百零二条", (30000, 100000)),
    ("特种作业人员未按规定经专门的安全作业培训并取得相应资格上岗作业", "第三十条第一款", "第九十七条第（七）项",
     (20000, 50000)),
    ("未在有较大危险因素的场所设置明显的安全警示标志", "第三十五条", "第九十九条第（一）项", (10000, 30000)),
]


@dataclass
class Year:
    """What the demo year is built from, read once."""

    rng: random.Random
    today: date
    district_user: User
    official: User  # the district bureau's deciding official (bureau_chief)
    reviewer: User  # its legal reviewer (legal_review)
    investigator: Inspector  # the roster entry the district login acts as
    organ_users: dict  # department id (None: the district bureau) -> login that records its work
    inspectors: dict  # department id (None: the district bureau) -> [Inspector]
    templates: dict  # sector id -> (template, [ChecklistItem])
    departments_by_sector: dict  # sector id -> Department supervising it (for 挂牌督办)
    agencies: list
    inspection_type: ContentType = None


def build_enforcement_demo(seed: int) -> None:
    rng = random.Random(seed * 15485863)
    today = timezone.localdate()
    year = _prepare(rng, today)
    inspections_done = _inspections(year)
    hazards = _findings(year, inspections_done)
    _follow_ups(year, inspections_done, hazards)
    _cases(year, inspections_done)
    _through_the_services(year)


def _login(like: User, username: str, full_name: str, group: Group) -> User:
    # Same role, area and (demo) password as the district login it works beside.
    user = User(username=username, full_name=full_name, role=like.role, area=like.area, password=like.password)
    user.save()
    user.groups.add(group)
    return user


def _prepare(rng, today) -> Year:
    """Who does the work: the district login acts as a roster inspector; a deciding official and a legal reviewer
    join the bureau (logins bureau_chief, legal_review); each department's login decides its organ's cases."""
    district = User.objects.get(username="district")
    officials = Group.objects.get_or_create(name=case_workflow.DECIDING_OFFICIALS)[0]
    reviewers = Group.objects.get_or_create(name=case_workflow.LEGAL_REVIEWERS)[0]
    official = _login(district, "bureau_chief", "区应急管理局局长", officials)
    reviewer = _login(district, "legal_review", "区应急管理局法制审核员", reviewers)
    organ_users = {None: district}
    for user in User.objects.filter(role=Role.DEPARTMENT).order_by("username"):
        organ_users.setdefault(user.department_id, user)
        user.groups.add(officials)
    roster: dict = {}
    for inspector in Inspector.objects.filter(active=True).order_by("pk").prefetch_related("conflicts"):
        roster.setdefault(inspector.department_id, []).append(inspector)
    investigator = next(i for i in roster[None] if i.is_valid_on(today) and i.user_id is None)
    Inspector.objects.filter(pk=investigator.pk).update(user=district)
    investigator.user = district
    return Year(rng=rng, today=today, district_user=district, official=official, reviewer=reviewer,
                investigator=investigator, organ_users=organ_users, inspectors=roster,
                templates=_checklists(), departments_by_sector=sector_departments(),
                agencies=list(ThirdPartyAgency.objects.order_by("pk")),
                inspection_type=ContentType.objects.get_for_model(Inspection))


def _checklists() -> dict:
    templates = {}
    for sector in Sector.objects.all():
        template = ChecklistTemplate.objects.create(name=f"{sector.name}执法检查表", sector=sector,
                                                    description="依据有关法律法规和重大事故隐患判定标准编制。")
        rows = COMMON_ITEMS + SECTOR_ITEMS.get(sector.code, [])
        items = ChecklistItem.objects.bulk_create([
            ChecklistItem(template=template, order=n, text=text, legal_basis=basis, is_major=major, hazard_type=kind)
            for n, (text, basis, major, kind) in enumerate(rows, start=1)])
        templates[sector.pk] = (template, items)
    return templates


# --- inspections -------------------------------------------------------------------------------------------


@dataclass
class Planned:
    """One inspection to write, before it has a primary key."""

    inspection: Inspection
    inspectors: list
    joint: list = field(default_factory=list)
    results: list = field(default_factory=list)


def _day_in(year: Year, first: date, last: date) -> date:
    last = min(last, year.today)
    return first + timedelta(days=year.rng.randint(0, max((last - first).days, 0)))


DERIVED = object()  # _plan's organ: from the plan target's or the sector's department


def _organ(year: Year, enterprise, department):
    """The department that inspects — the one responsible, else the sector's — when it has inspectors of its
    own, else the district bureau (None)."""
    department = department or year.departments_by_sector.get(enterprise.sector_id)
    return department if department is not None and year.inspectors.get(department.pk) else None


def _pick_inspectors(year: Year, department, enterprise, day) -> list:
    pool = [i for i in year.inspectors.get(department.pk if department else None, ())
            if i.is_valid_on(day) and enterprise not in i.conflicts.all()]
    return year.rng.sample(pool, 2) if len(pool) >= 2 else []


def _plan(year: Year, enterprise, kind, day, *, department=DERIVED, responsible=None, pick=None, target=None,
          inspectors=None, follow_up_of=None) -> Planned | None:
    if department is DERIVED:
        department = _organ(year, enterprise, responsible)
    inspectors = inspectors or _pick_inspectors(year, department, enterprise, day)
    if len(inspectors) < 2:
        return None
    issuer = documents.department_issuer(department) if department else documents.district_bureau()
    template = None if follow_up_of else year.templates[enterprise.sector_id][0]
    agency = year.rng.choice(year.agencies) if year.agencies and kind in (
        InspectionKind.KEY, InspectionKind.CAMPAIGN) and year.rng.random() < PURCHASED_SHARE else None
    inspection = Inspection(
        enterprise=enterprise, kind=kind, inspected_on=day, status=InspectionStatus.COMPLETED, template=template,
        pick=pick, plan_target=target, department=department, organ=issuer.organ, issuer_key=issuer.key,
        agency=agency, follow_up_of=follow_up_of, location=enterprise.address,
        summary="检查情况见检查项记录。", created_by=year.organ_users.get(department.pk if department else None,
                                                                    year.district_user),
        completed_at=timezone.make_aware(datetime.combine(day, time(16))))
    return Planned(inspection, inspectors)


def _inspections(year: Year) -> list[Planned]:
    rng, today = year.rng, year.today
    start = date(today.year, 1, 1)
    enterprises = list(Enterprise.objects.exclude(status="closed").order_by("uscc"))
    planned: list[Planned | None] = []
    progress = (today - start).days / 365
    for target in PlanTarget.objects.filter(plan__year=today.year).select_related("enterprise",
                                                                                  "responsible_department"):
        for _ in range(round(target.key_inspections * progress * rng.uniform(0.75, 1.15))):
            planned.append(_plan(year, target.enterprise, InspectionKind.KEY, _day_in(year, start, today),
                                 responsible=target.responsible_department, target=target))
    for pick in DrawPick.objects.filter(draw__drawn_at__year=today.year).select_related("enterprise", "draw") \
            .prefetch_related("inspectors"):
        drawn = timezone.localdate(pick.draw.drawn_at)
        day = _day_in(year, drawn, drawn + timedelta(days=20))
        drawn_inspectors = [i for i in pick.inspectors.all() if i.is_valid_on(day)]
        if drawn_inspectors:  # the drawn inspectors inspect, as the organ they belong to
            planned.append(_plan(year, pick.enterprise, InspectionKind.RANDOM, day, pick=pick,
                                 department=drawn_inspectors[0].department, inspectors=drawn_inspectors))
    for month, share in CAMPAIGNS:
        if date(today.year, month, 1) <= today:
            for enterprise in rng.sample(enterprises, round(len(enterprises) * share)):
                first = date(today.year, month, 1)
                planned.append(_plan(year, enterprise, InspectionKind.CAMPAIGN,
                                     _day_in(year, first, first + timedelta(days=27))))
    for enterprise in rng.sample(enterprises, round(len(enterprises) * TIPOFF_SHARE)):
        planned.append(_plan(year, enterprise, InspectionKind.TIPOFF, _day_in(year, start, today)))
    joint_departments = list(Department.objects.filter(code__in=("xf", "scjg", "zjj")))
    in_parks = [e for e in enterprises if e.park_id]
    for enterprise in rng.sample(in_parks, min(JOINT_INSPECTIONS, len(in_parks))):
        joint = _plan(year, enterprise, InspectionKind.JOINT, _day_in(year, start, today))
        if joint:
            joint.joint = rng.sample(joint_departments, 2)
        planned.append(joint)
    planned = [p for p in planned if p is not None]
    for p in planned:
        p.results = _results(year, p.inspection)
    _write(planned)
    return planned


def _results(year: Year, inspection: Inspection) -> list[InspectionResult]:
    rng = year.rng
    rate = FAILURE_RATE.get(inspection.enterprise.risk_colour, FAILURE_RATE[""])
    # A 重大隐患 at an enterprise graded blue would contradict its grade (demo/risk.py grades 从严从高).
    major_rate = 0 if inspection.enterprise.risk_colour == "blue" else MAJOR_FAILURE_RATE
    results = []
    for item in year.templates[inspection.enterprise.sector_id][1]:
        roll = rng.random()
        if roll < (major_rate if item.is_major else rate):
            outcome, note = ItemResult.FAILED, DEFECTS[item.text]
        elif roll > 1 - NOT_APPLICABLE_RATE and not item.is_major:
            outcome, note = ItemResult.NOT_APPLICABLE, ""
        else:
            outcome, note = ItemResult.PASSED, ""
        results.append(InspectionResult(item=item, order=item.order, text=item.text, legal_basis=item.legal_basis,
                                        is_major=item.is_major, hazard_type=item.hazard_type, result=outcome,
                                        note=note))
    return results


def _write(planned: list[Planned]) -> None:
    Inspection.objects.bulk_create([p.inspection for p in planned], batch_size=500)
    through = Inspection.inspectors.through
    through.objects.bulk_create([through(inspection_id=p.inspection.pk, inspector_id=i.pk)
                                 for p in planned for i in p.inspectors], batch_size=2000)
    joint = Inspection.joint_departments.through
    joint.objects.bulk_create([joint(inspection_id=p.inspection.pk, department_id=d.pk)
                               for p in planned for d in p.joint])
    for p in planned:
        for result in p.results:
            result.inspection = p.inspection
    InspectionResult.objects.bulk_create([r for p in planned for r in p.results], batch_size=2000)


# --- findings, hazards, 复查 --------------------------------------------------------------------------------


def _deadline(year: Year, inspection: Inspection) -> date:
    return inspection.inspected_on + timedelta(days=year.rng.choice((7, 15, 30)))


def _findings(year: Year, planned: list[Planned]) -> dict:
    """Each failed item becomes a hazard; returns {result pk: hazard} (states set later, with the 复查)."""
    hazards = {}
    for p in planned:
        inspection = p.inspection
        failed = [r for r in p.results if r.result == ItemResult.FAILED]
        if not failed:
            continue
        inspection.rectification_deadline = _deadline(year, inspection)
        for result in failed:
            major = result.is_major
            hazards[result.pk] = Hazard(
                enterprise=inspection.enterprise, source=Source.ENFORCEMENT, origin_type=year.inspection_type,
                origin_id=inspection.pk, checklist_item=result.text, title=result.note, description=result.note,
                level=HazardLevel.MAJOR if major else HazardLevel.GENERAL,
                major_criterion=result.legal_basis[:200] if major else "", hazard_type=result.hazard_type,
                found_on=inspection.inspected_on, found_by=inspection.created_by,
                deadline=inspection.rectification_deadline, state=State.REGISTERED)
    Inspection.objects.bulk_update([p.inspection for p in planned if p.inspection.rectification_deadline],
                                   ["rectification_deadline"], batch_size=500)
    return hazards


def _follow_ups(year: Year, planned: list[Planned], hazards: dict) -> None:
    """复查 of inspections whose deadline has passed; every hazard gets the state and history it would have."""
    rng, today = year.rng, year.today
    follow_ups, outcomes = [], {}
    for p in planned:
        inspection = p.inspection
        found = [r for r in p.results if r.pk in hazards]
        deadline = inspection.rectification_deadline
        if not found or deadline >= today or rng.random() > FOLLOW_UP_SHARE:
            continue
        day = min(deadline + timedelta(days=rng.randint(1, 10)), today)
        follow_up = _plan(year, inspection.enterprise, InspectionKind.FOLLOW_UP, day,
                          department=inspection.department, follow_up_of=inspection)
        if follow_up is None:
            continue
        for order, result in enumerate(found, start=1):
            passed = rng.random() < RECHECK_PASS_RATE
            outcomes[result.pk] = (passed, day, follow_up.inspection.created_by)
            follow_up.results.append(InspectionResult(
                order=order, text=result.text, legal_basis=result.legal_basis, is_major=result.is_major,
                hazard_type=result.hazard_type, result=ItemResult.PASSED if passed else ItemResult.FAILED,
                note="已整改到位" if passed else "未按期整改"))
        follow_up.hazard_results = found
        follow_ups.append(follow_up)
    for result_pk, hazard in hazards.items():
        _settle(year, hazard, outcomes.get(result_pk))
    Hazard.objects.bulk_create(hazards.values(), batch_size=500)
    InspectionResult.objects.bulk_update(
        [InspectionResult(pk=pk, hazard=hazard) for pk, hazard in hazards.items()], ["hazard"], batch_size=1000)
    _write(follow_ups)
    InspectionResult.objects.bulk_update(
        [InspectionResult(pk=recheck.pk, rechecked_hazard=hazards[original.pk]) for f in follow_ups
         for recheck, original in zip(f.results, f.hazard_results, strict=True)], ["rechecked_hazard"], batch_size=1000)
    logins = {user.enterprise_id: user for user in User.objects.filter(enterprise__isnull=False).order_by("pk")}
    events = [event for hazard in hazards.values() for event in _history(hazard, logins.get(hazard.enterprise_id))]
    wanted = [event.at for event in events]  # bulk_create overwrites the automatic times with now()
    HazardEvent.objects.bulk_create(events, batch_size=2000)
    for event, at in zip(events, wanted, strict=True):
        event.at = at
    HazardEvent.objects.bulk_update(events, ["at"], batch_size=2000)


def _settle(year: Year, hazard: Hazard, recheck) -> None:
    """Where a hazard stands today: closed by a passed 复查, still being rectified after a failed one, or (not
    rechecked yet) somewhere along the loop; `hazard.path` is the states it went through."""
    rng = year.rng
    major = hazard.level == HazardLevel.MAJOR
    full = MAJOR_PATH if major else GENERAL_PATH
    # A major hazard is delisted by the district bureau (or its listing department); a general one is accepted
    # by the organ that found it.
    hazard.closer = year.district_user if major else hazard.found_by
    if recheck is not None:
        passed, day, actor = recheck
        path = full if passed else full[: full.index(State.RECTIFYING) + 1]
        hazard.closed_on = day if passed else None
        hazard.closer = hazard.closer if major else actor
    elif (year.today - hazard.found_on).days > 60 and rng.random() < 0.8:
        # Rectified and accepted on the enterprise's application, without a 复查.
        path = full
        hazard.closed_on = min(hazard.deadline + timedelta(days=rng.randint(0, 10)), year.today)
    else:
        path = full[: rng.randint(1, full.index(State.AWAITING_ACCEPTANCE) + 1)]
    hazard.path, hazard.state = path, path[-1]
    if State.RECTIFYING in path:
        enterprise = hazard.enterprise
        hazard.measures, hazard.contingency = "按责令限期整改指令书落实整改", "落实临时管控措施"
        hazard.responsible_person = enterprise.safety_manager or enterprise.legal_representative
        hazard.funds_yuan = rng.choice((800, 3000, 12000, 60000))
    if State.LISTED in path:
        hazard.supervising_department = year.departments_by_sector.get(hazard.enterprise.sector_id)
        hazard.supervision_deadline = hazard.found_on + timedelta(days=60)


def _history(hazard: Hazard, own_login) -> list[HazardEvent]:
    """The steps of the hazard's path, from the day it was found to the day it was closed (or today). The
    enterprise reports and rectifies through its own login; without one, the organ that found the hazard
    records the steps it was told of."""
    path = hazard.path
    end = hazard.closed_on or min(hazard.deadline, timezone.localdate())
    span = max((end - hazard.found_on).days, 0)
    days = [hazard.found_on + timedelta(days=span * i // max(len(path) - 1, 1)) for i in range(len(path))]
    moments = [timezone.make_aware(datetime.combine(day, time(9 + i))) for i, day in enumerate(days)]
    events = [HazardEvent(hazard=hazard, action="register", to_state=State.REGISTERED, actor=hazard.found_by,
                          at=moments[0])]
    for index, (before, after) in enumerate(zip(path, path[1:], strict=False), start=1):
        action = ACTIONS.get(after) or ("delist" if hazard.level == HazardLevel.MAJOR else "accept")
        closing = after == State.CLOSED
        actor = hazard.closer if closing else (
            own_login if own_login is not None and action in ENTERPRISE_ACTIONS else hazard.found_by)
        events.append(HazardEvent(hazard=hazard, action=action, from_state=before, to_state=after,
                                  actor=actor, at=moments[index],
                                  comment="复查合格" if closing else ""))
    return events


# --- penalty cases -----------------------------------------------------------------------------------------


def _cases(year: Year, planned: list[Planned]) -> None:
    """Cases filed on findings earlier in the year, each as far along as its dates allow: most closed with the
    fine paid, some being executed, a few dropped, two sent to the judicial organs. Departments' cases stay
    below the major-decision threshold (their demo logins have no legal reviewer)."""
    rng, today = year.rng, year.today
    with_findings = [p for p in planned if p.inspection.rectification_deadline]
    cases, investigators, measures, events, statements, reviews = [], [], [], [], [], []
    for p in rng.sample(with_findings, round(len(with_findings) * CASE_SHARE)):
        dates = _case_dates(rng, p.inspection.inspected_on + timedelta(days=rng.randint(2, 8)))
        if dates["decided"] > today:
            continue
        case, kinds, steps = _case(year, p.inspection, dates)
        cases.append(case)
        investigators.append(p.inspectors)
        measures.append([CaseMeasure(kind=kind, detail="至整改验收合格") for kind in kinds])
        events.append([CaseEvent(action=action, from_state=source, to_state=target, actor=actor, comment=comment,
                                 at=_at(day, 9 + n)) for n, (action, source, target, day, actor, comment)
                       in enumerate(steps)])
        statements.append([CaseStatement(kind=StatementKind.WAIVER, submitted_on=case.notified_on,
                                         recorded_by=case.created_by, recorded_at=_at(case.notified_on, 15))]
                          if case.notified_on else [])
        reviews.append([LegalReview(reviewer=year.reviewer, conclusion=ReviewConclusion.PASSED,
                                    opinion="事实清楚，证据确凿，程序合法，适用依据正确", reviewed_fine_yuan=case.fine_yuan,
                                    reviewed_measures=sorted(kinds), at=_at(case.statement_deadline, 16))]
                       if any(step[0] == "pass_review" for step in steps) else [])
    PenaltyCase.objects.bulk_create(cases, batch_size=500)
    through = PenaltyCase.investigators.through
    through.objects.bulk_create([through(penaltycase_id=case.pk, inspector_id=i.pk)
                                 for case, people in zip(cases, investigators, strict=True) for i in people])
    for model, rows, moment in ((CaseMeasure, measures, None), (CaseEvent, events, "at"),
                                (CaseStatement, statements, "recorded_at"), (LegalReview, reviews, "at")):
        for case, own in zip(cases, rows, strict=True):
            for row in own:
                row.case = case
        _backdated(model, [row for own in rows for row in own], moment)
    for case in [c for c in cases if c.state == CaseState.CLOSED and c.outcome == CaseOutcome.PENALISED][:2]:
        JudicialTransfer.objects.create(case=case, transferred_on=case.decided_on, receiving_organ="公安机关",
                                        suspected_offence="重大责任事故罪", reference=f"{case.number}（移送）",
                                        outcome="已立案侦查", recorded_by=year.district_user)


def _case_dates(rng, filed: date) -> dict:
    notified = filed + timedelta(days=rng.randint(10, 30))
    decided = workdays.add_workdays(notified, 5) + timedelta(days=rng.randint(1, 12))
    served = decided + timedelta(days=rng.randint(1, 3))
    paid = served + timedelta(days=rng.randint(3, 14))
    return {"filed": filed, "notified": notified, "decided": decided, "served": served, "paid": paid,
            "closed": paid + timedelta(days=rng.randint(1, 5))}


def _at(day: date, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _case(year: Year, inspection: Inspection, dates: dict) -> tuple[PenaltyCase, list, list]:
    """A case on an inspection's findings as the workflow leaves it on today's date, with its steps."""
    rng, today = year.rng, year.today
    cause, violated, basis, (low, high) = rng.choice(CAUSES)
    enterprise, handler = inspection.enterprise, inspection.created_by
    official = year.official if inspection.department_id is None else handler
    kinds = []
    fine = Decimal(rng.randrange(low, high + 1, 1000))
    if inspection.department_id is None:
        roll = rng.random()
        kinds = [MeasureKind.SUSPEND] if roll < 0.06 else [MeasureKind.SEAL] if roll < 0.11 else []
    else:
        fine = min(fine, Decimal(settings.WORKSAFETY_MAJOR_DECISION_FINE_YUAN) - 1000)
    _serial, number = documents.take_number(documents.Issuer(inspection.issuer_key, inspection.organ),
                                            CASE_NUMBER_KEY, CASE_NUMBER_CODE, dates["filed"].year)
    case = PenaltyCase(
        number=number, enterprise=enterprise, inspection=inspection, source=CaseSource.INSPECTION,
        department=inspection.department, organ=inspection.organ, issuer_key=inspection.issuer_key, cause=cause,
        facts=f"经查，{enterprise.name}{cause}，法定代表人{enterprise.legal_representative}未组织整改。",
        violated_provisions=f"《中华人民共和国安全生产法》{violated}",
        penalty_basis=f"《中华人民共和国安全生产法》{basis}", filed_on=dates["filed"], created_by=handler)
    S = CaseState
    steps = [("file", "", S.FILED, dates["filed"], handler, ""),
             ("approve_filing", S.FILED, S.INVESTIGATING, dates["filed"], official, "")]
    if rng.random() < 0.04:
        case.state, case.outcome, case.closed_on = S.CLOSED, CaseOutcome.NOT_PENALISED, dates["notified"]
        steps.append(("drop", S.INVESTIGATING, S.CLOSED, dates["notified"], official, "经调查已整改到位，不予处罚"))
        return case, [], steps
    case.fine_yuan, case.outcome = fine, CaseOutcome.PENALISED
    case.notified_on, case.statement_deadline = dates["notified"], workdays.add_workdays(dates["notified"], 5)
    case.decided_on, case.decided_by = dates["decided"], official
    case.publish_by = workdays.add_workdays(dates["decided"], settings.WORKSAFETY_PENALTY_PUBLISH_WORKDAYS)
    case.published_at = _at(min(case.publish_by, today), 11)
    steps.append(("notify", S.INVESTIGATING, S.NOTIFIED, dates["notified"], handler, ""))
    steps.append(("statement", S.NOTIFIED, S.NOTIFIED, dates["notified"], handler, "放弃陈述申辩和听证"))
    decided_from = S.NOTIFIED
    if fine >= settings.WORKSAFETY_MAJOR_DECISION_FINE_YUAN or set(kinds) & MAJOR_MEASURES:
        steps += [("submit_review", S.NOTIFIED, S.REVIEWING, case.statement_deadline, handler, ""),
                  ("pass_review", S.REVIEWING, S.REVIEWED, case.statement_deadline, year.reviewer, "同意")]
        decided_from = S.REVIEWED
    steps.append(("decide", decided_from, S.DECIDED, dates["decided"], official, ""))
    case.state = S.DECIDED
    if dates["served"] <= today:
        case.state, case.served_on = S.EXECUTING, dates["served"]
        steps.append(("serve", S.DECIDED, S.EXECUTING, dates["served"], handler, ""))
    if dates["closed"] <= today:
        case.state, case.closed_on = S.CLOSED, dates["closed"]
        case.fine_paid_on, case.fine_paid_yuan = dates["paid"], fine
        steps.append(("close", S.EXECUTING, S.CLOSED, dates["closed"], official, "罚款已缴清，结案"))
    return case, kinds, steps


def _backdated(model, rows, moment: str | None) -> None:
    wanted = [getattr(row, moment) for row in rows] if moment else []
    model.objects.bulk_create(rows, batch_size=1000)
    if moment:  # bulk_create overwrites the automatic times with now()
        for row, value in zip(rows, wanted, strict=True):
            setattr(row, moment, value)
        model.objects.bulk_update(rows, [moment], batch_size=1000)


# --- the latest work, done through the services ------------------------------------------------------------


def _through_the_services(year: Year) -> None:
    """Today's inspections (one completed on site with its documents, one still being recorded) and one district
    bureau case in every state, so each page and document can be tried with the demo logins."""
    today, district = year.today, year.district_user
    partner = next(i for i in year.inspectors[None] if i.is_valid_on(today) and i.user_id is None)
    team = [year.investigator, partner]
    free = [e for e in Enterprise.objects.filter(status="operating").select_related("sector").order_by("uscc")
            .prefetch_related("conflicted_inspectors") if not set(team) & set(e.conflicted_inspectors.all())]
    hazchem = [e for e in free if e.sector.code == "hazchem" and e.risk_colour not in ("", "blue")][:2]
    done = inspections.do_start_inspection(
        Inspection(enterprise=hazchem[0], kind=InspectionKind.KEY, inspected_on=today,
                   template=year.templates[hazchem[0].sector_id][0], location="罐区、装卸区"),
        user=district, inspectors=team)
    for result in done.results.all():
        outcome = ItemResult.FAILED if result.order in (3, 10) else ItemResult.PASSED
        inspections.do_record_result(result, user=district, outcome=outcome,
                                     note=DEFECTS[result.text] if outcome == ItemResult.FAILED else "")
    inspections.do_complete_inspection(done, user=district, summary="罐区检查发现问题两项，已当场责令整改。",
                                       rectification_deadline=today + timedelta(days=15))
    recording = inspections.do_start_inspection(
        Inspection(enterprise=hazchem[1], kind=InspectionKind.CAMPAIGN, inspected_on=today,
                   template=year.templates[hazchem[1].sector_id][0]), user=district, inspectors=team)
    for result in recording.results.order_by("order")[:4]:
        inspections.do_record_result(result, user=district, outcome=ItemResult.PASSED)
    parties = [e for e in free if e not in hazchem]
    for index, target in enumerate(CaseState):
        _walk_case(year, parties[index], team, target, fine="80000" if index % 2 else "20000")


def _walk_case(year: Year, enterprise, team, target: str, fine: str) -> None:
    S = CaseState
    district, today = year.district_user, year.today
    case = penalties.do_file_case(PenaltyCase(
        enterprise=enterprise, cause=CAUSES[0][0], filed_on=today - timedelta(days=20),
        facts=f"经查，{enterprise.name}可燃气体检测报警装置未定期检测，部分失效。",
        violated_provisions="《中华人民共和国安全生产法》第三十六条第二款",
        penalty_basis="《中华人民共和国安全生产法》第九十九条第（二）项"), user=district, investigators=team)
    steps = [
        (S.INVESTIGATING, lambda: transition(case, "approve_filing", year.official)),
        (S.NOTIFIED, lambda: transition(case, "notify", district, fine_yuan=Decimal(fine), measures=[])),
        (S.REVIEWING, lambda: (penalties.do_add_statement(case, user=district, kind=StatementKind.WAIVER),
                               transition(case, "submit_review", district))),
        (S.REVIEWED, lambda: transition(case, "pass_review", year.reviewer,
                                        comment="事实清楚，证据确凿，适用依据正确，同意")),
        (S.DECIDED, lambda: (transition(case, "decide", year.official),
                             penalties.do_publish(case, user=year.official))),
        (S.EXECUTING, lambda: transition(case, "serve", district, served_on=today)),
        (S.CLOSED, lambda: transition(case, "close", year.official, comment="罚款已缴清，结案", fine_paid_on=today,
                                      fine_paid_yuan=Decimal(fine))),
    ]
    for state, take in steps:
        if case.state == target:
            return
        take()
        assert case.state == state, (case.state, state)
