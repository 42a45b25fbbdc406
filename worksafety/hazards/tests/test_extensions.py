"""延期: a rectifying hazard's deadline moves only when whoever may accept the hazard approves a request."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from worksafety.core.scoping import OutOfScope
from worksafety.hazards import services
from worksafety.hazards.models import ExtensionRequest, Hazard

TODAY = timezone.localdate()


@pytest.fixture
def rectifying(world):
    return Hazard.objects.create(
        enterprise=world.ent_park, source="enforcement", level="general", hazard_type="fire", title="灭火器过期",
        description="-", found_on=TODAY, found_by=world.district_user, state="rectifying", measures="更换",
        responsible_person="李四", funds_yuan=100, deadline=TODAY + timedelta(days=5), contingency="临时")


def test_enterprise_requests_and_a_supervisor_approves(world, rectifying, client_for):
    later = TODAY + timedelta(days=20)
    response = client_for(world.enterprise_user).post(f"/hazards/{rectifying.pk}/extension/",
                                                      {"new_deadline": later.isoformat(), "reason": "备件到货延迟"})
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert extension.status == "pending" and extension.requested_by == world.enterprise_user

    # The enterprise cannot decide its own request, not even for a hazard from its self-inspection.
    with pytest.raises(ValidationError):
        services.do_decide_extension(extension, user=world.enterprise_user, approve=True)
    client_for(world.park_user).post(f"/hazards/extensions/{extension.pk}/decide/", {"decision": "approve"})
    extension.refresh_from_db()
    rectifying.refresh_from_db()
    assert extension.status == "approved" and rectifying.deadline == later
    assert [e.action for e in rectifying.events.all()] == ["request_extension", "decide_extension"]


def test_bad_requests_are_refused_and_change_nothing(world, rectifying):
    for new_deadline, reason in ((TODAY + timedelta(days=3), "早于现有期限"), (TODAY + timedelta(days=9), " "),
                                 (None, "无日期")):
        with pytest.raises(ValidationError):
            services.do_request_extension(rectifying, user=world.enterprise_user, new_deadline=new_deadline,
                                          reason=reason)
    services.do_request_extension(rectifying, user=world.enterprise_user, new_deadline=TODAY + timedelta(days=9),
                                  reason="理由")
    with pytest.raises(ValidationError, match="待审批"):  # one waits at a time
        services.do_request_extension(rectifying, user=world.enterprise_user, new_deadline=TODAY + timedelta(days=19),
                                      reason="再次申请")
    assert ExtensionRequest.objects.count() == 1
    with pytest.raises(OutOfScope):
        services.do_request_extension(rectifying, user=world.street_b_user, new_deadline=TODAY + timedelta(days=9),
                                      reason="越权")


def test_only_a_rectifying_hazard_can_be_extended(world, rectifying):
    Hazard.objects.filter(pk=rectifying.pk).update(state="awaiting_acceptance")
    rectifying.refresh_from_db()
    with pytest.raises(ValidationError, match="整改中"):
        services.do_request_extension(rectifying, user=world.enterprise_user, new_deadline=TODAY + timedelta(days=9),
                                      reason="理由")


def test_refusal_needs_a_reason_and_one_decision_wins(world, rectifying, api_for):
    extension = services.do_request_extension(rectifying, user=world.enterprise_user,
                                              new_deadline=TODAY + timedelta(days=9), reason="理由")
    api = api_for(world.district_user)
    url = f"/api/v1/hazards/{rectifying.pk}/extensions/{extension.pk}/decision/"
    assert api.post(url, {"approve": False}, format="json").status_code == 400
    assert api.post(url, {"approve": False, "comment": "理由不充分"}, format="json").status_code == 200
    assert api.post(url, {"approve": True}, format="json").status_code == 400  # already decided
    rectifying.refresh_from_db()
    assert rectifying.deadline == TODAY + timedelta(days=5)
    assert api_for(world.street_b_user).post(url, {"approve": True}, format="json").status_code == 404  # out of scope


def test_a_listed_major_hazard_moves_its_supervision_deadline_and_only_its_regulator_decides(world, api_for):
    hazard = Hazard.objects.create(
        enterprise=world.ent_street_b, source="enforcement", level="major", major_criterion="x", hazard_type="process",
        title="重大隐患", description="-", found_on=TODAY, found_by=world.district_user, state="rectifying",
        supervising_department=world.dept_transport, supervision_deadline=TODAY + timedelta(days=30),
        deadline=TODAY + timedelta(days=30))
    response = api_for(world.street_b_user).post(f"/api/v1/hazards/{hazard.pk}/extensions/",
                                                 {"new_deadline": (TODAY + timedelta(days=60)).isoformat(),
                                                  "reason": "需停产改造"}, format="json")
    assert response.status_code == 201
    extension = ExtensionRequest.objects.get()
    with pytest.raises(ValidationError):  # a street is not the regulator of a major hazard
        services.do_decide_extension(extension, user=world.street_b_user, approve=True)
    services.do_decide_extension(extension, user=world.department_user, approve=True)
    hazard.refresh_from_db()
    assert hazard.supervision_deadline == TODAY + timedelta(days=60)
