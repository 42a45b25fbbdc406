"""Sensors: GB/T 50493-2019 §5.5 alarm-value ceilings for gas detectors, the order of the limits, the range,
the hazard unit's enterprise, the standard's defaults, and who sees, creates and changes sensors on the API."""

import pytest
from django.core.exceptions import ValidationError

from conftest import ENTERPRISES, ROLES, SEES, user_of
from worksafety.core.scoping import OutOfScope
from worksafety.monitoring import services
from worksafety.monitoring.choices import SensorKind
from worksafety.monitoring.models import Sensor
from worksafety.monitoring.tests.helpers import make_sensor
from worksafety.registry.models import HazardUnit

LIST = "/api/v1/sensors/"
COMBUSTIBLE, TOXIC = SensorKind.COMBUSTIBLE_GAS, SensorKind.TOXIC_GAS
EDITORS = {"admin", "district", "enterprise"}  # monitoring.sensor add/change (core/scoping.py)
DELETERS = {"admin", "enterprise"}


def unsaved(world, **fields) -> Sensor:
    values = {"enterprise": world.ent_park, "code": "GT-101", "name": "储罐区可燃气体", "kind": COMBUSTIBLE,
              "unit": "%LEL", "range_low": 0, "range_high": 100, **fields}
    return Sensor(**values)


def errors(sensor) -> dict:
    try:
        sensor.clean()
    except ValidationError as error:
        return {name: len(messages) for name, messages in error.message_dict.items()}
    return {}


def unit_of(enterprise, name="储罐区"):
    return HazardUnit.objects.create(enterprise=enterprise, kind="storage", name=name, population_500m=60,
                                     principal="张三", technical_lead="李四", operations_lead="王五")


# --- GB/T 50493-2019 ceilings --------------------------------------------------------------------------------

@pytest.mark.parametrize("high,high_high,expected", [
    (25, 50, {}),
    (10, 20, {}),
    (25.01, 50, {"high": 1}),
    (25, 50.01, {"high_high": 1}),
    (30, 60, {"high": 1, "high_high": 1}),
    (None, 50, {}),
    (None, 51, {"high_high": 1}),
    (26, None, {"high": 1}),
])
def test_combustible_ceilings_25_and_50_percent_lel(world, high, high_high, expected):
    assert errors(unsaved(world, high=high, high_high=high_high)) == expected


@pytest.mark.parametrize("oel,high,high_high,expected", [
    (20, 20, 40, {}),  # H ≤ 1 × OEL, HH ≤ 2 × OEL
    (20, 20.01, 40, {"high": 1}),
    (20, 20, 40.01, {"high_high": 1}),
    (0.5, 0.5, 1.0, {}),
    (0.5, 0.6, 1.1, {"high": 1, "high_high": 1}),
    (None, 20, 40, {"oel_ppm": 1}),
    (None, None, None, {"oel_ppm": 1}),
    (0, 1, 2, {"oel_ppm": 1}),
])
def test_toxic_ceilings_follow_the_occupational_exposure_limit(world, oel, high, high_high, expected):
    sensor = unsaved(world, kind=TOXIC, unit="ppm", oel_ppm=oel, high=high, high_high=high_high)
    assert errors(sensor) == expected


@pytest.mark.parametrize("kind", [SensorKind.TEMPERATURE, SensorKind.PRESSURE, SensorKind.LEVEL])
def test_other_kinds_have_no_gas_ceiling(world, kind):
    assert errors(unsaved(world, kind=kind, unit="x", range_high=1000, high=500, high_high=900)) == {}


# --- limits, range, hazard unit ------------------------------------------------------------------------------

