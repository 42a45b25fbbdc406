"""Demo emergency plans (应急预案) and drills: the district's 总体预案 and its 危险化学品 and 火灾 专项预案, one
department plan, and for about ten enterprises with major hazard installations a 综合预案, a 危险化学品泄漏专项预案
and a 现场处置方案 for their largest unit with its 应急处置卡, linked up to each other and to the district's
plans. Filings, one superseded version, evaluations falling due, and eighteen months of drills, some plans
late for theirs so the 演练逾期 flag shows.

Rows are written in bulk, with the statuses, dates and links the services would have produced (dates from
emergency.plans.rules), so the demo never shows what the workflow could not reach.
"""

import random
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from worksafety.core.choices import Role
from worksafety.core.models import Area, Department, Sector, User
from worksafety.emergency.plans import rules as plan_rules
from worksafety.emergency.plans.choices import (
    DrillKind,
    DrillRating,
    LinkKind,
    PlanKind,
    PlanStatus,
)
from worksafety.emergency.plans.models import DisposalCard, Drill, EmergencyPlan, PlanLink, PlanResponseStep
from worksafety.registry.models import Chemical, HazardUnit

ENTERPRISE_COUNT = 10
# (level, order, action, responsible, time limit) — the district's response, by level.
DISTRICT_STEPS = {
    1: [(1, "区政府主要负责人任总指挥，启动Ⅰ级响应，成立现场指挥部", "区应急委", "接报后 30 分钟内"),
        (2, "报告市政府和市应急管理局，请求市级指挥和省市救援力量支援", "区应急管理局", "接报后 30 分钟内"),
        (3, "组织疏散下风向和警戒区内群众，开放避难场所", "属地街道、区公安分局", "1 小时内")],
    2: [(1, "区政府分管负责人任总指挥，启动Ⅱ级响应", "区应急委", "接报后 30 分钟内"),
        (2, "调派专业救援队伍和应急物资，组织专家会商", "区应急管理局", "1 小时内"),
        (3, "开展环境监测，划定并调整警戒区", "区生态环境分局", "1 小时内")],
    3: [(1, "区应急管理局主要负责人带队赶赴现场，启动Ⅲ级响应", "区应急管理局", "接报后 1 小时内"),
        (2, "指导事发单位先期处置，协调消防救援力量", "区消防救援大队", "接报后 30 分钟内")],
    4: [(1, "值班人员核实信息，通知属地街道和行业主管部门", "区应急管理局值班室", "接报后 15 分钟内"),
        (2, "督促事发单位启动本单位预案，跟踪处置情况", "行业主管部门", "持续")],
}
ENTERPRISE_STEPS = {
    2: [(1, "总经理任总指挥，启动公司级响应，报告区应急管理局和园区", "公司应急指挥部", "接报后 15 分钟内"),
        (2, "请求社会救援力量支援，组织厂内人员撤离至集合点", "安全环保部", "30 分钟内")],
    3: [(1, "生产副总赶赴现场，启动车间级响应，切断物料、停车", "生产部", "接报后 10 分钟内"),
        (2, "企业专职消防队出动，设置警戒区，侦检泄漏范围", "企业消防队", "10 分钟内")],
    4: [(1, "当班班长组织岗位处置，报告调度室", "当班班长", "立即"),
        (2, "关闭相关阀门，启动喷淋或水幕，佩戴防护器材", "岗位操作工", "5 分钟内")],
}
CARD_POSTS = [
    ("中控室内操", "{unit}{chemical}泄漏",
     "发现报警立即确认泄漏点位\n在 DCS 上切断进料、打开紧急泄放\n通知外操和当班班长\n按班长指令停车"),
    ("外操巡检工", "{unit}{chemical}泄漏",
     "佩戴正压式空气呼吸器，从上风向接近\n关闭泄漏点上下游阀门\n启动水幕或喷淋稀释\n无法控制时撤至集合点"),
    ("当班班长", "{unit}着火",
     "报告调度室并拨打厂内火警 8119\n组织岗位人员初期灭火，启动消防水炮冷却\n疏散无关人员，设置警戒\n向到场消防队说明物料和工艺"),
    ("装卸工", "{unit}装卸作业泄漏",
     "立即停止装卸，关闭槽车和鹤管阀门\n按下紧急切断按钮\n引导车辆驶离，禁止启动其他车辆"),
]
FINDINGS = ["个别人员空气呼吸器佩戴超时", "警戒区设置偏小，未考虑风向变化", "应急广播覆盖不全",
            "与园区消防站通信联络不畅", "物资台账与实物不符"]


