"""Demo enforcement set-up: about forty inspectors of the district bureau and the departments (a few with an
expired 执法证, a few with declared conflicts), this year's approved 年度监督检查计划 built from the demo's risk
colours, one 双随机 draw for each month so far (each verifiable), a few credit listings with one approved and one
pending repair, and eight third-party agencies with their qualifications and reports.

Plans, draws and credit go through the services, so every record is one the workflow can reach; a past month's
draw is announced and drawn with its times moved back to that month (the published announcement time with them,
before the draw, so the record stays reproducible).
"""

import hashlib
import random
from datetime import datetime, timedelta

from django.utils import timezone

from worksafety.core.choices import Role
from worksafety.core.models import Department, User
from worksafety.core.workflow import transition
from worksafety.demo import data
from worksafety.enforcement import drawing
from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.credit.choices import ListKind
from worksafety.enforcement.credit.models import CreditListing
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.models import Draw
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.registry.choices import Status
from worksafety.registry.models import Enterprise
from worksafety.standards import uscc

# Inspectors per unit: None is the district bureau itself (its 执法大队).
INSPECTORS = {None: 14, "jtj": 5, "zjj": 4, "scjg": 4, "xf": 4, "nyncj": 2, "gaj": 3, "cgj": 3}
EXPIRED = 3
CONFLICTED = 4
RANDOM_SHARE = 10
LISTINGS = ((ListKind.DISHONEST, "d_major_hazard", 200), (ListKind.DISHONEST, "d_orders", 130),
            (ListKind.DISHONEST, "d_evading", 40), (ListKind.DISHONEST, "d_concealed", 20),
            (ListKind.SERIOUS, "s_unlicensed", 420), (ListKind.SERIOUS, "s_refusing", 90))
AGENCIES = (
    ("大连安泰安全评价有限公司", ("evaluation",)), ("辽宁正信安全技术咨询有限公司", ("evaluation", "consulting")),
    ("大连金石检测检验有限公司", ("testing",)), ("辽宁华科特种设备检测有限公司", ("testing",)),
    ("大连海润安全科技有限公司", ("consulting",)), ("大连恒安职业安全评价中心", ("evaluation",)),
    ("辽宁石化安全工程技术有限公司", ("evaluation", "testing")), ("大连众安应急管理咨询有限公司", ("consulting",)),
)
REPORTS = {"evaluation": ("status_evaluation", "基本符合安全生产条件，提出整改建议 %d 项"),
           "testing": ("testing", "所检 %d 台设备中 1 台需检修，其余合格"),
           "consulting": ("consulting", "协助企业完善双重预防机制，形成风险清单 %d 项")}


def build_enforcement_setup_demo(seed: int) -> None:
    rng = random.Random(seed * 104729)
    today = timezone.localdate()
    district = User.objects.get(username="district")
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    enterprises = list(Enterprise.objects.exclude(status=Status.CLOSED).order_by("uscc"))
    _inspectors(rng, today, enterprises)
    plan = plans.do_create_plan(AnnualPlan(year=today.year, random_share_percent=RANDOM_SHARE,
                                           note="依据差异化监管频次和风险分级结果编制。"), user=district)
    transition(plan, "submit", district)
    transition(plan, "approve", admin)
    _monthly_draws(plan, district, today, seed)
    _credit(rng, today, enterprises, district, admin)
    _agencies(rng, today, enterprises, district)


def _inspectors(rng, today, enterprises) -> None:
    departments = {d.code: d for d in Department.objects.filter(code__in=[c for c in INSPECTORS if c])}
    rows, serial = [], 0
    for code, count in INSPECTORS.items():
        for _ in range(count):
            serial += 1
            valid_from = today - timedelta(days=rng.randint(200, 1500))
            rows.append(Inspector(
                name=rng.choice(data.SURNAMES) + rng.choice(data.GIVEN_NAMES), department=departments.get(code),
                certificate_number=f"2102130{serial:04d}", valid_from=valid_from,
                valid_until=today + timedelta(days=rng.randint(90, 1000))))
    for row in rng.sample(rows, EXPIRED):  # certificates lapsed and not yet renewed: never drawn
        row.valid_until = today - timedelta(days=rng.randint(5, 60))
    Inspector.objects.bulk_create(rows)
    for row in rng.sample(list(Inspector.objects.order_by("pk")), CONFLICTED):
        row.conflicts.add(rng.choice(enterprises))


