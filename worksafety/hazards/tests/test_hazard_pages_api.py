"""Hazard pages and API: registering, scoping of list/detail/export for every role, the step buttons and step
POSTs, the list filters, escaping, and the general and major closed loops end to end through the API."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from conftest import ENTERPRISES, ROLES, SEES, user_of
from worksafety.hazards import workflow
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.hazards.tests.factories import CRITERION, HazardFactory

TODAY = timezone.localdate()
# One hazard title per enterprise: none is a substring of another, nor of anything else on the pages.
TITLE = {"ent_park": "甲厂储罐呼吸阀失效", "ent_street_a": "乙厂冲床防护罩缺失", "ent_street_b": "丙厂车辆制动异常"}
PLAN = {"measures": "更换呼吸阀", "responsible_person": "李四", "funds_yuan": "3000",
        "deadline": (TODAY + timedelta(days=20)).isoformat(), "contingency": "储罐停用并设警戒"}
# Step forms post to /hazards/<id>/<action>/; the extension request form (…/extension/) is not a step.
STEP_FORM = re.compile(r'<form method="post" enctype="multipart/form-data" action="/hazards/(\d+)/(?!extension/)([a-z_]+)/"')


def make_hazard(world, enterprise, level=HazardLevel.GENERAL, state=State.REGISTERED, title="隐患",
                source=Source.ENFORCEMENT, **fields):
    return HazardFactory(enterprise=enterprise, level=level, state=state, title=title, source=source,
                         found_by=world.district_user, supervised_by=world.dept_transport, **fields)


@pytest.fixture
def hazards(world):
    """One registered general hazard per enterprise, titled after it."""
    return {name: make_hazard(world, getattr(world, name), title=TITLE[name]) for name in ENTERPRISES}


def titles_on(content):
    return {title for title in TITLE.values() if title in content}


def sheet_titles(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}


# --- registering on the page -----------------------------------------------------------------------------

def register_data(enterprise, **changes):
    data = {"enterprise": enterprise.pk, "source": Source.SELF_INSPECTION, "source_reference": "",
            "level": HazardLevel.GENERAL, "major_criterion": "", "hazard_type": HazardType.FIRE,
            "title": "灭火器过期未更换", "description": "仓库 3 具灭火器压力不足", "found_on": TODAY.isoformat(),
            "hazard_unit": "", "risk_event": ""}
    data.update(changes)
    return data


def test_enterprise_registers_a_hazard_for_itself(world, client_for):
    client = client_for(world.enterprise_user)
    assert client.get(f"/hazards/add/?enterprise={world.ent_park.pk}").status_code == 200
    response = client.post("/hazards/add/", register_data(world.ent_park))
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    assert hazard.enterprise == world.ent_park and hazard.found_by == world.enterprise_user
    assert hazard.state == State.REGISTERED
    assert [(e.action, e.to_state, e.actor) for e in hazard.events.all()] == [
        ("register", State.REGISTERED, world.enterprise_user)]


def test_enterprise_cannot_register_for_another_enterprise(world, client_for):
    response = client_for(world.enterprise_user).post("/hazards/add/", register_data(world.ent_street_a))
    assert response.status_code == 200
    assert "enterprise" in response.context["form"].errors
    assert not Hazard.objects.exists() and not HazardEvent.objects.exists()


@pytest.mark.parametrize("role", ["expert"])
def test_readers_cannot_open_the_register_page(world, client_for, role):
    client = client_for(user_of(world, role))
    assert client.get("/hazards/add/").status_code == 404
    assert client.post("/hazards/add/", register_data(world.ent_park)).status_code == 404
    assert not Hazard.objects.exists()


@pytest.mark.parametrize("changes,field", [
    pytest.param({"level": HazardLevel.MAJOR}, "major_criterion", id="major-without-criterion"),
    pytest.param({"found_on": (TODAY + timedelta(days=1)).isoformat()}, "found_on", id="found-in-future"),
    pytest.param({"title": ""}, "title", id="no-title"),
    pytest.param({"level": "critical"}, "level", id="unknown-level"),
])
def test_register_page_refuses_bad_input(world, client_for, changes, field):
    response = client_for(world.enterprise_user).post("/hazards/add/", register_data(world.ent_park, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Hazard.objects.exists()


def test_register_page_opened_from_an_enterprise_offers_only_its_units(world, client_for):
    """The page is opened from an enterprise's link (`?enterprise=<id>`); its unit choices are that enterprise's
    (presets reach the form at construction, before it narrows its choices)."""
    from worksafety.registry.models import HazardUnit

    for enterprise, name in ((world.ent_park, "甲厂一号罐区"), (world.ent_street_a, "乙厂二号库房")):
        HazardUnit.objects.create(enterprise=enterprise, kind="storage", name=name, population_500m=100,
                                  principal="张三", technical_lead="李四", operations_lead="王五")
    response = client_for(world.district_user).get(f"/hazards/add/?enterprise={world.ent_park.pk}")
    assert response.status_code == 200
    assert {u.name for u in response.context["form"].fields["hazard_unit"].queryset} == {"甲厂一号罐区"}
    assert "乙厂二号库房" not in response.content.decode()


def test_major_hazard_with_criterion_is_registered(world, client_for):
    response = client_for(world.street_b_user).post("/hazards/add/", register_data(
        world.ent_street_b, level=HazardLevel.MAJOR, major_criterion=CRITERION, source=Source.ENFORCEMENT))
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    assert hazard.level == HazardLevel.MAJOR and hazard.major_criterion == CRITERION


# --- scoping of list, detail and export --------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_list_page_api_and_exports_show_exactly_the_scope(world, hazards, role, client_for, api_for):
    user = user_of(world, role)
    expected = {TITLE[name] for name in SEES[role]}
    client, api = client_for(user), api_for(user)
    assert titles_on(client.get("/hazards/").content.decode()) == expected
    assert {row["title"] for row in api.get("/api/v1/hazards/").json()["results"]} == expected
    assert sheet_titles(client.get("/hazards/?export=xlsx").content) == expected
    assert sheet_titles(api.get("/api/v1/hazards/?format=xlsx").content) == expected


@pytest.mark.parametrize("role", ROLES)
def test_detail_is_404_out_of_scope(world, hazards, role, client_for, api_for):
    user = user_of(world, role)
    client, api = client_for(user), api_for(user)
    for name, hazard in hazards.items():
        status = 200 if name in SEES[role] else 404
        response = client.get(f"/hazards/{hazard.pk}/")
        assert response.status_code == status, name
        if status == 200:
            assert TITLE[name] in response.content.decode()
        assert api.get(f"/api/v1/hazards/{hazard.pk}/").status_code == status, name
    assert client.get("/hazards/999999/").status_code == 404


def test_anonymous_is_sent_to_login(world, hazards, client):
    hazard = hazards["ent_park"]
    for url in ("/hazards/", f"/hazards/{hazard.pk}/", "/hazards/add/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    response = client.post(f"/hazards/{hazard.pk}/start/", PLAN)
    assert response.status_code == 302 and "/login/" in response["Location"]
    hazard.refresh_from_db()
    assert hazard.state == State.REGISTERED


# --- step buttons and step POSTs ---------------------------------------------------------------------------

# Every state a hazard can be in, for each level, with the source that matters for who accepts.
BUTTON_CASES = [
    (HazardLevel.GENERAL, State.REGISTERED, Source.ENFORCEMENT),
    (HazardLevel.GENERAL, State.RECTIFYING, Source.ENFORCEMENT),
    (HazardLevel.GENERAL, State.AWAITING_ACCEPTANCE, Source.ENFORCEMENT),
    (HazardLevel.GENERAL, State.AWAITING_ACCEPTANCE, Source.SELF_INSPECTION),
    (HazardLevel.GENERAL, State.CLOSED, Source.SELF_INSPECTION),
    (HazardLevel.MAJOR, State.REGISTERED, Source.ENFORCEMENT),
    (HazardLevel.MAJOR, State.REPORTED, Source.ENFORCEMENT),
    (HazardLevel.MAJOR, State.LISTED, Source.ENFORCEMENT),
    (HazardLevel.MAJOR, State.RECTIFYING, Source.ENFORCEMENT),
    (HazardLevel.MAJOR, State.AWAITING_ACCEPTANCE, Source.ENFORCEMENT),
    (HazardLevel.MAJOR, State.CLOSED, Source.ENFORCEMENT),
]


@pytest.mark.parametrize("role", ROLES)
def test_step_buttons_match_the_available_steps(world, role, client_for):
    user = user_of(world, role)
    client = client_for(user)
    shown_any = False
    for name in SEES[role]:
        for level, state, source in BUTTON_CASES:
            hazard = make_hazard(world, getattr(world, name), level, state, source=source)
            content = client.get(f"/hazards/{hazard.pk}/").content.decode()
            shown = [(int(pk), action) for pk, action in STEP_FORM.findall(content)]
            expected = [] if role == "expert" else [(hazard.pk, t.action) for t in workflow.HAZARDS.available(hazard, user)]
            assert shown == expected, (name, level, state, source)
            for step in workflow.HAZARDS.available(hazard, user) if expected else []:
                assert str(step.label) in content
            shown_any = shown_any or bool(shown)
    assert shown_any == (role != "expert")


def test_start_through_the_page(world, hazards, client_for):
    hazard = hazards["ent_park"]
    response = client_for(world.enterprise_user).post(f"/hazards/{hazard.pk}/start/", PLAN)
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFYING and hazard.measures == PLAN["measures"]
    assert hazard.deadline.isoformat() == PLAN["deadline"]
    assert [e.action for e in hazard.events.all()] == ["start"]


def test_refused_step_through_the_page_shows_why_and_changes_nothing(world, hazards, client_for):
    hazard = hazards["ent_park"]
    client = client_for(world.enterprise_user)
    response = client.post(f"/hazards/{hazard.pk}/start/", {**PLAN, "contingency": ""}, follow=True)
    assert response.status_code == 200
    assert "五到位" in response.content.decode()
    response = client.post(f"/hazards/{hazard.pk}/accept/", {}, follow=True)
    assert response.status_code == 200
    hazard.refresh_from_db()
    assert hazard.state == State.REGISTERED and not hazard.events.exists()


@pytest.mark.parametrize("role", ROLES)
def test_step_post_out_of_scope_is_404(world, hazards, role, client_for):
    client = client_for(user_of(world, role))
    for name, hazard in hazards.items():
        if name in SEES[role] and role != "expert":
            continue
        assert client.post(f"/hazards/{hazard.pk}/start/", PLAN).status_code == 404, name
        hazard.refresh_from_db()
        assert hazard.state == State.REGISTERED and not hazard.events.exists()


def test_step_page_refuses_get(world, hazards, client_for):
    hazard = hazards["ent_park"]
    assert client_for(world.enterprise_user).get(f"/hazards/{hazard.pk}/start/").status_code == 405


# --- filters -----------------------------------------------------------------------------------------------

@pytest.fixture
def mixed(world):
    """A hazard of each kind the filters pick out, in the district user's scope."""
    overdue = make_hazard(world, world.ent_park, state=State.RECTIFYING, title="逾期整改的隐患",
                          deadline=TODAY + timedelta(days=5))
    Hazard.objects.filter(pk=overdue.pk).update(deadline=TODAY - timedelta(days=3))
    return {
        "major": make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, State.REPORTED, title="重大的隐患"),
        "rectifying": make_hazard(world, world.ent_street_a, state=State.RECTIFYING, title="按期整改的隐患",
                                  deadline=TODAY + timedelta(days=10)),
        "overdue": overdue,
        "closed_late": make_hazard(world, world.ent_street_a, state=State.CLOSED, title="已销号的旧隐患",
                                   deadline=TODAY - timedelta(days=30), closed_on=TODAY - timedelta(days=31)),
        "registered": make_hazard(world, world.ent_park, title="刚登记的隐患"),
    }


