"""执法统计 (`enforcement.statistics.counting`, page, xlsx, API): sums by organ, street, sector and month over
what the user may see, hazards per inspection, fines, and the plan's completion capped per target."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from worksafety.enforcement.cases.choices import CaseState
from worksafety.enforcement.cases.tests.test_penalties import step, walk
from worksafety.enforcement.inspections import services as inspections
from worksafety.enforcement.inspections.choices import ItemResult
from worksafety.enforcement.statistics import counting
from worksafety.enforcement.tests.factories import AnnualPlanFactory, PlanTargetFactory
from worksafety.enforcement.tests.inspection_fixtures import TODAY, inspected_with_findings, record_all, start

YEAR = TODAY.year
BUREAU = "金普新区应急管理局"


@pytest.fixture
def year_of_work(people):
    """Two inspections with findings by the bureau, one clean by the street, one decided fine of 60 000."""
    world = people.world
    first, second = inspected_with_findings(people), inspected_with_findings(people)
    clean = start(people, user=world.street_a_user, enterprise=world.ent_street_a)
    record_all(clean, world.street_a_user, [ItemResult.PASSED] * 3)
    inspections.do_complete_inspection(clean, user=world.street_a_user)
    case = walk(people, CaseState.REVIEWED, fine="60000")
    step(case, "decide", people.official)
    return first, second, clean, case


def row(rows, label):
    return next(r for r in rows if r["label"] == label)


def test_totals_and_groupings_add_up(people, year_of_work):
    figures = counting.statistics(people.world.district_user, YEAR)
    totals = figures["totals"]
    assert (totals["inspections"], totals["completed"], totals["hazards"], totals["major_hazards"]) == (3, 3, 4, 2)
    assert totals["per_inspection"] == round(4 / 3, 2)
    assert (totals["cases_filed"], totals["decisions"], totals["fines_yuan"]) == (1, 1, Decimal("60000"))
    bureau, street = row(figures["by_organ"], BUREAU), row(figures["by_organ"], "大孤山街道")
    assert (bureau["inspections"], bureau["hazards"], bureau["major"], bureau["per_inspection"]) == (2, 4, 2, 2.0)
    assert (bureau["cases"], bureau["fines_yuan"]) == (1, Decimal("60000"))
    assert (street["inspections"], street["hazards"], street["cases"]) == (1, 0, 0)
    assert row(figures["by_street"], "大孤山街道")["inspections"] == 3  # both enterprises lie in 大孤山街道
    assert row(figures["by_sector"], people.world.hazchem.name)["hazards"] == 4
    month = row(figures["by_month"], f"{TODAY:%Y-%m}")
    assert (month["inspections"], month["hazards"], month["cases"]) == (3, 4, 1)
    for key in ("by_organ", "by_street", "by_sector", "by_month"):
        assert sum(r["inspections"] for r in figures[key]) == 3
        assert sum(r["fines_yuan"] for r in figures[key]) == Decimal("60000")


def test_figures_are_scoped_and_filtered(people, year_of_work):
    world = people.world
    assert counting.statistics(world.street_b_user, YEAR)["totals"]["inspections"] == 0
    assert counting.statistics(world.department_user, YEAR)["totals"]["decisions"] == 0
    assert counting.statistics(world.enterprise_user, YEAR)["totals"]["inspections"] == 2
    trade = counting.statistics(world.district_user, YEAR, sector=world.trade)["totals"]
    assert (trade["inspections"], trade["hazards"], trade["decisions"]) == (1, 0, 0)
    assert counting.statistics(world.district_user, YEAR - 1)["totals"]["inspections"] == 0


def test_plan_completion_counts_each_target_at_most_its_planned_number(people, year_of_work):
    world = people.world
    first, second, clean, _case = year_of_work
    plan = AnnualPlanFactory(year=YEAR, created_by=world.district_user)
    park = PlanTargetFactory(plan=plan, enterprise=world.ent_park, key_inspections=1,
                             responsible_area=world.street_a)
    street = PlanTargetFactory(plan=plan, enterprise=world.ent_street_a, key_inspections=2,
                               responsible_area=world.street_a)
    PlanTargetFactory(plan=plan, enterprise=world.ent_street_b, key_inspections=1,
                      responsible_department=world.dept_transport)
    for inspection, target in ((first, park), (second, park), (clean, street)):
        type(inspection).objects.filter(pk=inspection.pk).update(plan_target=target)
    plan_figures = counting.statistics(world.district_user, YEAR)["plan"]
    assert (plan_figures["targets"], plan_figures["planned"], plan_figures["done"]) == (3, 4, 2)
    assert plan_figures["rate"] == 50.0
    assert row(plan_figures["by_unit"], "大孤山街道")["done"] == 2
    assert row(plan_figures["by_unit"], "区交通运输局")["rate"] == 0.0


def test_the_page_shows_charts_and_exports_the_same_figures(client_for, people, year_of_work):
    client = client_for(people.world.district_user)
    page = client.get(reverse("enforcement_statistics"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="enforcement-stats"' in html and "echarts" in html and BUREAU in html
    export = client.get(reverse("enforcement_statistics"), {"year": YEAR, "export": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("统计维度", "名称", "检查次数")
    assert ("执法部门", BUREAU, 2, 4, 2, 2.0, 1, 60000.0) in rows


def test_the_api_gives_the_same_figures_and_refuses_bad_input(api_for, people, year_of_work):
    api = api_for(people.world.district_user)
    figures = api.get("/api/v1/enforcement-statistics/", {"year": YEAR}).json()
    assert figures["totals"]["inspections"] == 3 and figures["plan"]["planned"] == 0
    assert api.get("/api/v1/enforcement-statistics/", {"year": "abc"}).status_code == 400
    assert api_for(people.world.expert_user).get("/api/v1/enforcement-statistics/").status_code == 404
