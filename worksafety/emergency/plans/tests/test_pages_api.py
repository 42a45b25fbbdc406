"""The plan and drill pages and `/api/v1/emergency-plans/`, `/api/v1/drills/`: they render, write through the
services, show the overdue flag, and refuse bad input with field errors, nothing saved."""

import io

import pytest
from openpyxl import load_workbook

from worksafety.emergency.plans.choices import PlanKind, PlanStatus
from worksafety.emergency.plans.models import Drill, EmergencyPlan
from worksafety.emergency.plans.tests.helpers import card, days_ago, hold_drill, make_plan
from worksafety.registry.models import Chemical

API = "/api/v1/emergency-plans/"


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}


def plan_form(**changes) -> dict:
    data = {"title": "液氨罐区泄漏现场处置方案", "code": "JA-XC-01", "version": "2025版", "kind": "onsite",
            "scope_text": "液氨罐区", "event_types": ["hazchem_leak", "中毒和窒息"], "response_levels": ["3", "4"],
            **management("steps", 2), "steps-0-response_level": "3", "steps-0-order": "1",
            "steps-0-action": "关闭紧急切断阀，启动水幕", "steps-0-responsible": "当班班长",
            "steps-0-time_limit": "5 分钟内", "steps-1-response_level": "4", "steps-1-order": "1",
            "steps-1-action": "报告值班室", "steps-1-responsible": "操作工", "steps-1-time_limit": "",
            **management("cards", 1), "cards-0-order": "1", "cards-0-post": "罐区操作工",
            "cards-0-scenario": "液氨储罐法兰泄漏", "cards-0-steps": "佩戴空气呼吸器\n关阀", "cards-0-contacts": "班长 13800000001",
            "cards-0-ppe": "防化服"}
    data.update(changes)
    return data


@pytest.fixture
def onsite(world):
    """A published 现场处置方案 of 甲化工, with a card, linked to the district's 总体预案, never drilled for 8 months."""
    overall = make_plan(world.district_user, kind=PlanKind.OVERALL, title="区总体应急预案", published_on=days_ago(400))
    return make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="液氨罐区现场处置方案", cards=[card()],
                     links=[overall], published_on=days_ago(250))


def test_pages_render_for_the_owner(world, onsite, client_for):
    drill = hold_drill(onsite, world.enterprise_user, days_ago(240))
    client = client_for(world.enterprise_user)
    for url in ("/emergency-plans/", "/emergency-plans/?drill_overdue=true&kind=onsite&owner=enterprise",
                "/emergency-plans/?review=soon&status=published", "/emergency-plans/add/",
                f"/emergency-plans/{onsite.pk}/", f"/emergency-plans/{onsite.pk}/edit/",
                f"/emergency-plans/{onsite.pk}/drills/add/", "/drills/", "/drills/?export=xlsx",
                f"/drills/{drill.pk}/", f"/drills/{drill.pk}/edit/", f"/emergency-plans/{onsite.pk}/cards/",
                f"/emergency-plans/{onsite.pk}/cards/?card={onsite.cards.get().pk}", API, f"{API}{onsite.pk}/",
                "/api/v1/drills/", f"{API}match/?event_type=hazchem_leak&level=3&enterprise={world.ent_park.pk}"):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/emergency-plans/{onsite.pk}/cards/?card=999999").status_code == 404
    home = client.get("/").content.decode()
    assert 'href="/emergency-plans/"' in home and 'href="/drills/"' in home


