"""factory_boy factories of the emergency app: plans (put straight into a status with the ORM, carrying the dates
and filing that status implies, and one response step per level), their drills and evaluations, rescue teams,
warehouses, the supply catalogue, experts, shelters, sensitive targets, incidents and warnings. Writes that have
a service in the app (publishing, 接报, stock movements) skip it here: tests of those go through the services."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from worksafety.core.choices import Role
from worksafety.core.tests.factories import AreaFactory, UserFactory
from worksafety.emergency.incidents.models import Incident
from worksafety.emergency.plans import rules
from worksafety.emergency.plans.choices import (
    IN_FORCE,
    DrillKind,
    DrillRating,
    PlanKind,
    PlanStatus,
    ResponseLevel,
    ReviewConclusion,
)
from worksafety.emergency.plans.models import Drill, EmergencyPlan, PlanResponseStep, PlanReview
from worksafety.emergency.resources.choices import (
    DutyStatus,
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
    SupplyItem,
    Warehouse,
)
from worksafety.emergency.warnings import identifiers
from worksafety.emergency.warnings.choices import ISSUED, Category, Level, State
from worksafety.emergency.warnings.models import Warning
from worksafety.emergency.warnings.services import district_root
from worksafety.registry.tests.factories import EnterpriseFactory

# A point in 大孤山街道, inside the test district (conftest.DISTRICT_OUTLINE).
HOME = (39.02, 121.83)
# Statuses a plan reaches only once published: it carries its publication date and evaluation deadline.
PUBLISHED = (*IN_FORCE, PlanStatus.SUPERSEDED)
# 金普新区's 发布单位代码 (GB/T 35965.1 A.1.2): region 210213, the default sector, unit and extension codes.
WARNING_SENDER = identifiers.sender_code("210213")


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def when(condition, value):
    """`value(o)` for an object for which `condition(o)` holds, else None."""
    return factory.LazyAttribute(lambda o: value(o) if condition(o) else None)


def owner_area(plan):
    """The area the services give a plan: its enterprise's or department's, else the district's."""
    owner = plan.enterprise or plan.department
    return owner.area if owner else district_root()


def owner_login(plan):
    """A new login of the plan's owner, to have entered it."""
    if plan.enterprise:
        return UserFactory(role=Role.ENTERPRISE, scope=plan.enterprise)
    if plan.department:
        return UserFactory(role=Role.DEPARTMENT, scope=plan.department)
    return UserFactory(role=Role.DISTRICT, scope=plan.area)


def of_enterprise(field, default=None):
    """The enterprise's `field` for an object that has one, else `default`."""
    return factory.LazyAttribute(lambda o: getattr(o.enterprise, field) if o.enterprise else default)


class EmergencyPlanFactory(DjangoModelFactory):
    """An enterprise's 专项应急预案, published 30 days ago, with one response step at each of its levels (Ⅲ and
    Ⅳ) unless told otherwise: EmergencyPlanFactory(enterprise=None, kind=PlanKind.OVERALL) is the district's,
    `status=PlanStatus.FILED` brings a filing, `status=PlanStatus.RETIRED` is a draft given up, `steps=False`
    makes no steps."""

    class Meta:
        model = EmergencyPlan
        skip_postgeneration_save = True

    title = "危险化学品泄漏事故专项应急预案"
    code = factory.Sequence(lambda n: f"YJYA-{n + 1:03d}")
    version = "2024版"
    kind = PlanKind.SPECIAL
    enterprise = factory.SubFactory(EnterpriseFactory)
    department = None
    area = factory.LazyAttribute(owner_area)
    status = PlanStatus.PUBLISHED
    scope_text = "本单位危险化学品储存、使用过程中发生的泄漏、火灾和中毒事故"
    response_levels = factory.LazyFunction(lambda: [ResponseLevel.LEVEL_III, ResponseLevel.LEVEL_IV])
    published_on = when(lambda o: o.status in PUBLISHED, lambda o: days_ago(30))
    next_review_due = when(lambda o: o.status in PUBLISHED, lambda o: rules.review_due(o.published_on))
    filing_number = factory.LazyAttributeSequence(
        lambda o, n: f"金普应急预案备〔{o.filed_on.year}〕{n + 1}号" if o.status == PlanStatus.FILED else "")
    filing_authority = factory.LazyAttribute(
        lambda o: "大连市金普新区应急管理局" if o.status == PlanStatus.FILED else "")
    filed_on = when(lambda o: o.status == PlanStatus.FILED, lambda o: o.published_on + timedelta(days=10))
    retired_on = when(lambda o: o.status == PlanStatus.RETIRED, lambda o: timezone.localdate())
    retire_reason = factory.LazyAttribute(lambda o: "编制单位已合并，预案不再适用" if o.status == PlanStatus.RETIRED else "")
    created_by = factory.LazyAttribute(owner_login)

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        """One step per response level, as publication wants; `steps=False` makes none."""
        if create and extracted is not False:
            for level in self.response_levels:
                PlanResponseStep.objects.create(plan=self, response_level=level, order=1,
                                                action=f"启动{ResponseLevel(level).label}，报告值班室并通知应急救援队伍",
                                                responsible="应急办公室", time_limit="接报后 10 分钟内")


