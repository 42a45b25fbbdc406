"""后果模拟 from a 危险化学品单元: the page offers the units in the login's scope only, and a chosen unit fills a blank
point and chemical (what the page's script does, done by the server when the script does not run)."""

from decimal import Decimal

import pytest

from worksafety.emergency.incidents.models import Incident
from worksafety.registry.models import Chemical, HazardUnit, HazardUnitSubstance


def _unit(enterprise, name, **fields):
    return HazardUnit.objects.create(enterprise=enterprise, name=name, kind="storage", population_500m=50,
                                     principal="张三", technical_lead="李四", operations_lead="王五", **fields)


@pytest.fixture
def units(world):
    chlorine = Chemical.objects.get(cas="7782-50-5")
    tank = _unit(world.ent_park, "液氯罐区", lat=39.021, lon=121.831)
    HazardUnitSubstance.objects.create(unit=tank, chemical=chlorine, quantity_t=Decimal("20"))
    HazardUnitSubstance.objects.create(unit=tank, chemical=Chemical.objects.get(cas="7664-41-7"), quantity_t=Decimal("5"))
    other = _unit(world.ent_street_b, "柴油库", lat=39.10, lon=121.70)
    return tank, other, chlorine


def test_the_page_offers_the_hazard_units_in_scope_only(world, units, client_for):
    tank, other, chlorine = units
    response = client_for(world.park_user).get("/simulation/")
    page = response.content.decode()
    assert "大连甲化工有限公司 · 液氯罐区" in page and "柴油库" not in page
    assert response.context["units"] == {str(tank.pk): {"lat": 39.021, "lon": 121.831,
                                                        "chemicals": [chlorine.pk, Chemical.objects.get(cas="7664-41-7").pk]}}
    assert 'id="pick-map"' in page and 'id="simulation-units"' in page and "emergency/simulation.js" in page
    district = client_for(world.district_user).get("/simulation/").context["units"]
    assert set(district) == {str(tank.pk), str(other.pk)}


def test_a_chosen_unit_fills_a_blank_point_and_chemical(world, units, client_for):
    tank, _, chlorine = units
    response = client_for(world.park_user).get("/simulation/", {"hazard_unit": tank.pk, "release_kg_s": "2",
                                                                 "wind_m_s": "2", "wind_from_deg": "45", "stability": "D"})
    assert response.context["chemical"] == chlorine  # the unit's largest by design quantity
    assert response.context["layers"]["incident"]["lat"] == 39.021
    assert "AEGL-3" in response.content.decode() and not Incident.objects.exists()


def test_a_unit_out_of_scope_is_refused(world, units, client_for):
    _, other, chlorine = units
    page = client_for(world.park_user).get("/simulation/", {"hazard_unit": other.pk, "chemical": chlorine.pk,
                                                            "lat": "39.1", "lon": "121.7"}).content.decode()
    assert "board-layers" not in page and "选择一个有效的选项" in page
