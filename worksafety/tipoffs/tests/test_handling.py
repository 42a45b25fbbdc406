"""Handling a tip-off (`tipoffs.workflow` + `tipoffs.services` + the staff pages): every row of the transition
table for every role in every place a tip-off may stand, assignment, replies, extension (in calendar or
working days), hazards registered or linked from a substantiated tip-off, and who sees tip-offs at all."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from conftest import ROLES, user_of
from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.hazards.choices import HazardLevel, HazardType, Source
from worksafety.hazards.choices import State as HazardState
from worksafety.hazards.models import Hazard
from worksafety.standards.workdays import add_workdays
from worksafety.tipoffs import services, workflow
from worksafety.tipoffs.choices import State
from worksafety.tipoffs.models import TipOff, TipOffEvent, TipOffPolicy
from worksafety.tipoffs.tests.helpers import (
    CONCLUSION,
    PLACES,
    REPLY,
    TODAY,
    VISIBLE,
    audits_of,
    fresh,
    make_tipoff,
    submit,
)

HANDLERS = {"admin", "district", "department", "street_a", "street_b", "park"}
DISTRICT = {"admin", "district"}
# Who may take each row's step (within scope), written out from the module's docstring.
EXPECTED = {
    ("investigate", State.RECEIVED): HANDLERS,
    ("substantiate", State.INVESTIGATING): HANDLERS,
    ("unsubstantiate", State.INVESTIGATING): HANDLERS,
    ("close", State.SUBSTANTIATED): DISTRICT,
    ("close", State.UNSUBSTANTIATED): DISTRICT,
}
TARGET = {"investigate": State.INVESTIGATING, "substantiate": State.SUBSTANTIATED,
          "unsubstantiate": State.UNSUBSTANTIATED, "close": State.CLOSED}


def step_input(action) -> dict:
    """What a step must bring."""
    if action in ("substantiate", "unsubstantiate"):
        return {"conclusion": CONCLUSION}
    if action == "close":
        return {"public_reply": REPLY}
    return {}


def attempt(tipoff, action, user, **data):
    """Take a step on a freshly loaded copy; answer "ok", "out_of_scope" or "refused"."""
    try:
        transition(fresh(tipoff), action, user, **data)
    except OutOfScope:
        return "out_of_scope"
    except ValidationError:
        return "refused"
    return "ok"


def test_every_row_of_the_table_is_covered():
    assert {(t.action, t.source) for t in workflow.TRANSITIONS} == set(EXPECTED)
    assert all(TARGET[t.action] == t.target for t in workflow.TRANSITIONS)


@pytest.mark.parametrize("key", EXPECTED, ids=[f"{a}-{s}" for a, s in EXPECTED])
def test_each_step_is_taken_exactly_by_the_roles_of_its_row_within_scope(world, key):
    action, source = key
    mismatches = []
    for role in ROLES:
        user = user_of(world, role)
        for place in PLACES:
            tipoff = make_tipoff(world, place, source)
            events, audits = tipoff.events.count(), audits_of(tipoff).count()
            if role not in VISIBLE[place]:
                expected = "out_of_scope"
            else:
                expected = "ok" if role in EXPECTED[key] else "refused"
            outcome = attempt(tipoff, action, user, **step_input(action))
            if outcome != expected:
                mismatches.append((role, place, outcome, expected))
            after = fresh(tipoff)
            if expected == "ok":
                assert after.state == TARGET[action]
                event = after.events.get()
                assert (event.action, event.from_state, event.to_state, event.actor) == (
                    action, source, TARGET[action], user)
            else:
                assert after.state == source and after.events.count() == events
                assert audits_of(tipoff).count() == audits
    assert mismatches == []


def test_available_steps_follow_the_table(world):
    received = make_tipoff(world)
    substantiated = make_tipoff(world, state=State.SUBSTANTIATED)
    assert [t.action for t in workflow.TIPOFFS.available(received, world.street_a_user)] == ["investigate"]
    assert [t.action for t in workflow.TIPOFFS.available(substantiated, world.street_a_user)] == []
    assert [t.action for t in workflow.TIPOFFS.available(substantiated, world.district_user)] == ["close"]
    assert [t.action for t in workflow.TIPOFFS.available(substantiated, world.admin)] == ["close"]
    assert [t.action for t in workflow.TIPOFFS.available(fresh(received), world.enterprise_user)] == []


def test_a_step_not_in_the_table_is_refused(world):
    tipoff = make_tipoff(world)
    with pytest.raises(ValidationError, match="当前状态“已受理”下不能执行此操作"):
        transition(tipoff, "close", world.district_user, public_reply=REPLY)
    with pytest.raises(ValidationError):
        transition(tipoff, "reopen", world.district_user)
    assert fresh(tipoff).state == State.RECEIVED and not tipoff.events.exists()


# --- what each step records -------------------------------------------------------------------------------

def test_investigate_records_the_step_and_its_comment(world):
    tipoff = transition(make_tipoff(world), "investigate", world.district_user, comment=" 请街道核查 ")
    assert tipoff.state == State.INVESTIGATING
    assert [(e.action, e.from_state, e.to_state, e.actor, e.comment, e.public_reply) for e in tipoff.events.all()] == [
        ("investigate", State.RECEIVED, State.INVESTIGATING, world.district_user, "请街道核查", "")]
    audit = audits_of(tipoff, "update").get()
    assert audit.actor == world.district_user
    assert (audit.before, audit.after) == ({"state": "received"}, {"state": "investigating"})


@pytest.mark.parametrize("action,substantiated", [("substantiate", True), ("unsubstantiate", False)])
def test_a_conclusion_sets_the_verification_and_the_feedback_limit(world, action, substantiated):
    tipoff = make_tipoff(world, "ent_park", State.INVESTIGATING)
    tipoff = transition(tipoff, action, world.park_user, conclusion=f"  {CONCLUSION}  ")
    assert tipoff.substantiated is substantiated
    assert tipoff.conclusion == CONCLUSION
    assert tipoff.verified_on == TODAY
    assert tipoff.feedback_due_on == TODAY + timedelta(days=10)
    assert tipoff.closed_on is None


@pytest.mark.parametrize("action", ["substantiate", "unsubstantiate"])
@pytest.mark.parametrize("conclusion", ["", "   "])
def test_a_conclusion_needs_its_text(world, action, conclusion):
    tipoff = make_tipoff(world, state=State.INVESTIGATING)
    with pytest.raises(ValidationError) as error:
        transition(tipoff, action, world.district_user, conclusion=conclusion)
    assert list(error.value.message_dict) == ["conclusion"]
    after = fresh(tipoff)
    assert (after.state, after.substantiated, after.conclusion, after.verified_on) == (
        State.INVESTIGATING, None, "", None)


@pytest.mark.parametrize("source", [State.SUBSTANTIATED, State.UNSUBSTANTIATED])
def test_close_needs_a_public_reply(world, source):
    tipoff = make_tipoff(world, state=source)
    with pytest.raises(ValidationError) as error:
        transition(tipoff, "close", world.district_user, public_reply="  ")
    assert list(error.value.message_dict) == ["public_reply"]
    assert fresh(tipoff).state == source


def test_close_records_the_reply_and_the_date(world):
    tipoff = transition(make_tipoff(world, state=State.SUBSTANTIATED), "close", world.district_user, public_reply=REPLY, comment="结案")
    assert (tipoff.state, tipoff.closed_on) == (State.CLOSED, TODAY)
    event = tipoff.events.get()
    assert (event.public_reply, event.comment) == (REPLY, "结案")


@pytest.mark.parametrize("role", ["street_a", "park"])
def test_close_is_the_districts_even_for_the_assigned_handler(world, role):
    tipoff = make_tipoff(world, "ent_park", State.SUBSTANTIATED)
    with pytest.raises(ValidationError, match="您的角色不能执行“办结并答复”"):
        transition(tipoff, "close", user_of(world, role), public_reply=REPLY)
    assert fresh(tipoff).state == State.SUBSTANTIATED


def test_nothing_follows_close(world):
    tipoff = make_tipoff(world, state=State.CLOSED, closed_on=TODAY)
    for action in ("investigate", "substantiate", "unsubstantiate", "close"):
        assert attempt(tipoff, action, world.admin, **step_input(action)) == "refused"


def test_two_people_taking_the_same_step_at_once_one_wins(world):
    tipoff = make_tipoff(world, "ent_park")
    first, second = fresh(tipoff), fresh(tipoff)
    transition(first, "investigate", world.district_user)
    with pytest.raises(ValidationError, match="该举报已被他人处理"):
        transition(second, "investigate", world.street_a_user)
    assert [(e.action, e.actor) for e in tipoff.events.all()] == [("investigate", world.district_user)]
    assert audits_of(tipoff, "update").count() == 1


def test_two_opposite_conclusions_at_once_one_wins(world):
    tipoff = make_tipoff(world, "ent_park", State.INVESTIGATING)
    first, second = fresh(tipoff), fresh(tipoff)
    transition(first, "substantiate", world.park_user, conclusion=CONCLUSION)
    with pytest.raises(ValidationError, match="该举报已被他人处理"):
        transition(second, "unsubstantiate", world.street_a_user, conclusion="经核查不属实")
    after = fresh(tipoff)
    assert (after.state, after.substantiated, after.conclusion) == (State.SUBSTANTIATED, True, CONCLUSION)
    assert [e.action for e in after.events.all()] == ["substantiate"]


def test_two_closes_at_once_one_wins(world, district_user_2):
    tipoff = make_tipoff(world, state=State.SUBSTANTIATED)
    first, second = fresh(tipoff), fresh(tipoff)
    transition(first, "close", world.district_user, public_reply=REPLY)
    with pytest.raises(ValidationError):
        transition(second, "close", district_user_2, public_reply="另一答复")
    assert list(TipOffEvent.objects.filter(tipoff=tipoff).values_list("public_reply", flat=True)) == [REPLY]


# --- assignment ---------------------------------------------------------------------------------------------

def visible_to(world, tipoff):
    return {role for role in ROLES if TipOff.objects.restrict(user_of(world, role)).filter(pk=tipoff.pk).exists()}


def test_a_new_tipoff_is_seen_by_the_district_only(world):
    assert visible_to(world, submit()) == {"admin", "district"}


@pytest.mark.parametrize("place", ["ent_park", "ent_street_a", "ent_street_b"])
def test_assigning_to_an_enterprise_moves_area_sector_and_park(world, place):
    enterprise = getattr(world, place)
    tipoff = services.do_assign(submit(), user=world.district_user, enterprise=enterprise, comment="请核查")
    assert (tipoff.enterprise, tipoff.area, tipoff.sector, tipoff.park) == (
        enterprise, enterprise.area, enterprise.sector, enterprise.park)
    assert tipoff.state == State.RECEIVED
    assert visible_to(world, tipoff) == VISIBLE[place]
    event = tipoff.events.get(action="assign")
    assert (event.actor, event.comment, event.public_reply) == (world.district_user, f"分派至 {enterprise.name}。请核查", "")


def test_assigning_to_a_street_without_an_enterprise(world):
    tipoff = services.do_assign(submit(), user=world.district_user, area=world.street_b)
    assert (tipoff.enterprise, tipoff.area, tipoff.sector, tipoff.park) == (None, world.street_b, None, None)
    assert visible_to(world, tipoff) == {"admin", "district", "street_b"}


def test_reassigning_clears_what_the_earlier_enterprise_brought(world):
    tipoff = services.do_assign(submit(), user=world.district_user, enterprise=world.ent_park)
    tipoff = services.do_assign(tipoff, user=world.district_user, area=world.street_b)
    assert (tipoff.enterprise, tipoff.area, tipoff.sector, tipoff.park) == (None, world.street_b, None, None)
    assert visible_to(world, tipoff) == {"admin", "district", "street_b"}


def test_assigning_needs_an_enterprise_or_an_area(world):
    tipoff = submit()
    with pytest.raises(ValidationError) as error:
        services.do_assign(tipoff, user=world.district_user)
    assert list(error.value.message_dict) == ["enterprise"]


@pytest.mark.parametrize("role", ["street_a", "park"])
def test_only_the_district_assigns(world, role):
    tipoff = make_tipoff(world, "ent_park")
    with pytest.raises(ValidationError, match="只有区应急管理局可以分派举报"):
        services.do_assign(tipoff, user=user_of(world, role), enterprise=world.ent_street_a)
    assert fresh(tipoff).enterprise == world.ent_park


@pytest.mark.parametrize("role", ["street_b", "department", "enterprise", "expert"])
def test_assigning_a_tipoff_out_of_sight_is_out_of_scope(world, role):
    with pytest.raises(OutOfScope):
        services.do_assign(make_tipoff(world, "ent_park"), user=user_of(world, role), enterprise=world.ent_park)


@pytest.mark.parametrize("state", [State.SUBSTANTIATED, State.UNSUBSTANTIATED, State.CLOSED])
def test_a_concluded_tipoff_is_not_reassigned(world, state):
    tipoff = make_tipoff(world, "ent_park", state)
    with pytest.raises(ValidationError, match="已有核查结论的举报不能再分派"):
        services.do_assign(tipoff, user=world.district_user, enterprise=world.ent_street_b)
    assert fresh(tipoff).enterprise == world.ent_park


def test_assignment_page_moves_the_tipoff(world, client_for):
    tipoff = submit()
    response = client_for(world.district_user).post(f"/tipoffs/{tipoff.pk}/assign/",
                                                    {"enterprise": world.ent_street_b.pk, "comment": ""})
    assert response.status_code == 302 and response["Location"] == f"/tipoffs/{tipoff.pk}/"
    assert fresh(tipoff).area == world.ent_street_b.area


# --- replies ------------------------------------------------------------------------------------------------

def test_a_reply_without_a_step_reaches_the_reporter(world):
    tipoff = make_tipoff(world, "ent_park", State.INVESTIGATING)
    event = services.do_reply(tipoff, user=world.street_a_user, public_reply=" 正在核查 ")
    assert (event.action, event.from_state, event.to_state, event.public_reply, event.actor) == (
        "reply", State.INVESTIGATING, State.INVESTIGATING, "正在核查", world.street_a_user)
    assert fresh(tipoff).state == State.INVESTIGATING


def test_a_reply_needs_text_and_scope(world):
    tipoff = make_tipoff(world, "ent_park", State.INVESTIGATING)
    with pytest.raises(ValidationError):
        services.do_reply(tipoff, user=world.street_a_user, public_reply=" ")
    with pytest.raises(OutOfScope):
        services.do_reply(tipoff, user=world.street_b_user, public_reply="正在核查")
    assert not tipoff.events.exists()


# --- extension ----------------------------------------------------------------------------------------------

def test_the_district_extends_once_and_the_reason_is_the_public_reply(world):
    tipoff = submit()
    due = tipoff.due_on
    tipoff = services.do_extend(tipoff, user=world.district_user, days=30, reason=" 需要检测机构出具报告 ")
    new_due = due + timedelta(days=30)
    assert (tipoff.due_on, tipoff.extended) == (new_due, True)
    event = tipoff.events.get(action="extend")
    assert event.public_reply == f"因需要检测机构出具报告，办理期限延长至 {new_due.isoformat()}。"
    assert event.comment == f"办结期限延至 {new_due.isoformat()}"
    assert audits_of(tipoff, "update").filter(after={"due_on": new_due.isoformat()}).count() == 1
    with pytest.raises(ValidationError, match="已办结或已延期过"):
        services.do_extend(tipoff, user=world.district_user, days=1, reason="再延一天")
    assert fresh(tipoff).due_on == new_due


@pytest.mark.parametrize("days", [0, 31, -5])
def test_an_extension_is_1_to_30_days(world, days):
    tipoff = submit()
    with pytest.raises(ValidationError) as error:
        services.do_extend(tipoff, user=world.district_user, days=days, reason="需要检测")
    assert list(error.value.message_dict) == ["days"]
    assert fresh(tipoff).extended is False and fresh(tipoff).due_on == tipoff.due_on


def test_an_extension_needs_a_reason(world):
    tipoff = submit()
    with pytest.raises(ValidationError) as error:
        services.do_extend(tipoff, user=world.district_user, days=10, reason="  ")
    assert list(error.value.message_dict) == ["reason"]
    assert fresh(tipoff).extended is False


def test_the_extension_limit_comes_from_the_policy(world):
    TipOffPolicy.objects.create(pk=1, extension_days=10)
    tipoff = submit()
    with pytest.raises(ValidationError):
        services.do_extend(tipoff, user=world.district_user, days=11, reason="需要检测")
    assert services.do_extend(tipoff, user=world.district_user, days=10, reason="需要检测").extended


@pytest.mark.parametrize("role", ["street_a", "park"])
def test_only_the_district_extends(world, role):
    tipoff = make_tipoff(world, "ent_park")
    with pytest.raises(ValidationError, match="延期须经区应急管理局批准"):
        services.do_extend(tipoff, user=user_of(world, role), days=10, reason="需要检测")
    assert fresh(tipoff).extended is False


def test_a_closed_tipoff_is_not_extended(world):
    tipoff = make_tipoff(world, state=State.CLOSED, closed_on=TODAY)
    with pytest.raises(ValidationError):
        services.do_extend(tipoff, user=world.district_user, days=10, reason="需要检测")


def test_two_extensions_at_once_one_wins(world, district_user_2):
    tipoff = submit()
    first, second = fresh(tipoff), fresh(tipoff)
    services.do_extend(first, user=world.district_user, days=10, reason="甲")
    with pytest.raises(ValidationError):
        services.do_extend(second, user=district_user_2, days=30, reason="乙")
    assert fresh(tipoff).due_on == tipoff.due_on + timedelta(days=10)
    assert tipoff.events.filter(action="extend").count() == 1


def test_time_limits_in_working_days(world):
    TipOffPolicy.objects.create(pk=1, days_are_workdays=True)
    tipoff = submit()
    assert tipoff.due_on == add_workdays(TODAY, 60)
    assert tipoff.due_on != TODAY + timedelta(days=60)
    transition(tipoff, "investigate", world.district_user)
    tipoff = transition(fresh(tipoff), "substantiate", world.district_user, conclusion=CONCLUSION)
    assert tipoff.feedback_due_on == add_workdays(TODAY, 10)
    tipoff = services.do_extend(tipoff, user=world.district_user, days=30, reason="需要检测")
    assert tipoff.due_on == add_workdays(add_workdays(TODAY, 60), 30)


# --- the staff pages ----------------------------------------------------------------------------------------

@pytest.fixture
def placed(world):
    """One received tip-off in each place, with a content naming the place."""
    return {place: make_tipoff(world, place, content=f"举报内容·{place}") for place in PLACES}


@pytest.mark.parametrize("role", ["admin", "district", "department", "street_a", "street_b", "park"])
def test_list_and_detail_pages_show_exactly_the_scope(world, placed, client_for, role):
    client = client_for(user_of(world, role))
    listing = client.get("/tipoffs/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert {p for p, t in placed.items() if t.tracking_code in content} == {
        p for p in PLACES if role in VISIBLE[p]}
    for place, tipoff in placed.items():
        expected = 200 if role in VISIBLE[place] else 404
        assert client.get(f"/tipoffs/{tipoff.pk}/").status_code == expected, place


@pytest.mark.parametrize("role", ["enterprise", "expert"])
def test_enterprises_and_experts_never_see_tipoffs(world, placed, client_for, role):
    client = client_for(user_of(world, role))
    listing = client.get("/tipoffs/")
    assert listing.status_code == 404
    assert not any(t.tracking_code in listing.content.decode() for t in placed.values())
    for tipoff in placed.values():
        assert client.get(f"/tipoffs/{tipoff.pk}/").status_code == 404
        assert client.post(f"/tipoffs/{tipoff.pk}/investigate/", {}).status_code == 404
        assert client.post(f"/tipoffs/{tipoff.pk}/reply/", {"public_reply": "已收到"}).status_code == 404
    assert not TipOffEvent.objects.exists()
    assert not TipOff.objects.exclude(state=State.RECEIVED).exists()


def test_the_list_filters_by_state_and_search(world, placed, client_for):
    client = client_for(world.district_user)
    transition(placed["ent_park"], "investigate", world.district_user)
    content = client.get("/tipoffs/", {"state": "investigating"}).content.decode()
    assert {p for p, t in placed.items() if t.tracking_code in content} == {"ent_park"}
    content = client.get("/tipoffs/", {"q": "举报内容·ent_street_b"}).content.decode()
    assert {p for p, t in placed.items() if t.tracking_code in content} == {"ent_street_b"}


def step_buttons(content):
    return {label for label in ("开始核查", "核查属实", "核查不属实", "办结并答复") if f">{label}</button>" in content}


@pytest.mark.parametrize("role,state,buttons", [
    ("district", State.RECEIVED, {"开始核查"}),
    ("street_a", State.RECEIVED, {"开始核查"}),
    ("park", State.INVESTIGATING, {"核查属实", "核查不属实"}),
    ("district", State.SUBSTANTIATED, {"办结并答复"}),
    ("street_a", State.SUBSTANTIATED, set()),
    ("district", State.CLOSED, set()),
])
def test_detail_page_offers_the_steps_the_user_may_take(world, client_for, role, state, buttons):
    tipoff = make_tipoff(world, "ent_park", state)
    content = client_for(user_of(world, role)).get(f"/tipoffs/{tipoff.pk}/").content.decode()
    assert step_buttons(content) == buttons


@pytest.mark.parametrize("role,forms", [
    ("district", {"assign", "extend", "reply"}),
    ("street_a", {"reply"}),
])
def test_detail_page_offers_assignment_and_extension_to_the_district_only(world, client_for, role, forms):
    tipoff = make_tipoff(world, "ent_park")
    content = client_for(user_of(world, role)).get(f"/tipoffs/{tipoff.pk}/").content.decode()
    assert {f for f in ("assign", "extend", "reply") if f'action="/tipoffs/{tipoff.pk}/{f}/"' in content} == forms


def test_step_page_takes_the_step(world, client_for):
    tipoff = make_tipoff(world, "ent_park", State.INVESTIGATING)
    response = client_for(world.street_a_user).post(f"/tipoffs/{tipoff.pk}/substantiate/",
                                                    {"conclusion": CONCLUSION, "comment": "", "public_reply": ""})
    assert response.status_code == 302 and response["Location"] == f"/tipoffs/{tipoff.pk}/"
    assert fresh(tipoff).state == State.SUBSTANTIATED


def test_step_page_refusal_is_a_message_and_nothing_changes(world, client_for):
    tipoff = make_tipoff(world, "ent_park", State.SUBSTANTIATED)
    client = client_for(world.street_a_user)
    response = client.post(f"/tipoffs/{tipoff.pk}/close/", {"public_reply": REPLY}, follow=True)
    assert response.status_code == 200
    assert "您的角色不能执行“办结并答复”" in response.content.decode()
    assert fresh(tipoff).state == State.SUBSTANTIATED and not tipoff.events.exists()


@pytest.mark.parametrize("role", ["street_b", "department"])
def test_step_page_out_of_scope_is_404(world, client_for, role):
    tipoff = make_tipoff(world, "ent_park")
    assert client_for(user_of(world, role)).post(f"/tipoffs/{tipoff.pk}/investigate/", {}).status_code == 404
    assert fresh(tipoff).state == State.RECEIVED


def test_extension_page(world, client_for):
    tipoff = submit()
    client = client_for(world.district_user)
    response = client.post(f"/tipoffs/{tipoff.pk}/extend/", {"days": 15, "reason": "需要检测"})
    assert response.status_code == 302
    assert fresh(tipoff).due_on == tipoff.due_on + timedelta(days=15)


def test_reply_page(world, client_for):
    tipoff = make_tipoff(world, "ent_street_b")
    response = client_for(world.department_user).post(f"/tipoffs/{tipoff.pk}/reply/", {"public_reply": "正在核查"})
    assert response.status_code == 302
    assert list(tipoff.events.values_list("public_reply", flat=True)) == ["正在核查"]


def test_staff_pages_need_a_login(world, client):
    tipoff = make_tipoff(world)
    for url in ("/tipoffs/", f"/tipoffs/{tipoff.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    assert client.post(f"/tipoffs/{tipoff.pk}/investigate/", {}).status_code == 302
    assert fresh(tipoff).state == State.RECEIVED


# --- hazards from a tip-off ---------------------------------------------------------------------------------

@pytest.fixture
def substantiated(world):
    """A tip-off assigned to the park's enterprise and found true, through the services."""
    tipoff = submit()
    services.do_assign(tipoff, user=world.district_user, enterprise=world.ent_park)
    transition(fresh(tipoff), "investigate", world.district_user)
    return transition(fresh(tipoff), "substantiate", world.street_a_user, conclusion=CONCLUSION)


