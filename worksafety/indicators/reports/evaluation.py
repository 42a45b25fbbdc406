"""The plan's 中期评估 and 终期评估 (规划 十一(五)), gathered from its tasks and indicators into the same
`ReportData` as the 形势分析报告, so `archive.do_generate_report` renders and archives them alike.

Cut-offs (local dates, inclusive):
- 中期 2021-01-01 — 2023-06-30: progress reports for quarters up to 2023 Q2, milestones due by 2023-06-30, the
  indicators of 2022 (the last complete year at mid-term);
- 终期 2021-01-01 — 2025-12-31: reports through 2025 Q4, milestones due by 2025-12-31, the indicators of 2025.

A task's status is its lead department's latest report up to the cut-off (`tasks.services.task_statuses`); a
milestone counts as achieved only if it was achieved by the cut-off. Reporting punctuality (section 6) is as
stored when the report is generated, for the quarters up to the cut-off whose deadline has passed.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.indicators.kpis import compute as kpis
from worksafety.indicators.kpis.models import Indicator
from worksafety.indicators.reports.data import Chart, ReportData, Section
from worksafety.indicators.reports.models import ReportKind
from worksafety.indicators.tasks import services as plan_tasks
from worksafety.indicators.tasks.models import (
    Milestone,
    PlanTask,
    ProgressStatus,
    TaskKind,
    reporting_deadline,
)
from worksafety.standards.kpis import Status

ABRIDGED = 60  # characters of a report's text quoted in a table


@dataclass(frozen=True)
class Evaluation:
    name: str  # a lazy translation
    end: date
    through: tuple[int, int]  # the last (year, quarter) of progress reports counted
    kpi_year: int  # the last complete year whose indicators are evaluated


START = date(plan_tasks.PLAN_FIRST_YEAR, 1, 1)
EVALUATIONS = {
    ReportKind.MIDTERM: Evaluation(gettext_lazy("中期评估"), date(2023, 6, 30), (2023, 2), 2022),
    ReportKind.FINAL: Evaluation(gettext_lazy("终期评估"), date(plan_tasks.PLAN_LAST_YEAR, 12, 31), (plan_tasks.PLAN_LAST_YEAR, 4),
                                 plan_tasks.PLAN_LAST_YEAR),
}


def period(kind: str) -> tuple[date, date]:
    return START, EVALUATIONS[kind].end


def complete_after(kind: str) -> date:
    """The day after which the evaluation's figures are complete: the reporting deadline of its last quarter
    (its reports may be filed and corrected until then)."""
    return reporting_deadline(*EVALUATIONS[kind].through)


def period_text(kind: str) -> str:
    end = EVALUATIONS[kind].end
    return _("%(first)s年1月至%(year)s年%(month)s月") % {"first": START.year, "year": end.year, "month": end.month}


def title(kind: str) -> str:
    return _("安全生产“十四五”规划%(name)s报告") % {"name": EVALUATIONS[kind].name}


def _abridged(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= ABRIDGED else text[: ABRIDGED - 1] + "…"


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


def _tasks():
    return list(PlanTask.objects.select_related("lead_department").prefetch_related("cooperating_departments"))


def overall_section(tasks, statuses) -> Section:
    kinds = [(TaskKind.MAIN, str(TaskKind.MAIN.label)), (TaskKind.PROJECT, str(TaskKind.PROJECT.label))]
    counts = {kind: Counter(statuses[t.pk].status for t in tasks if t.kind == kind) for kind, _label in kinds}
    rows = []
    for status, (label, _colour) in plan_tasks.STATUS_DISPLAY.items():
        row = [str(label), *[counts[kind][status] for kind, _label in kinds]]
        rows.append([*row, sum(row[1:])])
    reported = [s.percent for s in statuses.values() if s.percent is not None]
    average = round(sum(reported) / len(reported), 1) if reported else None
    rows.append([_("合计"), *[sum(counts[kind].values()) for kind, _label in kinds], len(tasks)])
    figures = {"tasks": len(tasks), "average": average, "reported": len(reported),
               **{status: sum(c[status] for c in counts.values()) for status in plan_tasks.STATUS_DISPLAY},
               "main": sum(counts[TaskKind.MAIN].values()), "projects": sum(counts[TaskKind.PROJECT].values())}
    labels = [str(label) for label, _colour in plan_tasks.STATUS_DISPLAY.values()]
    chart = Chart(_("任务推进状态"), labels, [(label, [counts[kind][s] for s in plan_tasks.STATUS_DISPLAY])
                                          for kind, label in kinds])
    notes = []
    if average is not None:
        notes.append(_("已报告的 %(n)s 项任务平均累计完成 %(avg)s%%（以牵头部门最近一次报告为准）。") % {
            "n": len(reported), "avg": average})
    return Section("overall", _("一、总体进展"), [_("推进状态"), *[label for _kind, label in kinds], _("合计")], rows,
                   chart, figures, notes, has_data=bool(tasks))


def kpi_section(evaluation: Evaluation) -> Section:
    """The nine indicators as `kpis.evaluate` computes them on 1 January after the evaluated year."""
    results = kpis.evaluate(Indicator.objects.prefetch_related("sectors"), today=date(evaluation.kpi_year + 1, 1, 1))
    rows, statuses = [], Counter()
    for result in results:
        indicator = result.indicator
        row = next((r for r in result.rows if r.year == evaluation.kpi_year), None)
        baseline = _("%(baseline)s（%(year)s年）") % {"baseline": result.baseline_text, "year": indicator.baseline_year}
        if row is None:
            label = str(kpis.STATUS_DISPLAY[Status.NO_DATA][0])
            statuses[label] += 1
            rows.append([indicator.number, indicator.name, baseline, "—", indicator.unit, indicator.target_text,
                         label, _("不在规划指标年度范围内")])
            continue
        statuses[row.status_label] += 1
        rows.append([indicator.number, indicator.name, baseline, row.value_text, indicator.unit,
                     indicator.target_text, row.status_label, row.reason_label])
    labels = [str(kpis.STATUS_DISPLAY[s][0]) for s in (Status.MET, Status.NEAR, Status.BEHIND, Status.NO_DATA,
                                                        Status.NOT_ASSESSED)]
    figures = {"indicators": len(results), "year": evaluation.kpi_year, **{label: statuses[label] for label in labels}}
    chart = Chart(_("%(year)s年指标状态分布") % {"year": evaluation.kpi_year}, labels,
                  [(_("指标数"), [statuses[label] for label in labels])])
    notes = [_("指标值和状态为 %(year)s 年度，按生成时已录入的事故和分母数据计算；“无数据”不是零。") % {
        "year": evaluation.kpi_year}]
    has_data = any(r.numerator is not None for res in results for r in res.rows if r.year == evaluation.kpi_year)
    return Section("kpis", _("二、主要指标完成情况"),
                   [_("序号"), _("指标"), _("基准值"), _("%(year)s年指标值") % {"year": evaluation.kpi_year},
                    _("单位"), _("规划目标"), _("状态"), _("说明")], rows, chart, figures, notes, has_data=has_data)


def _task_row(task, status) -> list:
    lead = status.lead_report
    return [task.code, task.title, task.lead_department.name, _percent(status.percent), status.label,
            _abridged(lead.work_done) if lead else "—"]


def main_tasks_section(tasks, statuses) -> Section:
    main = [t for t in tasks if t.kind == TaskKind.MAIN]
    rows, by_chapter = [], defaultdict(list)
    for task in main:
        rows.append([task.chapter, *_task_row(task, statuses[task.pk])])
        if statuses[task.pk].percent is not None:
            by_chapter[task.chapter].append(statuses[task.pk].percent)
    # Chapters none of whose tasks has reported are left out of the chart: a bar at 0 would read as no progress.
    chapters = [c for c in dict.fromkeys(t.chapter for t in main) if by_chapter[c]]
    chart = Chart(_("各章节主要任务平均累计完成（%）"), chapters,
                  [(_("平均完成%"), [round(sum(by_chapter[c]) / len(by_chapter[c]), 1) for c in chapters])])
    notes = [_("未报告的任务不计入章节平均和图表。")] if any(statuses[t.pk].percent is None for t in main) else []
    return Section("main_tasks", _("三、主要任务进展"),
                   [_("章节"), _("编号"), _("任务"), _("牵头部门"), _("累计完成"), _("状态"), _("最近进展（摘要）")],
                   rows, chart, {"tasks": len(main)}, notes, has_data=bool(main))


def projects_section(tasks, statuses) -> Section:
    projects = [t for t in tasks if t.kind == TaskKind.PROJECT]
    rows = [_task_row(task, statuses[task.pk]) for task in projects]
    reported = [t for t in projects if statuses[t.pk].percent is not None]
    chart = Chart(_("重点工程累计完成（%）"), [t.title for t in reported],
                  [(_("累计完成%"), [statuses[t.pk].percent for t in reported])])
    notes = [_("未报告的工程不在图中。")] if len(reported) < len(projects) else []
    return Section("projects", _("四、重点工程进展"),
                   [_("编号"), _("工程"), _("牵头部门"), _("累计完成"), _("状态"), _("最近进展（摘要）")], rows, chart,
                   {"projects": len(projects)}, notes, has_data=bool(projects))


def milestones_section(end: date) -> Section:
    """Milestones due by the cut-off: achieved by their date, achieved late (by the cut-off), or overdue."""
    due = list(Milestone.objects.filter(due_on__lte=end).select_related("task").order_by("due_on", "pk"))

    def outcome(m):
        if m.achieved_on is None or m.achieved_on > end:
            return "overdue"
        return "late" if m.achieved_late else "on_time"

    labels = {"on_time": _("按期完成"), "late": _("逾期完成"), "overdue": _("逾期未完成")}
    counts = Counter(outcome(m) for m in due)
    order = {"overdue": 0, "late": 1, "on_time": 2}
    rows = [[m.task.code, m.task.title, m.description, str(m.due_on),
             str(m.achieved_on) if outcome(m) != "overdue" else "—", labels[outcome(m)]]
            for m in sorted(due, key=lambda m: (order[outcome(m)], m.due_on, m.pk))]
    figures = {"due": len(due), **{key: counts[key] for key in labels}}
    chart = Chart(_("到期节点完成情况"), [str(label) for label in labels.values()],
                  [(_("节点数"), [counts[key] for key in labels])])
    notes = [_("截至 %(end)s 到期节点 %(due)s 个：按期完成 %(on_time)s 个，逾期完成 %(late)s 个，逾期未完成 %(overdue)s 个"
               "（逾期未完成的列在前）。") % {"end": end, **figures}]
    return Section("milestones", _("五、节点完成情况"),
                   [_("编号"), _("任务"), _("节点目标"), _("计划完成日期"), _("实际完成日期"), _("完成情况")], rows, chart,
                   figures, notes, has_data=bool(due))


def reporting_section(evaluation: Evaluation, today: date) -> Section:
    rows_by_dept: dict = {}
    for row in plan_tasks.reporting_rows(plan_tasks.plan_quarters(evaluation.through), today):
        total = rows_by_dept.setdefault(row.department.pk, [row.department, 0, 0, 0, 0])
        for index, value in enumerate((row.due, row.on_time, row.late, row.missing), start=1):
            total[index] += value
    departments = sorted(rows_by_dept.values(), key=lambda r: r[0].code)
    rows = [[d.name, due, on_time, late, missing, f"{100 * on_time / due:.1f}%" if due else "—"]
            for d, due, on_time, late, missing in departments]
    totals = [sum(r[i] for r in departments) for i in range(1, 5)]
    figures = dict(zip(("due", "on_time", "late", "missing"), totals, strict=True))
    if departments:
        rows.append([_("合计"), *totals, f"{100 * totals[1] / totals[0]:.1f}%" if totals[0] else "—"])
    chart = Chart(_("各部门进展报告报送情况"), [d.name for d, *_counts in departments],
                  [(_("按时"), [r[2] for r in departments]), (_("迟报"), [r[3] for r in departments]),
                   (_("未报"), [r[4] for r in departments])])
    notes = [_("应报：截至 %(year)s年第%(quarter)s季度、报送期限（季度结束后10日）已过的季度，每项任务的牵头和配合部门各一份；"
               "按生成时（%(today)s）的报送记录统计。") % {"year": evaluation.through[0],
                                                   "quarter": evaluation.through[1], "today": today}]
    return Section("reporting", _("六、部门报送情况"),
                   [_("部门"), _("应报"), _("按时报送"), _("迟报"), _("未报"), _("按时率")], rows, chart, figures,
                   notes, has_data=bool(figures["due"]))


def problems_section(tasks, statuses) -> Section:
    """存在问题和下一步, from the latest reports (every department's) on tasks whose lead reports them 滞后."""
    rows = []
    for task in tasks:
        status = statuses[task.pk]
        if status.status != ProgressStatus.BEHIND:
            continue
        for report in sorted(status.latest.values(), key=lambda r: r.department_id != task.lead_department_id):
            if report.problems or report.next_steps:
                rows.append([task.code, task.title, report.department.name,
                             _("%(year)s年第%(quarter)s季度") % {"year": report.year, "quarter": report.quarter},
                             report.problems or "—", report.next_steps or "—"])
    behind = sum(1 for s in statuses.values() if s.status == ProgressStatus.BEHIND)
    if not behind:
        notes = [_("没有牵头部门报告为“滞后”的任务。")]
    else:
        notes = [] if rows else [_("滞后任务的最近报告未填写存在问题和下一步打算。")]
    return Section("problems", _("七、存在问题和下一步"),
                   [_("编号"), _("任务"), _("报送部门"), _("报告季度"), _("存在问题"), _("下一步打算")], rows, None,
                   {"behind": behind, "rows": len(rows)}, notes, has_data=bool(tasks))


def summary(kind: str, sections: dict[str, Section]) -> str:
    evaluation = EVALUATIONS[kind]
    o = sections["overall"].figures
    if not o["tasks"]:
        return _("本期无数据（%(period)s）：尚未录入规划任务。") % {"period": period_text(kind)}
    parts = [_("截至 %(end)s，规划 %(n)s 项任务（主要任务 %(main)s 项、重点工程 %(projects)s 项）中，已完成 %(done)s 项、"
               "按计划推进 %(on_track)s 项、滞后 %(behind)s 项、未启动 %(not_started)s 项、未报告 %(none)s 项。") % {
        "end": evaluation.end, "n": o["tasks"], "main": o["main"], "projects": o["projects"],
        "done": o[ProgressStatus.DONE], "on_track": o[ProgressStatus.ON_TRACK], "behind": o[ProgressStatus.BEHIND],
        "not_started": o[ProgressStatus.NOT_STARTED], "none": o[plan_tasks.NOT_REPORTED]}]
    if o["average"] is not None:
        parts.append(_("已报告任务平均累计完成 %(avg)s%%。") % {"avg": o["average"]})
    k = sections["kpis"].figures
    if sections["kpis"].has_data:
        parts.append(_("%(year)s年度 %(n)s 项主要指标中，达标 %(met)s 项、接近 %(near)s 项、落后 %(behind)s 项。") % {
            "year": k["year"], "n": k["indicators"], "met": k[str(kpis.STATUS_DISPLAY[Status.MET][0])],
            "near": k[str(kpis.STATUS_DISPLAY[Status.NEAR][0])],
            "behind": k[str(kpis.STATUS_DISPLAY[Status.BEHIND][0])]})
    else:
        parts.append(_("%(year)s年度主要指标无数据。") % {"year": k["year"]})
    m = sections["milestones"].figures
    if m["due"]:
        parts.append(_("到期节点 %(due)s 个，按期完成 %(on_time)s 个，逾期完成 %(late)s 个，逾期未完成 %(overdue)s 个。") % m)
    r = sections["reporting"].figures
    if r["due"]:
        parts.append(_("应报进展报告 %(due)s 份，按时 %(on_time)s 份、迟报 %(late)s 份、未报 %(missing)s 份。") % r)
    return "".join(parts)


def gather_evaluation(kind: str, today: date | None = None) -> ReportData:
    evaluation = EVALUATIONS[kind]
    today = today or timezone.localdate()
    tasks = _tasks()
    statuses = plan_tasks.task_statuses(tasks, evaluation.end)
    sections = [overall_section(tasks, statuses), kpi_section(evaluation), main_tasks_section(tasks, statuses),
                projects_section(tasks, statuses), milestones_section(evaluation.end),
                reporting_section(evaluation, today), problems_section(tasks, statuses)]
    return ReportData(kind, START, evaluation.end, title(kind), period_text(kind), sections,
                      summary(kind, {s.key: s for s in sections}))