def test_cards_print_as_pdf(world, onsite, client_for):
    response = client_for(world.street_a_user).get(f"/emergency-plans/{onsite.pk}/cards.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_overdue_drill_is_flagged_on_the_list_and_the_page(world, onsite, client_for):
    fresh = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="装车台现场处置方案", published_on=days_ago(20))
    client = client_for(world.district_user)
    listed = client.get("/emergency-plans/?drill_overdue=true").content.decode()
    assert onsite.title in listed and fresh.title not in listed and "（逾期）" in listed
    others = client.get("/emergency-plans/?drill_overdue=false").content.decode()
    assert fresh.title in others and onsite.title not in others
    assert 'id="drill-overdue"' in client.get(f"/emergency-plans/{onsite.pk}/").content.decode()
    assert 'id="drill-overdue"' not in client.get(f"/emergency-plans/{fresh.pk}/").content.decode()
    sheet = load_workbook(io.BytesIO(client.get("/emergency-plans/?drill_overdue=true&export=xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [onsite.title] and rows[0][-1].endswith("（逾期）")


def test_a_plan_is_entered_with_steps_and_cards_through_its_page(world, onsite, client_for):
    client = client_for(world.enterprise_user)
    upper = EmergencyPlan.objects.get(title="区总体应急预案")
    response = client.post("/emergency-plans/add/", plan_form(links=[str(upper.pk)],
                                                              chemicals=[str(Chemical.objects.get(name="氨").pk)]))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = EmergencyPlan.objects.get(code="JA-XC-01")
    assert response["Location"] == f"/emergency-plans/{plan.pk}/"
    assert plan.enterprise == world.ent_park and plan.status == PlanStatus.DRAFT
    assert [(s.response_level, s.action) for s in plan.steps.all()] == [(3, "关闭紧急切断阀，启动水幕"), (4, "报告值班室")]
    assert plan.cards.get().post == "罐区操作工" and plan.links_out.get().to_plan == upper
    assert plan.event_types == ["hazchem_leak", "中毒和窒息"] and [c.name for c in plan.chemicals.all()] == ["氨"]

    edit = client.get(f"/emergency-plans/{plan.pk}/edit/").content.decode()
    assert "关闭紧急切断阀" in edit and 'name="steps-INITIAL_FORMS" value="2"' in edit


def test_bad_rows_are_refused_on_the_page_and_nothing_is_saved(world, client_for):
    client = client_for(world.enterprise_user)
    response = client.post("/emergency-plans/add/", plan_form(**{"steps-1-action": "", "steps-1-response_level": "2"}))
    assert response.status_code == 200
    assert "action" in response.context["steps"].errors[1]
    response = client.post("/emergency-plans/add/", plan_form(**{"steps-1-response_level": "2"}))
    assert "Ⅱ级响应不在本预案的响应分级内" in response.content.decode()
    response = client.post("/emergency-plans/add/", plan_form(kind="comprehensive"))
    assert "应急处置卡属于现场处置方案" in response.content.decode()
    response = client.post("/emergency-plans/add/", plan_form(kind="overall"))
    assert "kind" in response.context["form"].errors
    assert not EmergencyPlan.objects.exists()


def test_the_actions_on_the_plan_page(world, client_for):
    plan = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, title="甲公司综合预案")
    owner = client_for(world.enterprise_user)
    url = f"/emergency-plans/{plan.pk}/"
    response = owner.post(url, {"action": "publish", "publish-published_on": days_ago(-3).isoformat()})
    assert response.status_code == 400 and "发布日期不能晚于今天" in response.content.decode()
    assert owner.post(url, {"action": "file", "file-filing_number": "1"}).status_code == 404  # not the owner's step
    response = owner.post(url, {"action": "publish", "publish-published_on": days_ago(60).isoformat()})
    assert response.status_code == 302
    district = client_for(world.district_user)
    page = district.get(url).content.decode()
    assert "登记备案" in page and "应于" in page  # the 20-working-day filing deadline
    response = district.post(url, {"action": "file", "file-filing_number": "210213-2025-008",
                                   "file-filing_authority": "金普新区应急管理局", "file-filed_on": days_ago(2).isoformat()})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.FILED and plan.filing_number == "210213-2025-008"
    assert "超过 20 个工作日" in district.get(url).content.decode()
    owner = client_for(world.enterprise_user)  # the test client is one browser: log the owner in again
    response = owner.post(url, {"action": "new_version", "new_version-version": "2026版"})
    draft = EmergencyPlan.objects.get(version="2026版")
    assert response["Location"] == f"/emergency-plans/{draft.pk}/edit/"
    response = owner.post(url, {"action": "review", "review-reviewed_on": days_ago(1).isoformat(),
                                "review-conclusion": "revise", "review-summary": "组织机构调整，需修订"})
    assert response.status_code == 302 and plan.reviews.count() == 1
    assert client_for(world.street_a_user).post(url, {"action": "retire", "retire-reason": "x"}).status_code == 404


def test_a_drill_is_recorded_on_its_page(world, onsite, client_for):
    client = client_for(world.enterprise_user)
    url = f"/emergency-plans/{onsite.pk}/drills/add/"
    data = {"held_on": days_ago(3).isoformat(), "kind": "live", "scenario": "液氨泄漏", "organiser": "安全环保部",
            "participants": "18", "participant_units": "生产部、消防队", "duration_minutes": "45", "rating": "poor",
            "findings": "", "improvements": ""}
    response = client.post(url, data)
    assert response.status_code == 200 and "须写明存在的问题" in response.content.decode()
    response = client.post(url, {**data, "held_on": days_ago(-1).isoformat(), "rating": "good"})
    assert "演练日期不能晚于今天" in response.content.decode()
    assert not Drill.objects.exists()
    response = client.post(url, {**data, "rating": "good"})
    assert response.status_code == 302 and response["Location"] == f"/emergency-plans/{onsite.pk}/#drills"
    drill = Drill.objects.get()
    assert drill.recorded_by == world.enterprise_user and drill.participants == 18
    assert 'id="drill-overdue"' not in client.get(f"/emergency-plans/{onsite.pk}/").content.decode()


# --- API ----------------------------------------------------------------------------------------------------

def api_plan(**changes) -> dict:
    data = {"title": "甲公司火灾专项应急预案", "version": "V1", "kind": "special", "event_types": ["fire_explosion"],
            "response_levels": [2, 3], "steps": [
                {"response_level": 2, "order": 1, "action": "启动二级响应", "responsible": "总经理"},
                {"response_level": 3, "order": 1, "action": "启动三级响应", "responsible": "生产副总"}]}
    data.update(changes)
    return data


def test_the_api_enters_publishes_and_files_a_plan(world, api_for):
    api = api_for(world.enterprise_user)
    response = api.post(API, api_plan(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["owner"] == "大连甲化工有限公司" and len(body["steps"]) == 2
    pk, step_id = body["id"], body["steps"][0]["id"]
    response = api.patch(f"{API}{pk}/", {"steps": [{"id": step_id, "response_level": 2, "order": 1,
                                                    "action": "改：启动二级响应", "responsible": "总经理"},
                                                   {"response_level": 3, "order": 1, "action": "三级",
                                                    "responsible": "值班长"}]}, format="json")
    assert response.status_code == 200 and [s["action"] for s in response.json()["steps"]] == ["改：启动二级响应", "三级"]
    assert api.post(f"{API}{pk}/publish/", {"published_on": days_ago(5).isoformat()},
                    format="json").json()["status"] == "published"
    response = api_for(world.district_user).post(f"{API}{pk}/file/", {
        "filing_number": "F-9", "filing_authority": "金普新区应急管理局", "filed_on": days_ago(1).isoformat()}, format="json")
    assert response.status_code == 200 and response.json()["filing_number"] == "F-9"
    response = api.post(f"{API}{pk}/new_version/", {"version": "V2"}, format="json")
    assert response.status_code == 201 and response.json()["replaces"] == pk
    draft = response.json()["id"]
    assert api.post(f"{API}{draft}/retire/", {"reason": ""}, format="json").status_code == 400
    assert api.post(f"{API}{draft}/retire/", {"reason": "不再修订"}, format="json").json()["status"] == "retired"
    response = api.post(f"{API}{pk}/reviews/", {"reviewed_on": days_ago(0).isoformat(), "conclusion": "valid",
                                                "summary": "内容适用"}, format="json")
    assert response.status_code == 201 and api.get(f"{API}{pk}/").json()["next_review_due"] > days_ago(-1000).isoformat()
    response = api.post("/api/v1/drills/", {"plan": pk, "held_on": days_ago(1).isoformat(), "kind": "tabletop",
                                            "scenario": "仓库火灾", "organiser": "安全部", "participants": 12,
                                            "duration_minutes": 90, "rating": "excellent"}, format="json")
    assert response.status_code == 201 and response.json()["plan_title"] == "甲公司火灾专项应急预案"
    match = api.get(f"{API}match/?event_type=火灾&level=3&enterprise={world.ent_park.pk}").json()
    assert match["results"][0]["id"] == pk and match["results"][0]["steps"][0]["responsible"] == "值班长"


def test_the_api_refuses_bad_input_with_field_errors(world, onsite, api_for):
    api = api_for(world.enterprise_user)
    response = api.post(API, api_plan(steps=[{"response_level": 4, "order": 1, "action": "x", "responsible": "y"}]),
                        format="json")
    assert response.status_code == 400 and "Ⅳ级响应不在本预案的响应分级内" in str(response.json()["steps"])
    response = api.post(API, api_plan(kind="overall"), format="json")
    assert response.status_code == 400 and "kind" in response.json()
    response = api.post(API, api_plan(response_levels=[]), format="json")
    assert response.status_code == 400 and "response_levels" in response.json()
    response = api.post(API, api_plan(steps=[{"response_level": 2, "order": 1, "action": "", "responsible": "y"}]),
                        format="json")
    assert response.status_code == 400 and "action" in str(response.json())
    assert EmergencyPlan.objects.count() == 2
    response = api.post("/api/v1/drills/", {"plan": onsite.pk, "held_on": days_ago(-2).isoformat(), "kind": "live",
                                            "scenario": "s", "organiser": "o", "participants": 1,
                                            "duration_minutes": 1, "rating": "good"}, format="json")
    assert response.status_code == 400 and "held_on" in response.json()
    other = make_plan(world.admin, kind=PlanKind.ONSITE, enterprise=world.ent_street_b, published_on=days_ago(9))
    response = api.post("/api/v1/drills/", {"plan": other.pk, "held_on": days_ago(1).isoformat(), "kind": "live",
                                            "scenario": "s", "organiser": "o", "participants": 1,
                                            "duration_minutes": 1, "rating": "good"}, format="json")
    assert response.status_code == 400 and "plan" in response.json()  # not a plan this login can see
    assert api.post(f"{API}{other.pk}/publish/", {"published_on": days_ago(1).isoformat()},
                    format="json").status_code == 404
    assert api.get(f"{API}match/?level=9").status_code == 400
    assert not Drill.objects.exists()