def hazard_data(enterprise, **changes):
    data = {"enterprise": enterprise.pk, "source": Source.ENFORCEMENT, "source_reference": "随便写的",
            "level": HazardLevel.GENERAL, "major_criterion": "", "hazard_type": HazardType.FIRE,
            "title": "动火作业未办票证", "description": CONCLUSION, "found_on": TODAY.isoformat(),
            "hazard_unit": "", "risk_event": "", "checklist_item": ""}
    data.update(changes)
    return data


def test_hazard_page_is_preset_from_the_tipoff(world, client_for, substantiated):
    response = client_for(world.district_user).get(f"/tipoffs/{substantiated.pk}/hazard/")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["source"] == Source.TIPOFF
    assert form.initial["source_reference"] == f"举报 #{substantiated.pk}"
    assert form.initial["description"] == CONCLUSION
    assert form.initial["enterprise"] == world.ent_park.pk


def test_registering_a_hazard_from_the_tipoff(world, client_for, substantiated):
    client = client_for(world.district_user)
    response = client.post(f"/tipoffs/{substantiated.pk}/hazard/", hazard_data(world.ent_park))
    hazard = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/hazards/{hazard.pk}/"
    assert hazard.source == Source.TIPOFF  # whatever was posted
    assert hazard.source_reference == f"举报 #{substantiated.pk}"
    assert hazard.origin == substantiated
    assert (hazard.enterprise, hazard.found_by, hazard.state) == (world.ent_park, world.district_user,
                                                                  HazardState.REGISTERED)
    tipoff = fresh(substantiated)
    assert tipoff.hazard == hazard
    assert tipoff.state == State.SUBSTANTIATED
    event = tipoff.events.get(action="link_hazard")
    assert (event.actor, event.comment, event.public_reply) == (
        world.district_user, f"登记隐患 #{hazard.pk}：动火作业未办票证", "")
    # a second registration is refused, on the page and in the service
    again = client.post(f"/tipoffs/{substantiated.pk}/hazard/", hazard_data(world.ent_park, title="另一隐患"))
    assert again.status_code == 302 and again["Location"] == f"/tipoffs/{substantiated.pk}/"
    assert client.get(f"/tipoffs/{substantiated.pk}/hazard/").status_code == 302
    with pytest.raises(ValidationError, match="该举报已关联隐患"):
        services.do_register_hazard(tipoff, Hazard(enterprise=world.ent_park, source=Source.TIPOFF,
                                                   level=HazardLevel.GENERAL, hazard_type=HazardType.FIRE,
                                                   title="第三个", description="x", found_on=TODAY),
                                    user=world.district_user)
    assert Hazard.objects.count() == 1
    assert tipoff.events.filter(action="link_hazard").count() == 1


