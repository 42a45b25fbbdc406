"""The plan's tasks: who files progress and every rule of a filing (a refusal changes nothing), milestones, the
status read from the reports, missing reports and their reminder, and the xlsx import."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from worksafety.core.models import AuditEntry, Notification
from worksafety.core.scoping import OutOfScope
from worksafety.indicators.tasks import services as plan_tasks
from worksafety.indicators.tasks.imports import TASK_IMPORT
from worksafety.indicators.tasks.models import PlanTask, ProgressReport, ProgressStatus
from worksafety.indicators.tasks.tests.helpers import file


def refused(call, message=""):
    """`call` is refused with `message` and no report changes."""
    before = list(ProgressReport.objects.order_by("pk").values())
    with pytest.raises(ValidationError) as error:
        call()
    assert message in " ".join(error.value.messages)
    assert list(ProgressReport.objects.order_by("pk").values()) == before
    return error.value


# --- who files ----------------------------------------------------------------------------------------------

def test_the_lead_and_cooperating_departments_file(plan):
    report = file(plan.safety_user, plan.task, 2022, 1, 20, problems="人员不足", next_steps="补充人员")
    assert (report.department, report.submitted_by, report.percent, report.problems) == (
        plan.dept_safety, plan.safety_user, 20, "人员不足")
    assert not report.is_late
    assert AuditEntry.objects.filter(object_type="indicators.progressreport", object_id=str(report.pk)).exists()
    other = file(plan.department_user, plan.task, 2022, 1, 10)
    assert other.department == plan.dept_transport


@pytest.mark.parametrize("who", ["district_user", "admin", "street_a_user", "park_user"])
def test_nobody_files_on_a_departments_behalf(plan, who):
    refused(lambda: file(getattr(plan, who), plan.task, 2022, 1, 20), "不能代部门报送")


def test_a_department_not_on_the_task_is_refused(plan):
    refused(lambda: file(plan.market_user, plan.task, 2022, 1, 20), "不是")
    refused(lambda: file(plan.safety_user, plan.project, 2022, 1, 20), "不是")


def test_an_enterprise_cannot_see_the_task(plan):
    with pytest.raises(OutOfScope):
        file(plan.enterprise_user, plan.task, 2022, 1, 20)
    assert not ProgressReport.objects.exists()


# --- the quarter --------------------------------------------------------------------------------------------

def test_a_quarter_not_begun_or_outside_the_plan_is_refused(plan):
    error = refused(lambda: file(plan.safety_user, plan.task, 2023, 3, 20, today=date(2023, 6, 30)), "尚未开始")
    assert "quarter" in error.message_dict
    assert "year" in refused(lambda: file(plan.safety_user, plan.task, 2020, 4, 20, today=date(2021, 1, 5)),
                             "规划期").message_dict
    assert "year" in refused(lambda: file(plan.safety_user, plan.task, 2026, 1, 20, today=date(2026, 2, 1)),
                             "规划期").message_dict
    refused(lambda: file(plan.safety_user, plan.task, 2023, 5, 20, today=date(2024, 1, 1)), "季度")
    # The running quarter is open: 报送本季度进展.
    assert file(plan.safety_user, plan.task, 2023, 3, 20, today=date(2023, 7, 1)).quarter == 3


def test_a_correction_until_the_deadline_and_the_archive_after(plan):
    first = file(plan.safety_user, plan.task, 2022, 1, 20)
    again = file(plan.safety_user, plan.task, 2022, 1, 30, today=date(2022, 4, 10), work_done="更正后的进展")
    assert again.pk == first.pk and ProgressReport.objects.count() == 1
    assert (again.percent, again.work_done) == (30, "更正后的进展")
    refused(lambda: file(plan.safety_user, plan.task, 2022, 1, 40, today=date(2022, 4, 11)),
            "已过报送期限，报告已存档，不能修改")
    assert ProgressReport.objects.get().percent == 30


def test_a_first_filing_after_the_deadline_is_accepted_and_late(plan):
    report = file(plan.safety_user, plan.task, 2022, 1, 20, today=date(2022, 5, 3))
    assert report.is_late and report.deadline == date(2022, 4, 10)
    assert not file(plan.safety_user, plan.task, 2022, 2, 30, today=date(2022, 7, 10)).is_late


# --- the figures --------------------------------------------------------------------------------------------

def test_the_cumulative_percent_never_goes_back(plan):
    file(plan.safety_user, plan.task, 2022, 1, 40)
    error = refused(lambda: file(plan.safety_user, plan.task, 2022, 3, 30), "不能低于2022年第1季度已报的 40%")
    assert "percent" in error.message_dict
    assert file(plan.safety_user, plan.task, 2022, 2, 40).percent == 40  # the same is fine
    # Another department's figure is its own.
    assert file(plan.department_user, plan.task, 2022, 3, 10).percent == 10
    # A correction of an earlier quarter cannot rise above a later one already filed.
    file(plan.safety_user, plan.task, 2022, 3, 50, today=date(2022, 9, 1))
    refused(lambda: file(plan.safety_user, plan.task, 2022, 2, 60, today=date(2022, 7, 5)), "不能高于")


@pytest.mark.parametrize("status, percent, field", [
    (ProgressStatus.DONE, 90, "percent"), (ProgressStatus.ON_TRACK, 100, "status"),
    (ProgressStatus.BEHIND, 100, "status"), (ProgressStatus.NOT_STARTED, 10, "percent"), ("unknown", 10, "status"),
    (ProgressStatus.ON_TRACK, 101, "percent"), (ProgressStatus.ON_TRACK, -1, "percent")])
def test_status_and_percent_must_agree(plan, status, percent, field):
    error = refused(lambda: file(plan.safety_user, plan.task, 2022, 1, percent, status=status))
    assert field in error.message_dict


def test_work_done_is_required(plan):
    assert "work_done" in refused(lambda: file(plan.safety_user, plan.task, 2022, 1, 10, work_done="  ")).message_dict


def test_done_at_a_hundred(plan):
    assert file(plan.safety_user, plan.task, 2022, 1, 100, status=ProgressStatus.DONE).status == ProgressStatus.DONE


# --- milestones ---------------------------------------------------------------------------------------------

def test_the_lead_department_achieves_a_milestone_once(plan):
    milestone = plan_tasks.do_achieve_milestone(plan.safety_user, plan.milestone, achieved_on=date(2023, 1, 5),
                                                note="已完成", today=date(2023, 1, 6))
    assert milestone.achieved_on == date(2023, 1, 5) and milestone.achieved_late
    with pytest.raises(ValidationError, match="不能重复确认"):
        plan_tasks.do_achieve_milestone(plan.district_user, milestone, achieved_on=date(2023, 1, 6))
    milestone.refresh_from_db()
    assert milestone.achieved_on == date(2023, 1, 5)
    assert AuditEntry.objects.filter(object_type="indicators.milestone", object_id=str(milestone.pk),
                                     action="update").exists()


def test_who_may_achieve_a_milestone(plan):
    with pytest.raises(ValidationError, match="牵头部门"):
        plan_tasks.do_achieve_milestone(plan.department_user, plan.milestone, achieved_on=date(2022, 12, 1))
    with pytest.raises(ValidationError, match="牵头部门"):  # streets read the milestones, nothing more
        plan_tasks.do_achieve_milestone(plan.street_a_user, plan.milestone, achieved_on=date(2022, 12, 1))
    with pytest.raises(OutOfScope):
        plan_tasks.do_achieve_milestone(plan.enterprise_user, plan.milestone, achieved_on=date(2022, 12, 1))
    with pytest.raises(ValidationError, match="不能早于规划期开始"):
        plan_tasks.do_achieve_milestone(plan.safety_user, plan.milestone, achieved_on=date(1900, 1, 1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        plan_tasks.do_achieve_milestone(plan.safety_user, plan.milestone, achieved_on=date(2022, 12, 2),
                                        today=date(2022, 12, 1))
    plan.milestone.refresh_from_db()
    assert plan.milestone.achieved_on is None
    done = plan_tasks.do_achieve_milestone(plan.district_user, plan.milestone, achieved_on=date(2022, 12, 1))
    assert not done.achieved_late


# --- reading ------------------------------------------------------------------------------------------------

def test_the_lead_departments_latest_report_decides_the_status(plan):
    assert plan_tasks.task_status(plan.task, date(2023, 1, 1)).status == plan_tasks.NOT_REPORTED
    file(plan.department_user, plan.task, 2022, 1, 90)
    assert plan_tasks.task_status(plan.task, date(2023, 1, 1)).status == plan_tasks.NOT_REPORTED
    file(plan.safety_user, plan.task, 2022, 1, 20)
    file(plan.safety_user, plan.task, 2022, 3, 35, status=ProgressStatus.BEHIND)
    status = plan_tasks.task_status(plan.task, date(2023, 1, 1))
    assert (status.status, status.percent, status.label) == (ProgressStatus.BEHIND, 35, "滞后")
    assert set(status.latest) == {plan.dept_safety.pk, plan.dept_transport.pk}
    # Up to a cut-off: quarters begun by that day.
    assert plan_tasks.task_status(plan.task, date(2022, 6, 30)).percent == 20


def test_missing_reports_after_the_deadline(plan):
    assert plan_tasks.missing_reports(2022, 1, date(2022, 4, 10)) == []  # not yet due
    file(plan.safety_user, plan.task, 2022, 1, 20)
    missing = plan_tasks.missing_reports(2022, 1, date(2022, 4, 11))
    assert {(task.code, dept.name) for task, dept in missing} == {("六(一)", "区交通运输局"),
                                                                  ("十(一)", "区交通运输局")}
    rows = plan_tasks.reporting_rows([(2022, 1)], date(2022, 4, 11))
    by_dept = {r.department.code: (r.due, r.on_time, r.late, r.missing) for r in rows}
    assert by_dept == {"yjj": (1, 1, 0, 0), "jtj": (2, 0, 0, 2)}


def test_the_worker_tells_each_department_once_a_quarter(plan, django_capture_on_commit_callbacks):
    from worksafety.core.jobs import JOBS

    assert "plan_task_reminders" in [job.name for job in JOBS]
    file(plan.safety_user, plan.task, 2022, 1, 20)
    with django_capture_on_commit_callbacks(execute=True):
        assert plan_tasks.notify_missing_reports(date(2022, 4, 11)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        plan_tasks.notify_missing_reports(date(2022, 4, 12))
    told = Notification.objects.get()
    assert told.recipient == plan.department_user and "2022年第1季度 2 项" in told.title


# --- import -------------------------------------------------------------------------------------------------

def sheet(rows, columns=TASK_IMPORT.columns) -> io.BytesIO:
    workbook = Workbook()
    workbook.active.append([header for header, _name, _required in columns])
    for row in rows:
        workbook.active.append(row)
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)
    content.size = len(content.getvalue())
    return content


def test_import_is_all_or_nothing_with_row_numbers(plan):
    rows = [["七(二)", "主要任务", "七、提升本质安全水平", "推进企业安全生产标准化", "原文", "区应急管理局",
             "区交通运输局、区市场监督管理局", 3],
            ["七(三)", "主要任务", "七、提升本质安全水平", "推进安全生产信息化", "原文", "区不存在局", "", 4],
            ["七(四)", "重大任务", "七、提升本质安全水平", "其他", "原文", "区应急管理局", "区没有局", 5]]
    result = TASK_IMPORT.run(sheet(rows), user=plan.district_user, dry_run=False)
    assert not result.ok and result.created == 0
    assert {(e.row, e.column) for e in result.errors} == {(3, "牵头部门"), (4, "类别"), (4, "配合部门")}
    assert PlanTask.objects.count() == 2
    result = TASK_IMPORT.run(sheet(rows[:1]), user=plan.district_user, dry_run=False)
    assert result.ok and result.created == 1
    task = PlanTask.objects.get(code="七(二)")
    assert set(task.cooperating_departments.values_list("code", flat=True)) == {"jtj", "scjgj"}


def test_import_updates_a_stored_code(plan):
    rows = [["六(一)", "主要任务", "六、全力防范安全生产事故", "强化危化品风险防控（修订）", "新的原文", "区市场监督管理局", "", 1]]
    result = TASK_IMPORT.run(sheet(rows), user=plan.district_user, dry_run=False)
    assert result.ok, result.errors
    plan.task.refresh_from_db()
    assert (plan.task.title, plan.task.lead_department, list(plan.task.cooperating_departments.all())) == (
        "强化危化品风险防控（修订）", plan.dept_market, [])
    assert PlanTask.objects.count() == 2


def test_import_repeats_in_a_sheet_are_refused(plan):
    row = ["八(一)", "主要任务", "八、", "任务", "原文", "区应急管理局", "", 1]
    result = TASK_IMPORT.run(sheet([row, row]), user=plan.district_user, dry_run=False)
    assert [(e.row, e.column) for e in result.errors] == [(3, "编号")]
    assert not PlanTask.objects.filter(code="八(一)").exists()


def test_import_without_an_order_keeps_a_stored_tasks_place(plan):
    rows = [["六(一)", "主要任务", "六、全力防范安全生产事故", "强化危险化学品安全风险防控", "原文", "区应急管理局", ""],
            ["九(一)", "主要任务", "九、", "新任务", "原文", "区应急管理局", ""]]
    result = TASK_IMPORT.run(sheet(rows, TASK_IMPORT.columns[:-1]), user=plan.district_user, dry_run=False)
    assert result.ok, result.errors
    assert dict(PlanTask.objects.values_list("code", "order")) == {"六(一)": 1, "十(一)": 2, "九(一)": 0}
