"""Demo hazards: a year of them in every state of the closed loop, some overdue, two 挂牌督办 cases.

Each hazard carries the HazardEvent history its state implies, walked along `hazards.workflow`, so the demo
never shows a state the workflow could not have reached.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from worksafety.core.models import Department, User
from worksafety.hazards.choices import HazardLevel, Source, State
from worksafety.hazards.forms import MAJOR_CRITERIA
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.registry.models import Enterprise

GENERAL_TITLES = [
    ("fire", "灭火器压力不足", "罐区东侧 3 具干粉灭火器压力指针在红区"),
    ("electrical", "配电箱未接地", "仓库配电箱外壳无接地线"),
    ("equipment", "安全阀超期未校验", "储罐安全阀校验有效期已过"),
    ("instrument", "可燃气体报警器失灵", "装卸区可燃气体检测报警器测试无响应"),
    ("layout", "消防通道堆放杂物", "厂区北侧消防通道堆放包装物"),
    ("safety", "受限空间作业票不全", "检修作业未办理受限空间作业票"),
    ("process", "工艺参数超指标未处置", "反应釜温度多次超过工艺卡片上限"),
]
# The states a general hazard passes through, in order; a demo hazard stops at one of them.
GENERAL_PATH = [State.REGISTERED, State.RECTIFYING, State.AWAITING_ACCEPTANCE, State.CLOSED]
MAJOR_PATH = [State.REGISTERED, State.REPORTED, State.LISTED, State.RECTIFYING, State.AWAITING_ACCEPTANCE,
              State.CLOSED]
ACTIONS = {State.RECTIFYING: "start", State.REPORTED: "report", State.LISTED: "list",
           State.AWAITING_ACCEPTANCE: "submit"}
# The steps the enterprise itself takes (hazards.workflow): it reports, rectifies and applies for acceptance.
ENTERPRISE_ACTIONS = ("report", "start", "submit")


def build_hazard_demo(seed: int) -> None:
    rng = random.Random(seed * 104729)
    today = timezone.localdate()
    district = User.objects.get(username="district")
    # Major hazchem hazards are listed with the department that supervises the sector (区应急管理局).
    regulator = Department.objects.filter(sectors__code="hazchem").order_by("code").first()
    enterprises = list(Enterprise.objects.exclude(status="closed").order_by("uscc"))
    logins = {user.enterprise_id: user for user in User.objects.filter(enterprise__isnull=False).order_by("pk")}
    hazards, paths = [], []
    for enterprise in rng.sample(enterprises, min(len(enterprises), max(10, len(enterprises) // 4))):
        for _ in range(rng.randint(1, 4)):
            kind, title, description = rng.choice(GENERAL_TITLES)
            age = rng.randint(0, 365)
            found_on = today - timedelta(days=age)
            # Most hazards older than a quarter are closed; the recent ones are spread over the loop.
            closed = age > 90 and rng.random() < 0.9
            path = GENERAL_PATH if closed else GENERAL_PATH[: rng.choice([1, 2, 2, 3, 4])]
            hazards.append(_hazard(rng, enterprise, kind, title, description, found_on, path, district,
                                   HazardLevel.GENERAL, logins.get(enterprise.pk)))
            paths.append(path)
    # 重大隐患 at enterprises graded above blue: an uncontrolled major hazard and a low-risk grade contradict.
    hazchem = [e for e in enterprises if e.sector.code == "hazchem" and e.risk_colour not in ("", "blue")]
    for index, enterprise in enumerate(rng.sample(hazchem, min(6, len(hazchem)))):
        criterion = MAJOR_CRITERIA["sectors"]["hazchem"][rng.randrange(20)]
        # The first two are listed for supervision (挂牌督办): one just listed, one being rectified.
        path = MAJOR_PATH[: 3 + index] if index < 2 else MAJOR_PATH[: rng.choice([2, 6])]
        hazard = _hazard(rng, enterprise, "process", criterion[:40], criterion, today - timedelta(days=rng.randint(30, 200)),
                         path, district, HazardLevel.MAJOR, logins.get(enterprise.pk))
        hazard.major_criterion = criterion[:200]
        if State.LISTED in path:
            hazard.supervising_department = regulator
            hazard.supervision_deadline = today + timedelta(days=rng.randint(30, 120))
        hazards.append(hazard)
        paths.append(path)
    Hazard.objects.bulk_create(hazards, batch_size=500)
    events = [event for hazard, path in zip(hazards, paths, strict=True)
              for event in _history(hazard, path, logins.get(hazard.enterprise_id), district)]
    wanted = [event.at for event in events]  # bulk_create overwrites the automatic times with now()
    HazardEvent.objects.bulk_create(events, batch_size=1000)
    for event, at in zip(events, wanted, strict=True):
        event.at = at
    HazardEvent.objects.bulk_update(events, ["at"], batch_size=1000)


def _hazard(rng, enterprise, kind, title, description, found_on, path, user, level, own_login):
    """`user` finds the hazard on inspection; an enterprise with a login (`own_login`) may find it itself."""
    state = path[-1]
    source = rng.choice([Source.SELF_INSPECTION, Source.ENFORCEMENT])
    # A self-inspection finding is registered by the enterprise's login; without one the regulator enters it.
    finder = own_login if source == Source.SELF_INSPECTION and own_login is not None else user
    hazard = Hazard(enterprise=enterprise, source=source, level=level, hazard_type=kind, title=title,
                    description=description, found_on=found_on, found_by=finder, state=state)
    if State.RECTIFYING in path:
        # Deadlines spread around today: some hazards still open are past theirs (逾期).
        hazard.measures, hazard.responsible_person = "按整改方案落实", enterprise.safety_manager or enterprise.legal_representative
        hazard.funds_yuan, hazard.contingency = rng.choice([500, 2000, 15000, 120000]), "落实临时管控措施"
        hazard.deadline = found_on + timedelta(days=rng.choice([7, 15, 30, 60, 90]))
    if state == State.CLOSED:
        hazard.closed_on = min(timezone.localdate(), (hazard.deadline or found_on) - timedelta(days=rng.randint(0, 5)))
    return hazard


def _history(hazard, path, own_login, district):
    """The steps of `path`, dated from the day the hazard was found to the day it was closed (or today): the
    enterprise's steps by its own login (without one, the inspecting organ records what it was told), listing
    and delisting by the district bureau, a general hazard's acceptance by whoever found it."""
    end = hazard.closed_on or timezone.localdate()
    span = max((end - hazard.found_on).days, 0)
    dates = [hazard.found_on + timedelta(days=span * i // max(len(path) - 1, 1)) for i in range(len(path))]
    moments = [timezone.make_aware(datetime.combine(day, time(9 + i))) for i, day in enumerate(dates)]
    finder = hazard.found_by
    events = [HazardEvent(hazard=hazard, action="register", to_state=State.REGISTERED, actor=finder, at=moments[0])]
    for index, (before, after) in enumerate(zip(path, path[1:], strict=False), start=1):
        action = ACTIONS.get(after) or ("delist" if hazard.level == HazardLevel.MAJOR else "accept")
        actor = own_login if own_login is not None and action in ENTERPRISE_ACTIONS else finder
        if action in ("list", "delist"):
            actor = district
        events.append(HazardEvent(hazard=hazard, action=action, from_state=before, to_state=after, actor=actor,
                                  at=moments[index]))
    return events