def test_the_hazard_must_be_the_tipoffs_enterprises(world, client_for, substantiated):
    response = client_for(world.district_user).post(f"/tipoffs/{substantiated.pk}/hazard/",
                                                    hazard_data(world.ent_street_a))
    assert response.status_code == 200
    assert response.context["form"].errors == {"enterprise": ["隐患须属于举报涉及的企业。"]}
    assert not Hazard.objects.exists() and fresh(substantiated).hazard is None


@pytest.mark.parametrize("state", [State.RECEIVED, State.INVESTIGATING, State.UNSUBSTANTIATED, State.CLOSED])
def test_only_a_substantiated_tipoff_gets_a_hazard(world, client_for, state):
    tipoff = make_tipoff(world, "ent_park", state)
    client = client_for(world.district_user)
    assert client.get(f"/tipoffs/{tipoff.pk}/hazard/").status_code == 302
    response = client.post(f"/tipoffs/{tipoff.pk}/hazard/", hazard_data(world.ent_park))
    assert response.status_code == 302 and response["Location"] == f"/tipoffs/{tipoff.pk}/"
    assert not Hazard.objects.exists()


@pytest.mark.parametrize("role", ["street_b", "department", "enterprise", "expert"])
def test_hazard_page_out_of_scope_is_404(world, client_for, substantiated, role):
    client = client_for(user_of(world, role))
    assert client.get(f"/tipoffs/{substantiated.pk}/hazard/").status_code == 404
    assert client.post(f"/tipoffs/{substantiated.pk}/hazard/", hazard_data(world.ent_park)).status_code == 404
    assert not Hazard.objects.exists()