def shown(client, query, mixed):
    response = client.get(f"/hazards/?{query}")
    assert response.status_code == 200, query
    content = response.content.decode()
    return {key for key, hazard in mixed.items() if hazard.title in content}


@pytest.mark.parametrize("query,expected", [
    ("", {"major", "rectifying", "overdue", "closed_late", "registered"}),
    ("level=major", {"major"}),
    ("level=general", {"rectifying", "overdue", "closed_late", "registered"}),
    ("state=rectifying", {"rectifying", "overdue"}),
    ("state=rectifying&state=closed", {"rectifying", "overdue", "closed_late"}),
    ("overdue=true", {"overdue"}),
    ("overdue=false", {"major", "rectifying", "closed_late", "registered"}),
    ("enterprise=ENT_PARK", {"overdue", "registered"}),
    ("q=重大", {"major"}),
])
def test_list_filters(world, mixed, client_for, api_for, query, expected):
    query = query.replace("ENT_PARK", str(world.ent_park.pk))
    client = client_for(world.district_user)
    assert shown(client, query, mixed) == expected
    # The export and the API apply the same filters (one FilterSet for all three).
    titles = {mixed[key].title for key in expected}
    assert sheet_titles(client.get(f"/hazards/?{query}&export=xlsx").content) == titles
    rows = api_for(world.district_user).get(f"/api/v1/hazards/?{query}").json()["results"]
    assert {row["title"] for row in rows} == titles


