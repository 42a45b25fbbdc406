"""规划任务 pages: the tasks grouped by chapter with their latest status, a task's page (the plan's text,
milestones, progress chart, reports, the department's 报送 form), the district's edit and import pages, and the
报送情况 the district watches. Writes go through `indicators.tasks.services` or `do_save_object`."""

from collections import Counter

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from worksafety.core import xlsx
from worksafety.core.choices import Role
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectEditView, run_step
from worksafety.core.imports import import_page
from worksafety.core.scoping import ADD, CHANGE, VIEW, can, get_scoped_or_404, may
from worksafety.indicators.tasks import services
from worksafety.indicators.tasks.filtersets import PlanTaskFilterSet
from worksafety.indicators.tasks.forms import (
    AchieveForm,
    MilestoneForm,
    PlanTaskForm,
    ProgressForm,
    ReportingFilterForm,
)
from worksafety.indicators.tasks.imports import TASK_IMPORT
from worksafety.indicators.tasks.models import Milestone, PlanTask, ProgressReport

TASKS = PlanTask.objects.select_related("lead_department").prefetch_related("cooperating_departments", "milestones")


# --- the list -----------------------------------------------------------------------------------------------

def filtered_tasks(request) -> tuple[PlanTaskFilterSet, list[PlanTask]]:
    """The tasks the user may see, through the list's FilterSet; a department's logins start on their own."""
    data = request.GET.copy()
    filters = data.copy()
    filters.pop("export", None)  # the export shows what the page shows
    if not filters and getattr(request.user, "role", None) == Role.DEPARTMENT:
        data["mine"] = "true"
    filterset = PlanTaskFilterSet(data or None, queryset=TASKS.restrict(request.user), request=request)
    tasks = filterset.qs if not filterset.is_bound or filterset.is_valid() else TASKS.none()
    return filterset, list(tasks[: settings.WORKSAFETY_MAX_EXPORT_ROWS])


def task_rows(tasks, today) -> list[dict]:
    """What the list and its export show of each task: status, next milestone, overdue milestones."""
    statuses = services.task_statuses(tasks, today)
    rows = []
    for task in tasks:
        milestones = list(task.milestones.all())
        upcoming = [m for m in milestones if m.achieved_on is None and not m.is_overdue(today)]
        rows.append({"task": task, "status": statuses[task.pk], "next_milestone": upcoming[0] if upcoming else None,
                     "overdue": sum(m.is_overdue(today) for m in milestones),
                     "cooperating": "、".join(d.name for d in services.departments_of(task)[1:])})
    return rows


EXPORT_HEADERS = [
    gettext_lazy("编号"), gettext_lazy("类别"), gettext_lazy("所属章节"), gettext_lazy("任务名称"),
    gettext_lazy("牵头部门"), gettext_lazy("配合部门"), gettext_lazy("推进状态"), gettext_lazy("累计完成（%）"),
    gettext_lazy("下一节点"), gettext_lazy("下一节点日期"), gettext_lazy("逾期节点")]


def _export(rows):
    lines = ([r["task"].code, r["task"].get_kind_display(), r["task"].chapter, r["task"].title,
              r["task"].lead_department.name, r["cooperating"], r["status"].label, r["status"].percent,
              r["next_milestone"].description if r["next_milestone"] else "",
              r["next_milestone"].due_on if r["next_milestone"] else None, r["overdue"]] for r in rows)
    content = xlsx.build(gettext("规划任务"), [str(h) for h in EXPORT_HEADERS], lines, [10, 8, 24, 30, 16, 30, 10, 10, 30, 12, 8],
                         [gettext("推进状态和累计完成以牵头部门最近一次进展报告为准；未报告表示牵头部门尚未报送。")])
    return xlsx.response(content, gettext("规划任务-%(day)s.xlsx") % {"day": f"{timezone.localdate():%Y%m%d}"})


@login_required
def plantask_list(request):
    if not can(request.user, PlanTask, VIEW):
        raise Http404
    today = timezone.localdate()
    filterset, tasks = filtered_tasks(request)
    rows = task_rows(tasks, today)
    if request.GET.get("export") == "xlsx":
        return _export(rows)
    chapters: dict[str, list] = {}
    for row in rows:
        chapters.setdefault(row["task"].chapter, []).append(row)
    counts = Counter(row["status"].status for row in rows)
    query = request.GET.copy()
    query["export"] = "xlsx"
    return render(request, "indicators/tasks/plantask_list.html", {
        "title": gettext("规划任务"), "filter_form": bootstrapify(filterset.form), "chapters": chapters,
        "counts": [(label, colour, counts[status]) for status, (label, colour) in services.STATUS_DISPLAY.items()],
        "export_query": query.urlencode(), "can_add": can(request.user, PlanTask, ADD),
        "can_watch_reporting": _may_watch_reporting(request.user)})


# --- a task -------------------------------------------------------------------------------------------------

def _may_file(user, task) -> bool:
    return (user.role == Role.DEPARTMENT and not user.is_superuser and can(user, ProgressReport, ADD)
            and user.department in services.departments_of(task))


def _progress_form(user, task, today):
    """Prefilled with the department's report for the latest quarter begun, else with its previous report."""
    form = ProgressForm(today=today)
    choices = form.fields["quarter_of"].choices
    if not choices:
        return form
    year, quarter = map(int, choices[0][0].split("-"))
    previous = ProgressReport.objects.filter(task=task, department=user.department_id).order_by(
        "-year", "-quarter").first()
    initial = {"quarter_of": choices[0][0]}
    if previous:
        initial |= {"status": previous.status, "percent": previous.percent, "next_steps": previous.next_steps,
                    "problems": previous.problems}
        if (previous.year, previous.quarter) == (year, quarter):
            initial["work_done"] = previous.work_done
    form.initial = initial
    return form