def _monthly_draws(plan, district, today, seed: int) -> None:
    """One draw a month so far, of the month's quota across sectors, on the 5th at 10:00. Each draw's nonce
    comes from the seed (a real draw's is secret and random), so a seed always gives the same picks."""
    for month in range(1, today.month + 1):
        count = sum(plan.quotas.filter(month=month).values_list("quota", flat=True))
        at = timezone.make_aware(datetime(today.year, month, 5, 10))
        if not count or at > timezone.now():
            continue
        draw = draws.do_announce_draw(
            Draw(title=f"{today.year}年{month}月双随机抽查", plan=plan, month=month, scheduled_at=timezone.now()),
            user=district, filters=draws.PoolFilters(), count=count,
            nonce=hashlib.sha256(f"worksafety-demo-draw:{seed}:{today.year}-{month}".encode()).hexdigest())
        _move_back(draw, at - timedelta(days=3), at)
        draws.do_run_draw(draw, user=district)
        Draw.objects.filter(pk=draw.pk).update(drawn_at=at)


def _move_back(draw, announced, scheduled) -> None:
    parameters = draw.published
    parameters["announced_at"] = announced.isoformat()
    text = drawing.canonical(parameters)
    Draw.objects.filter(pk=draw.pk).update(parameters=text.decode(), parameters_sha256=drawing.sha256_hex(text),
                                           announced_at=announced, scheduled_at=scheduled)


def _credit(rng, today, enterprises, district, admin) -> None:
    logins = {u.enterprise_id: u for u in User.objects.filter(role=Role.ENTERPRISE).order_by("pk")}
    listed = rng.sample([e for e in enterprises if e.pk in logins], 2) + rng.sample(enterprises, len(LISTINGS) - 2)
    saved = []
    for enterprise, (kind, criterion, days_ago) in zip(listed, LISTINGS, strict=True):
        start = today - timedelta(days=days_ago)
        listing = CreditListing(
            enterprise=enterprise, kind=kind, criterion=criterion, decided_on=start, period_start=start,
            period_end=credit.add_months(start, 36 if kind == ListKind.SERIOUS else 12),
            basis_reference=f"（金普）应急罚〔{start.year}〕{rng.randint(10, 99)}号")
        saved.append(credit.do_save_listing(listing, user=district))
    # The first two enterprises log in: one repair approved (listed 200 days ago), one waiting (130 days ago).
    for listing, decide in zip(saved[:2], (True, False), strict=True):
        repair = credit.do_apply_repair(listing, user=logins[listing.enterprise_id], reason="已完成隐患整改并缴纳罚款。",
                                        commitment="本单位承诺依法依规开展生产经营活动，不再发生同类失信行为。")
        if decide:
            transition(repair, "approve", district, comment="整改到位，准予修复。")


def _agencies(rng, today, enterprises, district) -> None:
    for serial, (name, kinds) in enumerate(AGENCIES, start=1):
        body = f"{rng.randrange(10**8):08d}"
        first17 = "91210213" + body + uscc.organisation_code_check(body)
        agency = ThirdPartyAgency.objects.create(
            name=name, uscc=first17 + uscc.check_character(first17), address=f"大连金普新区金马路{serial * 17}号",
            contact=rng.choice(data.SURNAMES) + "工", phone=f"0411-876{serial:02d}{rng.randrange(1000):03d}")
        qualifications = AgencyQualification.objects.bulk_create([
            AgencyQualification(agency=agency, kind=kind, number=f"辽{kind[:2].upper()}-{serial:03d}",
                                issuer="辽宁省应急管理厅", valid_until=today + timedelta(days=rng.randint(-30, 900)))
            for kind in kinds])
        reports = []
        for qualification in qualifications:  # reports made while the qualification was in force
            kind, conclusion = REPORTS[qualification.kind]
            for n in range(rng.randint(2, 4)):
                made = min(today - timedelta(days=rng.randint(10, 300)), qualification.valid_until - timedelta(days=30))
                reports.append(AgencyReport(
                    agency=agency, enterprise=rng.choice(enterprises), kind=kind, date=made,
                    number=f"R{made.year}-{serial:02d}{n:02d}", conclusion=conclusion % rng.randint(2, 9),
                    created_by=district))
        AgencyReport.objects.bulk_create(reports)
