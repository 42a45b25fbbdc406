"""Building the plan's tasks, milestones and progress reports for the tests, through the services as the bureau
and the departments do (the `plan` fixture, in the app's conftest.py, is `make_plan`)."""

from datetime import date

from worksafety.core.choices import Role
from worksafety.core.models import User
from worksafety.core.services import do_save_object
from worksafety.core.tests.factories import DepartmentFactory
from worksafety.indicators.tasks import services as plan_tasks
from worksafety.indicators.tasks.models import Milestone, PlanTask, ProgressStatus, TaskKind


def new_task(world, code, title, lead, cooperating=(), kind=TaskKind.MAIN, chapter="六、全力防范安全生产事故",
             order=0) -> PlanTask:
    task = PlanTask(code=code, kind=kind, chapter=chapter, title=title, content=f"{title}：规划原文。",
                    lead_department=lead, order=order)
    return do_save_object(task, user=world.district_user, m2m={"cooperating_departments": list(cooperating)})


def new_milestone(world, task, due_on, description="完成专项整治") -> Milestone:
    return do_save_object(Milestone(task=task, due_on=due_on, description=description), user=world.district_user)


def file(user, task, year, quarter, percent, status=ProgressStatus.ON_TRACK, today=None, **text):
    """A filing on the last day of the quarter's reporting window unless `today` says otherwise."""
    text.setdefault("work_done", f"{year}年第{quarter}季度完成排查。")
    return plan_tasks.do_file_progress(user, task, year=year, quarter=quarter, status=status, percent=percent,
                                       today=today or plan_tasks.quarter_start(year, quarter).replace(day=20), **text)


def make_plan(world):
    """区应急管理局 leads 六(一) with the transport bureau cooperating; the transport bureau leads the project
    十(一) alone; 区市场监督管理局 has no task."""
    w = world
    w.dept_safety = DepartmentFactory(code="yjj", name="区应急管理局", area=w.district)
    w.dept_market = DepartmentFactory(code="scjgj", name="区市场监督管理局", area=w.district)

    def login(username, department):
        user = User(username=username, role=Role.DEPARTMENT, department=department)
        user.set_password("x")
        user.save()
        return user

    w.safety_user = login("dept_safety", w.dept_safety)
    w.market_user = login("dept_market", w.dept_market)
    w.task = new_task(w, "六(一)", "强化危险化学品安全风险防控", w.dept_safety, [w.dept_transport], order=1)
    w.project = new_task(w, "十(一)", "道路交通安全提升工程", w.dept_transport, kind=TaskKind.PROJECT,
                         chapter="十、重点工程", order=2)
    w.milestone = new_milestone(w, w.task, date(2022, 12, 31))
    return w
