"""The plan's tasks: the one write path for progress reports and milestones (ARCHITECTURE.md rule 2), and the
read helpers the pages, the API, the worker and the evaluation reports share.

Who files: a department login, for a task its department leads or cooperates on (十一(一) 明确任务分工). The
district bureau reads and evaluates; it never files on a department's behalf, so every report is what the
department itself said. Tasks themselves are plain records (`core.services.do_save_object`, the xlsx import).

A quarter's report may be corrected until its deadline (quarter end + REPORTING_DAYS); after that it is the
record. `today` stands for the clock: the filing is dated that day (the demo backfills past quarters with it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.core import audit
from worksafety.core.choices import AuditAction, Role
from worksafety.core.models import User
from worksafety.core.notifications import notify
from worksafety.core.scoping import ADD, CHANGE, VIEW, OutOfScope, can, may, require
from worksafety.indicators.tasks.models import (
    Milestone,
    PlanTask,
    ProgressReport,
    ProgressStatus,
    reporting_deadline,
)

# The plan's period (《金普新区安全生产“十四五”规划》 2021–2025): quarters outside it take no reports.
PLAN_FIRST_YEAR, PLAN_LAST_YEAR = 2021, 2025
QUARTERS = (1, 2, 3, 4)

# A task whose lead department has not reported yet; not a ProgressStatus because nobody files it.
NOT_REPORTED = "not_reported"
# (label, Bootstrap colour) of each status, in the order the pages count them.
STATUS_DISPLAY = {
    ProgressStatus.DONE: (ProgressStatus.DONE.label, "success"),
    ProgressStatus.ON_TRACK: (ProgressStatus.ON_TRACK.label, "primary"),
    ProgressStatus.BEHIND: (ProgressStatus.BEHIND.label, "danger"),
    ProgressStatus.NOT_STARTED: (ProgressStatus.NOT_STARTED.label, "secondary"),
    NOT_REPORTED: (gettext_lazy("未报告"), "light"),
}
STATUS_CHOICES = [(status, label) for status, (label, _colour) in STATUS_DISPLAY.items()]


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * quarter - 2, 1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def plan_quarters(through: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Every (year, quarter) of the plan period, up to `through` inclusive."""
    quarters = [(y, q) for y in range(PLAN_FIRST_YEAR, PLAN_LAST_YEAR + 1) for q in QUARTERS]
    return [yq for yq in quarters if through is None or yq <= through]


def departments_of(task: PlanTask) -> list:
    """The lead department first, then the cooperating ones."""
    cooperating = [d for d in task.cooperating_departments.all() if d.pk != task.lead_department_id]
    return [task.lead_department, *sorted(cooperating, key=lambda d: d.code)]


# --- filing -------------------------------------------------------------------------------------------------

def _filing_department(user, task: PlanTask):
    if not can(user, ProgressReport, VIEW) or not may(user, task, VIEW):
        raise OutOfScope()
    if user.is_superuser or user.role != Role.DEPARTMENT or not user.department_id:
        raise ValidationError(_("进展报告由牵头或配合部门的账号报送；区应急局和系统管理员不能代部门报送。"))
    if not can(user, ProgressReport, ADD):
        raise OutOfScope()
    involved = user.department_id == task.lead_department_id or task.cooperating_departments.filter(
        pk=user.department_id).exists()
    if not involved:
        raise ValidationError(_("贵部门不是“%(task)s”的牵头或配合部门，不能报送其进展。") % {"task": task})
    return user.department


def _check_quarter(year: int, quarter: int, today: date) -> dict:
    if quarter not in QUARTERS:
        return {"quarter": _("季度须为 1 至 4。")}
    if not PLAN_FIRST_YEAR <= year <= PLAN_LAST_YEAR:
        return {"year": _("规划期为 %(first)s—%(last)s 年，不能报送该年度的进展。") % {
            "first": PLAN_FIRST_YEAR, "last": PLAN_LAST_YEAR}}
    if quarter_start(year, quarter) > today:
        return {"quarter": _("%(year)s年第%(quarter)s季度尚未开始，不能报送。") % {"year": year, "quarter": quarter}}
    return {}


