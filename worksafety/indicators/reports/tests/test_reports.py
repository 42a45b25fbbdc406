"""安全生产形势分析报告: the numbers against the stored data, the PDF's text, the workbook's charts, an empty
period, the worker's schedule and who may read and generate."""

import io
import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from worksafety.core.jobs import JOBS
from worksafety.emergency.incidents.models import Incident, IncidentState
from worksafety.enforcement.cases.choices import CaseOutcome
from worksafety.enforcement.inspections.choices import InspectionKind, InspectionStatus, ItemResult
from worksafety.enforcement.tests.factories import (
    InspectionFactory,
    InspectionResultFactory,
    PenaltyCaseFactory,
)
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.hazards.models import Hazard
from worksafety.indicators.accidents.tests.helpers import local, record
from worksafety.indicators.reports import archive, data
from worksafety.indicators.reports.models import Report, ReportKind
from worksafety.monitoring.models import Alarm
from worksafety.monitoring.tests.helpers import make_sensor

MARCH = date(2025, 3, 1)


def hazard(world, enterprise, found_on, **fields):
    values = {"source": Source.SELF_INSPECTION,
              "level": HazardLevel.GENERAL, "hazard_type": HazardType.EQUIPMENT, "title": "储罐液位计失效",
              "description": "现场检查发现", "found_on": found_on, "found_by": world.district_user, **fields}
    return Hazard.objects.create(enterprise=enterprise, **values)


