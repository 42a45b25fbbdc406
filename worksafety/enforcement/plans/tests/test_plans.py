"""年度监督检查计划: built from the supervision list, four-eyes approval, drafts only are edited, progress per
department, street and month, and the pages and API."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.inspections.choices import InspectionKind, InspectionStatus
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.choices import PlanStatus
from worksafety.enforcement.plans.models import AnnualPlan, PlanQuota, PlanTarget
from worksafety.enforcement.tests.draw_helpers import TODAY, announce, colour, roster, second_bureau_login
from worksafety.enforcement.tests.factories import InspectionFactory

YEAR = TODAY.year


@pytest.fixture
def plan(world):
    colour(world.ent_park, "red")  # hazchem: no department in this world supervises it, so its street does
    colour(world.ent_street_b, "orange")  # road transport: the transport bureau
    return plans.do_create_plan(AnnualPlan(year=YEAR, random_share_percent=10), user=world.district_user)


def test_due_by_month_spreads_the_year_and_sums_to_it():
    for total in range(0, 30):
        per_month = [plans.due_by_month(total, m) for m in range(1, 13)]
        assert sum(per_month) == total and max(per_month) - min(per_month) <= 1
    assert [m for m in range(1, 13) if plans.due_by_month(2, m)] == [6, 12]


def test_the_plan_is_built_from_the_supervision_list(world, plan):
    targets = {t.enterprise: t for t in plan.targets.all()}
    assert set(targets) == {world.ent_park, world.ent_street_b}  # the ungraded trade firm is in the pool
    assert targets[world.ent_park].key_inspections == 4 and targets[world.ent_park].colour == "red"
    assert targets[world.ent_park].responsible == world.street_a
    assert targets[world.ent_street_b].key_inspections == 2
    assert targets[world.ent_street_b].responsible == world.dept_transport
    quotas = PlanQuota.objects.filter(plan=plan)
    assert {q.sector.code for q in quotas} == {"industry_trade"}
    assert sum(q.quota for q in quotas) == 1  # 10 % of a pool of one, rounded up
    assert plan.status == PlanStatus.DRAFT and plan.created_by == world.district_user


def test_a_second_plan_for_the_same_year_is_refused(world, plan):
    with pytest.raises(ValidationError):
        plans.do_create_plan(AnnualPlan(year=YEAR), user=world.district_user)


def test_changing_the_share_recomputes_the_quotas_only(world, plan):
    target = plan.targets.get(enterprise=world.ent_park)
    target.key_inspections = 3
    plans.do_save_target(target, user=world.district_user)
    plan.random_share_percent = 100
    plans.do_save_plan(plan, user=world.district_user)
    assert sum(plan.quotas.values_list("quota", flat=True)) == 1
    assert plan.targets.get(enterprise=world.ent_park).key_inspections == 3
    plans.do_regenerate_plan(plan, user=world.district_user)
    assert plan.targets.get(enterprise=world.ent_park).key_inspections == 4


def test_approval_needs_a_second_person(world, plan):
    approver = second_bureau_login(world)
    transition(plan, "submit", world.district_user)
    assert [t.action for t in plans.PLANS.available(plan, world.district_user)] == ["return"]
    with pytest.raises(ValidationError, match="编制人以外"):
        transition(plan, "approve", world.district_user)
    transition(plan, "approve", approver)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == approver and plan.approved_at


def test_returning_needs_a_reason_and_reopens_the_draft(world, plan):
    transition(plan, "submit", world.district_user)
    target = plan.targets.first()
    with pytest.raises(ValidationError, match="草稿"):
        plans.do_save_target(target, user=world.district_user)
    with pytest.raises(ValidationError):
        transition(plan, "return", world.district_user, comment=" ")
    transition(plan, "return", world.district_user, comment="红色企业检查次数偏少")
    assert plan.status == PlanStatus.DRAFT and plan.return_comment == "红色企业检查次数偏少"
    plans.do_save_target(target, user=world.district_user)


def test_only_the_bureau_drafts_and_approves(world, plan):
    for user in (world.department_user, world.street_a_user, world.enterprise_user):
        with pytest.raises(OutOfScope):
            transition(plan, "submit", user)
        with pytest.raises(OutOfScope):
            plans.do_create_plan(AnnualPlan(year=YEAR + 1), user=user)


# --- progress -----------------------------------------------------------------------------------------------

def record_inspection(world, enterprise, day, *, completed=True, **links):
    """An inspection written straight to its table, with no checklist or findings."""
    return InspectionFactory(
        enterprise=enterprise, kind=InspectionKind.RANDOM if "pick" in links else InspectionKind.KEY,
        inspected_on=day, status=InspectionStatus.COMPLETED if completed else InspectionStatus.RECORDING,
        organ="区应急管理局", created_by=world.district_user, **links)


def rows(plan, by, user=None) -> dict:
    return {row.label: row for row in plans.plan_progress(plan, by=by, user=user)}


def test_progress_without_inspections_shows_what_is_planned_and_drawn(world, plan):
    approve(world, plan)
    roster(world)
    draw = announce(world, count=1, plan=plan, month=5, filters=draws.PoolFilters(sectors=["industry_trade"]))
    draws.do_run_draw(draw, user=world.district_user)
    by_unit = rows(plan, "department")
    assert by_unit["大孤山街道"].key_planned == 4 and by_unit["大孤山街道"].random_drawn == 1
    assert by_unit["区交通运输局"].key_planned == 2
    by_month = rows(plan, "month")
    assert len(by_month) == 12 and sum(r.key_planned for r in by_month.values()) == 6
    assert by_month["3月"].key_planned == 1 and by_month["5月"].random_drawn == 1
    assert by_month["12月"].random_planned == 1
    by_area = rows(plan, "area")
    assert by_area["大孤山街道"].random_planned is None and by_area["友谊街道"].key_planned == 2


def test_progress_counts_completed_inspections_up_to_each_targets_number(world, plan):
    park_target = plan.targets.get(enterprise=world.ent_park)
    for day in range(1, 6):  # five visits to a target planned four times
        record_inspection(world, world.ent_park, date(YEAR, 1, day), plan_target=park_target)
    record_inspection(world, world.ent_park, date(YEAR, 2, 1), completed=False, plan_target=park_target)
    record_inspection(world, world.ent_street_b, date(YEAR - 1, 12, 1),
                      plan_target=plan.targets.get(enterprise=world.ent_street_b))
    by_unit = rows(plan, "department")
    assert (by_unit["大孤山街道"].key_done, by_unit["大孤山街道"].key_rate) == (4, 1.0)
    assert by_unit["区交通运输局"].key_done == 0
    assert rows(plan, "month")["1月"].key_done == 4
    # The transport bureau sees its own target only.
    assert set(rows(plan, "department", world.department_user)) == {"区交通运输局"}


def test_draws_belong_to_approved_plans_only(world, plan):
    roster(world)
    with pytest.raises(ValidationError, match="已批准"):
        announce(world, plan=plan, month=1)
    with pytest.raises(ValidationError, match="计划月份"):
        announce(world, month=1)


def approve(world, plan):
    transition(plan, "submit", world.district_user)
    transition(plan, "approve", second_bureau_login(world))


def test_progress_counts_random_inspections_of_the_plans_draws(world, plan):
    approve(world, plan)
    roster(world)
    draw = draws.do_run_draw(announce(world, count=1, plan=plan, month=1,
                                      filters=draws.PoolFilters(sectors=["industry_trade"])),
                             user=world.district_user)
    record_inspection(world, world.ent_street_a, date(YEAR, 1, 20), pick=draw.picks.get())
    assert rows(plan, "month")["1月"].random_done == 1
    assert rows(plan, "area")["大孤山街道"].random_done == 1


# --- pages and API ------------------------------------------------------------------------------------------

def test_plan_pages(world, plan, client_for):
    client = client_for(world.district_user)
    assert client.get("/enforcement/plans/").status_code == 200
    page = client.get(f"/enforcement/plans/{plan.pk}/").content.decode()
    assert "提交审批" in page and "工贸" in page
    assert client.get(f"/enforcement/targets/?plan={plan.pk}").status_code == 200
    assert client.get(f"/enforcement/plans/{plan.pk}/progress/?by=month").status_code == 200
    export = client.get(f"/enforcement/plans/{plan.pk}/progress/?by=area&export=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    target = plan.targets.first()
    assert client.get(f"/enforcement/plans/{plan.pk}/edit/").status_code == 200
    assert client.get(f"/enforcement/targets/{target.pk}/edit/").status_code == 200
    client.post(f"/enforcement/plans/{plan.pk}/submit/")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert client.get(f"/enforcement/plans/{plan.pk}/edit/").status_code == 404
    assert client.get(f"/enforcement/targets/{target.pk}/edit/").status_code == 404


def test_plan_pages_are_scoped(world, plan, client_for):
    transport_target = plan.targets.get(enterprise=world.ent_street_b)
    park_target = plan.targets.get(enterprise=world.ent_park)
    client = client_for(world.department_user)
    assert client.get(f"/enforcement/plans/{plan.pk}/").status_code == 200
    listing = client.get(f"/enforcement/targets/?plan={plan.pk}").content.decode()
    assert world.ent_street_b.name in listing and world.ent_park.name not in listing
    assert client.get(f"/enforcement/targets/{park_target.pk}/edit/").status_code == 404
    assert client.get(f"/enforcement/targets/{transport_target.pk}/edit/").status_code == 404  # read only
    assert client.post(f"/enforcement/plans/{plan.pk}/submit/").status_code == 404
    for user in (world.enterprise_user, world.expert_user):
        assert client_for(user).get(f"/enforcement/plans/{plan.pk}/").status_code == 404


def test_plan_api(world, api_for):
    colour(world.ent_park, "red")
    api = api_for(world.district_user)
    created = api.post("/api/v1/enforcement-plans/", {"year": YEAR, "random_share_percent": "20"}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert api.get(f"/api/v1/enforcement-plans/{pk}/targets/").json()["results"][0]["key_inspections"] == 4
    progress = api.get(f"/api/v1/enforcement-plans/{pk}/progress/?by=area").json()
    assert progress["by"] == "area" and progress["results"]
    assert api.get(f"/api/v1/enforcement-plans/{pk}/progress/?by=weekday").status_code == 400
    step = api.post(f"/api/v1/enforcement-plans/{pk}/transitions/", {"action": "approve"}, format="json")
    assert step.status_code == 400
    assert api.post(f"/api/v1/enforcement-plans/{pk}/transitions/", {"action": "submit"},
                    format="json").json()["status"] == "submitted"
    assert api_for(world.enterprise_user).get(f"/api/v1/enforcement-plans/{pk}/").status_code == 404
    assert PlanTarget.objects.filter(plan_id=pk).count() == 1
