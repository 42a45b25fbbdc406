"""Regressions for the defects a review found: bad input answered with clear errors, and state kept right."""

from decimal import Decimal

import pytest

from worksafety.core.services import do_save_object
from worksafety.registry.models import Chemical, HazardUnit
from worksafety.risk import services
from worksafety.risk.models import EnterpriseGrading


@pytest.fixture
def unit(world):
    return services.do_save_hazard_unit(
        HazardUnit(enterprise=world.ent_park, kind="storage", name="溶剂库", population_500m=10, principal="甲",
                   technical_lead="乙", operations_lead="丙"), user=world.enterprise_user)


@pytest.mark.parametrize("value", ["abc", "1.5", "1e30", "99999999999999999999999", "-3"])
def test_garbage_enterprise_ids_are_404_or_a_field_error_never_500(world, client_for, value):
    client = client_for(world.district_user)
    assert client.get(f"/risk/register/?enterprise={value}").status_code == 404
    for url in ("/risk/events/", "/hazard-units/", "/api/v1/risk-points/", "/api/v1/hazard-units/"):
        assert client.get(f"{url}?enterprise={value}").status_code in (200, 400), url


def test_review_accepts_only_approve_or_return_and_a_comment_of_bounded_length(world, client_for):
    grading = services._submit_grading(world.ent_park, user=world.enterprise_user, method="risk_points",
                                       inputs={"events": {"red": 1}}, result={"colour": "red"}, score=None,
                                       colour="red")
    client = client_for(world.district_user)
    assert client.post(f"/risk/gradings/{grading.pk}/review/", {"decision": "approved"}).status_code == 400
    client.post(f"/risk/gradings/{grading.pk}/review/", {"decision": "return", "comment": "长" * 301})
    grading.refresh_from_db()
    assert grading.status == "submitted"


def test_changing_a_substance_category_regrades_the_units_holding_it(world, unit):
    solvent = do_save_object(Chemical(name="某溶剂", categories=["W5.3"], owner=world.ent_park),
                             user=world.enterprise_user)
    services.do_set_substance(unit, solvent, Decimal("100"), user=world.enterprise_user)
    unit.refresh_from_db()
    assert unit.s_value == pytest.approx(0.1) and not unit.is_major

    solvent.categories = ["J1"]  # Q 5 t: 100 t is twenty times the critical quantity
    services.do_save_chemical(solvent, user=world.enterprise_user)
    unit.refresh_from_db()
    assert unit.s_value == pytest.approx(20) and unit.is_major


def test_a_unit_cannot_move_to_another_enterprise(world, unit, api_for):
    response = api_for(world.district_user).patch(f"/api/v1/hazard-units/{unit.pk}/",
                                                  {"enterprise": world.ent_street_a.pk}, format="json")
    unit.refresh_from_db()
    assert unit.enterprise == world.ent_park
    assert response.status_code in (200, 400)


def test_another_enterprises_substance_is_refused_by_the_service(world, unit):
    from django.core.exceptions import ValidationError

    theirs = do_save_object(Chemical(name="乙的溶剂", categories=["W5.3"], owner=world.ent_street_a), user=world.admin)
    with pytest.raises(ValidationError):
        services.do_set_substance(unit, theirs, Decimal("1"), user=world.district_user)


def test_park_enterprise_counts_only_count_what_the_user_may_see(world, client_for, api_for):
    rows = api_for(world.department_user).get("/api/v1/parks/").json()["results"]
    assert [row["id"] for row in rows] == [world.park.pk]
    page = client_for(world.department_user).get("/parks/").content.decode()
    # The park's one enterprise is hazchem, not the transport department's: it counts none.
    assert "<td>0</td>" in page and "<td>1</td>" not in page


def test_closed_enterprises_are_not_graded(world, client_for):
    from worksafety.registry.models import Enterprise

    Enterprise.objects.filter(pk=world.ent_park.pk).update(status="closed")
    world.ent_park.refresh_from_db()
    with pytest.raises(Exception, match="关闭"):
        services._submit_grading(world.ent_park, user=world.district_user, method="risk_points",
                                 inputs={"events": {"red": 1}}, result={"colour": "red"}, score=None, colour="red")
    assert not EnterpriseGrading.objects.exists()