class DrillFactory(DjangoModelFactory):
    """A 实战演练 of a plan in force a week ago (or on its publication day, if later), organised by the plan's
    owner and rated 良."""

    class Meta:
        model = Drill

    plan = factory.SubFactory(EmergencyPlanFactory)
    held_on = factory.LazyAttribute(lambda o: max(days_ago(7), o.plan.published_on or days_ago(7)))
    kind = DrillKind.LIVE
    scenario = "液氨储罐法兰泄漏，现场人员疏散、堵漏和洗消"
    organiser = factory.LazyAttribute(lambda o: o.plan.owner_name)
    participants = 20
    duration_minutes = 60
    rating = DrillRating.GOOD
    recorded_by = factory.LazyAttribute(lambda o: o.plan.created_by)


class PlanReviewFactory(DjangoModelFactory):
    """A periodic evaluation of a plan in force, held today, finding it still fit."""

    class Meta:
        model = PlanReview

    plan = factory.SubFactory(EmergencyPlanFactory)
    reviewed_on = factory.LazyFunction(timezone.localdate)
    conclusion = ReviewConclusion.VALID
    summary = "预案内容与现行法律法规和单位实际相符，应急组织和响应程序可行，无需修订"
    recorded_by = factory.LazyAttribute(lambda o: o.plan.created_by)


class RescueTeamFactory(DjangoModelFactory):
    """A professional hazchem rescue team of 20 on duty unless told otherwise; given an enterprise, its own team
    (企业救援队伍) at the enterprise's area and point."""

    class Meta:
        model = RescueTeam

    name = factory.Sequence(lambda n: f"金普新区危化品救援{n + 1}队")
    enterprise = None
    kind = factory.LazyAttribute(lambda o: TeamKind.ENTERPRISE if o.enterprise else TeamKind.PROFESSIONAL)
    area = factory.LazyAttribute(lambda o: o.enterprise.area if o.enterprise else AreaFactory())
    lat = of_enterprise("lat", HOME[0])
    lon = of_enterprise("lon", HOME[1])
    headcount = 20
    specialties = factory.LazyFunction(lambda: [Specialty.HAZCHEM])
    duty_status = DutyStatus.ON_DUTY


class WarehouseFactory(DjangoModelFactory):
    """A supply store of the district unless told otherwise; given an enterprise, its own store at the
    enterprise's area and point."""

    class Meta:
        model = Warehouse

    name = factory.Sequence(lambda n: f"应急物资储备{n + 1}号库")
    enterprise = None
    area = factory.LazyAttribute(lambda o: o.enterprise.area if o.enterprise else AreaFactory())
    lat = of_enterprise("lat", HOME[0])
    lon = of_enterprise("lon", HOME[1])


class SupplyItemFactory(DjangoModelFactory):
    """An entry of the supply catalogue: personal protection counted in 具, with no low-stock warning."""

    class Meta:
        model = SupplyItem

    name = factory.Sequence(lambda n: f"正压式空气呼吸器 RHZK-{n + 1}")
    category = SupplyCategory.PROTECTION
    unit = "具"
    min_quantity = 0


