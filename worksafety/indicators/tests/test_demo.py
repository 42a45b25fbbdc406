"""The demo's accidents and denominators: ten years at a district's scale, a downward trend, every indicator
computable for every year, valid records, a few investigations, one 瞒报 and the reviewed incidents recorded."""

import pytest
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from worksafety.hazards.models import Hazard
from worksafety.indicators.accidents.models import Accident, Investigation
from worksafety.indicators.assessments.models import Assessment, AssessmentState, UnitKind
from worksafety.indicators.kpis import compute as kpis
from worksafety.indicators.kpis.choices import DenominatorKind
from worksafety.indicators.kpis.models import Denominator
from worksafety.indicators.reports.models import Report, ReportKind
from worksafety.indicators.tasks.models import PlanTask, ProgressReport, ProgressStatus, TaskKind
from worksafety.standards.kpis import Status

YEARS = range(2016, 2026)


@pytest.fixture
def loaded(small_demo, db):
    return small_demo


def test_ten_years_of_accidents_and_denominators_from_which_every_indicator_computes(loaded):
    by_year = {row["year"]: row for row in Accident.objects.annotate(year=ExtractYear("occurred_at"))
               .values("year").annotate(n=Count("id"), deaths=Sum("deaths"))}
    assert all(20 <= by_year[year]["n"] <= 60 and by_year[year]["deaths"] < 80 for year in YEARS)
    assert by_year[2025]["deaths"] < by_year[2016]["deaths"] * 0.85
    sectors = Accident.objects.values("sector__code").annotate(n=Count("id")).order_by("-n")
    assert sectors[0]["sector__code"] == "road_transport" and len(sectors) >= 10

    assert Denominator.objects.filter(year__in=YEARS).count() == len(DenominatorKind) * len(YEARS)
    assert not Denominator.objects.exclude(source__contains="示意值").exists()

    statuses = set()
    for result in kpis.evaluate():
        rows = {row.year: row for row in result.evaluation.years}
        assert all(rows[year].value is not None for year in YEARS), result.indicator.name
        statuses |= {rows[year].status for year in range(2021, 2026)}
    assert statuses <= {Status.MET, Status.NEAR, Status.BEHIND} and Status.MET in statuses


def test_demo_accidents_are_valid_with_investigations_a_concealment_and_recorded_incidents(loaded):
    for accident in Accident.objects.select_related("enterprise"):
        accident.full_clean()
        assert accident.grade == accident.compute_grade()

    assert Investigation.objects.count() == 4
    accident_hazards = list(Hazard.objects.filter(origin_type__model="accident"))
    assert len(accident_hazards) == 8 and all(isinstance(h.origin, Accident) for h in accident_hazards)
    assert Accident.objects.filter(misreporting="concealed").count() == 1
    assert Accident.objects.filter(incident__isnull=False).exists()


def test_the_plans_tasks_with_five_years_of_progress_and_both_evaluations_archived(loaded):
    assert PlanTask.objects.filter(kind=TaskKind.MAIN).count() == 31
    assert PlanTask.objects.filter(kind=TaskKind.PROJECT).count() == 8
    assert PlanTask.objects.get(code="六(一)").content.startswith("完善化工园区管理办法")
    assert set(ProgressReport.objects.values_list("year", flat=True)) == set(range(2021, 2026))
    for report in ProgressReport.objects.select_related("task")[:200]:  # what the service would have accepted
        involved = {report.task.lead_department_id, *report.task.cooperating_departments.values_list("pk", flat=True)}
        assert report.department_id in involved and report.submitted_by.department_id == report.department_id
        assert (report.percent == 100) == (report.status == ProgressStatus.DONE)
    assert {r.kind for r in Report.objects.all()} == {ReportKind.MIDTERM, ReportKind.FINAL}


def test_last_year_assessed_and_published_and_this_year_being_scored(loaded):
    this_year = timezone.localdate().year
    published = Assessment.objects.get(year=this_year - 1)
    assert published.state == AssessmentState.PUBLISHED
    units = list(published.units.all())
    assert units and all(u.total is not None and u.rank and u.grade for u in units)
    assert {u.kind for u in units} == {UnitKind.DEPARTMENT, UnitKind.STREET}
    assert Assessment.objects.get(year=this_year).state == AssessmentState.SCORING