@pytest.mark.parametrize("query", ["enterprise=abc", "enterprise=-1", "enterprise=99999999999999999999999",
                                   "level=critical", "state=nonsense", "overdue=maybe"])
def test_bad_filter_values_do_not_500(world, mixed, client_for, api_for, query):
    response = client_for(world.district_user).get(f"/hazards/?{query}")
    assert response.status_code == 200
    assert shown(client_for(world.district_user), query, mixed) <= set(mixed)
    assert api_for(world.district_user).get(f"/api/v1/hazards/?{query}").status_code in (200, 400)


def test_enterprise_filter_with_letters_shows_no_rows(world, mixed, client_for):
    assert shown(client_for(world.district_user), "enterprise=abc", mixed) == set()


def test_overdue_is_marked_in_the_list_and_on_the_detail(world, mixed, client_for):
    client = client_for(world.district_user)
    assert Hazard.objects.get(pk=mixed["overdue"].pk).is_overdue
    content = client.get(f"/hazards/{mixed['overdue'].pk}/").content.decode()
    assert "逾期" in content
    content = client.get(f"/hazards/{mixed['rectifying'].pk}/").content.decode()
    assert "text-bg-danger ms-2" not in content


# --- escaping ----------------------------------------------------------------------------------------------

def test_script_in_title_and_comment_is_escaped(world, client_for):
    hazard = make_hazard(world, world.ent_park, title="<script>alert('x')</script>储罐", state=State.AWAITING_ACCEPTANCE,
                         source=Source.SELF_INSPECTION)
    client = client_for(world.enterprise_user)
    client.post(f"/hazards/{hazard.pk}/reject/", {"comment": "<script>alert('c')</script>"})
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFYING
    for url in ("/hazards/", f"/hazards/{hazard.pk}/"):
        content = client.get(url).content.decode()
        assert "<script>alert(" not in content, url
        assert "&lt;script&gt;alert(" in content, url


