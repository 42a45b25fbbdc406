"""For every role, what the 双重预防 register (risk objects → units → events → measures → check tasks), the
enterprise gradings and the supervision plan show and allow, on pages and on the API. Out of scope is always
404 (ARCHITECTURE.md rule 1); only the enterprise keeps its own register (and the superuser), and only the
district reviews gradings."""

import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from conftest import ENTERPRISES, ROLES, SEES, user_of
from worksafety.risk import services
from worksafety.risk.models import (
    CheckTask,
    ControlMeasure,
    EnterpriseGrading,
    RiskBand,
    RiskEvent,
    RiskObject,
    RiskUnit,
    SupervisionRule,
)
from worksafety.risk.tests.factories import (
    CheckTaskFactory,
    ControlMeasureFactory,
    EnterpriseGradingFactory,
    RiskEventFactory,
    RiskObjectFactory,
    RiskUnitFactory,
)

WRITES = {role: [] for role in ROLES} | {"admin": ENTERPRISES, "enterprise": ["ent_park"]}
REVIEWERS = {"admin", "district"}
SETTINGS_EDITORS = {"admin", "district"}

# A label for each enterprise's register rows: none is a substring of another name on the pages.
LABEL = {"ent_park": "甲厂", "ent_street_a": "乙厂", "ent_street_b": "丙厂"}
# (method, L, E, C/S) per enterprise, and the grading colour each enterprise submits.
FACTORS = {"ent_park": ("lec", 3, 10, 15), "ent_street_a": ("ls", 3, None, 4), "ent_street_b": ("lec", 1, 6, 7)}
GRADING_COLOUR = {"ent_park": "red", "ent_street_a": "yellow", "ent_street_b": "orange"}

# API collection → attribute of a register holding its row.
COLLECTIONS = {
    "risk-objects": "object", "risk-units": "unit", "risk-points": "event", "control-measures": "measure",
    "check-tasks": "task", "enterprise-gradings": "grading",
}
REGISTER_COLLECTIONS = {name: attr for name, attr in COLLECTIONS.items() if name != "enterprise-gradings"}
MODEL_OF = {"object": RiskObject, "unit": RiskUnit, "event": RiskEvent, "measure": ControlMeasure, "task": CheckTask}
EDIT_PAGE = {"object": "objects", "unit": "units", "event": "events", "measure": "measures", "task": "tasks"}



@pytest.fixture
def registers(world):
    """One small register and one submitted grading per enterprise, made with the risk factories."""
    built = {}
    for name in ENTERPRISES:
        enterprise, label = getattr(world, name), LABEL[name]
        risk_object = RiskObjectFactory(enterprise=enterprise, name=f"{label}储罐区", responsible_person="王五")
        unit = RiskUnitFactory(risk_object=risk_object, name=f"{label}1号储罐", responsible_person="赵六")
        method, likelihood, exposure, consequence = FACTORS[name]
        event = RiskEventFactory(risk_unit=unit, name=f"{label}泄漏中毒", method=method, likelihood=likelihood,
                                 exposure=exposure, consequence=consequence)
        measure = ControlMeasureFactory(event=event, description=f"{label}设置紧急切断阀")
        task = CheckTaskFactory(measure=measure, content=f"{label}检查切断阀")
        grading = EnterpriseGradingFactory(
            enterprise=enterprise, graded_on=date(2025, 3, 1), colour=GRADING_COLOUR[name],
            assessor=world.enterprise_user if name == "ent_park" else world.district_user)
        built[name] = SimpleNamespace(enterprise=enterprise, object=risk_object, unit=unit, event=event,
                                      measure=measure, task=task, grading=grading)
    return built


def test_the_fixture_registers_are_scored_by_the_default_bands(registers):
    assert (registers["ent_park"].event.score, registers["ent_park"].event.colour) == (450, "red")
    assert (registers["ent_street_a"].event.score, registers["ent_street_a"].event.colour) == (12, "yellow")
    assert (registers["ent_street_b"].event.score, registers["ent_street_b"].event.colour) == (42, "blue")


