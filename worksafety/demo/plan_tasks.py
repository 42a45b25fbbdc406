"""Demo plan tasks: the Jinpu plan's 31 主要任务 and 8 重点工程 with their text (indicators/data/
jinpu_plan_tasks.json, lead and cooperating departments assigned for the demo), three milestones each plus the
targets the plan states in so many words, and five years of quarterly progress from every department involved.

Most tasks keep pace and finish in 2025; a few lag (their departments report 滞后 with problems, and their last
milestones stay open), a few finish early. About one report in twenty is filed after its deadline and one in
forty is never filed, so the reporting overview and the evaluations have something to show. Reports are written
in bulk with the values `tasks.services.do_file_progress` would accept, dated inside (or, when late, after)
each quarter's reporting window. The 中期 and 终期评估 are then generated into the report archive.
"""

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils import timezone

from worksafety.core.choices import Role
from worksafety.core.models import Department, User
from worksafety.indicators.reports import archive, evaluation
from worksafety.indicators.tasks.models import (
    Milestone,
    PlanTask,
    ProgressReport,
    ProgressStatus,
    quarter_end,
    reporting_deadline,
)

TASKS_FILE = Path(__file__).resolve().parent.parent / "indicators" / "data" / "jinpu_plan_tasks.json"
QUARTERS = [(year, quarter) for year in range(2021, 2026) for quarter in range(1, 5)]
GENERIC_MILESTONES = (
    (date(2021, 12, 31), "制定实施方案，明确责任分工和年度目标"),
    (date(2023, 6, 30), "完成任务量过半，形成中期评估材料"),
    (date(2025, 12, 31), "全面完成规划任务"),
)
LATE_SHARE, MISSING_SHARE = 0.05, 0.025
WORK = ("召开专题会议研究部署，细化年度工作要点", "开展专项检查和督导，督促问题整改", "完善工作制度和台账，推动任务落地",
        "组织业务培训和宣传，推进重点工作", "会同相关部门开展联合行动，巩固治理成效")
PROBLEMS = ("专业技术人员不足，推进力度有待加强", "项目资金尚未完全落实", "部门协调机制有待完善，进度低于预期")


@dataclass
class Pace:
    """How far a task gets in the plan period: the quarter it finishes in (or None) and where it ends."""

    finish_index: int | None
    final_percent: int


def build_plan_task_demo(seed: int) -> None:
    rng = random.Random(f"{seed}:plan-tasks")
    departments = {d.name: d for d in Department.objects.all()}
    filers = {user.department_id: user for user in User.objects.filter(role=Role.DEPARTMENT).order_by("username")}
    for order, row in enumerate(json.loads(TASKS_FILE.read_text(encoding="utf-8"))["tasks"], start=1):
        task = PlanTask.objects.create(code=row["code"], kind=row["kind"], chapter=row["chapter"], title=row["title"],
                                       content=row["content"], lead_department=departments[row["lead"]],
                                       order=order)
        involved = [departments[name] for name in row["cooperating"]]
        task.cooperating_departments.set(involved)
        pace = _pace(rng)
        _milestones(rng, task, row["milestones"], pace)
        for department in [task.lead_department, *involved]:
            _reports(rng, task, department, filers[department.pk], pace)
    _evaluate(User.objects.get(username="district"))


def _evaluate(bureau: User) -> None:
    """The 中期 and 终期评估 in the report archive, as the bureau generates them once their period is over."""
    for kind in evaluation.EVALUATIONS:
        try:
            archive.check_period(kind, evaluation.START)
        except ValidationError:  # not due yet on this clock
            continue
        archive.do_generate_report(kind, evaluation.START, user=bureau)


def _pace(rng: random.Random) -> Pace:
    draw = rng.random()
    if draw < 0.15:  # lagging: still short of the target at the end of 2025
        return Pace(None, rng.choice([70, 80, 85, 90]))
    if draw < 0.3:  # finished early
        return Pace(rng.randint(12, 17), 100)
    return Pace(len(QUARTERS) - 1, 100)


def _percent_at(index: int, pace: Pace) -> int:
    last = pace.finish_index if pace.finish_index is not None else len(QUARTERS) - 1
    if index >= last:
        return pace.final_percent
    return round(pace.final_percent * (index + 1) / (last + 1))


def _status(percent: int, index: int) -> str:
    if percent == 100:
        return ProgressStatus.DONE
    expected = 100 * (index + 1) / len(QUARTERS)
    last = index == len(QUARTERS) - 1  # unfinished at the end of the plan period is behind, whatever the margin
    return ProgressStatus.BEHIND if last or percent < expected - 10 else ProgressStatus.ON_TRACK


def _milestones(rng, task: PlanTask, stated: list[dict], pace: Pace) -> None:
    planned = [(due, text) for due, text in GENERIC_MILESTONES]
    planned += [(date.fromisoformat(m["due_on"]), m["description"]) for m in stated]
    rows = []
    for due, text in sorted(planned):
        milestone = Milestone(task=task, due_on=due, description=text)
        finished_by = _finish_date(pace)
        if finished_by is not None or due < date(2025, 12, 31):
            # Reached within a month either side of the date; a lagging task misses its final ones.
            milestone.achieved_on = due + timedelta(days=rng.randint(-30, 20))
            milestone.achievement_note = "已按节点完成，材料已报区安委办备案"
        rows.append(milestone)
    Milestone.objects.bulk_create(rows)


def _finish_date(pace: Pace) -> date | None:
    if pace.finish_index is None:
        return None
    return quarter_end(*QUARTERS[pace.finish_index])


def _reports(rng, task: PlanTask, department: Department, filer: User, pace: Pace) -> None:
    rows = []
    for index, (year, quarter) in enumerate(QUARTERS):
        if rng.random() < MISSING_SHARE:
            continue
        percent = _percent_at(index, pace)
        status = _status(percent, index)
        late = rng.random() < LATE_SHARE
        day = reporting_deadline(year, quarter) + timedelta(days=rng.randint(3, 25)) if late else \
            quarter_end(year, quarter) + timedelta(days=rng.randint(1, 10))
        rows.append(ProgressReport(
            task=task, department=department, year=year, quarter=quarter, status=status, percent=percent,
            work_done=f"{task.title}：{rng.choice(WORK)}。",
            problems=rng.choice(PROBLEMS) if status == ProgressStatus.BEHIND else "",
            next_steps="按照规划节点继续推进，加强督导检查" if status != ProgressStatus.DONE else "",
            submitted_by=filer, submitted_at=timezone.make_aware(datetime.combine(day, time(16, 30)))))
    ProgressReport.objects.bulk_create(rows)
