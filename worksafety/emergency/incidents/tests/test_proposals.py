"""报警—响应联动: an HH alarm of a gas sensor proposes a draft incident, prefilled with the unit's chemical and
inventory, the park's weather station, the threat zones and what lies in them; a person confirms or dismisses
it. From readings through the real ingest pipeline to the board."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from worksafety.core.jobs import JOBS
from worksafety.core.models import Notification
from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.models import Incident, IncidentState
from worksafety.emergency.resources.tests.helpers import target, team
from worksafety.monitoring import alarms
from worksafety.monitoring.choices import SensorKind
from worksafety.monitoring.ingest import Pipeline
from worksafety.monitoring.models import Alarm, SensorState
from worksafety.monitoring.tests.helpers import body, make_sensor, reading
from worksafety.registry.models import Chemical, HazardUnit, HazardUnitSubstance


@pytest.fixture
def ammonia_unit(world):
    unit = HazardUnit.objects.create(enterprise=world.ent_park, kind="storage", name="液氨罐区", lat=39.02, lon=121.83,
                                     principal="张三", technical_lead="李四", operations_lead="王五",
                                     population_500m=0)
    HazardUnitSubstance.objects.create(unit=unit, chemical=Chemical.objects.get(cas="7664-41-7"), quantity_t=50)
    return unit


@pytest.fixture
def detector(world, ammonia_unit):
    return make_sensor(world.ent_park, code="AT-201", name="氨气探测器", kind=SensorKind.TOXIC_GAS, unit="ppm",
                       range_high=500, high=20, high_high=40, oel_ppm=20, hazard_unit=ammonia_unit,
                       lat=39.0201, lon=121.8302, on_delay_s=0, off_delay_s=0)


def leak(world, sensor, value: float) -> Alarm:
    """Readings through the ingest pipeline, as the MQTT and HTTP paths deliver them, until HH."""
    pipeline = Pipeline()
    now = time.time()
    prepared = pipeline.prepare(world.ent_park.pk, body(*(reading(sensor.code, now - 5 + i, value) for i in range(3))))
    alarms.apply_changes(prepared.alarms)
    return Alarm.objects.get(sensor=sensor)


def station(world, speed: float, direction: float, age_s: float = 30):
    at = timezone.now() - timedelta(seconds=age_s)
    for code, kind, value in (("WS", SensorKind.WIND_SPEED, speed), ("WD", SensorKind.WIND_DIRECTION, direction)):
        sensor = make_sensor(world.ent_park, code=code, kind=kind, unit="m/s", range_high=360, high=None, high_high=None)
        SensorState.objects.create(sensor=sensor, ts=at, value=value)


def test_an_hh_gas_alarm_proposes_a_modelled_incident_that_a_person_confirms(world, detector, ammonia_unit,
                                                                          django_capture_on_commit_callbacks):
    station(world, speed=3.0, direction=0.0)  # a north wind: the plume goes south
    school = target(world, "大孤山小学", at=(39.015, 121.83), population=800)
    team(world, "园区危化品救援队", at=(39.03, 121.84))
    alarm = leak(world, detector, 300.0)
    assert alarm.condition == "HH" and list(incidents.proposing_alarms()) == [alarm]

    with django_capture_on_commit_callbacks(execute=True):
        incident = incidents.propose_from_alarm(alarm)

    assert (incident.state, incident.enterprise, incident.hazard_unit) == ("proposed", world.ent_park, ammonia_unit)
    assert incident.chemical.cas == "7664-41-7" and incident.accident_type == "中毒和窒息"
    assert incident.zones["weather"]["source"] == "station" and incident.zones["weather"]["wind_m_s"] == 3.0
    assert [z["level"] for z in incident.zones["toxic"]["zones"]] == ["AEGL-3", "AEGL-2", "AEGL-1"]
    assessment = incidents.assess(incident)
    # Ammonia burns too: the explosion radii are there, flagged for their unconfirmed heat of combustion.
    assert [z["radius_m"] > 0 for z in assessment["explosion"]["zones"]] == [True] * 3
    assert "heat_unconfirmed" in [f["code"] for f in assessment["explosion"]["flags"]]
    assert "flammable_not_modelled" not in [f["code"] for f in assessment["toxic"]["flags"]]
    assert [t["name"] for t in assessment["targets"]] == ["大孤山小学"] and assessment["population"] == 800
    assert not [note for note in assessment["notes"] if "未计入受影响目标" in note]  # no zone was cut
    assert assessment["teams"][0]["name"] == "园区危化品救援队"
    assert school.lat < incident.lat  # south of the source, downwind
    assert Notification.objects.filter(recipient=world.district_user, category="incident").exists()
    assert incidents.propose_from_alarm(alarm) is None  # once per alarm
    assert not incidents.proposing_alarms().exists()

    incidents.do_confirm(incident, user=world.park_user)
    incident.refresh_from_db()
    assert (incident.state, incident.reported_by) == (IncidentState.REPORTED, world.park_user)
    assert incident.notices.count() == 2


def test_the_worker_job_proposes_and_an_enterprise_may_not_dismiss_its_own_alarm(world, detector):
    leak(world, detector, 300.0)
    next(job for job in JOBS if job.name == "incident_proposals").run()
    incident = Incident.objects.get()
    with pytest.raises(ValidationError):
        incidents.do_dismiss(incident, user=world.enterprise_user, reason="误报")
    with pytest.raises(ValidationError):
        incidents.do_dismiss(incident, user=world.district_user, reason=" ")
    incidents.do_dismiss(incident, user=world.district_user, reason="探头标定偏差，现场确认无泄漏")
    assert Incident.objects.get().state == IncidentState.DISMISSED


def test_a_high_alarm_or_a_temperature_sensor_proposes_nothing(world, detector, ammonia_unit):
    leak(world, detector, 30.0)  # past 一级 (20 ppm) only
    thermometer = make_sensor(world.ent_park, code="TT-1", kind=SensorKind.TEMPERATURE, unit="℃", range_high=200,
                              high=50, high_high=80, hazard_unit=ammonia_unit, on_delay_s=0)
    leak(world, thermometer, 150.0)
    assert set(Alarm.objects.values_list("condition", flat=True)) == {"H", "HH"}
    assert not incidents.proposing_alarms().exists()


def test_without_a_recent_station_the_default_wind_is_used_and_said_so(world, detector, settings):
    station(world, speed=3.0, direction=90.0, age_s=3600)  # an hour old
    incident = incidents.propose_from_alarm(leak(world, detector, 300.0))
    weather = incident.zones["weather"]
    assert weather["source"] == "default" and weather["wind_m_s"] == settings.WORKSAFETY_DEFAULT_WIND_M_S
    assert weather["stability_source"] == "gbt13201"


def test_the_release_is_capped_by_the_inventory(world, detector, ammonia_unit, settings):
    ammonia_unit.substances.update(quantity_t=0.36)  # 360 kg: 0.1 kg/s over the 60 minutes of AEGL-60
    incident = incidents.propose_from_alarm(leak(world, detector, 300.0))
    assert incident.zones["release"]["release_kg_s"] == pytest.approx(0.1)
    assert incident.zones["release"]["capped_by_inventory_t"] == 0.36


def test_the_board_shows_the_proposal_and_confirming_makes_it_an_incident(world, detector, client_for):
    alarm = leak(world, detector, 300.0)
    client = client_for(world.district_user)
    response = client.post(f"/incidents/from-alarm/{alarm.pk}/")
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "系统建议" in page and "确认接报" in page and "AEGL-3" in page
    client.post(f"/incidents/{incident.pk}/confirm/")
    assert Incident.objects.get().state == IncidentState.REPORTED
    assert client_for(world.street_b_user).get(f"/incidents/{incident.pk}/").status_code == 404


def test_the_alarm_page_offers_the_proposal_then_opens_the_incident(world, detector, client_for):
    alarm = leak(world, detector, 300.0)
    client = client_for(world.district_user)
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert f'action="/incidents/from-alarm/{alarm.pk}/"' in page and "生成处置建议" in page
    client.post(f"/incidents/from-alarm/{alarm.pk}/")
    page = client.get(f"/monitoring/alarms/{alarm.pk}/").content.decode()
    assert "查看事件指挥" in page and "生成处置建议" not in page


def test_a_wind_entered_on_the_board_wins_over_the_station(world, detector):
    station(world, speed=3.0, direction=0.0)
    incident = incidents.propose_from_alarm(leak(world, detector, 300.0))
    incidents.do_recompute(incident, user=world.district_user, release={},
                           weather={"wind_m_s": 1.5, "wind_from_deg": 270.0})
    weather = Incident.objects.get().zones["weather"]
    assert (weather["source"], weather["wind_m_s"], weather["wind_from_deg"]) == ("manual", 1.5, 270.0)


def test_an_h2s_alarm_proposes_zones_cut_at_the_models_10_km_and_the_board_says_so(world, client_for):
    """H₂S AEGL-1 is 0.51 ppm: the plume model would draw it ~100 km long; the Briggs σ hold to 10 km only."""
    unit = HazardUnit.objects.create(enterprise=world.ent_park, kind="production", name="加氢脱硫装置", lat=39.02,
                                     lon=121.83, principal="张三", technical_lead="李四", operations_lead="王五",
                                     population_500m=0)
    HazardUnitSubstance.objects.create(unit=unit, chemical=Chemical.objects.get(cas="7783-06-4"), quantity_t=20)
    sensor = make_sensor(world.ent_park, code="AT-301", name="硫化氢探测器", kind=SensorKind.TOXIC_GAS, unit="ppm",
                         range_high=100, high=10, high_high=20, oel_ppm=10, hazard_unit=unit, lat=39.0201,
                         lon=121.8302, on_delay_s=0, off_delay_s=0)
    incident = incidents.propose_from_alarm(leak(world, sensor, 80.0))

    toxic = incident.zones["toxic"]
    assert all(zone["max_downwind_m"] <= 10_000 for zone in toxic["zones"])
    aegl1 = toxic["zones"][-1]
    assert (aegl1["level"], aegl1["truncated_at_m"]) == ("AEGL-1", 10_000)
    assert {"beyond_briggs_range", "zone_truncated"} & {flag["code"] for flag in toxic["flags"]}

    page = client_for(world.district_user).get(f"/incidents/{incident.pk}/").content.decode()
    assert page.count("超出模型适用范围（10 km），已截断") >= 3  # the zone list, the map legend and the flag
    assert "毒性影响区超出 10 km 的部分未计入受影响目标" in page  # nor are targets and shelters looked for there
    assert "高斯烟羽模型（连续点源，地面反射）" in page and "开阔乡村" in page
    for english in ("Gaussian plume", "open country", "TNT equivalence", "vapour-cloud"):
        assert english not in page