def _check_figures(task, department, year, quarter, status, percent, work_done) -> dict:
    errors = {}
    if status not in ProgressStatus.values:
        errors["status"] = _("请选择推进状态。")
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        errors["percent"] = _("累计完成比例须为 0 至 100 的整数。")
    elif status == ProgressStatus.DONE and percent < 100:
        errors["percent"] = _("状态为“已完成”时累计完成比例须为 100%。")
    elif percent == 100 and status != ProgressStatus.DONE:
        errors["status"] = _("累计完成 100% 时状态须为“已完成”。")
    elif status == ProgressStatus.NOT_STARTED and percent > 0:
        errors["percent"] = _("状态为“未启动”时累计完成比例须为 0。")
    else:
        # Cumulative: never below an earlier quarter's figure, never above a later one already filed.
        others = ProgressReport.objects.filter(task=task, department=department).exclude(year=year, quarter=quarter)
        earlier = others.filter(Q(year__lt=year) | Q(year=year, quarter__lt=quarter)).order_by("-year", "-quarter")
        later = others.filter(Q(year__gt=year) | Q(year=year, quarter__gt=quarter)).order_by("year", "quarter")
        before, after = earlier.first(), later.first()
        if before and percent < before.percent:
            errors["percent"] = _("累计完成比例不能低于%(year)s年第%(quarter)s季度已报的 %(percent)s%%。") % {
                "year": before.year, "quarter": before.quarter, "percent": before.percent}
        elif after and percent > after.percent:
            errors["percent"] = _("累计完成比例不能高于%(year)s年第%(quarter)s季度已报的 %(percent)s%%。") % {
                "year": after.year, "quarter": after.quarter, "percent": after.percent}
    if not (work_done or "").strip():
        errors["work_done"] = _("请填写本季度工作进展。")
    return errors


def do_file_progress(user, task: PlanTask, *, year: int, quarter: int, status: str, percent: int, work_done: str,
                     problems: str = "", next_steps: str = "", today: date | None = None) -> ProgressReport:
    """File (or, until the deadline, correct) the user's department's report on `task` for a quarter."""
    today = today or timezone.localdate()
    department = _filing_department(user, task)
    errors = _check_quarter(year, quarter, today) or _check_figures(task, department, year, quarter, status, percent,
                                                                   work_done)
    if errors:
        raise ValidationError(errors)
    existing = ProgressReport.objects.filter(task=task, department=department, year=year, quarter=quarter).first()
    if existing and today > existing.deadline:
        raise ValidationError(_("已过报送期限，报告已存档，不能修改。"))
    # The filing is dated `today`; on the real clock that is now.
    submitted_at = timezone.now() if today == timezone.localdate() else timezone.make_aware(
        datetime.combine(today, time(12)))
    report = existing or ProgressReport(task=task, department=department, year=year, quarter=quarter)
    for name, value in {"status": status, "percent": percent, "work_done": work_done.strip(),
                        "problems": problems.strip(), "next_steps": next_steps.strip(), "submitted_by": user,
                        "submitted_at": submitted_at}.items():
        setattr(report, name, value)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic(), audit.acting_as(user):
            report.save()
    except IntegrityError:  # the same department filed the same quarter at the same moment
        raise ValidationError(_("该部门本季度已报送该任务的进展，请刷新后修改。")) from None
    return report


# --- milestones ---------------------------------------------------------------------------------------------

def may_achieve(user, milestone: Milestone) -> bool:
    """The district bureau (which keeps the milestones), or a login of the task's lead department."""
    if can(user, Milestone, CHANGE):
        return True
    return user.role == Role.DEPARTMENT and user.department_id == milestone.task.lead_department_id


def do_achieve_milestone(user, milestone: Milestone, *, achieved_on: date, note: str = "",
                         today: date | None = None) -> Milestone:
    today = today or timezone.localdate()
    require(user, milestone, VIEW)
    if not may_achieve(user, milestone):
        raise ValidationError(_("只有牵头部门或区应急局可以确认节点完成。"))
    if achieved_on > today:
        raise ValidationError({"achieved_on": _("完成日期不能晚于今天。")})
    if achieved_on < date(PLAN_FIRST_YEAR, 1, 1):
        raise ValidationError({"achieved_on": _("完成日期不能早于规划期开始（%(year)s年）。") % {"year": PLAN_FIRST_YEAR}})
    note = note.strip()
    if len(note) > Milestone._meta.get_field("achievement_note").max_length:
        raise ValidationError({"note": _("完成情况说明不超过 300 字。")})
    with transaction.atomic(), audit.acting_as(user):
        # On the milestone as it was read: two people confirming at once cannot both win.
        if Milestone.objects.filter(pk=milestone.pk, achieved_on__isnull=True).update(
                achieved_on=achieved_on, achievement_note=note) != 1:
            raise ValidationError(_("该节点已确认完成，不能重复确认。"))
        audit.record(AuditAction.UPDATE, instance=milestone,
                     after={"achieved_on": achieved_on.isoformat(), "achievement_note": note})
    milestone.refresh_from_db()
    return milestone


# --- reading ------------------------------------------------------------------------------------------------

@dataclass
class TaskStatus:
    task: PlanTask
    latest: dict  # department id → its latest report up to the cut-off
    status: str  # a ProgressStatus, or NOT_REPORTED
    percent: int | None

    @property
    def label(self) -> str:
        return str(STATUS_DISPLAY[self.status][0])

    @property
    def colour(self) -> str:
        return STATUS_DISPLAY[self.status][1]

    @property
    def lead_report(self) -> ProgressReport | None:
        return self.latest.get(self.task.lead_department_id)