# --- API ---------------------------------------------------------------------------------------------------

def api_register_body(enterprise, **changes):
    body = {"enterprise": enterprise.pk, "source": Source.ENFORCEMENT, "level": HazardLevel.GENERAL,
            "hazard_type": HazardType.ELECTRICAL, "title": "配电箱未接地", "description": "车间配电箱 PE 线断开",
            "found_on": TODAY.isoformat()}
    body.update(changes)
    return body


def test_api_registers_a_hazard_ignoring_state_and_plan(world, api_for):
    body = api_register_body(world.ent_street_a, state="closed", closed_on=TODAY.isoformat(), measures="已整改",
                             responsible_person="王五", funds_yuan="100", deadline=TODAY.isoformat(),
                             contingency="无", supervising_department=world.dept_transport.pk,
                             supervision_deadline=TODAY.isoformat(), found_by=world.admin.pk)
    response = api_for(world.street_a_user).post("/api/v1/hazards/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["state"] == State.REGISTERED and data["found_by"] == world.street_a_user.pk
    assert data["closed_on"] is None and data["measures"] == "" and data["supervising_department"] is None
    assert [(e["action"], e["to_state"], e["actor"]) for e in data["events"]] == [
        ("register", "registered", "street_a")]
    hazard = Hazard.objects.get(pk=data["id"])
    assert hazard.state == State.REGISTERED and hazard.found_by == world.street_a_user
    assert hazard.measures == "" and hazard.deadline is None and hazard.funds_yuan is None


@pytest.mark.parametrize("changes,field", [
    pytest.param({"level": HazardLevel.MAJOR}, "major_criterion", id="major-without-criterion"),
    pytest.param({"found_on": (TODAY + timedelta(days=2)).isoformat()}, "found_on", id="found-in-future"),
])
def test_api_register_refuses_bad_input(world, api_for, changes, field):
    response = api_for(world.street_a_user).post("/api/v1/hazards/", api_register_body(world.ent_street_a, **changes),
                                                 format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Hazard.objects.exists()


def test_api_register_out_of_scope_is_refused(world, api_for):
    response = api_for(world.enterprise_user).post("/api/v1/hazards/", api_register_body(world.ent_street_b),
                                                   format="json")
    assert response.status_code in (400, 404)
    assert not Hazard.objects.exists()
    response = api_for(world.expert_user).post("/api/v1/hazards/", api_register_body(world.ent_park), format="json")
    assert response.status_code in (403, 404)
    assert not Hazard.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_api_has_no_update_or_delete(world, hazards, api_for, method):
    hazard = hazards["ent_park"]
    response = getattr(api_for(world.admin), method)(f"/api/v1/hazards/{hazard.pk}/",
                                                      {"title": "改名", "state": "closed"}, format="json")
    assert response.status_code == 405
    hazard.refresh_from_db()
    assert hazard.title == TITLE["ent_park"] and hazard.state == State.REGISTERED


def test_api_start_step(world, hazards, api_for):
    hazard = hazards["ent_park"]
    response = api_for(world.enterprise_user).post(f"/api/v1/hazards/{hazard.pk}/transitions/",
                                                   {"action": "start", **PLAN}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == State.RECTIFYING and data["measures"] == PLAN["measures"]
    assert data["deadline"] == PLAN["deadline"]
    assert [e["action"] for e in data["events"]] == ["start"]
    hazard.refresh_from_db()
    assert hazard.state == State.RECTIFYING


@pytest.mark.parametrize("body,field", [
    pytest.param({"action": "approve"}, None, id="unknown-action"),
    pytest.param({"action": "accept"}, None, id="not-from-this-state"),
    pytest.param({}, "to_state", id="no-action"),
    pytest.param({"to_state": "closed"}, "to_state", id="unreachable-state"),
    pytest.param({"action": "start", **{**PLAN, "measures": ""}}, "measures", id="blank-measures"),
    pytest.param({"action": "start", **{k: v for k, v in PLAN.items() if k != "contingency"}}, "contingency",
                 id="no-contingency"),
    pytest.param({"action": "start", **PLAN, "deadline": (TODAY - timedelta(days=1)).isoformat()}, "deadline",
                 id="past-deadline"),
    pytest.param({"action": "start", **PLAN, "funds_yuan": "-5"}, "funds_yuan", id="negative-funds"),
    pytest.param({"action": "start", **PLAN, "deadline": "not-a-date"}, "deadline", id="bad-date"),
])
def test_api_refused_steps_are_400(world, hazards, api_for, body, field):
    hazard = hazards["ent_park"]
    response = api_for(world.enterprise_user).post(f"/api/v1/hazards/{hazard.pk}/transitions/", body, format="json")
    assert response.status_code == 400, response.content
    if field:
        assert field in response.json()
    hazard.refresh_from_db()
    assert hazard.state == State.REGISTERED and not hazard.events.exists()


@pytest.mark.parametrize("role", ROLES)
def test_api_step_out_of_scope_is_404(world, hazards, role, api_for):
    api = api_for(user_of(world, role))
    for name, hazard in hazards.items():
        if name in SEES[role] and role != "expert":
            continue
        response = api.post(f"/api/v1/hazards/{hazard.pk}/transitions/", {"action": "start", **PLAN}, format="json")
        assert response.status_code == 404, (name, response.content)
        hazard.refresh_from_db()
        assert hazard.state == State.REGISTERED and not hazard.events.exists()


def test_api_detail_includes_events(world, hazards, api_for):
    hazard = hazards["ent_street_a"]
    api = api_for(world.street_a_user)
    api.post(f"/api/v1/hazards/{hazard.pk}/transitions/", {"action": "start", **PLAN}, format="json")
    data = api.get(f"/api/v1/hazards/{hazard.pk}/").json()
    assert [(e["action"], e["from_state"], e["to_state"], e["actor"]) for e in data["events"]] == [
        ("start", "registered", "rectifying", "street_a")]
    assert "events" in api.get("/api/v1/hazards/").json()["results"][0]


# --- the closed loops end to end ---------------------------------------------------------------------------

def step(api, hazard_id, action, **body):
    response = api.post(f"/api/v1/hazards/{hazard_id}/transitions/", {"action": action, **body}, format="json")
    assert response.status_code == 200, (action, response.content)
    return response.json()


def test_general_closed_loop_through_the_api(world, api_for):
    street = api_for(world.street_a_user)
    response = street.post("/api/v1/hazards/", api_register_body(world.ent_street_a), format="json")
    assert response.status_code == 201, response.content
    hazard_id = response.json()["id"]
    assert step(street, hazard_id, "start", **PLAN)["state"] == State.RECTIFYING
    assert step(street, hazard_id, "submit")["state"] == State.AWAITING_ACCEPTANCE
    data = step(street, hazard_id, "accept", comment="现场复查合格")
    assert data["state"] == State.CLOSED and data["closed_on"] == TODAY.isoformat()
    assert [(e["action"], e["from_state"], e["to_state"], e["actor"]) for e in data["events"]] == [
        ("register", "", "registered", "street_a"),
        ("start", "registered", "rectifying", "street_a"),
        ("submit", "rectifying", "awaiting_acceptance", "street_a"),
        ("accept", "awaiting_acceptance", "closed", "street_a"),
    ]
    assert data["events"][-1]["comment"] == "现场复查合格"
    # A closed hazard takes no more steps.
    response = street.post(f"/api/v1/hazards/{hazard_id}/transitions/", {"action": "reject", "comment": "再查"},
                           format="json")
    assert response.status_code == 400


def test_major_closed_loop_through_the_api(world, api_for):
    street, district, department = (api_for(world.street_b_user), api_for(world.district_user),
                                    api_for(world.department_user))
    response = street.post("/api/v1/hazards/", api_register_body(
        world.ent_street_b, level=HazardLevel.MAJOR, major_criterion=CRITERION, hazard_type=HazardType.SAFETY,
        title="危货车辆驾驶员无从业资格"), format="json")
    assert response.status_code == 201, response.content
    hazard_id = response.json()["id"]

    assert step(street, hazard_id, "report")["state"] == State.REPORTED
    # The street may neither list it nor start before it is listed.
    response = street.post(f"/api/v1/hazards/{hazard_id}/transitions/", {
        "action": "list", "supervising_department": world.dept_transport.pk,
        "supervision_deadline": (TODAY + timedelta(days=60)).isoformat()}, format="json")
    assert response.status_code == 400
    due = (TODAY + timedelta(days=60)).isoformat()
    data = step(district, hazard_id, "list", supervising_department=world.dept_transport.pk, supervision_deadline=due)
    assert data["state"] == State.LISTED
    assert data["supervising_department"] == world.dept_transport.pk and data["supervision_deadline"] == due
    assert step(street, hazard_id, "start", **PLAN)["state"] == State.RECTIFYING
    assert step(street, hazard_id, "submit")["state"] == State.AWAITING_ACCEPTANCE
    # Only the regulator closes a major hazard: the street cannot, and returning needs a reason.
    assert street.post(f"/api/v1/hazards/{hazard_id}/transitions/", {"action": "delist"},
                       format="json").status_code == 400
    response = department.post(f"/api/v1/hazards/{hazard_id}/transitions/", {"action": "reject"}, format="json")
    assert response.status_code == 400 and "comment" in response.json()
    assert step(department, hazard_id, "reject", comment="资格证未全部取得")["state"] == State.RECTIFYING
    assert step(street, hazard_id, "submit")["state"] == State.AWAITING_ACCEPTANCE
    data = step(department, hazard_id, "delist", comment="评估合格，同意摘牌")
    assert data["state"] == State.CLOSED and data["closed_on"] == TODAY.isoformat()
    assert [(e["action"], e["from_state"], e["to_state"], e["actor"]) for e in data["events"]] == [
        ("register", "", "registered", "street_b"),
        ("report", "registered", "reported", "street_b"),
        ("list", "reported", "listed", "district"),
        ("start", "listed", "rectifying", "street_b"),
        ("submit", "rectifying", "awaiting_acceptance", "street_b"),
        ("reject", "awaiting_acceptance", "rectifying", "dept_transport"),
        ("submit", "rectifying", "awaiting_acceptance", "street_b"),
        ("delist", "awaiting_acceptance", "closed", "dept_transport"),
    ]
    assert data["events"][5]["comment"] == "资格证未全部取得"
    assert data["is_overdue"] is False
    # The page shows the whole history.
    assert HazardEvent.objects.filter(hazard_id=hazard_id).count() == 8
