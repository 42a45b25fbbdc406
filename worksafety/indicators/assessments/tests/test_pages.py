"""目标责任考核 pages, API, xlsx and public results: who sees which year and which sheet, the steps on the pages,
and what the public is shown."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from worksafety.core.tests.factories import DepartmentFactory
from worksafety.core.workflow import transition
from worksafety.indicators.accidents.tests.helpers import local, record
from worksafety.indicators.assessments import services as assessments
from worksafety.indicators.assessments.models import (
    Assessment,
    AssessmentItem,
    AssessmentState,
    Evidence,
    UnitScore,
)
from worksafety.indicators.assessments.tests.test_assessments import YEAR, score_all_manual, unit_of

MISREPORTED = "市应急局认定谎报（大金应急〔2025〕7号）"
ACCIDENT = "大连甲化工“5·1”中毒和窒息事故"


@pytest.fixture
def draft(world):
    return assessments.do_create_assessment(world.district_user, YEAR)


@pytest.fixture
def published(world, draft):
    record(world, title=ACCIDENT, occurred_at=local(YEAR, 5), deaths=0, serious_injuries=1, misreporting="falsified",
           misreporting_note=MISREPORTED)  # street A's 谎报: vetoed
    transition(draft, "start_scoring", world.district_user)
    score_all_manual(world, draft)
    return transition(draft, "publish", world.district_user)


def text(reply) -> str:
    return reply.content.decode()


# --- who sees what ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["department_user", "street_a_user"])
def test_departments_and_streets_see_nothing_of_a_draft(world, draft, client_for, api_for, who):
    client = client_for(getattr(world, who))
    unit = unit_of(draft, world.dept_transport if who == "department_user" else world.street_a)
    assert client.get("/assessments/").status_code == 200
    for url in (f"/assessments/{draft.pk}/", f"/assessments/{draft.pk}/scores/",
                f"/assessments/{draft.pk}/units/{unit.pk}/", f"/assessments/{draft.pk}/scores/?export=xlsx"):
        assert client.get(url).status_code == 404, url
    assert api_for(getattr(world, who)).get(f"/api/v1/assessments/{draft.pk}/").status_code == 404
    assert api_for(getattr(world, who)).get("/api/v1/assessments/").json()["results"] == []


@pytest.mark.parametrize("who", ["enterprise_user", "park_user", "expert_user"])
def test_enterprises_parks_and_experts_see_no_assessment(world, published, client_for, api_for, who):
    client = client_for(getattr(world, who))
    for url in ("/assessments/", f"/assessments/{published.pk}/", f"/assessments/{published.pk}/scores/"):
        assert client.get(url).status_code == 404, url
    assert api_for(getattr(world, who)).get(f"/api/v1/assessments/{published.pk}/").status_code == 404


def test_a_department_reads_the_published_ranking_and_only_its_own_sheet(world, published, client_for):
    client = client_for(world.department_user)
    scores = text(client.get(f"/assessments/{published.pk}/scores/"))
    assert "区交通运输局" in scores and "大孤山街道" in scores and ACCIDENT not in scores
    own = unit_of(published, world.dept_transport)
    sheet = client.get(f"/assessments/{published.pk}/units/{own.pk}/")
    assert sheet.status_code == 200 and "无到期隐患" in text(sheet) and "/score/" not in text(sheet)
    other = unit_of(published, world.street_a)
    assert client.get(f"/assessments/{published.pk}/units/{other.pk}/").status_code == 404
    own_street = client_for(world.street_a_user).get(f"/assessments/{published.pk}/units/{other.pk}/")
    assert ACCIDENT in text(own_street)


def test_only_the_district_acts(world, draft, client_for):
    client = client_for(world.department_user)
    item = draft.items.first()
    for url in (f"/assessments/{draft.pk}/steps/start_scoring/", f"/assessments/{draft.pk}/items/{item.pk}/delete/",
                f"/assessments/{draft.pk}/items/add/"):
        assert client.post(url).status_code == 404, url
    assert client.post("/assessments/", {"year": YEAR + 1}).status_code == 404
    assert Assessment.objects.count() == 1 and draft.items.count() == 7


# --- the district's steps -----------------------------------------------------------------------------------------

def test_the_district_creates_a_year_on_the_page(world, client_for):
    client = client_for(world.district_user)
    assert client.post("/assessments/", {"year": YEAR}).status_code == 302
    again = client.post("/assessments/", {"year": YEAR})
    assert again.status_code == 200 and "已经建立" in text(again)
    too_late = client.post("/assessments/", {"year": timezone.localdate().year + 2})
    assert "考核年度须在" in text(too_late)
    assert Assessment.objects.count() == 1


def test_the_template_is_edited_while_drawn_up_only(world, draft, client_for):
    client = client_for(world.district_user)
    add = f"/assessments/{draft.pk}/items/add/"
    bad = client.post(add, {"order": 8, "name": "安全生产执法", "weight": "10", "evidence": Evidence.ACCIDENT_DEATHS,
                            "applies_to": "all", "criteria": "…"})
    assert bad.status_code == 200 and "须填写每人扣分" in text(bad)
    assert client.post(add, {"order": 8, "name": "安全宣传", "weight": "5", "evidence": Evidence.MANUAL,
                             "applies_to": "street", "criteria": "按材料"}).status_code == 302
    assert draft.items.count() == 8
    page = text(client.get(f"/assessments/{draft.pk}/"))
    assert "安全宣传" in page and "确定方案，开始评分" in page
    client.post(f"/assessments/{draft.pk}/steps/start_scoring/")
    draft.refresh_from_db()
    assert draft.state == AssessmentState.SCORING
    item = draft.items.get(name="安全宣传")
    refused = client.post(f"/assessments/{draft.pk}/items/{item.pk}/edit/", {
        "order": 8, "name": "改名", "weight": "5", "evidence": Evidence.MANUAL, "applies_to": "street",
        "criteria": "按材料"})
    assert "不能再修改" in text(refused)
    assert AssessmentItem.objects.get(pk=item.pk).name == "安全宣传"


def test_scoring_and_publishing_on_the_pages(world, draft, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.district_user)
    client.post(f"/assessments/{draft.pk}/steps/start_scoring/")
    unit = unit_of(draft, world.street_b)
    manual = draft.items.get(name="组织领导和责任落实")
    score_url = f"/assessments/{draft.pk}/units/{unit.pk}/items/{manual.pk}/score/"
    over = client.post(score_url, {"points": "16", "evidence": "好"}, follow=True)
    assert "得分须在 0 至 15.0 分之间" in text(over) and not UnitScore.objects.exists()
    client.post(score_url, {"points": "13.5", "evidence": "安委会会议少开一次"})
    assert UnitScore.objects.get().points == 13.5
    veto = draft.vetoes.get(rule="manual")
    client.post(f"/assessments/{draft.pk}/units/{unit.pk}/vetoes/{veto.pk}/record/", {"evidence": "督办隐患逾期引发火灾"})
    matrix = text(client.get(f"/assessments/{draft.pk}/scores/"))
    assert "待评分" in matrix and "13.5" in matrix and "重大事故隐患挂牌督办逾期未整改造成严重后果" in matrix
    refused = client.post(f"/assessments/{draft.pk}/steps/publish/", follow=True)
    assert "以下单位尚有项目未评分" in text(refused)
    score_all_manual(world, draft)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/{draft.pk}/steps/publish/")
    draft.refresh_from_db()
    assert draft.state == AssessmentState.PUBLISHED
    assert unit_of(draft, world.street_b).vetoed
    assert "公布结果" not in text(client.get(f"/assessments/{draft.pk}/scores/"))


def test_the_results_export_has_a_sheet_per_kind(world, published, client_for):
    reply = client_for(world.district_user).get(f"/assessments/{published.pk}/scores/?export=xlsx")
    assert reply.status_code == 200
    workbook = load_workbook(BytesIO(reply.content))
    assert workbook.sheetnames == ["行业主管部门", "街道、功能区"]
    departments = list(workbook["行业主管部门"].values)
    assert departments[0][:2] == ("排名", "单位") and departments[0][-3:] == ("总分", "等次", "一票否决")
    assert departments[1][:2] == (1, "区交通运输局")
    streets = list(workbook["街道、功能区"].values)
    assert [row[1] for row in streets[1:]] == ["友谊街道", "大孤山街道"]  # the vetoed street last
    assert streets[2][-1] == "瞒报、谎报生产安全事故"


# --- public -------------------------------------------------------------------------------------------------------

def test_the_public_sees_published_years_with_vetoes_named_but_not_their_evidence(world, published, client):
    listing = text(client.get("/public/assessments/"))
    assert published.title in listing
    page = client.get(f"/public/assessments/{YEAR}/")
    assert page.status_code == 200
    body = text(page)
    assert "友谊街道" in body and "一票否决" in body and "瞒报、谎报生产安全事故" in body
    assert ACCIDENT not in body


def test_the_public_never_sees_a_year_not_published(world, draft, client):
    assert draft.title not in text(client.get("/public/assessments/"))
    assert client.get(f"/public/assessments/{YEAR}/").status_code == 404


# --- API ----------------------------------------------------------------------------------------------------------

def test_the_api_gives_the_template_and_the_published_results(world, draft, api_for):
    district = api_for(world.district_user)
    body = district.get(f"/api/v1/assessments/{draft.pk}/").json()
    assert len(body["items"]) == 7 and len(body["vetoes"]) == 3 and body["units"] == []
    assert district.post("/api/v1/assessments/", {"year": YEAR + 1}, format="json").status_code == 405


def test_the_api_results_of_a_published_year(world, published, api_for):
    body = api_for(world.street_b_user).get("/api/v1/assessments/").json()["results"][0]
    units = {unit["name"]: unit for unit in body["units"]}
    assert units["大孤山街道"]["vetoed"] and units["大孤山街道"]["vetoes"] == ["瞒报、谎报生产安全事故"]
    assert units["大孤山街道"]["grade"] == "fail" and units["友谊街道"]["rank"] == 1
    assert units["区交通运输局"]["total"] == "85.0"


def test_a_department_created_later_can_be_added_on_the_page(world, client_for):
    assessment = assessments.do_create_assessment(world.district_user, YEAR)
    later = DepartmentFactory(code="xf", name="区消防救援大队", area=world.district)
    client = client_for(world.district_user)
    assert f"department:{later.pk}" in text(client.get(f"/assessments/{assessment.pk}/"))
    client.post(f"/assessments/{assessment.pk}/units/add/", {"unit": f"department:{later.pk}"})
    assert assessment.units.filter(department=later).exists()
