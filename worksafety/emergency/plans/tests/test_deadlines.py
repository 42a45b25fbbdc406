"""Drill-overdue and evaluation reminders (plans.deadlines): which plans are flagged, who is told,
and that each condition is told once."""

from datetime import timedelta

import pytest

from worksafety.core.choices import Role
from worksafety.core.jobs import JOBS
from worksafety.core.models import Notification, User
from worksafety.core.workflow import transition
from worksafety.emergency.plans import deadlines as plan_deadlines
from worksafety.emergency.plans import rules as plan_rules
from worksafety.emergency.plans.choices import PlanKind
from worksafety.emergency.plans.models import EmergencyPlan
from worksafety.emergency.plans.tests.helpers import days_ago, hold_drill, make_plan


def overdue_titles(today=None) -> set[str]:
    return set(EmergencyPlan.objects.drill_overdue(today or days_ago(0)).values_list("title", flat=True))


def months_ago(months: int):
    return plan_rules.add_months(days_ago(0), -months)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the reminders and deliver what they send (notifications go out when the transaction commits)."""

    def run(today=None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return plan_deadlines.remind(today)

    return run


def test_onsite_plans_are_drilled_every_six_months_other_enterprise_plans_every_year(world):
    user = world.enterprise_user
    make_plan(user, kind=PlanKind.ONSITE, title="现场-7个月未演练", published_on=months_ago(7))
    make_plan(user, kind=PlanKind.ONSITE, title="现场-180天", published_on=days_ago(180))
    drilled = make_plan(user, kind=PlanKind.ONSITE, title="现场-5个月前演练", published_on=months_ago(10))
    hold_drill(drilled, user, months_ago(5))
    make_plan(user, kind=PlanKind.COMPREHENSIVE, title="综合-7个月", published_on=months_ago(7))
    make_plan(user, kind=PlanKind.SPECIAL, title="专项-13个月", published_on=months_ago(13))
    make_plan(user, kind=PlanKind.ONSITE, title="现场-草稿")
    assert overdue_titles() == {"现场-7个月未演练", "专项-13个月"}


def test_government_plans_are_drilled_every_two_years(world):
    make_plan(world.district_user, kind=PlanKind.OVERALL, title="总体-13个月", published_on=months_ago(13))
    make_plan(world.district_user, kind=PlanKind.SPECIAL, title="专项-25个月", published_on=months_ago(25))
    make_plan(world.department_user, kind=PlanKind.DEPARTMENT, title="部门-23个月", published_on=months_ago(23))
    assert overdue_titles() == {"专项-25个月"}


def test_a_drill_before_the_new_version_does_not_count_against_it(world):
    user = world.enterprise_user
    old = make_plan(user, kind=PlanKind.ONSITE, title="罐区方案", published_on=months_ago(20))
    hold_drill(old, user, months_ago(8))
    assert overdue_titles() == {"罐区方案"}
    from worksafety.emergency.plans import services as plans

    new = plans.do_new_version(old, user=user, version="2025版")
    transition(new, "publish", user, published_on=months_ago(1))
    assert overdue_titles() == set()  # the old version is no longer in force; the new one was published a month ago
    assert overdue_titles(plan_rules.add_months(days_ago(0), 6)) == {"罐区方案"}


def test_the_overdue_filter_and_the_detail_agree_with_the_rule(world):
    user = world.enterprise_user
    plan = make_plan(user, kind=PlanKind.ONSITE, title="罐区方案", published_on=months_ago(12))
    hold_drill(plan, user, months_ago(7))
    due = plan.drill_due(months_ago(7))
    assert due == plan_rules.add_months(months_ago(7), 6) and due < days_ago(0)
    assert overdue_titles() == {"罐区方案"}
    hold_drill(plan, user, days_ago(1))
    assert overdue_titles() == set()


def test_reminders_go_to_the_owners_logins_once_per_condition(world, remind):
    other_login = User.objects.create(username="ent_park_2", role=Role.ENTERPRISE, enterprise=world.ent_park)
    onsite = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="罐区方案", published_on=months_ago(8))
    soon = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, title="综合预案",
                     published_on=plan_rules.add_months(days_ago(-30), -36))
    hold_drill(soon, world.enterprise_user, days_ago(10))
    late = make_plan(world.district_user, kind=PlanKind.OVERALL, title="区总体预案",
                     published_on=plan_rules.add_months(days_ago(5), -36))
    assert remind() == 4  # onsite drill; soon review; district review overdue and drill overdue
    mine = Notification.objects.filter(recipient=world.enterprise_user).order_by("title")
    assert [n.title for n in mine] == ["应急预案演练已逾期：罐区方案", "应急预案评估即将到期：综合预案"]
    assert Notification.objects.filter(recipient=other_login).count() == 2
    district = Notification.objects.filter(recipient=world.district_user)
    assert {n.title for n in district} == {"应急预案评估已逾期：区总体预案", "应急预案演练已逾期：区总体预案"}
    assert not Notification.objects.filter(recipient__in=[world.street_a_user, world.department_user,
                                                          world.admin]).exists()
    assert mine.first().url == f"/emergency-plans/{onsite.pk}/"
    assert str(soon.next_review_due) in mine.last().body
    assert late.next_review_due < days_ago(0)

    before = Notification.objects.count()
    remind()
    assert Notification.objects.count() == before  # told once

    hold_drill(onsite, world.enterprise_user, days_ago(0))
    remind()
    assert Notification.objects.count() == before
    remind(plan_rules.add_months(days_ago(0), 6) + timedelta(days=1))  # a new due date passed
    assert Notification.objects.filter(recipient=world.enterprise_user, title__startswith="应急预案演练已逾期").count() == 2


def test_department_plans_remind_the_department(world, remind):
    make_plan(world.department_user, kind=PlanKind.DEPARTMENT, title="部门预案", published_on=months_ago(25))
    remind()
    assert Notification.objects.get(recipient=world.department_user).title == "应急预案演练已逾期：部门预案"
    assert not Notification.objects.filter(recipient=world.district_user).exists()


@pytest.mark.parametrize("name", ["plan_deadlines"])
def test_the_reminder_is_a_worker_job(name):
    assert name in {job.name for job in JOBS}