class ExpertFactory(DjangoModelFactory):
    """A hazchem expert of the district's pool with a phone number and no login."""

    class Meta:
        model = Expert

    name = factory.Iterator(["王建国", "李秀英", "张志强", "刘海燕"])
    specialties = factory.LazyFunction(lambda: [Specialty.HAZCHEM])
    phone = "13912345678"


class ShelterFactory(DjangoModelFactory):
    """An emergency shelter for 1000 people on 2000 m²."""

    class Meta:
        model = Shelter

    name = factory.Sequence(lambda n: f"大孤山第{n + 1}应急避难场所")
    area = factory.SubFactory(AreaFactory)
    lat, lon = HOME
    capacity = 1000
    area_m2 = 2000


class SensitiveTargetFactory(DjangoModelFactory):
    """A school of 500."""

    class Meta:
        model = SensitiveTarget

    name = factory.Sequence(lambda n: f"大孤山第{n + 1}小学")
    kind = TargetKind.SCHOOL
    area = factory.SubFactory(AreaFactory)
    lat, lon = HOME
    population = 500


class IncidentFactory(DjangoModelFactory):
    """A 中毒和窒息 incident at an enterprise half an hour ago, reported 20 minutes later, lying in the
    enterprise's area, park and sector at its point, as 接报 stores it (without its reports up the chain and
    timeline, which the services write). IncidentFactory(enterprise=None, area=…, sector=…) is one away from
    any enterprise."""

    class Meta:
        model = Incident

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.LazyAttribute(lambda o: f"{o.enterprise.name if o.enterprise else o.place}液氨泄漏事件")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=30))
    reported_at = factory.LazyAttribute(lambda o: o.occurred_at + timedelta(minutes=20))
    place = factory.LazyAttribute(lambda o: f"{o.enterprise.address}液氨罐区" if o.enterprise else "金普新区疏港路")
    area = factory.LazyAttribute(lambda o: o.enterprise.area if o.enterprise else AreaFactory())
    lat = of_enterprise("lat", HOME[0])
    lon = of_enterprise("lon", HOME[1])
    park = of_enterprise("park")
    sector = of_enterprise("sector")
    accident_type = "中毒和窒息"
    description = "液氨储罐出口阀门法兰泄漏，现场可闻到明显氨味，1 名操作工轻微不适"
    reported_by = factory.SubFactory(UserFactory, role=Role.DISTRICT)


class WarningFactory(DjangoModelFactory):
    """A Ⅲ级 (yellow) hazchem-leak warning drafted by the district bureau, in force from five minutes ago for
    twelve hours, unless told otherwise; an issued status brings its sending time and a second bureau login
    as approver. Each is entered a second after the one before (from an hour ago), so its GB/T 35965.1
    identifier is its own."""

    class Meta:
        model = Warning

    created = factory.Sequence(
        lambda n: timezone.now().replace(microsecond=0) - timedelta(hours=1) + timedelta(seconds=n))
    identifier = factory.LazyAttribute(lambda o: identifiers.identifier(WARNING_SENDER, o.created, 0))
    status = State.DRAFT
    level = Level.LEVEL_III
    category = Category.HAZCHEM_LEAK
    headline = "大孤山化工区液氨储罐泄漏黄色预警"
    description = "某企业液氨储罐法兰泄漏，下风向可能出现氨气超标。"
    instruction = "下风向 1 公里内居民关闭门窗，减少外出；周边企业停止动火作业。"
    area = factory.SubFactory(AreaFactory)
    onset = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - timedelta(minutes=5))
    expires = factory.LazyAttribute(lambda o: o.onset + timedelta(hours=12))
    issuer = "金普新区应急管理局"
    created_by = factory.SubFactory(UserFactory, role=Role.DISTRICT)
    approved_by = when(lambda o: o.status in ISSUED, lambda o: UserFactory(role=Role.DISTRICT))
    sent = when(lambda o: o.status in ISSUED, lambda o: o.created + timedelta(minutes=10))