def aware(day: date, hour=10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def march(world):
    """March 2025 in the small district, and things just outside it that must not count."""
    record(world, occurred_at=local(2025, 3, 10), deaths=2, direct_loss_yuan=Decimal("3000000"))
    record(world, occurred_at=local(2025, 3, 31, 23), enterprise=world.ent_street_b, accident_type="车辆伤害",
           deaths=1, road_traffic=True)
    record(world, occurred_at=local(2025, 4, 1, 1), deaths=1)  # April: outside
    record(world, occurred_at=local(2024, 3, 5), deaths=0, serious_injuries=1,
           direct_loss_yuan=Decimal("0"))  # same period last year

    hazard(world, world.ent_park, date(2025, 3, 3), deadline=date(2025, 3, 20))  # open, overdue at the end
    hazard(world, world.ent_park, date(2025, 3, 4), level=HazardLevel.MAJOR, major_criterion="第十条",
           supervising_department=world.dept_transport, supervision_deadline=date(2025, 6, 30), state=State.LISTED)
    hazard(world, world.ent_street_a, date(2025, 3, 5), deadline=date(2025, 3, 15), state=State.CLOSED,
           closed_on=date(2025, 3, 14))
    hazard(world, world.ent_street_a, date(2025, 2, 1), deadline=date(2025, 2, 10), state=State.CLOSED,
           closed_on=date(2025, 4, 2))  # open (and overdue) at the end of March, closed later
    hazard(world, world.ent_street_a, date(2025, 4, 3))  # April: outside

    def inspection(day, enterprise):
        return InspectionFactory(enterprise=enterprise, kind=InspectionKind.KEY, inspected_on=day,
                                 status=InspectionStatus.COMPLETED, organ="金普新区应急管理局",
                                 created_by=world.district_user)

    first = inspection(date(2025, 3, 12), world.ent_park)
    inspection(date(2025, 3, 20), world.ent_street_b)
    inspection(date(2025, 4, 2), world.ent_park)  # April: outside
    found = hazard(world, world.ent_park, date(2025, 3, 12), source=Source.ENFORCEMENT)
    InspectionResultFactory(inspection=first, text="液位计", result=ItemResult.FAILED, hazard=found)
    PenaltyCaseFactory(number="金应急罚〔2025〕1号", enterprise=world.ent_park, organ="金普新区应急管理局",
                       cause="未落实隐患排查", filed_on=date(2025, 3, 13), decided_on=date(2025, 3, 25),
                       outcome=CaseOutcome.PENALISED, fine_yuan=Decimal("30000"),
                       created_by=world.district_user)

    sensor = make_sensor(world.ent_park)
    other = make_sensor(world.ent_street_a, code="GT-201")
    for minute in range(3):
        Alarm.objects.create(sensor=sensor, enterprise=world.ent_park, condition="H", priority="high",
                             raised_at=aware(date(2025, 3, 8)) + timedelta(minutes=minute))
    Alarm.objects.create(sensor=other, enterprise=world.ent_street_a, condition="HH", priority="high",
                         raised_at=aware(date(2025, 3, 9)))
    Alarm.objects.create(sensor=other, enterprise=world.ent_street_a, condition="offline", priority="low",
                         raised_at=aware(date(2025, 3, 9)))

    Incident.objects.create(title="大连甲化工液氨泄漏", occurred_at=aware(date(2025, 3, 10)), place="液氨罐区",
                            lat=39.02, lon=121.83, area=world.street_a, enterprise=world.ent_park,
                            accident_type="中毒和窒息", state=IncidentState.ENDED)
    Incident.objects.create(title="系统建议事件", occurred_at=aware(date(2025, 3, 11)), place="罐区", lat=39.02,
                            lon=121.83, area=world.street_a, accident_type="其他伤害", state=IncidentState.PROPOSED)
    return world


def test_the_figures_match_the_stored_data(march):
    report = data.gather(ReportKind.MONTHLY, MARCH)
    assert (report.start, report.end) == (date(2025, 3, 1), date(2025, 3, 31))
    accidents = report.section("accidents").figures
    assert (accidents["accidents"], accidents["deaths"]) == (2, 3)
    assert (accidents["previous_accidents"], accidents["previous_deaths"]) == (1, 0)
    by_type = {row[1]: row[2:4] for row in report.section("accidents").rows if row[0] == "事故类别"}
    assert by_type == {"中毒和窒息": [1, 2], "车辆伤害": [1, 1]}
    hazards = report.section("hazards").figures
    assert (hazards["found"], hazards["found_major"], hazards["closed"]) == (4, 1, 1)
    assert (hazards["open"], hazards["overdue"], hazards["major_open"], hazards["listed"]) == (4, 2, 1, 1)
    enforcement = report.section("enforcement").figures
    assert (enforcement["inspections"], enforcement["hazards"], enforcement["per_inspection"]) == (2, 1, 0.5)
    assert (enforcement["decisions"], enforcement["fines_yuan"]) == (1, Decimal("30000"))
    alarms = report.section("alarms").figures
    assert (alarms["alarms"], alarms["offline"], alarms["enterprises"]) == (4, 1, 2)
    assert alarms["top"][0] == ("大连甲化工有限公司", 3)
    assert report.section("incidents").figures["incidents"] == 1
    kpi_rows = report.section("kpis").rows
    assert len(kpi_rows) == 9 and report.section("kpis").figures["year"] == 2024
    assert (kpi_rows[0][1], kpi_rows[0][7]) == ("生产安全事故死亡人数", 3)  # Jan–Mar 2025; April's not yet
    assert (kpi_rows[1][1], kpi_rows[1][7]) == ("生产安全事故起数", 2)
    assert kpi_rows[0][2] == "0"  # 2024: one accident, nobody died
    assert "发生生产安全事故 2 起、死亡 3 人" in report.summary
    assert "起数同比上升 100.0%" in report.summary
    assert "死亡人数上年同期为 0" in report.summary
    assert "罚款 3.00 万元" in report.summary


def test_a_year_gathers_the_whole_year(march):
    report = data.gather(ReportKind.ANNUAL, date(2025, 1, 1))
    assert report.section("accidents").figures["accidents"] == 3  # April's counts in the year
    assert report.section("enforcement").figures["inspections"] == 3
    kpis = report.section("kpis")
    assert kpis.figures["year"] == 2025 and kpis.rows[0][2] == "4" and kpis.rows[0][7] == ""  # a whole year


def _stored(report, fmt) -> bytes:
    return archive.file_path(report, fmt).read_bytes()


def test_the_pdf_has_the_headings_and_figures_in_chinese(march):
    report = archive.do_generate_report(ReportKind.MONTHLY, MARCH, user=march.district_user)
    content = _stored(report, "pdf")
    import hashlib
    assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for heading in ("2025年3月安全生产形势分析报告", "综述", "一、生产安全事故", "二、规划约束性指标",
                    "三、隐患排查治理", "四、监管执法", "五、重大危险源监测预警", "六、突发事件应急处置",
                    "期末未销号重大隐患", "大连甲化工有限公司"):
        assert heading in text, heading
    assert "发生生产安全事故 2 起、死亡 3 人" in text.replace("\n", "")
    assert "本期无数据" not in text


def test_a_pdf_page_renders_as_an_image(march, tmp_path, pdftoppm):
    """A page as an image, to look at (poppler reads the file, fonts and charts included)."""
    report = archive.do_generate_report(ReportKind.MONTHLY, MARCH, user=march.district_user)
    (tmp_path / "report.pdf").write_bytes(_stored(report, "pdf"))
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "report.pdf"),
                    str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))