def existing_hazard(world, enterprise, title="储罐区可燃气体报警器失效"):
    return Hazard.objects.create(enterprise=enterprise, source=Source.ENFORCEMENT, level=HazardLevel.GENERAL,
                                 hazard_type=HazardType.EQUIPMENT, title=title, description="执法检查发现",
                                 found_on=TODAY, found_by=world.district_user, state=HazardState.REGISTERED)


def test_linking_an_existing_hazard_of_the_enterprise(world, client_for, substantiated):
    hazard = existing_hazard(world, world.ent_park)
    response = client_for(world.park_user).post(f"/tipoffs/{substantiated.pk}/link-hazard/", {"hazard": hazard.pk})
    assert response.status_code == 302
    tipoff = fresh(substantiated)
    assert tipoff.hazard == hazard
    assert tipoff.events.get(action="link_hazard").comment == f"关联隐患 #{hazard.pk}：储罐区可燃气体报警器失效"


def test_linking_a_hazard_of_another_enterprise_is_refused(world, client_for, substantiated):
    other = existing_hazard(world, world.ent_street_a)
    with pytest.raises(ValidationError) as error:
        services.do_link_hazard(substantiated, other, user=world.district_user)
    assert list(error.value.message_dict) == ["hazard"]
    client_for(world.district_user).post(f"/tipoffs/{substantiated.pk}/link-hazard/", {"hazard": other.pk})
    assert fresh(substantiated).hazard is None
    assert not substantiated.events.filter(action="link_hazard").exists()