# --- reading -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_api_lists_and_details_show_exactly_the_scope(world, registers, role, api_for):
    api = api_for(user_of(world, role))
    for collection, attr in COLLECTIONS.items():
        expected = {getattr(registers[name], attr).pk for name in SEES[role]}
        response = api.get(f"/api/v1/{collection}/?page_size=1000")
        assert response.status_code == 200, collection
        assert {row["id"] for row in response.json()["results"]} == expected, collection
        for name in ENTERPRISES:
            pk = getattr(registers[name], attr).pk
            status = 200 if name in SEES[role] else 404
            assert api.get(f"/api/v1/{collection}/{pk}/").status_code == status, (collection, name)


@pytest.mark.parametrize("role", ROLES)
def test_risk_point_api_carries_the_enterprise_and_exports_only_the_scope(world, registers, role, api_for):
    api = api_for(user_of(world, role))
    rows = api.get("/api/v1/risk-points/").json()["results"]
    assert {(row["name"], row["enterprise"]) for row in rows} == {
        (registers[name].event.name, registers[name].enterprise.pk) for name in SEES[role]
    }
    export = api.get("/api/v1/risk-points/?format=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        registers[name].event.name for name in SEES[role]
    }


@pytest.mark.parametrize("role", ROLES)
def test_risk_event_page_and_its_export_show_exactly_the_scope(world, registers, role, client_for):
    client = client_for(user_of(world, role))
    response = client.get("/risk/events/")
    assert response.status_code == 200
    page = response.content.decode()
    for name in ENTERPRISES:
        register = registers[name]
        shown = name in SEES[role]
        # The row itself, and the object and unit names the table (or a filter's choices) might carry.
        for text in (register.event.name, register.unit.name, register.object.name):
            assert (text in page) == shown, (name, text)

    export = client.get("/risk/events/?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        registers[name].event.name for name in SEES[role]
    }


@pytest.mark.parametrize("role", ROLES)
def test_register_page_is_404_out_of_scope_and_shows_the_whole_tree_in_scope(world, registers, role, client_for):
    client = client_for(user_of(world, role))
    for name in ENTERPRISES:
        register = registers[name]
        response = client.get(f"/risk/register/?enterprise={register.enterprise.pk}")
        if name not in SEES[role]:
            assert response.status_code == 404, name
            continue
        assert response.status_code == 200, name
        page = response.content.decode()
        for text in (register.object.name, register.unit.name, register.event.name, register.measure.description,
                     register.task.content):
            assert text in page, (name, text)
        others = [registers[other].event.name for other in ENTERPRISES if other != name]
        assert not any(text in page for text in others), name
        # Edit links only where the user keeps the register.
        assert (f"/risk/events/{register.event.pk}/edit/" in page) == (role in ("admin", "enterprise")), name
    assert client.get("/risk/register/").status_code == 404
    assert client.get("/risk/register/?enterprise=999999").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_grading_pages_show_exactly_the_scope(world, registers, role, client_for):
    client = client_for(user_of(world, role))
    for name in ENTERPRISES:
        status = 200 if name in SEES[role] else 404
        assert client.get(f"/risk/gradings/{registers[name].grading.pk}/").status_code == status, name
    page = client.get("/risk/gradings/").content.decode()
    for name in ENTERPRISES:
        assert (f"/risk/gradings/{registers[name].grading.pk}/" in page) == (name in SEES[role]), name


# --- writing the register ------------------------------------------------------------------------------------

def new_rows(register):
    """A POST body per collection, each hanging off the given enterprise's register."""
    return {
        "risk-objects": {"enterprise": register.enterprise.pk, "name": "新增场所", "kind": "place",
                         "responsible_person": "李四"},
        "risk-units": {"risk_object": register.object.pk, "name": "新增单元", "responsible_person": "李四"},
        "risk-points": {"risk_unit": register.unit.pk, "name": "新增事件", "accident_type": "火灾", "method": "ls",
                        "likelihood": 2, "consequence": 2},
        "control-measures": {"event": register.event.pk, "category": "工程技术", "sub_class": "工艺控制",
                             "description": "新增措施"},
        "check-tasks": {"measure": register.measure.pk, "content": "新增任务", "cycle": 1, "cycle_unit": "week",
                        "responsible_post": "安全员"},
    }


