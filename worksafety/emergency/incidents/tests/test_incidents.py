"""Incidents: 接报 with its grade and reporting deadlines, 续报 raising the grade, reports up the chain, the
response's tasks and states, 复盘 actions becoming hazards or tasks, scope, and bad input changing nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.models import (
    Incident,
    IncidentEvent,
    IncidentNotice,
    IncidentState,
    IncidentTask,
)
from worksafety.hazards.models import Hazard
from worksafety.registry.models import Chemical


def new_incident(world, **fields) -> Incident:
    values = {"title": "大连甲化工液氨泄漏", "occurred_at": timezone.now() - timedelta(minutes=30),
              "reported_at": timezone.now() - timedelta(minutes=10), "place": "液氨罐区", "lat": 39.02, "lon": 121.83,
              "area": world.street_a, "park": world.park, "enterprise": world.ent_park, "accident_type": "中毒和窒息",
              "chemical": Chemical.objects.get(cas="7664-41-7"), **fields}
    return Incident(**values)


@pytest.fixture
def reported(world):
    return incidents.do_report(new_incident(world), user=world.district_user)


def test_report_grades_the_incident_and_schedules_the_reports_up_to_the_city(world, reported):
    assert (reported.state, reported.grade, reported.reported_by) == ("reported", "一般", world.district_user)
    notices = list(reported.notices.values_list("authority", "due"))
    assert notices == [("county", reported.occurred_at + timedelta(hours=1)),
                       ("city", reported.occurred_at + timedelta(hours=3))]
    assert reported.zones["toxic"]["zones"][0]["level"] == "AEGL-3"  # ammonia: the plume was modelled
    assert list(reported.events.values_list("kind", flat=True)) == ["report"]


def test_an_incident_at_a_park_enterprise_reported_without_its_park_is_the_park_s(world):
    incident = incidents.do_report(new_incident(world, park=None), user=world.district_user)
    assert incident.park == world.park
    assert Incident.objects.restrict(world.park_user, "view").filter(pk=incident.pk).exists()


@pytest.mark.parametrize("fields, field", [
    ({"occurred_at": timezone.now() + timedelta(hours=2)}, "occurred_at"),
    ({"reported_at": timezone.now() - timedelta(hours=5), "occurred_at": timezone.now() - timedelta(hours=1)},
     "reported_at"),
    ({"lat": 31.2, "lon": 121.4}, "lat"),  # Shanghai: outside the district
    ({"accident_type": "外星人入侵"}, "accident_type"),
])
def test_bad_reports_are_refused_and_nothing_is_saved(world, fields, field):
    with pytest.raises(ValidationError) as error:
        incidents.do_report(new_incident(world, **fields), user=world.district_user)
    assert field in error.value.message_dict
    assert not Incident.objects.exists() and not IncidentNotice.objects.exists()


def test_a_street_cannot_report_outside_its_area(world):
    with pytest.raises(OutOfScope):
        incidents.do_report(new_incident(world), user=world.street_b_user)
    assert not Incident.objects.exists()


def test_an_update_with_more_casualties_raises_the_grade_and_adds_the_province(world, reported):
    incidents.do_add_update(reported, user=world.district_user, text="搜救中发现 3 人死亡", deaths=3, missing=1,
                            serious_injuries=2, minor_injuries=5, direct_loss_yuan=Decimal("2000000"))
    reported.refresh_from_db()
    assert (reported.grade, reported.deaths, reported.missing) == ("较大", 3, 1)
    assert list(reported.notices.values_list("authority", flat=True)) == ["county", "city", "province"]
    assert reported.updates.get().grade == "较大"
    assert "事故等级由一般调整为较大" in list(reported.events.values_list("text", flat=True))


def test_an_update_without_every_figure_is_refused(world, reported):
    with pytest.raises(ValidationError):
        incidents.do_add_update(reported, user=world.district_user, text="续报", deaths=1, missing=None,
                                serious_injuries=0, minor_injuries=0, direct_loss_yuan=0)
    assert not reported.updates.exists()
    assert Incident.objects.get().deaths == 0


def test_the_next_report_counts_two_hours_from_when_the_one_below_was_made(world, reported):
    county = reported.notices.get(authority="county")
    made = reported.occurred_at + timedelta(minutes=20)
    incidents.do_mark_notice_reported(county, user=world.district_user, at=made)
    assert reported.notices.get(authority="city").due == made + timedelta(hours=2)
    with pytest.raises(ValidationError):
        incidents.do_mark_notice_reported(county, user=world.district_user)  # made once


def test_a_report_cannot_be_dated_before_the_incident_or_in_the_future(world, reported):
    county = reported.notices.get(authority="county")
    for at in (reported.occurred_at - timedelta(minutes=1), timezone.now() + timedelta(hours=1)):
        with pytest.raises(ValidationError):
            incidents.do_mark_notice_reported(county, user=world.district_user, at=at)
    assert IncidentNotice.objects.get(pk=county.pk).reported_at is None


def test_the_response_moves_only_along_its_states(world, reported):
    with pytest.raises(ValidationError):
        transition(reported, "end", world.district_user)
    transition(reported, "respond", world.district_user)
    transition(reported, "end", world.district_user)
    assert Incident.objects.get().state == IncidentState.ENDED


def test_tasks_are_given_tracked_and_closed(world, reported):
    task = incidents.do_add_task(reported, user=world.park_user, title="下风向 1 公里疏散", assignee="园区管委会")
    incidents.do_update_task(task, user=world.park_user, state="underway", note="已疏散 2 个厂区")
    incidents.do_update_task(task, user=world.park_user, state="done")
    task.refresh_from_db()
    assert (task.state, task.note, task.done_at is not None) == ("done", "已疏散 2 个厂区", True)
    with pytest.raises(ValidationError):
        incidents.do_update_task(task, user=world.park_user, state="underway")


def test_no_new_tasks_once_the_response_has_ended(world, reported):
    transition(reported, "respond", world.district_user)
    transition(reported, "end", world.district_user)
    with pytest.raises(ValidationError):
        incidents.do_add_task(reported, user=world.district_user, title="补充监测", assignee="环境监测站")
    assert not IncidentTask.objects.exists()


def test_the_review_turns_its_actions_into_a_hazard_and_a_task(world, reported):
    transition(reported, "respond", world.district_user)
    with pytest.raises(ValidationError):  # not before the response has ended
        incidents.do_review(reported, user=world.district_user, summary="法兰垫片老化", lessons="加强巡检", actions=[])
    transition(reported, "end", world.district_user)
    review = incidents.do_review(reported, user=world.district_user, summary="法兰垫片老化导致泄漏",
                                 lessons="泄漏检测覆盖不足", actions=[("hazard", "液氨管线法兰垫片未按期更换"),
                                                                 ("task", "修订现场处置方案")])
    hazard = Hazard.objects.get()
    assert (hazard.enterprise, hazard.title, hazard.origin) == (world.ent_park, "液氨管线法兰垫片未按期更换", reported)
    task = IncidentTask.objects.get()
    assert [(a.kind, a.hazard, a.task) for a in review.actions.all()] == [("hazard", hazard, None), ("task", None, task)]
    assert Incident.objects.get().state == IncidentState.REVIEWED


def test_a_review_without_an_enterprise_cannot_register_a_hazard(world):
    road = incidents.do_report(new_incident(world, enterprise=None, park=None, title="危化品运输车辆侧翻"),
                               user=world.district_user)
    transition(road, "respond", world.district_user)
    transition(road, "end", world.district_user)
    with pytest.raises(ValidationError):
        incidents.do_review(road, user=world.district_user, summary="弯道超速", lessons="加强运输监管",
                            actions=[("hazard", "车辆超速")])
    assert not Hazard.objects.exists() and Incident.objects.get().state == IncidentState.ENDED


def test_other_streets_and_enterprises_do_not_see_the_incident(world, reported):
    assert list(Incident.objects.restrict(world.street_a_user)) == [reported]
    assert list(Incident.objects.restrict(world.enterprise_user)) == [reported]
    assert not Incident.objects.restrict(world.street_b_user).exists()
    assert not IncidentEvent.objects.restrict(world.street_b_user).exists()
    with pytest.raises(OutOfScope):
        incidents.do_add_task(reported, user=world.street_b_user, title="x", assignee="y")


def test_the_sector_department_sees_a_road_incident_of_its_sector(world):
    road = incidents.do_report(new_incident(world, enterprise=None, park=None, sector=world.transport,
                                            title="危化品槽车侧翻泄漏"), user=world.district_user)
    at_plant = incidents.do_report(new_incident(world), user=world.district_user)
    assert at_plant.sector == world.hazchem  # from its enterprise
    assert list(Incident.objects.restrict(world.department_user)) == [road]


def test_negative_figures_in_an_update_are_a_clear_error_not_a_crash(world, reported):
    with pytest.raises(ValidationError):
        incidents.do_add_update(reported, user=world.district_user, text="续报", deaths=-1, missing=0,
                                serious_injuries=0, minor_injuries=0, direct_loss_yuan=0)
    assert not reported.updates.exists()
