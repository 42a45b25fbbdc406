"""Helpers shared by the plan tests (not a test module): plans entered, published and filed through the
services, and drills held on given days."""

from datetime import timedelta

from django.utils import timezone

from worksafety.core.workflow import transition
from worksafety.emergency.plans import services as plans
from worksafety.emergency.plans.choices import DrillKind, DrillRating, PlanKind
from worksafety.emergency.plans.models import DisposalCard, Drill, EmergencyPlan, PlanResponseStep


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def steps_for(levels) -> list[PlanResponseStep]:
    return [PlanResponseStep(response_level=level, order=1, action=f"{level}级响应：启动预案，报告值班室",
                             responsible="应急办公室", time_limit="接报后 10 分钟内") for level in levels]


def card(post="罐区操作工") -> DisposalCard:
    return DisposalCard(post=post, scenario="液氨储罐法兰泄漏", steps="佩戴正压式空气呼吸器\n关闭进出口阀门\n启动水幕",
                        contacts="值班长 张三 13800000001\n安全员 李四 13800000002", ppe="正压式空气呼吸器、防化服")


def make_plan(user, *, kind=PlanKind.SPECIAL, title="液氨泄漏专项应急预案", levels=(3, 4), event_types=(),
              chemicals=(), sectors=(), cards=(), links=None, enterprise=None, department=None, version="2024版",
              published_on=None) -> EmergencyPlan:
    """A plan of `user`'s unit (the superuser: of `enterprise` or `department`, else the district) with one step
    per level, entered through the services; published on `published_on` when given."""
    plan = EmergencyPlan(title=title, code="YA-01", version=version, kind=kind, response_levels=list(levels),
                         event_types=list(event_types), enterprise=enterprise, department=department)
    plans.do_save_plan(plan, user=user, m2m={"chemicals": list(chemicals), "sectors": list(sectors)},
                       steps=steps_for(levels), cards=list(cards), links=links)
    if published_on is not None:
        transition(plan, "publish", user, published_on=published_on)
    return plan


def hold_drill(plan, user, held_on, **changes) -> Drill:
    fields = {"held_on": held_on, "kind": DrillKind.LIVE, "scenario": "储罐区泄漏", "organiser": "安全环保部",
              "participants": 20, "duration_minutes": 60, "rating": DrillRating.GOOD}
    fields.update(changes)
    return plans.do_record_drill(Drill(plan=plan, **fields), user=user)
