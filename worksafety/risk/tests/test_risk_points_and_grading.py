"""The 双重预防 register, enterprise colours with the district's review, and the supervision plan."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from worksafety.registry.models import HazardUnit
from worksafety.risk import services
from worksafety.risk.models import EnterpriseGrading, RiskEvent, RiskObject, RiskUnit, SupervisionRule


def register_event(world, client, **factors):
    """The enterprise builds object → unit → event through the pages; returns the event."""
    client.post("/risk/objects/add/", {"enterprise": world.ent_park.pk, "name": "液氨罐区", "kind": "facility",
                                       "responsible_person": "王五"})
    risk_object = RiskObject.objects.get(name="液氨罐区")
    client.post("/risk/units/add/", {"risk_object": risk_object.pk, "name": "1# 液氨储罐", "responsible_person": "赵六"})
    unit = RiskUnit.objects.get(name="1# 液氨储罐")
    data = {"risk_unit": unit.pk, "name": "液氨泄漏中毒", "accident_type": "中毒和窒息", **factors}
    response = client.post("/risk/events/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return RiskEvent.objects.get(name="液氨泄漏中毒")


def test_lec_event_is_scored_and_coloured_by_the_band_table(world, client_for):
    event = register_event(world, client_for(world.enterprise_user), method="lec", likelihood=3, exposure=10,
                           consequence=15)
    assert event.score == 450 and event.colour == "red"


def test_ls_event_and_factor_outside_the_score_table(world, client_for):
    client = client_for(world.enterprise_user)
    event = register_event(world, client, method="ls", likelihood=3, consequence=4)
    assert event.score == 12 and event.colour == "yellow"
    response = client.post(f"/risk/events/{event.pk}/edit/", {
        "risk_unit": event.risk_unit_id, "name": event.name, "accident_type": "中毒和窒息", "method": "lec",
        "likelihood": 4, "exposure": 10, "consequence": 15})
    assert response.status_code == 200 and "须为以下取值之一" in response.content.decode()
    event.refresh_from_db()
    assert event.method == "ls"


def test_supervisors_read_the_register_but_cannot_write_it(world, client_for):
    register_event(world, client_for(world.enterprise_user), method="lec", likelihood=1, exposure=6, consequence=7)
    page = client_for(world.park_user).get(f"/risk/register/?enterprise={world.ent_park.pk}")
    assert "液氨泄漏中毒" in page.content.decode()
    assert client_for(world.park_user).get("/risk/events/add/").status_code == 404
    assert client_for(world.street_b_user).get(f"/risk/register/?enterprise={world.ent_park.pk}").status_code == 404


def test_grading_from_risk_points_waits_for_the_district(world, client_for):
    register_event(world, client_for(world.enterprise_user), method="lec", likelihood=3, exposure=10, consequence=15)
    response = client_for(world.enterprise_user).post(f"/enterprises/{world.ent_park.pk}/grade/risk-points/")
    grading = EnterpriseGrading.objects.get()
    assert response.status_code == 302 and grading.status == "submitted" and grading.colour == "red"
    world.ent_park.refresh_from_db()
    assert world.ent_park.risk_colour == ""

    assert client_for(world.street_a_user).post(f"/risk/gradings/{grading.pk}/review/",
                                                {"decision": "approve"}).status_code == 404
    client_for(world.district_user).post(f"/risk/gradings/{grading.pk}/review/", {"decision": "approve"})
    grading.refresh_from_db()
    world.ent_park.refresh_from_db()
    assert grading.status == "approved" and grading.reviewer == world.district_user
    assert world.ent_park.risk_colour == "red"


def test_a_grading_is_reviewed_once_and_a_return_needs_a_reason(world):
    grading = services._submit_grading(world.ent_park, user=world.enterprise_user, method="risk_points",
                                       inputs={"events": {"blue": 1}}, result={"colour": "blue"}, score=None,
                                       colour="blue")
    with pytest.raises(ValidationError):
        services.do_review_grading(grading, user=world.district_user, approve=False, comment=" ")
    services.do_review_grading(grading, user=world.district_user, approve=False, comment="证据不足")
    with pytest.raises(ValidationError):
        services.do_review_grading(grading, user=world.district_user, approve=True)
    grading.refresh_from_db()
    assert grading.status == "returned" and grading.review_comment == "证据不足"


def test_hazchem_form_takes_the_major_hazard_level_from_the_units(world, client_for):
    from worksafety.registry.models import Chemical
    from worksafety.risk.services import do_save_hazard_unit, do_set_substance

    unit = do_save_hazard_unit(HazardUnit(enterprise=world.ent_park, kind="storage", name="液氯库", population_500m=120,
                                          principal="甲", technical_lead="乙", operations_lead="丙"),
                               user=world.district_user)
    do_set_substance(unit, Chemical.objects.get(name="氯"), 20, user=world.district_user)  # 4·20/5·2 = 32 → 三级
    unit.refresh_from_db()
    assert unit.level == 3
    response = client_for(world.district_user).post(f"/enterprises/{world.ent_park.pk}/grade/hazchem/",
                                                    {"hazardous_process_each": 2})
    assert response.status_code == 302
    grading = EnterpriseGrading.objects.get()
    # 100 − 6 (三级重大危险源) − 4 (two hazardous processes) = 90 → blue; the district's grading applies at once.
    assert grading.inputs["major_hazard_level"] == 3 and float(grading.score) == 90 and grading.colour == "blue"
    world.ent_park.refresh_from_db()
    assert world.ent_park.risk_colour == "blue" and grading.status == "approved"


def test_hazchem_model_is_refused_for_other_sectors(world, client_for):
    response = client_for(world.district_user).post(f"/enterprises/{world.ent_street_a.pk}/grade/hazchem/", {},
                                                    follow=True)
    assert response.redirect_chain and "只适用于危险化学品企业" in response.content.decode()
    assert not EnterpriseGrading.objects.exists()


def test_supervision_plan_follows_colour_and_sector_rules(world, client_for):
    from worksafety.registry.models import Enterprise

    Enterprise.objects.filter(pk=world.ent_park.pk).update(risk_colour="red")
    Enterprise.objects.filter(pk=world.ent_street_a.pk).update(risk_colour="yellow")
    SupervisionRule.objects.create(colour="yellow", sector=world.trade, inspections_per_year=3)
    plan = {line.enterprise.pk: line.key_inspections
            for line in services.SupervisionPlan(Enterprise.objects.all()).lines()}
    assert plan == {world.ent_park.pk: 4, world.ent_street_a.pk: 3, world.ent_street_b.pk: 0}
    assert services.SupervisionPlan(Enterprise.objects.all()).totals() == {
        "key_count": 2, "key_inspections": 7, "pool_count": 1}

    export = client_for(world.street_a_user).get("/risk/supervision/?export=xlsx&year=2027")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(min_row=2, values_only=True))
    assert sorted((r[0], r[6]) for r in rows) == sorted([(world.ent_park.name, 4), (world.ent_street_a.name, 3)])


def test_band_table_must_cover_every_score_once_and_recolours_events(world, client_for):
    event = register_event(world, client_for(world.enterprise_user), method="lec", likelihood=1, exposure=6,
                           consequence=15)  # D = 90 → yellow by default
    with pytest.raises(ValidationError, match="gap"):
        services.do_replace_bands("lec", [(0, False, 70, True, "blue"), (80, False, None, False, "red")],
                                  user=world.district_user)
    services.do_replace_bands("lec", [(0, False, 80, True, "blue"), (80, False, None, False, "red")],
                              user=world.district_user)
    event.refresh_from_db()
    assert event.colour == "red"


def band_post(method, rows):
    data = {"method": method, f"{method}-TOTAL_FORMS": len(rows), f"{method}-INITIAL_FORMS": 0}
    for i, (lower, lower_in, upper, upper_in, colour) in enumerate(rows):
        data.update({f"{method}-{i}-lower": lower, f"{method}-{i}-upper": "" if upper is None else upper,
                     f"{method}-{i}-colour": colour})
        if lower_in:
            data[f"{method}-{i}-lower_inclusive"] = "on"
        if upper_in:
            data[f"{method}-{i}-upper_inclusive"] = "on"
    return data


def test_settings_page_replaces_a_band_table_only_when_it_covers_every_score(world, client_for):
    from worksafety.risk.models import RiskBand

    client = client_for(world.district_user)
    before = list(RiskBand.objects.filter(method="ls").values_list("lower", "colour"))
    gap = band_post("ls", [(0, False, 8, True, "blue"), (10, False, None, False, "red")])
    response = client.post("/risk/settings/", gap, follow=True)
    assert "gap" in response.content.decode()
    assert list(RiskBand.objects.filter(method="ls").values_list("lower", "colour")) == before

    good = band_post("ls", [(0, False, 12, True, "blue"), (12, False, 16, True, "yellow"),
                            (16, False, 20, False, "orange"), (20, True, None, False, "red")])
    assert client.post("/risk/settings/", good).status_code == 302
    assert RiskBand.objects.filter(method="ls").count() == 4
    assert client_for(world.street_a_user).post("/risk/settings/", good).status_code == 404
    assert client_for(world.street_a_user).get("/risk/settings/").status_code == 200  # reading is allowed
