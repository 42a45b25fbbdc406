"""Building the plan's tasks, milestones and progress reports for the tests, through the services as the bureau
and the departments do (the `plan` fixture is in conftest.py)."""


from worksafety.core.services import do_save_object
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