def build_plan_demo(seed: int) -> None:
    demo = _Demo(random.Random(seed * 6007), timezone.localdate())
    district = demo.district_plans()
    demo.department_plan()
    for index, (enterprise, unit, chemicals) in enumerate(_major_hazard_enterprises(ENTERPRISE_COUNT)):
        demo.enterprise_plans(index, enterprise, unit, chemicals, district)
    demo.write()


def _major_hazard_enterprises(count: int):
    """Enterprises with a major hazard installation holding chemicals, each with its highest-graded unit."""
    units = (HazardUnit.objects.filter(is_major=True).annotate(held=Count("substances")).filter(held__gt=0)
             .select_related("enterprise__area").prefetch_related("substances__chemical")
             .order_by("level", "enterprise__uscc", "name"))
    found = {}
    for unit in units:
        if unit.enterprise_id not in found:
            found[unit.enterprise_id] = (unit.enterprise, unit, [s.chemical for s in unit.substances.all()])
        if len(found) == count:
            break
    return list(found.values())


class _Demo:
    """Collects the rows, then writes each table in one bulk insert."""

    def __init__(self, rng, today):
        self.rng, self.today = rng, today
        self.district_user = User.objects.get(username="district")
        self.root = Area.objects.filter(level="district").order_by("code").first()
        self.logins = {u.enterprise_id: u for u in User.objects.filter(role=Role.ENTERPRISE).order_by("username")}
        self.plans, self.parts, self.links, self.m2m, self.filings = [], [], [], [], 0

    def months_ago(self, months: int, jitter_days: int = 0):
        return plan_rules.add_months(self.today, -months) - timedelta(days=self.rng.randint(0, jitter_days))

    def plan(self, *, title, code, kind, levels, published_on, steps, scope_text="", enterprise=None,
             department=None, event_types=(), chemicals=(), sectors=(), filed=True, version=None, replaces=None,
             superseded=False):
        owner_area = enterprise.area if enterprise else department.area if department else self.root
        plan = EmergencyPlan(
            title=title, code=code, version=version or f"{published_on.year}版", kind=kind, enterprise=enterprise,
            department=department, area=owner_area, scope_text=scope_text, event_types=list(event_types),
            response_levels=list(levels), published_on=published_on, replaces=replaces,
            next_review_due=plan_rules.review_due(published_on), status=PlanStatus.PUBLISHED,
            created_by=self.logins.get(getattr(enterprise, "pk", None), self.district_user))
        if filed:
            self.filings += 1
            plan.filed_on = min(self.today, published_on + timedelta(days=self.rng.randint(7, 40)))
            plan.filing_number = f"{self.root.code}-{plan.filed_on.year}-{self.filings:03d}"
            plan.filing_authority = f"{self.root.name}应急管理局" if enterprise else f"{self.root.name}人民政府"
            plan.status = PlanStatus.FILED
        if superseded:
            plan.status = PlanStatus.SUPERSEDED
        self.plans.append(plan)
        self.parts += [PlanResponseStep(plan=plan, response_level=level, order=order, action=action,
                                        responsible=who, time_limit=limit)
                       for level in levels for order, action, who, limit in steps[level]]
        self.m2m.append((plan, list(chemicals), list(sectors)))
        return plan

    def link(self, lower, upper):
        kind = LinkKind.GOVERNMENT_ENTERPRISE if bool(lower.enterprise) != bool(upper.enterprise) \
            else LinkKind.HIERARCHY
        self.links.append(PlanLink(from_plan=lower, to_plan=upper, kind=kind))

    def district_plans(self) -> dict:
        name = self.root.name
        key_chemicals = Chemical.objects.filter(gb18218_row__isnull=False, name__in=["氨", "氯", "甲醇", "硫化氢", "苯"])
        overall = self.plan(title=f"{name}生产安全事故总体应急预案", code="ZT-01", kind=PlanKind.OVERALL,
                            levels=(1, 2, 3, 4), published_on=self.months_ago(20, 20), steps=DISTRICT_STEPS,
                            scope_text=f"{name}行政区域内发生的各类生产安全事故的应对工作")
        chemical = self.plan(title=f"{name}危险化学品事故专项应急预案", code="ZX-02", kind=PlanKind.SPECIAL,
                             levels=(1, 2, 3, 4), published_on=self.months_ago(30, 10), steps=DISTRICT_STEPS,
                             scope_text="危险化学品生产、储存、使用、经营和运输过程中发生的泄漏、火灾、爆炸、中毒事故",
                             event_types=["hazchem_leak", "toxic_gas", "fire_explosion"], chemicals=key_chemicals,
                             sectors=Sector.objects.filter(code="hazchem"))
        # Published three years and three weeks ago and never drilled: its evaluation and its drill are overdue.
        fire = self.plan(title=f"{name}火灾事故专项应急预案", code="ZX-05", kind=PlanKind.SPECIAL, levels=(2, 3, 4),
                         published_on=self.months_ago(36) - timedelta(days=21), steps=DISTRICT_STEPS,
                         scope_text="工矿商贸企业和人员密集场所发生的火灾事故", event_types=["fire_explosion", "火灾"])
        self.link(chemical, overall)
        self.link(fire, overall)
        self.drill(overall, self.months_ago(10), DrillKind.TABLETOP, "危险化学品运输车辆在城区道路侧翻泄漏")
        self.drill(chemical, self.months_ago(5), DrillKind.FULL_SCALE, "化工园区储罐区液氨泄漏，启动Ⅲ级响应")
        return {"overall": overall, "chemical": chemical}

    def department_plan(self) -> None:
        department = Department.objects.filter(sectors__code="road_transport").order_by("code").first()
        if department is None:
            return
        plan = self.plan(title=f"{department.name}危险货物道路运输事故应急预案", code=f"{department.code.upper()}-BM-01",
                         kind=PlanKind.DEPARTMENT, department=department, levels=(3, 4),
                         published_on=self.months_ago(14, 30), steps=DISTRICT_STEPS,
                         scope_text="本区道路上危险货物运输车辆发生的泄漏、火灾和交通事故",
                         event_types=["车辆伤害", "hazchem_leak"], sectors=department.sectors.all())
        self.drill(plan, self.months_ago(6), DrillKind.FUNCTIONAL, "危险货物运输车辆在高速公路追尾泄漏")

    def enterprise_plans(self, index: int, enterprise, unit, chemicals, district) -> None:
        rng, names, code = self.rng, "、".join(c.name for c in chemicals[:2]), enterprise.uscc[-6:]
        published = self.months_ago(rng.randint(8, 30), 20)
        common = {"enterprise": enterprise, "steps": ENTERPRISE_STEPS}
        replaced = None
        if index == 4:  # this enterprise revised its plan: the 2021 version stays readable, superseded
            replaced = self.plan(title=f"{enterprise.name}生产安全事故综合应急预案", code=f"{code}-ZH", version="2021版",
                                 kind=PlanKind.COMPREHENSIVE, levels=(2, 3, 4), published_on=self.months_ago(52),
                                 superseded=True, **common)
        comprehensive = self.plan(title=f"{enterprise.name}生产安全事故综合应急预案", code=f"{code}-ZH",
                                  kind=PlanKind.COMPREHENSIVE, levels=(2, 3, 4), replaces=replaced,
                                  published_on=published, scope_text="本公司生产经营活动中可能发生的各类生产安全事故",
                                  **common)
        # Every third enterprise published its 专项 almost three years ago: its evaluation is due within 60 days.
        special = self.plan(title=f"{enterprise.name}{names}泄漏专项应急预案", code=f"{code}-ZX", kind=PlanKind.SPECIAL,
                            levels=(3, 4), published_on=self.months_ago(35, 5) if index % 3 == 0 else published,
                            event_types=["hazchem_leak", "toxic_gas"], chemicals=chemicals,
                            sectors=[enterprise.sector_id], scope_text=f"本公司{names}泄漏及其引发的中毒、火灾事故",
                            **common)
        onsite = self.plan(title=f"{enterprise.name}{unit.name}泄漏现场处置方案", code=f"{code}-XC", kind=PlanKind.ONSITE,
                           levels=(3, 4), published_on=published, event_types=["hazchem_leak", "中毒和窒息", "火灾"],
                           chemicals=chemicals, scope_text=f"{unit.name}内{names}泄漏的岗位先期处置",
                           filed=rng.random() > 0.25, **common)  # one in four not filed yet
        self.cards(onsite, unit, chemicals)
        self.link(comprehensive, district["overall"])
        self.link(special, comprehensive)
        self.link(special, district["chemical"])
        self.link(onsite, special)
        # Eighteen months of drills; one enterprise in four has let its 现场处置方案 drill lapse.
        for months in ((16, 9) if index % 4 == 1 else (16, 10, 4)):
            self.drill(onsite, self.months_ago(months, 20), rng.choice([DrillKind.LIVE, DrillKind.FUNCTIONAL]),
                       f"{unit.name}{chemicals[0].name}泄漏，外操关阀堵漏，班组先期处置")
        self.drill(comprehensive, self.months_ago(rng.randint(2, 11), 10), DrillKind.FULL_SCALE,
                   f"{unit.name}泄漏引发火灾，启动公司级响应，请求园区消防支援")
        self.drill(special, self.months_ago(rng.randint(1, 10), 10), DrillKind.TABLETOP,
                   f"{names}泄漏扩散至厂界，疏散周边单位")

    def cards(self, plan, unit, chemicals) -> None:
        contacts = (f"当班班长 {unit.operations_lead} {unit.operations_lead_phone or ''}\n"
                    f"技术负责人 {unit.technical_lead} {unit.technical_lead_phone or ''}\n厂内火警 8119")
        for order, (post, scenario, steps) in enumerate(self.rng.sample(CARD_POSTS, self.rng.randint(2, 4)), 1):
            self.parts.append(DisposalCard(
                plan=plan, order=order, post=post, scenario=scenario.format(unit=unit.name, chemical=chemicals[0].name),
                steps=steps, contacts=contacts, ppe="正压式空气呼吸器、重型防化服、防爆对讲机"))

    def drill(self, plan, held_on, kind, scenario) -> None:
        """A drill of `plan`, left out when it would fall before the plan's publication."""
        if held_on < plan.published_on:
            return
        finding = self.rng.choice(FINDINGS)
        organiser = plan.enterprise.name if plan.enterprise else (plan.department or self.root).name
        self.parts.append(Drill(
            plan=plan, held_on=held_on, kind=kind, scenario=scenario, organiser=organiser[:100],
            participants=self.rng.randint(12, 120), participant_units="应急救援队伍、相关岗位人员",
            duration_minutes=self.rng.choice([45, 60, 90, 120]), findings=finding,
            rating=self.rng.choice([DrillRating.EXCELLENT, DrillRating.GOOD, DrillRating.GOOD, DrillRating.FAIR]),
            improvements=f"针对“{finding}”组织专项培训，下次演练复查", recorded_by=plan.created_by))

    def write(self) -> None:
        # A new version after the one it replaces: bulk_create sets the ids the later rows point at.
        EmergencyPlan.objects.bulk_create([p for p in self.plans if p.replaces is None])
        EmergencyPlan.objects.bulk_create([p for p in self.plans if p.replaces is not None])
        for plan, chemicals, sectors in self.m2m:
            plan.chemicals.set(chemicals)
            plan.sectors.set(sectors)
        for model in (PlanResponseStep, DisposalCard, Drill):
            model.objects.bulk_create([part for part in self.parts if isinstance(part, model)], batch_size=500)
        PlanLink.objects.bulk_create(self.links)