@pytest.mark.parametrize("limits,ok", [
    ({"low_low": 1, "low": 2, "high": 20, "high_high": 40}, True),
    ({"low": 2, "high_high": 40}, True),
    ({"low_low": 1, "high": 20}, True),
    ({"low_low": 2, "low": 2}, False),
    ({"low": 5, "high": 5}, False),
    ({"high": 20, "high_high": 20}, False),
    ({"low": 30, "high": 20}, False),
    ({"low_low": 3, "low": 2, "high": 20, "high_high": 40}, False),
    ({"low_low": 30, "high_high": 20}, False),
])
def test_limits_must_rise_ll_l_h_hh(world, limits, ok):
    assert errors(unsaved(world, **limits)) == ({} if ok else {"high": 1})


@pytest.mark.parametrize("low,high,ok", [(0, 100, True), (-20, -10, True), (0, 0, False), (10, 5, False)])
def test_range_high_must_exceed_range_low(world, low, high, ok):
    assert errors(unsaved(world, range_low=low, range_high=high)) == ({} if ok else {"range_high": 1})


def test_hazard_unit_of_another_enterprise_is_refused(world):
    assert errors(unsaved(world, hazard_unit=unit_of(world.ent_park))) == {}
    assert errors(unsaved(world, hazard_unit=unit_of(world.ent_street_a, "喷漆车间"))) == {"hazard_unit": 1}


def test_do_save_sensor_refuses_a_toxic_detector_without_oel_and_saves_nothing(world):
    sensor = unsaved(world, kind=TOXIC, unit="ppm", code="AT-201")
    with pytest.raises(ValidationError) as caught:
        services.do_save_sensor(sensor, user=world.enterprise_user)
    assert set(caught.value.message_dict) == {"oel_ppm"}
    assert not Sensor.objects.exists()


# --- GB/T 50493-2019 defaults --------------------------------------------------------------------------------

@pytest.mark.parametrize("fields,expected", [
    ({"kind": COMBUSTIBLE}, (25.0, 50.0)),
    ({"kind": COMBUSTIBLE, "high": 20}, (20, 50.0)),
    ({"kind": COMBUSTIBLE, "high": 10, "high_high": 20}, (10, 20)),
    ({"kind": TOXIC, "oel_ppm": 20}, (20.0, 40.0)),  # e.g. 氨 PC-STEL 30 mg/m³ ≈ 43 ppm; any OEL works
    ({"kind": TOXIC, "oel_ppm": 0.5, "high_high": 0.8}, (0.5, 0.8)),
    ({"kind": TOXIC}, (None, None)),  # no OEL: nothing to derive; clean() refuses it
    ({"kind": SensorKind.TEMPERATURE}, (None, None)),
])
def test_apply_gas_defaults(world, fields, expected):
    sensor = unsaved(world, **fields)
    sensor.apply_gas_defaults()
    assert (sensor.high, sensor.high_high) == expected
    assert (sensor.low, sensor.low_low) == (None, None)


def test_do_save_sensor_applies_the_defaults(world):
    sensor = services.do_save_sensor(unsaved(world, kind=TOXIC, unit="ppm", oel_ppm=10), user=world.enterprise_user)
    sensor.refresh_from_db()
    assert (sensor.high, sensor.high_high, sensor.in_service) == (10.0, 20.0, True)


# --- in service ------------------------------------------------------------------------------------------------

def test_set_in_service_needs_a_reason_and_scope(world):
    sensor = make_sensor(world.ent_park)
    with pytest.raises(ValidationError):
        services.do_set_in_service(sensor, user=world.enterprise_user, in_service=False, reason="  ")
    for outsider in (world.street_b_user, world.department_user, world.park_user, world.expert_user):
        with pytest.raises(OutOfScope):
            services.do_set_in_service(sensor, user=outsider, in_service=False, reason="检修")
    sensor.refresh_from_db()
    assert sensor.in_service is True
    services.do_set_in_service(sensor, user=world.enterprise_user, in_service=False, reason="探头故障，送检")
    assert Sensor.objects.get(pk=sensor.pk).in_service is False


# --- the API ---------------------------------------------------------------------------------------------------

