"""Demo tip-offs: a year of public 举报 in every triage state, some real-name (encrypted), some overdue, a
few substantiated ones turned into hazards, and reward proposals; plus self-inspection records for the
past weeks of the demo check tasks (mostly passed, some missed)."""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from worksafety.core.models import User
from worksafety.hazards import checks
from worksafety.hazards.models import CheckRecord, Hazard
from worksafety.registry.models import Enterprise
from worksafety.risk.models import CheckTask
from worksafety.tipoffs import identity, rewards
from worksafety.tipoffs.choices import Category, RewardStatus, State
from worksafety.tipoffs.models import RewardHandler, RewardProposal, TipOff, TipOffEvent, TipOffPolicy
from worksafety.tipoffs.services import CODE_ALPHABET, CODE_PREFIX, district_root

TEXTS = [
    (Category.MAJOR_HAZARD, "{name}储罐区可燃气体报警器长期关闭，夜间常有异味。"),
    (Category.MAJOR_HAZARD, "{name}仓库内危险化学品混存，氧化剂和易燃液体放在一起。"),
    (Category.ILLEGAL_OPERATION, "{name}未取得许可擅自扩建生产线，晚上偷偷生产。"),
    (Category.ILLEGAL_OPERATION, "{name}安全生产许可证过期后仍在生产。"),
    (Category.CONCEALED_ACCIDENT, "听说{name}上月有工人受伤送医，企业没有上报。"),
    (Category.OTHER_VIOLATION, "{name}特种作业人员无证上岗，叉车司机没有证。"),
    (Category.OTHER_VIOLATION, "{name}消防通道被货物堵死，安全出口上锁。"),
]
# How far a tip-off of a given age has got: older ones are mostly closed.
PATHS = [
    [State.RECEIVED],
    [State.RECEIVED, State.INVESTIGATING],
    [State.RECEIVED, State.INVESTIGATING, State.SUBSTANTIATED],
    [State.RECEIVED, State.INVESTIGATING, State.UNSUBSTANTIATED],
    [State.RECEIVED, State.INVESTIGATING, State.SUBSTANTIATED, State.CLOSED],
    [State.RECEIVED, State.INVESTIGATING, State.UNSUBSTANTIATED, State.CLOSED],
]
ACTIONS = {State.INVESTIGATING: "investigate", State.SUBSTANTIATED: "substantiate",
           State.UNSUBSTANTIATED: "unsubstantiate", State.CLOSED: "close"}
NAMES = ["王先生", "李女士", "张师傅", "刘女士", "陈先生"]


def build_tipoff_demo(seed: int) -> None:
    rng = random.Random(seed * 7919)
    today = timezone.localdate()
    district = User.objects.get(username="district")
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    policy = TipOffPolicy.current()
    root = district_root()
    enterprises = list(Enterprise.objects.exclude(status="closed").select_related("area", "sector").order_by("uscc"))
    RewardHandler.objects.create(user=district, designated_by=admin or district)
    tipoffs, paths = [], []
    for index in range(40):
        enterprise = rng.choice(enterprises)
        category, text = rng.choice(TEXTS)
        age = rng.randint(0, 365)
        received = today - timedelta(days=age)
        path = PATHS[rng.choice([4, 4, 5, 5, 4])] if age > 75 else PATHS[rng.randrange(len(PATHS))]
        if index < 3:  # a few past their handling limit, still being investigated
            received, path = today - timedelta(days=70 + index), PATHS[1]
        anonymous = rng.random() < 0.6
        tipoff = TipOff(
            tracking_code=f"{CODE_PREFIX}-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(5)) + "-"
            + "".join(rng.choice(CODE_ALPHABET) for _ in range(5)),
            category=category, content=text.format(name=enterprise.name), reported_enterprise=enterprise.name,
            place=enterprise.address, lat=enterprise.lat, lon=enterprise.lon, anonymous=anonymous,
            identity_ciphertext="" if anonymous else identity.encrypt_identity(
                rng.choice(NAMES), f"13{rng.randrange(10**9):09d}"),
            source_digest=identity.address_digest(f"demo-{index}"), state=path[-1],
            due_on=received + timedelta(days=policy.handling_days),
        )
        if len(path) > 1:  # investigation assigns the tip-off to the enterprise concerned
            tipoff.enterprise, tipoff.area, tipoff.sector, tipoff.park_id = (
                enterprise, enterprise.area, enterprise.sector, enterprise.park_id)
        else:
            tipoff.area = root
        if len(path) > 2:
            tipoff.verified_on = min(today, received + timedelta(days=rng.randint(10, 40)))
            tipoff.substantiated = path[2] == State.SUBSTANTIATED
            tipoff.feedback_due_on = tipoff.verified_on + timedelta(days=policy.feedback_days)
            tipoff.conclusion = ("经现场核查，举报情况属实，已责令企业整改。" if tipoff.substantiated
                                 else "经现场核查，未发现举报所述情况。")
        if path[-1] == State.CLOSED:
            tipoff.closed_on = min(today, tipoff.verified_on + timedelta(days=rng.randint(1, 9)))
        tipoffs.append((tipoff, received))
        paths.append(path)
    TipOff.objects.bulk_create([t for t, _ in tipoffs])
    events = []
    for (tipoff, received), path in zip(tipoffs, paths, strict=True):
        # received_at and the events' times are automatic: the demo's spread of dates is set afterwards.
        tipoff.received_at = _at(received, 9)
        events += _history(tipoff, received, path, district)
    TipOff.objects.bulk_update([t for t, _ in tipoffs], ["received_at"])
    wanted = [event.at for event in events]  # bulk_create overwrites them with now()
    TipOffEvent.objects.bulk_create(events)
    for event, at in zip(events, wanted, strict=True):
        event.at = at
    TipOffEvent.objects.bulk_update(events, ["at"])
    _link_hazards_and_rewards([t for t, _ in tipoffs], district, admin, policy)


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def _history(tipoff, received, path, user):
    times = {State.RECEIVED: _at(received, 9), State.INVESTIGATING: _at(received + timedelta(days=2), 10)}
    if tipoff.verified_on:
        times[State.SUBSTANTIATED] = times[State.UNSUBSTANTIATED] = _at(tipoff.verified_on, 15)
    if tipoff.closed_on:
        times[State.CLOSED] = _at(tipoff.closed_on, 16)
    events = [TipOffEvent(tipoff=tipoff, action="receive", to_state=State.RECEIVED, at=times[State.RECEIVED],
                          public_reply="您的举报已受理，我们将依法核查处理。")]
    for before, after in zip(path, path[1:], strict=False):
        concluding = after in (State.SUBSTANTIATED, State.UNSUBSTANTIATED)
        events.append(TipOffEvent(tipoff=tipoff, action=ACTIONS[after], from_state=before, to_state=after,
                                  actor=user, at=times[after], comment=tipoff.conclusion if concluding else "",
                                  public_reply="核查结果已办结，感谢您的监督。" if after == State.CLOSED else ""))
    return events