def _up_to(as_of: date) -> Q:
    year, quarter = quarter_of(as_of)
    return Q(year__lt=year) | Q(year=year, quarter__lte=quarter)


def task_statuses(tasks, as_of: date) -> dict[int, TaskStatus]:
    """Each task's latest report per department for quarters begun by `as_of`; the lead department's latest
    decides the task's status and percent (no report from it: 未报告). One query for all the tasks."""
    tasks = list(tasks)
    latest: dict[int, dict] = defaultdict(dict)
    reports = (ProgressReport.objects.filter(_up_to(as_of), task__in=tasks)
               .select_related("department", "submitted_by").order_by("year", "quarter"))
    for report in reports:  # later quarters overwrite earlier ones
        latest[report.task_id][report.department_id] = report
    statuses = {}
    for task in tasks:
        lead = latest[task.pk].get(task.lead_department_id)
        statuses[task.pk] = TaskStatus(task, latest[task.pk], lead.status if lead else NOT_REPORTED,
                                       lead.percent if lead else None)
    return statuses


def task_status(task: PlanTask, as_of: date) -> TaskStatus:
    return task_statuses([task], as_of)[task.pk]


def missing_reports(year: int, quarter: int, today: date) -> list[tuple[PlanTask, object]]:
    """(task, department) pairs with no report for the quarter once its deadline has passed."""
    return [(task, row.department) for row in reporting_rows([(year, quarter)], today) for task in row.missing_tasks]


@dataclass
class ReportingRow:
    """One department's filings for one quarter whose deadline has passed."""

    department: object
    year: int
    quarter: int
    due: int = 0
    on_time: int = 0
    late: int = 0
    missing_tasks: list = field(default_factory=list)

    @property
    def missing(self) -> int:
        return len(self.missing_tasks)

    @property
    def deadline(self) -> date:
        return reporting_deadline(self.year, self.quarter)


def reporting_rows(quarters, today: date, department=None) -> list[ReportingRow]:
    """报送情况: for each quarter (of `quarters`) whose deadline has passed by `today` and each department with
    tasks, the reports due, filed on time, filed late and missing. Who must report is the tasks' departments as
    they stand now."""
    quarters = [yq for yq in quarters if yq in plan_quarters() and reporting_deadline(*yq) < today]
    if not quarters:
        return []
    tasks = list(PlanTask.objects.select_related("lead_department").prefetch_related("cooperating_departments"))
    pairs = [(task, d) for task in tasks for d in departments_of(task)
             if department is None or d.pk == department.pk]
    filed = {(r.task_id, r.department_id, r.year, r.quarter): r.is_late
             for r in ProgressReport.objects.filter(Q(*[Q(year=y, quarter=q) for y, q in quarters], _connector=Q.OR))}
    rows = {}
    for year, quarter in quarters:
        for task, dept in pairs:
            row = rows.setdefault((dept.pk, year, quarter), ReportingRow(dept, year, quarter))
            row.due += 1
            late = filed.get((task.pk, dept.pk, year, quarter))
            if late is None:
                row.missing_tasks.append(task)
            elif late:
                row.late += 1
            else:
                row.on_time += 1
    return sorted(rows.values(), key=lambda r: (-r.year, -r.quarter, r.department.code))


def last_closed_quarter(today: date) -> tuple[int, int] | None:
    """The latest quarter of the plan whose reporting deadline has passed."""
    closed = [yq for yq in plan_quarters() if reporting_deadline(*yq) < today]
    return closed[-1] if closed else None


def notify_missing_reports(today: date | None = None) -> int:
    """Tell each department's logins, once per quarter (the key), which of its reports for the latest closed
    quarter are missing; returns how many departments were told."""
    today = today or timezone.localdate()
    quarter = last_closed_quarter(today)
    if quarter is None:
        return 0
    year, q = quarter
    by_department = defaultdict(list)
    for task, department in missing_reports(year, q, today):
        by_department[department].append(task)
    for department, tasks in by_department.items():
        notify(User.objects.filter(role=Role.DEPARTMENT, department=department, is_active=True),
               title=_("规划任务进展未报送：%(year)s年第%(quarter)s季度 %(n)s 项") % {"year": year, "quarter": q,
                                                                           "n": len(tasks)},
               body=_("以下任务的季度进展报送期限 %(deadline)s 已过，请尽快报送：%(tasks)s") % {
                   "deadline": reporting_deadline(year, q), "tasks": "；".join(str(t) for t in tasks)},
               url=reverse("plantask_list"), category="plan_progress_missing",
               key=f"plan-progress-missing:{department.pk}:{year}Q{q}")
    return len(by_department)
