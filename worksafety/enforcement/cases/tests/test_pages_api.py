"""Penalty case pages and API: filing from an inspection, the steps a user may take shown and taken, what the
enterprise sees of its case (never the internal legal review), and the API's transitions and refusals."""

from django.urls import reverse

from worksafety.enforcement.cases.choices import CaseState, StatementKind
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.cases.tests.test_penalties import step, walk
from worksafety.enforcement.tests.inspection_fixtures import TODAY, inspected_with_findings

REVIEW_NOTE = "内部审核意见：证据链完整"


def test_filing_from_an_inspection_page(client_for, people):
    inspection = inspected_with_findings(people)
    client = client_for(people.investigator_a)
    form = client.get(reverse("penaltycase_add"), {"inspection": inspection.pk, "enterprise": inspection.enterprise_id})
    assert form.status_code == 200
    response = client.post(reverse("penaltycase_add") + f"?inspection={inspection.pk}", {
        "enterprise": inspection.enterprise_id, "inspection": inspection.pk, "source": "inspection",
        "cause": "未保证检测报警装置正常使用", "filed_on": TODAY.isoformat(), "party_kind": "organisation",
        "investigators": [people.inspector_a.pk, people.inspector_b.pk]})
    case = PenaltyCase.objects.get()
    assert response["Location"] == reverse("penaltycase_detail", args=[case.pk])
    assert case.inspection == inspection and case.state == CaseState.FILED
    assert client_for(people.world.street_a_user).get(reverse("penaltycase_add")).status_code == 404


def test_the_case_page_offers_each_person_their_steps(client_for, people):
    case = walk(people, CaseState.INVESTIGATING)
    url = reverse("penaltycase_detail", args=[case.pk])
    investigator = client_for(people.investigator_a).get(url).content.decode()
    assert "告知拟处罚" in investigator and "作出处罚决定" not in investigator
    official = client_for(people.official).get(url).content.decode()
    assert "不予处罚/撤销立案并结案" in official and "告知拟处罚" not in official
    client = client_for(people.investigator_a)
    client.post(reverse("penaltycase_transition", args=[case.pk, "notify"]),
                {"fine_yuan": "80000", "measures": ["suspend"], "measure_detail": "停产整顿一个月"})
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED and case.measures.get().detail == "停产整顿一个月"
    page = client.get(url).content.decode()
    assert "重大执法决定" in page and "行政处罚告知书" in page


def test_a_refused_step_shows_why_and_changes_nothing(client_for, people):
    case = walk(people, CaseState.NOTIFIED, fine="80000")
    client = client_for(people.official)
    response = client.post(reverse("penaltycase_transition", args=[case.pk, "decide"]), follow=True)
    assert "未届满" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NOTIFIED


def test_the_enterprise_sees_its_case_and_files_a_statement_but_not_the_internal_review(client_for, people):
    case = walk(people, CaseState.REVIEWING, fine="80000")
    step(case, "return_review", people.reviewer, REVIEW_NOTE)
    step(case, "notify", people.investigator_a, data={"fine_yuan": "80000", "measures": []})
    client = client_for(people.world.enterprise_user)
    url = reverse("penaltycase_detail", args=[case.pk])
    page = client.get(url).content.decode()
    assert case.number in page and "行政处罚告知书" in page
    assert REVIEW_NOTE not in page and "法制审核（内部）" not in page and "办理记录" not in page
    assert reverse("penaltycase_statement", args=[case.pk]) in page
    client.post(reverse("penaltycase_statement", args=[case.pk]), {"kind": StatementKind.HEARING})
    assert case.statements.filter(kind=StatementKind.HEARING).exists()
    assert client.post(reverse("penaltycase_transition", args=[case.pk, "submit_review"])).status_code == 404
    staff = client_for(people.investigator_a).get(url).content.decode()
    assert REVIEW_NOTE in staff and "登记听证情况" in staff


def test_cases_out_of_scope_are_404(client_for, people):
    case = walk(people, CaseState.FILED)
    for user in (people.world.street_b_user, people.world.department_user, people.world.expert_user):
        assert client_for(user).get(reverse("penaltycase_detail", args=[case.pk])).status_code == 404
    assert client_for(people.world.street_a_user).get(reverse("penaltycase_detail", args=[case.pk])).status_code == 200


def test_the_list_filters_by_publicity_and_exports(client_for, people):
    walk(people, CaseState.FILED)
    client = client_for(people.world.district_user)
    assert client.get(reverse("penaltycase_list"), {"publicity": "due"}).status_code == 200
    assert client.get(reverse("penaltycase_list"), {"export": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_api_files_steps_and_refuses_with_clear_messages(api_for, people):
    api = api_for(people.investigator_a)
    created = api.post("/api/v1/penalty-cases/", {
        "enterprise": people.world.ent_park.pk, "cause": "未按规定维护安全设备", "filed_on": TODAY.isoformat(),
        "facts": "报警器失效", "violated_provisions": "《安全生产法》第三十六条", "penalty_basis": "《安全生产法》第九十九条",
        "investigators": [people.inspector_a.pk, people.inspector_b.pk]}, format="json")
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    refused = api.post(f"/api/v1/penalty-cases/{case_id}/transitions/", {"action": "approve_filing"}, format="json")
    assert refused.status_code == 400 and "行政执法负责人" in str(refused.json())
    official = api_for(people.official)
    assert official.post(f"/api/v1/penalty-cases/{case_id}/transitions/", {"action": "approve_filing"},
                         format="json").status_code == 200
    notified = api.post(f"/api/v1/penalty-cases/{case_id}/transitions/", {
        "action": "notify", "fine_yuan": "100000", "measures": [{"kind": "seal", "detail": "查封液氯储罐"}]},
        format="json")
    assert notified.status_code == 200 and notified.json()["is_major"] is True
    enterprise = api_for(people.world.enterprise_user)
    waived = enterprise.post(f"/api/v1/penalty-cases/{case_id}/statements/", {"kind": "waiver"}, format="json")
    assert waived.status_code == 200 and waived.json()["internal"] is None
    decided = official.post(f"/api/v1/penalty-cases/{case_id}/transitions/", {"action": "decide"}, format="json")
    assert decided.status_code == 400 and "未经法制审核" in str(decided.json())
    assert api.patch(f"/api/v1/penalty-cases/{case_id}/", {"facts": "改"}, format="json").status_code == 400
    assert official.get(f"/api/v1/penalty-cases/{case_id}/").json()["internal"]["events"][0]["action"] == "file"
    assert api_for(people.world.street_b_user).get(f"/api/v1/penalty-cases/{case_id}/").status_code == 404