def _link_hazards_and_rewards(tipoffs, district, admin, policy):
    """Substantiated tip-offs about a hazard point at one of the enterprise's hazards; two get rewards."""
    substantiated = [t for t in tipoffs if t.substantiated and t.category == Category.MAJOR_HAZARD]
    for tipoff in substantiated:
        hazard = Hazard.objects.filter(enterprise=tipoff.enterprise_id).order_by("pk").first()
        if hazard is not None:
            TipOff.objects.filter(pk=tipoff.pk).update(hazard=hazard)
    for tipoff, status, fine in zip(substantiated[:2], (RewardStatus.APPROVED, RewardStatus.PROPOSED),
                                    (50000, 200000), strict=False):
        reward = rewards.compute(policy, tipoff.category, fine_yuan=fine)
        RewardProposal.objects.create(
            tipoff=tipoff, fine_yuan=fine, penalty_reference="金普应急罚〔2026〕演示号", amount_yuan=reward.amount,
            computation=reward.computation, status=status, proposed_by=admin or district,
            decided_by=district if status == RewardStatus.APPROVED else None,
            decided_at=timezone.now() if status == RewardStatus.APPROVED else None)


def build_check_record_demo(seed: int, weeks: int = 4) -> None:
    """The past weeks of self-inspection: each task's earlier periods checked (mostly passed) or missed."""
    rng = random.Random(seed * 31)
    now = timezone.now()
    records = []
    # Only enterprises with a login use the platform for their checks.
    checkers = {u.enterprise_id: u for u in User.objects.filter(enterprise__isnull=False).order_by("pk")}
    tasks = CheckTask.objects.filter(cycle_unit__in=["day", "week"],
                                     measure__event__risk_unit__risk_object__enterprise__in=list(checkers)) \
        .select_related("measure__event__risk_unit__risk_object__enterprise")
    for task in tasks:
        enterprise = task.measure.event.risk_unit.risk_object.enterprise
        checker = checkers[enterprise.pk]
        moment = now
        for _ in range(weeks if task.cycle_unit == "week" else weeks * 7):
            start, end = checks.period_of(task.cycle, task.cycle_unit, moment)
            moment = start - timedelta(seconds=1)
            if end > now:
                continue  # the current period stays due, opened by the worker
            passed = rng.random() < 0.9
            records.append(CheckRecord(
                task=task, enterprise=enterprise, period_start=start, period_end=end,
                result=CheckRecord.Result.PASSED if passed else CheckRecord.Result.MISSED,
                checked_at=start + timedelta(hours=rng.randint(1, 8)) if passed else None,
                checked_by=checker if passed else None))
    CheckRecord.objects.bulk_create(records, batch_size=1000)
    checks.open_due_records(now)