def test_the_workbook_has_a_sheet_and_a_chart_per_section(march):
    report = archive.do_generate_report(ReportKind.MONTHLY, MARCH)
    workbook = load_workbook(io.BytesIO(_stored(report, "xlsx")))
    assert workbook.sheetnames == ["综述", "事故", "规划指标", "隐患", "执法", "监测报警", "突发事件"]
    for name in workbook.sheetnames[1:]:
        assert len(workbook[name]._charts) == 1, name
    assert "发生生产安全事故 2 起" in workbook["综述"]["A4"].value
    enforcement = [row for row in workbook["执法"].iter_rows(values_only=True) if row[0] == "合计"]
    assert enforcement[0][1:6] == (2, 1, "0.50", 1, "3.00")


def test_a_period_without_data_says_so(world):
    report = data.gather(ReportKind.MONTHLY, date(2019, 2, 1))
    assert "本期无数据" in report.summary
    assert not any(s.has_data for s in report.sections)
    saved = archive.do_generate_report(ReportKind.MONTHLY, date(2019, 2, 1))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(_stored(saved, "pdf"))).pages)
    assert text.count("本期无数据") >= 6
    workbook = load_workbook(io.BytesIO(_stored(saved, "xlsx")))
    assert workbook["执法"]["A3"].value == "本期无数据"


def test_a_period_not_over_is_refused(world):
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    with pytest.raises(ValidationError):
        archive.do_generate_report(ReportKind.MONTHLY, today.replace(day=1))
    with pytest.raises(ValidationError):
        archive.do_generate_report(ReportKind.ANNUAL, date(today.year, 1, 1))


def test_the_worker_generates_each_period_once(world):
    assert "analysis_reports" in [job.name for job in JOBS]
    made = archive.scheduled(today=date(2026, 1, 1))
    assert {(r.kind, r.period_start) for r in made} == {(ReportKind.MONTHLY, date(2025, 12, 1)),
                                                        (ReportKind.ANNUAL, date(2025, 1, 1))}
    assert all(r.generated_by is None for r in made)
    assert archive.scheduled(today=date(2026, 1, 2)) == []
    assert [(r.kind, r.period_start) for r in archive.scheduled(today=date(2026, 2, 1))] == [
        (ReportKind.MONTHLY, date(2026, 1, 1))]
    assert Report.objects.count() == 3
    # Asking again returns the archived one; regenerating by hand replaces it in place.
    first = Report.objects.get(kind=ReportKind.ANNUAL)
    assert archive.do_generate_report(ReportKind.ANNUAL, date(2025, 6, 1)).generated_at == first.generated_at
    again = archive.do_generate_report(ReportKind.ANNUAL, date(2025, 1, 1), user=world.district_user, regenerate=True)
    assert again.pk == first.pk and again.generated_by == world.district_user
    assert Report.objects.count() == 3


def test_the_district_generates_on_the_page(world, client_for):
    client = client_for(world.district_user)
    page = client.get("/reports/")
    assert page.status_code == 200 and "分析报告" in page.content.decode()
    reply = client.post("/reports/", {"kind": "monthly", "year": 2025, "month": 3})
    assert reply.status_code == 302
    report = Report.objects.get()
    assert (report.period_start, report.period_end, report.generated_by) == (MARCH, date(2025, 3, 31),
                                                                            world.district_user)
    assert "2025年3月安全生产形势分析报告" in client.get("/reports/").content.decode()
    pdf = client.get(f"/reports/{report.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    unfinished = client.post("/reports/", {"kind": "annual", "year": timezone.localdate().year})
    assert unfinished.status_code == 200 and "尚未结束" in unfinished.content.decode()
    assert client.post("/reports/", {"kind": "monthly", "year": 2025}).status_code == 200  # month missing
    assert Report.objects.count() == 1


@pytest.fixture
def archived(world):
    return archive.do_generate_report(ReportKind.MONTHLY, MARCH)


@pytest.mark.parametrize("who, sees", [("district_user", True), ("department_user", True), ("street_a_user", False),
                                       ("park_user", False), ("enterprise_user", False), ("expert_user", False)])
def test_who_reads_the_archive(world, archived, client_for, api_for, who, sees):
    user = getattr(world, who)
    client = client_for(user)
    expected = 200 if sees else 404
    assert client.get("/reports/").status_code == expected
    assert client.get(f"/reports/{archived.pk}/xlsx/").status_code == expected
    assert ('href="/reports/"' in client.get("/").content.decode()) == sees  # 分析报告 in the menu
    listing = api_for(user).get("/api/v1/reports/")
    assert listing.status_code == 200
    assert [r["id"] for r in listing.json()["results"]] == ([archived.pk] if sees else [])


def test_only_the_district_generates(world, client_for, api_for):
    assert client_for(world.department_user).post("/reports/", {"kind": "monthly", "year": 2025,
                                                                "month": 3}).status_code == 404
    assert api_for(world.district_user).post("/api/v1/reports/", {}).status_code == 405
    assert not Report.objects.exists()
