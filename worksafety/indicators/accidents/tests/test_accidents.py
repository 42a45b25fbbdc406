"""Accidents through their services: 录入 with the computed grade, bad figures refused with nothing saved, 续报 and
corrections against the window of 493号令 第十三条, the report timeline of 第九–十一条, the investigation whose
measures become hazards or tasks, and an accident drafted from an incident."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from worksafety.core.models import AuditEntry
from worksafety.core.scoping import OutOfScope
from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.tests.test_incidents import new_incident
from worksafety.hazards.models import Hazard
from worksafety.indicators.accidents import reporting, services
from worksafety.indicators.accidents.models import Accident, AccidentReport, AccidentRevision, Investigation
from worksafety.indicators.accidents.tests.helpers import local, record

FIGURES = {"deaths": 1, "missing": 0, "serious_injuries": 0, "minor_injuries": 0, "direct_loss_yuan": "1500000"}


def test_recording_takes_area_sector_and_park_from_the_enterprise_and_computes_the_grade(world):
    accident = record(world, deaths=3)
    assert (accident.area, accident.sector, accident.park) == (world.street_a, world.hazchem, world.park)
    assert accident.grade == "较大" and accident.recorded_by == world.district_user
    assert AuditEntry.objects.filter(object_type="indicators.accident", object_id=str(accident.pk)).exists()


def test_the_grade_is_recomputed_on_every_save_whatever_was_set(world):
    accident = record(world)
    accident.grade = "特别重大"
    accident.save()
    assert Accident.objects.get().grade == "一般"


@pytest.mark.parametrize("fields, field", [
    ({"deaths": -1}, "deaths"),
    ({"serious_injuries": -2}, "serious_injuries"),
    ({"direct_loss_yuan": Decimal("-5")}, "direct_loss_yuan"),
    ({"direct_loss_yuan": Decimal("150")}, "direct_loss_yuan"),  # 150 万元 typed as 150 元, with a death
    ({"occurred_at": timezone.now() + timedelta(hours=3)}, "occurred_at"),
    ({"enterprise": None}, "sector"),
    ({"misreporting": "concealed"}, "misreporting_note"),
])
def test_bad_figures_are_refused_with_a_message_and_nothing_is_saved(world, fields, field):
    with pytest.raises(ValidationError) as error:
        record(world, **fields)
    assert field in error.value.message_dict
    assert not Accident.objects.exists()


def test_the_wrong_unit_message_says_which_unit_to_use(world):
    with pytest.raises(ValidationError) as error:
        record(world, direct_loss_yuan=Decimal("150"))
    assert "万元" in error.value.message_dict["direct_loss_yuan"][0]


def test_a_small_loss_without_deaths_is_plausible(world):
    assert record(world, deaths=0, minor_injuries=1, direct_loss_yuan=Decimal("800")).pk


def test_only_the_district_records_accidents(world):
    for user in (world.street_a_user, world.enterprise_user, world.department_user):
        with pytest.raises(OutOfScope):
            record(world, user=user)
    assert not Accident.objects.exists()


# --- figures --------------------------------------------------------------------------------------------

def test_a_supplement_within_the_window_changes_the_figures_and_the_grade_and_keeps_the_old_ones(world):
    accident = record(world)
    revision = services.do_revise_figures(accident, user=world.district_user, kind="supplement",
                                          note="一名重伤者抢救无效死亡", **{**FIGURES, "deaths": 3})
    accident.refresh_from_db()
    assert (accident.deaths, accident.grade) == (3, "较大")
    assert (revision.before["deaths"], revision.before["grade"]) == (1, "一般")
    assert (revision.after["deaths"], revision.after["grade"]) == (3, "较大")
    assert not revision.after_window


def test_a_supplement_after_thirty_days_is_refused_and_nothing_changes(world):
    accident = record(world, occurred_at=timezone.now() - timedelta(days=32))
    with pytest.raises(ValidationError) as error:
        services.do_revise_figures(accident, user=world.district_user, kind="supplement", note="补报",
                                   **{**FIGURES, "deaths": 2})
    assert "续报期已过" in error.value.messages[0] and "30 日" in error.value.messages[0]
    assert Accident.objects.get().deaths == 1 and not AccidentRevision.objects.exists()


@pytest.mark.parametrize("fields", [{"accident_type": "火灾"}, {"road_traffic": True}])
def test_road_traffic_and_fire_have_seven_days(world, fields):
    accident = record(world, occurred_at=timezone.now() - timedelta(days=9), **fields)
    assert reporting.supplement_days(accident) == 7
    with pytest.raises(ValidationError):
        services.do_revise_figures(accident, user=world.district_user, kind="supplement", note="补报",
                                   **{**FIGURES, "deaths": 2})
    assert Accident.objects.get().deaths == 1


def test_the_window_ends_at_midnight_of_the_thirtieth_day_after_the_accident_day(world):
    accident = record(world, occurred_at=local(2026, 3, 1, 23))
    assert timezone.localtime(reporting.supplement_deadline(accident)) == local(2026, 4, 1, 0)


def test_a_correction_after_the_window_is_accepted_and_flagged(world):
    accident = record(world, occurred_at=timezone.now() - timedelta(days=60))
    revision = services.do_revise_figures(accident, user=world.district_user, kind="correction",
                                          note="经核查，瞒报死亡 1 人", **{**FIGURES, "deaths": 2})
    assert revision.after_window and Accident.objects.get().deaths == 2


def test_a_loss_finalised_after_the_window_is_a_supplement_without_a_flag(world):
    accident = record(world, occurred_at=timezone.now() - timedelta(days=60))
    revision = services.do_revise_figures(accident, user=world.district_user, kind="supplement", note="损失核定",
                                          **{**FIGURES, "direct_loss_yuan": "2100000"})
    assert not revision.after_window and Accident.objects.get().direct_loss_yuan == Decimal("2100000")


@pytest.mark.parametrize("changes, note", [
    ({"direct_loss_yuan": "300"}, "损失"),  # in 万元 with a death
    ({}, "没有变化"),
    ({"deaths": 2}, "   "),
])
def test_bad_revisions_change_nothing(world, changes, note):
    accident = record(world)
    with pytest.raises(ValidationError):
        services.do_revise_figures(accident, user=world.district_user, kind="supplement", note=note,
                                   **{**FIGURES, **changes})
    stored = Accident.objects.get()
    assert (stored.deaths, stored.direct_loss_yuan) == (1, Decimal("1500000"))
    assert not AccidentRevision.objects.exists()


def test_editing_cannot_change_the_figures(world):
    accident = record(world)
    accident.deaths = 5
    with pytest.raises(ValidationError) as error:
        services.do_save_accident(accident, user=world.district_user)
    assert "deaths" in error.value.message_dict and Accident.objects.get().deaths == 1


def test_editing_the_description_and_the_finding_is_allowed(world):
    accident = record(world)
    accident.misreporting, accident.misreporting_note = "concealed", "区应急管理局认定（金应急〔2026〕1号）"
    services.do_save_accident(accident, user=world.district_user)
    assert Accident.objects.get().get_misreporting_display() == "瞒报"


# --- reports up the chain -------------------------------------------------------------------------------

def test_the_timeline_follows_the_grade_and_flags_late_reports(world):
    occurred = timezone.now() - timedelta(hours=6)
    accident = record(world, occurred_at=occurred)
    services.do_record_report(accident, user=world.district_user, authority="county", at=occurred + timedelta(minutes=90))
    steps = reporting.timeline(accident)
    assert [(s.authority.code, s.due) for s in steps] == [
        ("county", occurred + timedelta(hours=1)), ("city", occurred + timedelta(minutes=90 + 120))]
    now = timezone.now()
    assert [s.is_late(now) for s in steps] == [True, True]  # county late; city never reported and overdue
    assert reporting.is_late(accident)


def test_a_report_in_time_is_not_late(world):
    occurred = timezone.now() - timedelta(minutes=30)
    accident = record(world, occurred_at=occurred)
    services.do_record_report(accident, user=world.district_user, authority="county", at=occurred + timedelta(minutes=20))
    assert not reporting.is_late(accident)


@pytest.mark.parametrize("authority, minutes", [("province", 10), ("county", -10), ("county", 600)])
def test_impossible_reports_are_refused(world, authority, minutes):
    accident = record(world, occurred_at=timezone.now() - timedelta(hours=2))
    with pytest.raises(ValidationError):
        services.do_record_report(accident, user=world.district_user, authority=authority,
                                  at=accident.occurred_at + timedelta(minutes=minutes))
    assert not AccidentReport.objects.exists()


# --- investigation --------------------------------------------------------------------------------------

def test_investigation_measures_become_hazards_of_the_enterprise_and_tasks(world):
    accident = record(world, occurred_at=timezone.now() - timedelta(days=70))
    investigation = services.do_record_investigation(
        accident, user=world.district_user, report_date=timezone.localdate(), cause="违章作业",
        responsibility="企业主要负责人", measures=[("hazard", "罐区法兰未按期更换"), ("task", "开展同类企业专项检查")])
    hazard_measure, task_measure = investigation.measures.all()
    hazard = Hazard.objects.get()
    assert hazard_measure.hazard == hazard and hazard.origin == accident and hazard.enterprise == world.ent_park
    assert hazard.title == "罐区法兰未按期更换" and hazard.state == "registered"
    assert task_measure.hazard is None and task_measure.assignee == world.ent_park.name
    services.do_complete_measure(task_measure, user=world.district_user)
    task_measure.refresh_from_db()
    assert task_measure.done_on == timezone.localdate()


def test_an_accident_without_an_enterprise_cannot_register_hazards(world):
    accident = record(world, enterprise=None, area=world.street_b, sector=world.transport, accident_type="车辆伤害",
                      road_traffic=True)
    with pytest.raises(ValidationError) as error:
        services.do_record_investigation(accident, user=world.district_user, report_date=timezone.localdate(),
                                         cause="超速", responsibility="驾驶员", measures=[("hazard", "路口无信号灯")])
    assert "整改任务" in error.value.messages[0]
    assert not Investigation.objects.exists() and not Hazard.objects.exists()


def test_a_second_investigation_is_refused(world):
    accident = record(world)
    arguments = {"report_date": timezone.localdate(), "cause": "原因", "responsibility": "责任", "measures": []}
    services.do_record_investigation(accident, user=world.district_user, **arguments)
    with pytest.raises(ValidationError):
        services.do_record_investigation(accident, user=world.district_user, **arguments)


# --- from an incident -----------------------------------------------------------------------------------

def test_an_accident_drafted_from_an_incident_takes_its_figures_and_reports(world):
    incident = incidents.do_report(new_incident(world), user=world.district_user)
    incidents.do_mark_notice_reported(incident.notices.get(authority="county"), user=world.district_user,
                                      at=incident.occurred_at + timedelta(minutes=15))
    incidents.do_add_update(incident, user=world.district_user, text="一人死亡", deaths=1, missing=0,
                            serious_injuries=2, minor_injuries=0, direct_loss_yuan=Decimal("1300000"))
    assert list(services.incidents_to_record(world.district_user)) == [incident]
    accident = services.do_record_accident(services.draft_from_incident(incident), user=world.district_user)
    assert (accident.incident, accident.deaths, accident.serious_injuries, accident.sector) == (
        incident, 1, 2, world.hazchem)
    assert list(accident.reports.values_list("authority", flat=True)) == ["county"]
    assert not services.incidents_to_record(world.district_user).exists()
    with pytest.raises(ValidationError):  # one accident per incident
        services.do_record_accident(services.draft_from_incident(incident), user=world.district_user)
