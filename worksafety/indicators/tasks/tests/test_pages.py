"""The plan's task pages and API: who sees what (out of scope is 404), filing and confirming on the page, the
district's edit, import and 报送情况 pages, the xlsx exports and the API's filing with its field errors."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from worksafety.indicators.tasks.models import Milestone, PlanTask, ProgressReport, ProgressStatus
from worksafety.indicators.tasks.tests.helpers import file, new_milestone, new_task


def text(reply) -> str:
    return reply.content.decode()


def rows_of(reply) -> list[tuple]:
    return list(load_workbook(io.BytesIO(reply.content)).active.iter_rows(values_only=True))


@pytest.mark.parametrize("who, sees", [("district_user", True), ("department_user", True), ("safety_user", True),
                                       ("street_a_user", True), ("park_user", True), ("enterprise_user", False),
                                       ("expert_user", False)])
def test_who_reads_the_tasks(plan, client_for, api_for, who, sees):
    client = client_for(getattr(plan, who))
    expected = 200 if sees else 404
    assert client.get("/plan-tasks/?mine=").status_code == expected
    assert client.get(f"/plan-tasks/{plan.task.pk}/").status_code == expected
    listing = api_for(getattr(plan, who)).get("/api/v1/plan-tasks/")
    assert listing.status_code == 200
    assert len(listing.json()["results"]) == (2 if sees else 0)


def test_the_list_groups_by_chapter_with_status_counts(plan, client_for):
    file(plan.safety_user, plan.task, 2022, 1, 40, status=ProgressStatus.BEHIND)
    page = text(client_for(plan.street_a_user).get("/plan-tasks/"))
    assert "六、全力防范安全生产事故" in page and "十、重点工程" in page
    assert "强化危险化学品安全风险防控" in page and "40%" in page and "滞后" in page
    assert 'id="status-counts"' in page
    behind = text(client_for(plan.district_user).get("/plan-tasks/?status=behind"))
    assert "强化危险化学品安全风险防控" in behind and "道路交通安全提升工程" not in behind
    unreported = text(client_for(plan.district_user).get("/plan-tasks/?status=not_reported"))
    assert "道路交通安全提升工程" in unreported and "强化危险化学品安全风险防控" not in unreported


def test_a_department_starts_on_its_own_tasks(plan, client_for):
    client = client_for(plan.safety_user)
    own = text(client.get("/plan-tasks/"))
    assert "强化危险化学品安全风险防控" in own and "道路交通安全提升工程" not in own
    everything = text(client.get("/plan-tasks/?mine="))
    assert "道路交通安全提升工程" in everything
    assert [r[0] for r in rows_of(client.get("/plan-tasks/?export=xlsx"))[1:]] == ["六(一)"]  # as on the page


def test_the_export_has_the_filtered_rows(plan, client_for):
    file(plan.safety_user, plan.task, 2022, 1, 40)
    reply = client_for(plan.district_user).get("/plan-tasks/?kind=main&export=xlsx")
    assert reply.status_code == 200
    rows = rows_of(reply)
    assert rows[0][:3] == ("编号", "类别", "所属章节")
    assert [r[0] for r in rows[1:]] == ["六(一)"]
    assert rows[1][4:8] == ("区应急管理局", "区交通运输局", "按计划推进", 40)


def test_the_task_page_shows_text_milestones_and_reports(plan, client_for):
    file(plan.safety_user, plan.task, 2022, 1, 40, work_done="完成重点企业排查")
    page = text(client_for(plan.street_a_user).get(f"/plan-tasks/{plan.task.pk}/"))
    assert "规划原文" in page and "完成专项整治" in page and "完成重点企业排查" in page
    assert "progress-data" in page and "2022Q1" in page
    assert "报送本季度进展" not in page and "确认完成" not in page
    lead = text(client_for(plan.safety_user).get(f"/plan-tasks/{plan.task.pk}/"))
    assert "报送本季度进展" in lead and "确认完成" in lead
    assert 'name="percent" value="40"' in lead  # prefilled with its previous report
    assert client_for(plan.district_user).get("/plan-tasks/999999/").status_code == 404


def test_a_department_files_on_the_page(plan, client_for):
    client = client_for(plan.department_user)
    url = f"/plan-tasks/{plan.task.pk}/progress/"
    # 2025 Q4's window closed long ago on the real clock: filed now, it is late but accepted.
    reply = client.post(url, {"quarter_of": "2025-4", "status": "on_track", "percent": 30, "work_done": "推进中"})
    assert reply.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.department, report.percent, report.is_late) == (plan.dept_transport, 30, True)
    again = client.post(url, {"quarter_of": "2025-4", "status": "on_track", "percent": 40, "work_done": "改"},
                        follow=True)
    assert "已过报送期限" in text(again)
    assert ProgressReport.objects.get().percent == 30
    bad = client.post(url, {"quarter_of": "2025-4", "status": "done", "percent": 150, "work_done": "x"}, follow=True)
    assert "累计完成" in text(bad)
    refused = client_for(plan.market_user).post(url, {"quarter_of": "2025-3", "status": "on_track", "percent": 10,
                                                      "work_done": "x"}, follow=True)
    assert "不是" in text(refused)
    assert client_for(plan.enterprise_user).post(url, {}).status_code == 404
    assert ProgressReport.objects.count() == 1


def test_the_lead_confirms_a_milestone_on_the_page(plan, client_for):
    url = f"/plan-tasks/milestones/{plan.milestone.pk}/achieve/"
    assert client_for(plan.enterprise_user).post(url, {"achieved_on": "2022-12-20"}).status_code == 404
    client_for(plan.street_a_user).post(url, {"achieved_on": "2022-12-20"})
    client_for(plan.department_user).post(url, {"achieved_on": "2022-12-20"})
    assert Milestone.objects.get().achieved_on is None
    client_for(plan.safety_user).post(url, {"achieved_on": "2022-12-20", "note": "按期完成"})
    assert Milestone.objects.get().achieved_on == date(2022, 12, 20)


def test_the_district_edits_tasks_and_milestones(plan, client_for):
    client = client_for(plan.district_user)
    assert client.get("/plan-tasks/add/").status_code == 200
    reply = client.post("/plan-tasks/add/", {"code": "九(一)", "kind": "main", "chapter": "九、", "title": "新任务",
                                             "content": "原文", "lead_department": plan.dept_market.pk,
                                             "cooperating_departments": [plan.dept_safety.pk], "order": 9})
    assert reply.status_code == 302
    task = PlanTask.objects.get(code="九(一)")
    assert list(task.cooperating_departments.all()) == [plan.dept_safety]
    same = client.post(f"/plan-tasks/{task.pk}/edit/", {"code": "九(一)", "kind": "main", "chapter": "九、",
                                                        "title": "新任务", "content": "原文",
                                                        "lead_department": plan.dept_market.pk,
                                                        "cooperating_departments": [plan.dept_market.pk], "order": 9})
    assert same.status_code == 200 and "牵头部门不必再列为配合部门" in text(same)
    assert client.get(f"/plan-tasks/milestones/add/?task={task.pk}").status_code == 200
    assert client.post("/plan-tasks/milestones/add/", {"task": task.pk, "due_on": "2024-06-30",
                                                       "description": "出台方案"}).status_code == 302
    assert task.milestones.get().description == "出台方案"
    milestone_edit = f"/plan-tasks/milestones/{task.milestones.get().pk}/edit/"
    for who in ("safety_user", "market_user", "street_a_user"):  # a lead department confirms, never edits
        assert client_for(getattr(plan, who)).get(milestone_edit).status_code == 404
        assert client_for(getattr(plan, who)).post(milestone_edit, {"task": task.pk, "due_on": "2030-01-01",
                                                                    "description": "改"}).status_code == 404
    assert task.milestones.get().due_on == date(2024, 6, 30)
    for who in ("safety_user", "street_a_user"):
        assert client_for(getattr(plan, who)).get("/plan-tasks/add/").status_code == 404
        assert client_for(getattr(plan, who)).get(f"/plan-tasks/{task.pk}/edit/").status_code == 404
        assert client_for(getattr(plan, who)).get("/plan-tasks/import/").status_code == 404


def test_the_import_page(plan, client_for):
    client = client_for(plan.district_user)
    assert client.get("/plan-tasks/import/").status_code == 200
    template = client.get("/plan-tasks/import/?template=1")
    assert rows_of(template)[0][:2] == ("编号*", "类别*")


def test_the_reporting_page(plan, client_for):
    file(plan.safety_user, plan.task, 2022, 1, 20)
    file(plan.department_user, plan.task, 2022, 1, 20, today=date(2022, 5, 1))
    client = client_for(plan.district_user)
    page = text(client.get("/plan-tasks/reporting/?year=2022"))
    assert "区交通运输局" in page and "道路交通安全提升工程" in page  # its missing report
    rows = rows_of(client.get("/plan-tasks/reporting/?year=2022&export=xlsx"))
    first_quarter = {r[0]: r[3:] for r in rows[1:] if r[1] == "2022年第1季度"}
    assert first_quarter == {"区应急管理局": (1, 1, 0, 0), "区交通运输局": (2, 0, 1, 1)}
    assert client.get("/plan-tasks/reporting/?year=1999").status_code == 200  # a field error, no rows
    for who in ("safety_user", "street_a_user", "enterprise_user"):
        assert client_for(getattr(plan, who)).get("/plan-tasks/reporting/").status_code == 404


def test_the_api_lists_tasks_with_milestones_and_status(plan, api_for):
    file(plan.safety_user, plan.task, 2022, 1, 40)
    api = api_for(plan.street_a_user)
    tasks = {t["code"]: t for t in api.get("/api/v1/plan-tasks/").json()["results"]}
    assert tasks["六(一)"]["status"] == "on_track" and tasks["六(一)"]["percent"] == 40
    assert tasks["十(一)"]["status"] == "not_reported" and tasks["十(一)"]["percent"] is None
    assert tasks["六(一)"]["milestones"][0]["description"] == "完成专项整治"
    assert tasks["六(一)"]["cooperating_departments"] == ["jtj"]
    assert [t["code"] for t in api.get("/api/v1/plan-tasks/?kind=project").json()["results"]] == ["十(一)"]
    detail = api.get(f"/api/v1/plan-tasks/{plan.task.pk}/").json()
    assert detail["status"] == "on_track"
    assert api_for(plan.enterprise_user).get(f"/api/v1/plan-tasks/{plan.task.pk}/").status_code == 404


def test_the_api_files_progress(plan, api_for):
    api = api_for(plan.safety_user)
    body = {"task": plan.task.pk, "year": 2025, "quarter": 4, "status": "on_track", "percent": 30,
            "work_done": "推进中"}
    created = api.post("/api/v1/plan-task-progress/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["department"] == "yjj" and created.json()["is_late"] is True
    bad = api.post("/api/v1/plan-task-progress/", {**body, "quarter": 3, "status": "done", "percent": 50},
                   format="json")
    assert bad.status_code == 400 and "percent" in bad.json()
    assert api.post("/api/v1/plan-task-progress/", {**body, "percent": 150}, format="json").status_code == 400
    assert api.post("/api/v1/plan-task-progress/", {**body, "quarter": 3, "percent": 10,
                                                    "work_done": ""}, format="json").status_code == 400
    archived = api.post("/api/v1/plan-task-progress/", {**body, "percent": 35}, format="json")
    assert archived.status_code == 400 and "已过报送期限" in str(archived.json())
    district = api_for(plan.district_user).post("/api/v1/plan-task-progress/", {**body, "quarter": 2}, format="json")
    assert district.status_code == 400 and "不能代部门报送" in str(district.json())
    assert api_for(plan.enterprise_user).post("/api/v1/plan-task-progress/", body, format="json").status_code == 400
    assert ProgressReport.objects.count() == 1
    listing = api_for(plan.street_a_user).get("/api/v1/plan-task-progress/").json()["results"]
    assert [(r["task"], r["percent"]) for r in listing] == [(plan.task.pk, 30)]


@pytest.mark.parametrize("who", ["district_user", "safety_user"])
def test_the_list_and_the_api_cost_the_same_whatever_the_number_of_tasks(plan, client_for, api_for, who,
                                                                          django_assert_max_num_queries):
    """ARCHITECTURE rule 8: the list, its export and the API list query per page, not per task."""
    for n in range(2, 14):
        task = new_task(plan, f"七({n})", f"任务{n}", plan.dept_safety, [plan.dept_transport], order=n)
        new_milestone(plan, task, date(2023, 6, 30))
        file(plan.safety_user, task, 2022, 1, 10)
    client, api = client_for(getattr(plan, who)), api_for(getattr(plan, who))
    for fetch in (lambda: client.get("/plan-tasks/?mine="), lambda: client.get("/plan-tasks/?mine=&export=xlsx"),
                  lambda: api.get("/api/v1/plan-tasks/")):
        with django_assert_max_num_queries(16):
            assert fetch().status_code == 200
