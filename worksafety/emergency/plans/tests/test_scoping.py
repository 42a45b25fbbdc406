"""Who sees and who changes which plan, on pages, the API and exports; out of scope is 404 (rule 1).

Government plans are public documents, so every login reads them; enterprise plans are read within the login's
scope; drafts stay with their owner; each owner changes only its own."""

import io

import pytest
from openpyxl import load_workbook

from conftest import ROLES, user_of
from worksafety.emergency.plans.choices import PlanKind
from worksafety.emergency.plans.tests.helpers import days_ago, hold_drill, make_plan

PLANS = ["district", "department", "ent_park", "ent_street_b", "ent_park_draft", "district_draft"]
GOVERNMENT = ["district", "department"]
SEES = {
    "admin": PLANS,
    "district": [*GOVERNMENT, "ent_park", "ent_street_b", "district_draft"],
    "department": [*GOVERNMENT, "ent_street_b"],  # 区交通运输局 supervises road transport: 丙物流
    "street_a": [*GOVERNMENT, "ent_park"],
    "street_b": [*GOVERNMENT, "ent_street_b"],
    "park": [*GOVERNMENT, "ent_park"],
    "enterprise": [*GOVERNMENT, "ent_park", "ent_park_draft"],
    "expert": [*GOVERNMENT, "ent_park", "ent_street_b"],
}
CHANGES = {
    "admin": PLANS, "district": ["district", "district_draft"], "department": ["department"],
    "street_a": [], "street_b": [], "park": [], "enterprise": ["ent_park", "ent_park_draft"], "expert": [],
}
TITLES = {"district": "区总体应急预案", "department": "交通运输局部门预案", "ent_park": "甲公司综合预案",
          "ent_street_b": "丙公司综合预案", "ent_park_draft": "甲公司草稿", "district_draft": "区专项草稿"}


@pytest.fixture
def plans_by_name(world):
    found = {
        "district": make_plan(world.district_user, kind=PlanKind.OVERALL, published_on=days_ago(30)),
        "department": make_plan(world.department_user, kind=PlanKind.DEPARTMENT, published_on=days_ago(30)),
        "ent_park": make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, published_on=days_ago(30)),
        "ent_street_b": make_plan(world.admin, kind=PlanKind.COMPREHENSIVE, enterprise=world.ent_street_b,
                                  published_on=days_ago(30)),
        "ent_park_draft": make_plan(world.enterprise_user, kind=PlanKind.ONSITE),
        "district_draft": make_plan(world.district_user, kind=PlanKind.SPECIAL),
    }
    for name, plan in found.items():
        plan.title = TITLES[name]
        plan.save(update_fields=["title"])
    return found


@pytest.mark.parametrize("role", ROLES)
def test_list_api_and_exports_show_exactly_the_scope(world, plans_by_name, role, client_for, api_for):
    user = user_of(world, role)
    expected = {TITLES[name] for name in SEES[role]}
    page = client_for(user).get("/emergency-plans/?per_page=100").content.decode()
    assert {title for title in TITLES.values() if title in page} == expected
    api = api_for(user).get("/api/v1/emergency-plans/").json()
    assert {row["title"] for row in api["results"]} == expected
    for response in (client_for(user).get("/emergency-plans/?export=xlsx"),
                     api_for(user).get("/api/v1/emergency-plans/?format=xlsx")):
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected


@pytest.mark.parametrize("role", ROLES)
def test_detail_and_edit_are_404_out_of_scope(world, plans_by_name, role, client_for, api_for):
    user = user_of(world, role)
    client, api = client_for(user), api_for(user)
    for name, plan in plans_by_name.items():
        visible = 200 if name in SEES[role] else 404
        changeable = 200 if name in CHANGES[role] else 404
        assert client.get(f"/emergency-plans/{plan.pk}/").status_code == visible, name
        assert api.get(f"/api/v1/emergency-plans/{plan.pk}/").status_code == visible, name
        assert client.get(f"/emergency-plans/{plan.pk}/edit/").status_code == changeable, name
        response = api.patch(f"/api/v1/emergency-plans/{plan.pk}/", {"scope_text": "范围"}, format="json")
        assert response.status_code in ((200, 400) if name in CHANGES[role] else (404,)), (name, response.content)


@pytest.mark.parametrize("role", ROLES)
def test_drills_follow_their_plan(world, plans_by_name, role, client_for, api_for):
    drills = {name: hold_drill(plans_by_name[name], user, days_ago(5), scenario=f"{name}演练")
              for name, user in (("ent_park", world.enterprise_user), ("ent_street_b", world.admin),
                                 ("district", world.district_user))}
    user = user_of(world, role)
    expected = {name for name in drills if name in SEES[role]}
    listed = api_for(user).get("/api/v1/drills/").json()["results"]
    assert {row["scenario"].removesuffix("演练") for row in listed} == expected
    for name, drill in drills.items():
        assert client_for(user).get(f"/drills/{drill.pk}/").status_code == (200 if name in expected else 404)
        editable = 200 if name in CHANGES[role] else 404
        assert client_for(user).get(f"/drills/{drill.pk}/edit/").status_code == editable, name


@pytest.mark.parametrize("role", ROLES)
def test_adding_plans_and_drills_is_for_owners(world, plans_by_name, role, client_for):
    client = client_for(user_of(world, role))
    keeps_plans = role in ("admin", "district", "department", "enterprise")
    assert client.get("/emergency-plans/add/").status_code == (200 if keeps_plans else 404)
    for name, plan in plans_by_name.items():
        may_drill = name in CHANGES[role] and "draft" not in name
        assert client.get(f"/emergency-plans/{plan.pk}/drills/add/").status_code == (200 if may_drill else 404), name