def payload(enterprise, **changes) -> dict:
    return {"enterprise": enterprise.pk, "code": "GT-201", "name": "装车站可燃气体", "kind": COMBUSTIBLE, "unit": "%LEL",
            "range_low": 0, "range_high": 100, "interval_s": 5, **changes}


def test_enterprise_creates_its_sensor_with_the_gb50493_defaults(world, api_for):
    response = api_for(world.enterprise_user).post(LIST, payload(world.ent_park), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["enterprise"], data["code"], data["high"], data["high_high"], data["in_service"], data["latest"]) == (
        world.ent_park.pk, "GT-201", 25.0, 50.0, True, None)
    assert Sensor.objects.get(pk=data["id"]).enterprise_id == world.ent_park.pk


@pytest.mark.parametrize("changes,field", [
    ({"high": 30}, "high"),
    ({"high_high": 60}, "high_high"),
    ({"kind": TOXIC, "unit": "ppm"}, "oel_ppm"),
    ({"range_high": 0}, "range_high"),
    ({"low": 40, "high": 20}, "high"),
])
def test_api_refuses_invalid_sensors_with_field_errors(world, api_for, changes, field):
    response = api_for(world.enterprise_user).post(LIST, payload(world.ent_park, **changes), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Sensor.objects.exists()


def test_enterprise_cannot_create_a_sensor_for_another_company(world, api_for):
    response = api_for(world.enterprise_user).post(LIST, payload(world.ent_street_a), format="json")
    assert response.status_code == 400, response.content
    assert "enterprise" in response.json()
    assert not Sensor.objects.exists()


def test_in_service_is_read_only_on_the_api(world, api_for):
    sensor = make_sensor(world.ent_park)
    response = api_for(world.enterprise_user).patch(f"{LIST}{sensor.pk}/", {"in_service": False}, format="json")
    assert response.status_code == 200
    sensor.refresh_from_db()
    assert sensor.in_service is True


@pytest.fixture
def sensors(world):
    return {name: make_sensor(getattr(world, name), code=f"GT-{index}") for index, name in enumerate(ENTERPRISES)}


@pytest.mark.parametrize("role", ROLES)
def test_sensor_list_and_detail_are_scoped(world, api_for, sensors, role):
    api = api_for(user_of(world, role))
    listed = api.get(LIST).json()
    assert sorted(row["code"] for row in listed["results"]) == sorted(sensors[name].code for name in SEES[role])
    for name, sensor in sensors.items():
        assert api.get(f"{LIST}{sensor.pk}/").status_code == (200 if name in SEES[role] else 404), name


@pytest.mark.parametrize("role", ROLES)
def test_sensor_changes_are_scoped_by_role_and_enterprise(world, api_for, sensors, role):
    api = api_for(user_of(world, role))
    for name, sensor in sensors.items():
        may_change = role in EDITORS and name in SEES[role]
        response = api.patch(f"{LIST}{sensor.pk}/", {"name": "改名"}, format="json")
        assert response.status_code == (200 if may_change else 404), (name, response.content)
        assert Sensor.objects.get(pk=sensor.pk).name == ("改名" if may_change else sensor.name)
        may_delete = role in DELETERS and name in SEES[role]
        assert api.delete(f"{LIST}{sensor.pk}/").status_code == (204 if may_delete else 404), name
        assert Sensor.objects.filter(pk=sensor.pk).exists() is not may_delete


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_create_sensors_and_only_in_scope(world, api_for, role):
    api = api_for(user_of(world, role))
    for index, name in enumerate(ENTERPRISES):
        enterprise = getattr(world, name)
        response = api.post(LIST, payload(enterprise, code=f"NEW-{index}"), format="json")
        if name not in SEES[role]:
            expected = 400  # an enterprise the user cannot see is no valid choice
        else:
            expected = 201 if role in EDITORS else 404
        assert response.status_code == expected, (name, response.content)
        assert Sensor.objects.filter(enterprise=enterprise, code=f"NEW-{index}").exists() is (expected == 201)