CHANGES = {
    "risk-objects": ("responsible_person", "改后责任人"), "risk-units": ("responsible_person", "改后责任人"),
    "risk-points": ("name", "改后事件"), "control-measures": ("description", "改后措施"),
    "check-tasks": ("content", "改后任务"),
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_enterprise_and_admin_create_register_rows(world, registers, role, api_for):
    """Each role posts into a register it can see: 201 for those who keep it, 404 (not 403) for supervisors."""
    api = api_for(user_of(world, role))
    target = "ent_street_b" if role == "admin" else SEES[role][0]
    allowed = target in WRITES[role]
    for collection, body in new_rows(registers[target]).items():
        model = MODEL_OF[REGISTER_COLLECTIONS[collection]]
        before = model.objects.count()
        response = api.post(f"/api/v1/{collection}/", body, format="json")
        assert response.status_code == (201 if allowed else 404), (collection, response.content)
        assert model.objects.count() == before + (1 if allowed else 0), collection


@pytest.mark.parametrize("role", ROLES)
def test_only_the_enterprise_and_admin_change_register_rows(world, registers, role, api_for):
    api = api_for(user_of(world, role))
    for name in ENTERPRISES:
        allowed = name in WRITES[role]
        for collection, attr in REGISTER_COLLECTIONS.items():
            row = getattr(registers[name], attr)
            field, value = CHANGES[collection]
            response = api.patch(f"/api/v1/{collection}/{row.pk}/", {field: value}, format="json")
            assert response.status_code == (200 if allowed else 404), (name, collection, response.content)
            row.refresh_from_db()
            assert (getattr(row, field) == value) == allowed, (name, collection)


@pytest.mark.parametrize("role", ROLES)
def test_register_edit_pages_are_404_unless_the_user_keeps_the_register(world, registers, role, client_for):
    client = client_for(user_of(world, role))
    adds = 200 if WRITES[role] else 404
    for attr, page in EDIT_PAGE.items():
        assert client.get(f"/risk/{page}/add/").status_code == adds, page
        for name in ENTERPRISES:
            status = 200 if name in WRITES[role] else 404
            pk = getattr(registers[name], attr).pk
            assert client.get(f"/risk/{page}/{pk}/edit/").status_code == status, (page, name)


def test_enterprise_cannot_write_into_another_enterprises_register(world, registers, api_for):
    api = api_for(world.enterprise_user)
    other = registers["ent_street_a"]
    for collection, body in new_rows(other).items():
        model = MODEL_OF[REGISTER_COLLECTIONS[collection]]
        before = model.objects.count()
        response = api.post(f"/api/v1/{collection}/", body, format="json")
        assert response.status_code in (400, 404), (collection, response.content)
        assert model.objects.count() == before, collection
    assert not RiskObject.objects.filter(enterprise=world.ent_street_a, name="新增场所").exists()

    response = api.patch(f"/api/v1/risk-points/{other.event.pk}/", {"likelihood": 10}, format="json")
    assert response.status_code == 404
    other.event.refresh_from_db()
    assert other.event.likelihood == 3 and other.event.score == 12

    assert api.delete(f"/api/v1/check-tasks/{other.task.pk}/").status_code == 404
    assert CheckTask.objects.filter(pk=other.task.pk).exists()


def test_enterprise_cannot_move_its_rows_into_another_register(world, registers, api_for):
    api = api_for(world.enterprise_user)
    own, other = registers["ent_park"], registers["ent_street_a"]
    moves = [
        ("risk-objects", own.object, "enterprise", world.ent_street_a.pk, "enterprise_id"),
        ("risk-units", own.unit, "risk_object", other.object.pk, "risk_object_id"),
        ("risk-points", own.event, "risk_unit", other.unit.pk, "risk_unit_id"),
        ("control-measures", own.measure, "event", other.event.pk, "event_id"),
        ("check-tasks", own.task, "measure", other.measure.pk, "measure_id"),
    ]
    for collection, row, field, value, attname in moves:
        before = getattr(row, attname)
        response = api.patch(f"/api/v1/{collection}/{row.pk}/", {field: value}, format="json")
        assert response.status_code in (400, 404), (collection, response.content)
        row.refresh_from_db()
        assert getattr(row, attname) == before, collection


def test_supervisors_cannot_delete_register_rows(world, registers, api_for):
    for role in ("district", "street_a", "park", "expert"):
        api = api_for(user_of(world, role))
        for collection, attr in REGISTER_COLLECTIONS.items():
            pk = getattr(registers["ent_park"], attr).pk
            assert api.delete(f"/api/v1/{collection}/{pk}/").status_code == 404, (role, collection)
    assert all(MODEL_OF[attr].objects.count() == 3 for attr in REGISTER_COLLECTIONS.values())


def test_enterprise_deletes_its_own_check_task(world, registers, api_for):
    task = registers["ent_park"].task
    assert api_for(world.enterprise_user).delete(f"/api/v1/check-tasks/{task.pk}/").status_code == 204
    assert not CheckTask.objects.filter(pk=task.pk).exists()


# --- scoring through the API ---------------------------------------------------------------------------------

def event_body(register, **factors):
    return {"risk_unit": register.unit.pk, "name": "液氯泄漏", "accident_type": "中毒和窒息", **factors}


def test_api_computes_score_and_colour_and_ignores_them_in_the_body(world, registers, api_for):
    api = api_for(world.enterprise_user)
    body = event_body(registers["ent_park"], method="lec", likelihood=3, exposure=10, consequence=15,
                      score="1.00", colour="blue")
    response = api.post("/api/v1/risk-points/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert Decimal(data["score"]) == 450 and data["colour"] == "red"
    assert data["enterprise"] == world.ent_park.pk
    event = RiskEvent.objects.get(pk=data["id"])
    assert event.score == 450 and event.colour == "red"

    # A change of factors re-evaluates; a score in the body is still ignored.
    response = api.patch(f"/api/v1/risk-points/{event.pk}/", {"likelihood": 1, "score": "999"}, format="json")
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.score == 150 and event.colour == "yellow"  # 1·10·15

    response = api.patch(f"/api/v1/risk-points/{event.pk}/",
                         {"method": "ls", "likelihood": 5, "exposure": None, "consequence": 4}, format="json")
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert (event.method, event.score, event.colour) == ("ls", 20, "red")


@pytest.mark.parametrize("factors, field", [
    ({"method": "lec", "likelihood": 4, "exposure": 10, "consequence": 15}, "likelihood"),  # 4 is not an L score
    ({"method": "lec", "likelihood": 3, "exposure": 10, "consequence": 16}, "consequence"),  # nor 16 a C score
    ({"method": "lec", "likelihood": 3, "consequence": 15}, "exposure"),  # LEC needs E
    ({"method": "ls", "likelihood": 3, "exposure": 6, "consequence": 4}, "exposure"),  # LS has no E
    ({"method": "ls", "likelihood": 6, "consequence": 4}, "likelihood"),  # LS factors are 1–5
])
def test_api_refuses_factors_the_method_does_not_define(world, registers, api_for, factors, field):
    api = api_for(world.enterprise_user)
    before = RiskEvent.objects.count()
    response = api.post("/api/v1/risk-points/", event_body(registers["ent_park"], **factors), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert RiskEvent.objects.count() == before


def test_api_refuses_an_invalid_factor_on_change_and_keeps_the_event(world, registers, api_for):
    event = registers["ent_park"].event
    response = api_for(world.enterprise_user).patch(f"/api/v1/risk-points/{event.pk}/", {"likelihood": 4},
                                                    format="json")
    assert response.status_code == 400
    event.refresh_from_db()
    assert (event.likelihood, event.score, event.colour) == (3, 450, "red")


def test_api_refuses_a_measure_sub_class_of_another_category(world, registers, api_for):
    body = {"event": registers["ent_park"].event.pk, "category": "维护保养", "sub_class": "工艺控制",
            "description": "错配"}
    response = api_for(world.enterprise_user).post("/api/v1/control-measures/", body, format="json")
    assert response.status_code == 400 and "sub_class" in response.json()
    assert ControlMeasure.objects.count() == 3


# --- reviewing gradings --------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_only_the_district_reviews_gradings(world, registers, role, api_for):
    api = api_for(user_of(world, role))
    for name in ENTERPRISES:
        grading = registers[name].grading
        response = api.post(f"/api/v1/enterprise-gradings/{grading.pk}/review/", {"approve": True}, format="json")
        grading.refresh_from_db()
        enterprise = registers[name].enterprise
        enterprise.refresh_from_db()
        if role in REVIEWERS:
            assert response.status_code == 200, (name, response.content)
            assert response.json()["status"] == "approved"
            assert grading.status == "approved" and grading.reviewer == user_of(world, role)
            assert enterprise.risk_colour == GRADING_COLOUR[name]
        else:
            assert response.status_code == 404, (name, response.content)
            assert grading.status == "submitted" and grading.reviewer is None
            assert enterprise.risk_colour == ""


@pytest.mark.parametrize("role", ROLES)
def test_only_the_district_reviews_gradings_on_the_page(world, registers, role, client_for):
    client = client_for(user_of(world, role))
    grading = registers["ent_park"].grading
    response = client.post(f"/risk/gradings/{grading.pk}/review/", {"decision": "approve"})
    grading.refresh_from_db()
    if role in REVIEWERS:
        assert response.status_code == 302 and grading.status == "approved"
    else:
        assert response.status_code == 404 and grading.status == "submitted"


def test_enterprise_cannot_review_its_own_grading(world, registers, api_for, client_for):
    grading = registers["ent_park"].grading
    assert grading.assessor == world.enterprise_user
    url = f"/api/v1/enterprise-gradings/{grading.pk}/review/"
    assert api_for(world.enterprise_user).post(url, {"approve": True}, format="json").status_code == 404
    page = client_for(world.enterprise_user).get(f"/risk/gradings/{grading.pk}/").content.decode()
    assert f"/risk/gradings/{grading.pk}/review/" not in page
    grading.refresh_from_db()
    world.ent_park.refresh_from_db()
    assert grading.status == "submitted" and world.ent_park.risk_colour == ""


def test_a_grading_is_reviewed_once(world, registers, api_for):
    grading = registers["ent_street_a"].grading
    api = api_for(world.district_user)
    url = f"/api/v1/enterprise-gradings/{grading.pk}/review/"
    assert api.post(url, {"approve": True}, format="json").status_code == 200
    assert api.post(url, {"approve": True}, format="json").status_code == 400
    response = api.post(url, {"approve": False, "comment": "再审"}, format="json")
    assert response.status_code == 400
    grading.refresh_from_db()
    assert grading.status == "approved" and grading.review_comment == ""


def test_a_return_needs_a_comment_and_leaves_the_colour(world, registers, api_for):
    grading = registers["ent_street_b"].grading
    api = api_for(world.district_user)
    url = f"/api/v1/enterprise-gradings/{grading.pk}/review/"
    for body in ({"approve": False}, {"approve": False, "comment": "  "}):
        assert api.post(url, body, format="json").status_code == 400, body
        grading.refresh_from_db()
        assert grading.status == "submitted"
    assert api.post(url, {"comment": "缺少 approve"}, format="json").status_code == 400
    response = api.post(url, {"approve": False, "comment": "证据不足"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "returned"
    grading.refresh_from_db()
    world.ent_street_b.refresh_from_db()
    assert grading.review_comment == "证据不足" and world.ent_street_b.risk_colour == ""


@pytest.mark.parametrize("role", ROLES)
def test_gradings_cannot_be_written_through_the_api(world, registers, role, api_for):
    api = api_for(user_of(world, role))
    grading = registers["ent_park"].grading
    body = {"enterprise": world.ent_park.pk, "method": "risk_points", "graded_on": "2025-01-01", "colour": "blue",
            "status": "approved", "inputs": {}, "result": {}}
    assert api.post("/api/v1/enterprise-gradings/", body, format="json").status_code in (404, 405)
    response = api.patch(f"/api/v1/enterprise-gradings/{grading.pk}/", {"status": "approved"}, format="json")
    assert response.status_code in (404, 405)
    grading.refresh_from_db()
    assert grading.status == "submitted" and EnterpriseGrading.objects.count() == 3


@pytest.mark.parametrize("role", ROLES)
def test_grading_from_risk_points_is_offered_to_the_district_and_the_enterprise_itself(world, registers, role,
                                                                                        client_for):
    """The district's grading applies at once; the enterprise's own waits for review — and while one waits
    (the fixture's), it cannot submit another; others get 404."""
    client = client_for(user_of(world, role))
    for name in ENTERPRISES:
        enterprise = registers[name].enterprise
        grades = name in SEES[role] and role in REVIEWERS
        own = role == "enterprise" and name == "ent_park"
        before = EnterpriseGrading.objects.count()
        response = client.post(f"/enterprises/{enterprise.pk}/grade/risk-points/")
        assert response.status_code == (302 if grades or own else 404), name
        assert EnterpriseGrading.objects.count() == before + (1 if grades else 0), name
        if grades:
            grading = EnterpriseGrading.objects.latest("id")
            assert grading.colour == registers[name].event.colour and grading.assessor == user_of(world, role)
            assert grading.status == ("submitted" if role == "enterprise" else "approved")
        enterprise.refresh_from_db()
        assert enterprise.risk_colour == (registers[name].event.colour if grades and role in REVIEWERS else "")


# --- the supervision plan ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_supervision_plan_shows_only_the_roles_enterprises(world, registers, role, api_for, client_for):
    # Approve ent_park's red grading so the plan has a key inspection in it for those who see it.
    services.do_review_grading(registers["ent_park"].grading, user=world.district_user, approve=True)
    user = user_of(world, role)
    expected = {getattr(world, name).name for name in SEES[role]}

    response = api_for(user).get("/api/v1/supervision-plan/")
    assert response.status_code == 200
    lines = {line["name"]: line for line in response.json()["results"]}
    assert set(lines) == expected
    if world.ent_park.name in lines:
        line = lines[world.ent_park.name]
        assert (line["risk_colour"], line["key_inspections"], line["random_pool"]) == ("red", 4, False)

    export = api_for(user).get("/api/v1/supervision-plan/?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected

    client = client_for(user)
    export = client.get("/risk/supervision/?export=xlsx")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected

    page = client.get("/risk/supervision/").content.decode()
    assert {getattr(world, name).name for name in ENTERPRISES if getattr(world, name).name in page} == expected


def test_supervision_plan_api_refuses_a_malformed_year(world, registers, api_for):
    """The page falls back to this year; the API must not answer a bad `year` with a server error."""
    from django.utils import timezone

    api = api_for(world.district_user)
    response = api.get("/api/v1/supervision-plan/?year=abc")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["year"] == timezone.localdate().year


# --- the audit log of the register ---------------------------------------------------------------------------

AUDIT_READERS = [role for role in ROLES if role != "expert"]


@pytest.mark.parametrize("role", ROLES)
def test_register_audit_entries_follow_their_enterprise(world, registers, role):
    from worksafety.core.models import AuditEntry

    expected = set()
    if role in AUDIT_READERS:
        for name in SEES[role]:
            for attr in ("object", "unit", "event", "measure", "task", "grading"):
                row = getattr(registers[name], attr)
                expected.add((row._meta.label_lower, str(row.pk)))
    visible = set(
        AuditEntry.objects.restrict(user_of(world, role)).filter(object_type__startswith="risk.")
        .values_list("object_type", "object_id")
    )
    assert visible == expected


def test_district_sees_the_audit_of_its_own_settings_changes(world):
    """Band tables and supervision frequencies are the district's settings: their changes must show in the
    district's audit log, not only the superuser's."""
    from worksafety.core.models import AuditEntry

    services.do_replace_bands("ls", [(0, False, 9, False, "blue"), (9, True, None, False, "red")],
                              user=world.district_user)
    everyone = AuditEntry.objects.filter(object_type="risk.riskband")
    assert everyone.exists()
    seen = AuditEntry.objects.restrict(world.district_user).filter(object_type="risk.riskband")
    assert set(seen.values_list("seq", flat=True)) == set(everyone.values_list("seq", flat=True))


# --- district-wide settings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_district_settings_are_visible_to_staff_and_changed_by_the_district(world, role):
    user = user_of(world, role)
    for model in (RiskBand, SupervisionRule):
        assert model.objects.exists(), model  # the defaults come with the migrations
        assert model.objects.restrict(user, "view").count() == model.objects.count(), model
        editable = role in SETTINGS_EDITORS
        assert model.objects.restrict(user, "change").exists() == editable, model
        assert model.objects.restrict(user, "add").exists() == editable, model