def test_linking_a_hazard_out_of_the_users_sight_is_refused(world, substantiated):
    other = existing_hazard(world, world.ent_street_b)
    with pytest.raises(OutOfScope):
        services.do_link_hazard(substantiated, other, user=world.street_a_user)
    assert fresh(substantiated).hazard is None


def test_a_second_link_is_refused(world, substantiated):
    first, second = existing_hazard(world, world.ent_park), existing_hazard(world, world.ent_park, "第二个隐患")
    services.do_link_hazard(substantiated, first, user=world.district_user)
    with pytest.raises(ValidationError, match="该举报已关联隐患"):
        services.do_link_hazard(fresh(substantiated), second, user=world.district_user)
    with pytest.raises(ValidationError, match="该举报已关联隐患"):
        services.do_link_hazard(substantiated, second, user=world.district_user)  # a stale copy
    assert fresh(substantiated).hazard == first


def test_the_reported_enterprise_does_not_learn_the_tracking_code(world, client_for, api_for, substantiated):
    """The tracking code is the reporter's key to the status page ("shown only once"); the enterprise the
    tip-off is about reads its own hazards, so the hazard made from the tip-off must not carry the code, on
    the hazard page or in the hazard API."""
    client_for(world.district_user).post(f"/tipoffs/{substantiated.pk}/hazard/", hazard_data(world.ent_park))
    hazard = Hazard.objects.get()
    code = substantiated.tracking_code
    assert code not in client_for(world.enterprise_user).get(f"/hazards/{hazard.pk}/").content.decode()
    assert code not in api_for(world.enterprise_user).get(f"/api/v1/hazards/{hazard.pk}/").content.decode()