def _chart(reports) -> dict:
    """Cumulative percent per quarter per department, for the page's ECharts line chart."""
    reports = sorted(reports, key=lambda r: (r.year, r.quarter))
    quarters = sorted({(r.year, r.quarter) for r in reports})
    series = {}
    for report in reports:
        values = series.setdefault(report.department.name, [None] * len(quarters))
        values[quarters.index((report.year, report.quarter))] = report.percent
    return {"quarters": [f"{y}Q{q}" for y, q in quarters],
            "series": [{"name": name, "data": values} for name, values in series.items()]}


@login_required
def plantask_detail(request, pk):
    task = get_scoped_or_404(TASKS, request.user, pk=pk)
    user, today = request.user, timezone.localdate()
    may_file = _may_file(user, task)
    reports = list(ProgressReport.objects.restrict(user).filter(task=task).select_related("department",
                                                                                         "submitted_by"))
    milestones = list(task.milestones.all())
    for milestone in milestones:
        milestone.overdue = milestone.is_overdue(today)
        milestone.may_achieve = milestone.achieved_on is None and services.may_achieve(user, milestone)
    return render(request, "indicators/tasks/plantask_detail.html", {
        "title": str(task), "task": task, "status": services.task_status(task, today),
        "departments": services.departments_of(task), "milestones": milestones,
        "reports": reports, "chart": _chart(reports), "may_file": may_file,
        "progress_form": bootstrapify(_progress_form(user, task, today)) if may_file else None,
        "achieve_form": bootstrapify(AchieveForm(initial={"achieved_on": today})),
        "can_change": may(user, task, CHANGE),
        "can_add_milestone": can(user, Milestone, ADD)})


@login_required
@require_POST
def plantask_file(request, pk):
    task = get_scoped_or_404(PlanTask, request.user, pk=pk)
    form = ProgressForm(request.POST, today=timezone.localdate())

    def file():
        year, quarter = form.quarter()
        services.do_file_progress(request.user, task, year=year, quarter=quarter,
                                    **{k: v for k, v in form.cleaned_data.items() if k != "quarter_of"})

    return run_step(request, reverse("plantask_detail", args=[task.pk]), file, gettext("已报送进展。"), form)


@login_required
@require_POST
def milestone_achieve(request, pk):
    milestone = get_scoped_or_404(Milestone.objects.select_related("task"), request.user, VIEW, pk=pk)
    form = AchieveForm(request.POST)
    return run_step(request, reverse("plantask_detail", args=[milestone.task_id]),
                    lambda: services.do_achieve_milestone(request.user, milestone, **form.cleaned_data),
                    gettext("已确认节点完成。"), form)


# --- the district's edit pages ------------------------------------------------------------------------------

class PlanTaskEditView(ObjectEditView):
    queryset = PlanTask.objects.all()
    form_class = PlanTaskForm


class MilestoneEditView(ObjectEditView):
    """A milestone of a task (`…/add/?task=<id>` from the task's page); it returns to the task."""

    queryset = Milestone.objects.all()
    form_class = MilestoneForm
    preset_fields = ("task",)

    def success_url(self, obj):
        return f"{reverse('plantask_detail', args=[obj.task_id])}#milestones"


@login_required
def plantask_import(request):
    return import_page(request, TASK_IMPORT, template_name="indicators/tasks/plantask_import.html",
                       title=gettext("规划任务 Excel 导入"), template_filename=gettext("规划任务导入模板.xlsx"))


# --- 报送情况 -----------------------------------------------------------------------------------------------

def _may_watch_reporting(user) -> bool:
    """The district bureau watches every department's filings (it reads all reports and keeps the tasks)."""
    return can(user, PlanTask, CHANGE)


@login_required
def plantask_reporting(request):
    if not _may_watch_reporting(request.user):
        raise Http404
    today = timezone.localdate()
    closed = services.last_closed_quarter(today)
    form = ReportingFilterForm(request.GET or {"year": closed[0] if closed else services.PLAN_FIRST_YEAR})
    rows = []
    if form.is_valid():
        year = form.cleaned_data["year"]
        rows = services.reporting_rows([(year, q) for q in services.QUARTERS], today,
                                         department=form.cleaned_data["department"])
    if request.GET.get("export") == "xlsx":
        lines = ([r.department.name, gettext("%(year)s年第%(quarter)s季度") % {"year": r.year, "quarter": r.quarter},
                  r.deadline, r.due, r.on_time, r.late, r.missing] for r in rows)
        headers = [gettext("部门"), gettext("季度"), gettext("报送期限"), gettext("应报"), gettext("按时"), gettext("迟报"),
                   gettext("未报")]
        content = xlsx.build(gettext("进展报告报送情况"), headers, lines, [24, 16, 12, 8, 8, 8, 8])
        return xlsx.response(content, gettext("进展报告报送情况-%(day)s.xlsx") % {"day": f"{today:%Y%m%d}"})
    missing = [(row.year, row.quarter, task, row.department) for row in reversed(rows) for task in row.missing_tasks]
    query = request.GET.copy()
    query["export"] = "xlsx"
    return render(request, "indicators/tasks/plantask_reporting.html", {
        "title": gettext("进展报告报送情况"), "form": bootstrapify(form), "rows": rows, "missing": missing,
        "export_query": query.urlencode()})
