"""规划中期评估 and 终期评估: the figures against the stored tasks, reports and milestones, the PDF's Chinese headings,
the workbook's sheets, a plan without tasks, the period-not-ended refusal and generating on the /reports/ page."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from worksafety.indicators.accidents.tests.helpers import local, record
from worksafety.indicators.kpis.models import Indicator
from worksafety.indicators.reports import archive, data
from worksafety.indicators.reports.models import Report, ReportKind
from worksafety.indicators.tasks import services as plan_tasks
from worksafety.indicators.tasks.models import ProgressStatus
from worksafety.indicators.tasks.tests.helpers import file, new_milestone

START = date(2021, 1, 1)
HEADINGS = ("一、总体进展", "二、主要指标完成情况", "三、主要任务进展", "四、重点工程进展", "五、节点完成情况",
            "六、部门报送情况", "七、存在问题和下一步")


@pytest.fixture
def progress(plan):
    """六(一): 20% in 2021 Q4, behind at 45% by 2023 Q2, done by 2025 Q4; the project reported once, late."""
    file(plan.safety_user, plan.task, 2021, 4, 20)
    file(plan.safety_user, plan.task, 2023, 2, 45, status=ProgressStatus.BEHIND, problems="资金不到位",
         next_steps="争取专项资金")
    file(plan.department_user, plan.task, 2023, 2, 30)
    file(plan.safety_user, plan.task, 2025, 4, 100, status=ProgressStatus.DONE)
    file(plan.department_user, plan.project, 2022, 1, 10, today=date(2022, 6, 1))
    plan_tasks.do_achieve_milestone(plan.safety_user, plan.milestone, achieved_on=date(2023, 3, 1))  # late
    new_milestone(plan, plan.project, date(2023, 3, 31), "建成监控平台")  # never achieved
    new_milestone(plan, plan.project, date(2024, 6, 30), "完成示范路段")  # due after mid-term
    record(plan, occurred_at=local(2022, 5, 10), deaths=1)
    return plan


def test_the_midterm_figures(progress):
    report = data.gather(ReportKind.MIDTERM, START)
    assert (report.start, report.end, report.title) == (START, date(2023, 6, 30), "安全生产“十四五”规划中期评估报告")
    assert [s.heading for s in report.sections] == list(HEADINGS)
    overall = report.section("overall").figures
    assert (overall["tasks"], overall[ProgressStatus.BEHIND], overall[ProgressStatus.ON_TRACK]) == (2, 1, 1)
    assert overall["average"] == 27.5  # (45 + 10) / 2: the lead departments' latest
    kpis = report.section("kpis")
    assert kpis.figures["year"] == 2022 and len(kpis.rows) == Indicator.objects.count() == 9
    assert "2022年指标值" in kpis.headers and "（2020年）" in kpis.rows[0][2]
    main = report.section("main_tasks").rows
    assert main == [["六、全力防范安全生产事故", "六(一)", "强化危险化学品安全风险防控", "区应急管理局", "45%", "滞后",
                     "2023年第2季度完成排查。"]]
    assert report.section("projects").rows[0][3:5] == ["10%", "按计划推进"]
    milestones = report.section("milestones")
    assert {k: milestones.figures[k] for k in ("due", "on_time", "late", "overdue")} == {
        "due": 2, "on_time": 0, "late": 1, "overdue": 1}
    assert milestones.rows[0][2:] == ["建成监控平台", "2023-03-31", "—", "逾期未完成"]  # the overdue first
    reporting = report.section("reporting").figures
    # 2021 Q1 – 2023 Q2: 10 quarters; 六(一) by two departments and 十(一) by one.
    assert reporting == {"due": 30, "on_time": 3, "late": 1, "missing": 26}
    problems = report.section("problems").rows
    assert [r[2] for r in problems] == ["区应急管理局"] and problems[0][4:] == ["资金不到位", "争取专项资金"]
    assert "滞后 1 项" in report.summary and "到期节点 2 个" in report.summary


def test_the_final_figures(progress):
    report = data.gather(ReportKind.FINAL, START)
    assert report.end == date(2025, 12, 31) and report.section("kpis").figures["year"] == 2025
    overall = report.section("overall").figures
    assert overall[ProgressStatus.DONE] == 1 and overall["average"] == 55.0
    assert report.section("milestones").figures["overdue"] == 2
    assert report.section("reporting").figures["due"] == 60
    assert "没有牵头部门报告为“滞后”的任务。" in report.section("problems").notes


def test_generated_and_archived_as_pdf_and_workbook(progress):
    for kind in (ReportKind.MIDTERM, ReportKind.FINAL):
        report = archive.do_generate_report(kind, START, user=progress.district_user)
        assert report.period_start == START
        content = archive.file_path(report, "pdf").read_bytes()
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
        text = text.replace("\n", "")  # table cells wrap
        for heading in (report.title, "综述", *HEADINGS, "强化危险化学品安全风险防控", "区应急管理局"):
            assert heading in text, heading
        workbook = load_workbook(io.BytesIO(archive.file_path(report, "xlsx").read_bytes()))
        assert workbook.sheetnames == ["综述", "总体进展", "规划指标", "主要任务", "重点工程", "节点完成", "部门报送",
                                       "问题和下一步"]
        assert workbook["综述"]["A1"].value == report.title
        assert len(workbook["总体进展"]._charts) == 1
    assert Report.objects.count() == 2


def test_a_plan_without_tasks_says_so(world):
    report = data.gather(ReportKind.MIDTERM, START)
    assert "本期无数据" in report.summary
    assert not report.section("overall").has_data and not report.section("milestones").has_data
    saved = archive.do_generate_report(ReportKind.MIDTERM, START)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.file_path(saved, "pdf").read_bytes())).pages)
    assert text.count("本期无数据") >= 5


def test_an_evaluation_before_its_period_ends_is_refused(world):
    with pytest.raises(ValidationError, match="尚未结束"):
        archive.check_period(ReportKind.MIDTERM, START, today=date(2023, 6, 30))
    with pytest.raises(ValidationError, match="尚未结束"):
        archive.check_period(ReportKind.FINAL, START, today=date(2025, 12, 31))
    # Its last quarter's reports may still be filed or corrected until 2026-01-10.
    with pytest.raises(ValidationError, match="报送期限（2026-01-10）尚未届满"):
        archive.check_period(ReportKind.FINAL, START, today=date(2026, 1, 10))
    assert archive.check_period(ReportKind.FINAL, START, today=date(2026, 1, 11)) == (START, date(2025, 12, 31))
    assert archive.check_period(ReportKind.MIDTERM, START, today=date(2023, 7, 11)) == (START, date(2023, 6, 30))


def test_the_district_generates_an_evaluation_on_the_page(progress, client_for):
    client = client_for(progress.district_user)
    page = client.get("/reports/").content.decode()
    assert "规划中期评估" in page and "规划终期评估" in page
    assert client.post("/reports/", {"kind": "midterm"}).status_code == 302  # no year needed
    assert client.post("/reports/", {"kind": "final", "year": 1999}).status_code == 302  # the year is ignored
    assert {(r.kind, r.period_end) for r in Report.objects.all()} == {(ReportKind.MIDTERM, date(2023, 6, 30)),
                                                                      (ReportKind.FINAL, date(2025, 12, 31))}
    assert "中期评估报告" in client.get("/reports/").content.decode()
    assert client.post("/reports/", {"kind": "annual"}).status_code == 200  # a year report still needs its year
    assert Report.objects.count() == 2