# --- malformed input and the district's settings --------------------------------------------------------------

@pytest.mark.parametrize("value", ["abc", "1.5"])
@pytest.mark.parametrize("url,field", [("/tipoffs/{pk}/link-hazard/", "hazard"),
                                       ("/tipoffs/settings/reward-handlers/", "user")])
def test_a_malformed_id_is_404_not_a_server_error(world, client_for, substantiated, value, url, field):
    """Posted text that is not an id finds nothing, rather than reaching the database as a primary key."""
    client = client_for(world.district_user)
    client.raise_request_exception = False
    assert client.post(url.format(pk=substantiated.pk), {field: value}).status_code == 404
    assert fresh(substantiated).hazard is None


def test_settings_page_changes_the_policy(world, client_for):
    client = client_for(world.district_user)
    assert client.get("/tipoffs/settings/").status_code == 200
    data = {f.name: getattr(TipOffPolicy.current(), f.name) for f in TipOffPolicy._meta.fields if f.name != "id"}
    data.update(handling_days=30, days_are_workdays="")
    data = {k: v for k, v in data.items() if v not in ("", False)}
    response = client.post("/tipoffs/settings/", data)
    assert response.status_code == 302 and response["Location"] == "/tipoffs/settings/"
    assert TipOffPolicy.current().handling_days == 30
    assert submit().due_on == TODAY + timedelta(days=30)


def test_settings_page_refuses_inconsistent_limits(world, client_for):
    client = client_for(world.district_user)
    data = {f.name: getattr(TipOffPolicy.current(), f.name) for f in TipOffPolicy._meta.fields if f.name != "id"}
    data.update(per_address_per_hour=20, per_address_per_day=10, days_are_workdays="")
    data = {k: v for k, v in data.items() if v not in ("", False)}
    response = client.post("/tipoffs/settings/", data)
    assert response.status_code == 200
    assert "per_address_per_hour" in response.context["form"].errors
    assert TipOffPolicy.current().per_address_per_hour == 3
