"""The GB 18218-2018 grading of hazard units through `risk.services`: every change of a unit's inventory or of
the population around it regrades the unit, stores the latest result on it and keeps a history row."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from worksafety.core.models import AuditEntry
from worksafety.core.scoping import OutOfScope
from worksafety.registry.models import Chemical, HazardUnit, HazardUnitSubstance
from worksafety.risk.models import MajorHazardAssessment
from worksafety.risk.services import (
    assessment_input,
    do_grade_hazard_unit,
    do_remove_substance,
    do_save_hazard_unit,
    do_set_substance,
)
from worksafety.standards import gb18218


@pytest.fixture
def ammonia(db):
    return Chemical.objects.get(gb18218_row=1)


@pytest.fixture
def unit(world):
    """A storage unit of the park enterprise with 60 people within 500 m (表5: α 1.5), saved by its user."""
    unit = HazardUnit(enterprise=world.ent_park, kind="storage", name="液氨储罐区", population_500m=60,
                      principal="张三", technical_lead="李四", operations_lead="王五")
    return do_save_hazard_unit(unit, user=world.enterprise_user)


def solvent_of(enterprise, name="某溶剂", categories=("W5.3",), cas=""):
    return Chemical.objects.create(name=name, cas=cas, owner=enterprise, categories=list(categories))


def history(unit):
    return list(MajorHazardAssessment.objects.filter(unit=unit).order_by("assessed_at", "id"))


def test_a_new_unit_is_graded_once_as_not_major(world, unit):
    rows = history(unit)
    assert len(rows) == 1
    assert rows[0].actor == world.enterprise_user and rows[0].reason == "新增单元"
    assert rows[0].result == {"S": 0, "is_major": False, "alpha": None, "R": None, "level": None, "terms": []}
    assert (unit.is_major, unit.level, unit.s_value, unit.r_value) == (False, None, 0, None)
    assert unit.assessed_at is not None


def test_ammonia_12_5_t_with_60_people_is_a_level_4_major_hazard(world, unit, ammonia):
    do_set_substance(unit, ammonia, Decimal("12.5"), user=world.enterprise_user)

    stored = HazardUnit.objects.get(pk=unit.pk)
    # 表1 row 1: Q 10 t, so S = 1.25; 表3: β 2; 表5: α 1.5; R = 1.5 × 2 × 1.25 = 3.75 < 10 → 四级.
    assert stored.is_major is True
    assert stored.level == 4 and stored.level_label == "四级"
    assert stored.s_value == pytest.approx(1.25)
    assert stored.r_value == pytest.approx(3.75)
    assert stored.assessed_at is not None
    # The caller's instance is refreshed too.
    assert (unit.is_major, unit.level, unit.r_value) == (True, 4, pytest.approx(3.75))

    latest = MajorHazardAssessment.objects.filter(unit=unit).first()
    assert latest.inputs == {"unit_type": "storage", "population_500m": 60,
                             "substances": [{"name": "氨", "quantity_t": 12.5}]}
    assert latest.result == gb18218.assess(latest.inputs)
    assert (latest.result["S"], latest.result["is_major"], latest.result["alpha"], latest.result["R"],
            latest.result["level"]) == (1.25, True, 1.5, 3.75, 4)
    (term,) = latest.result["terms"]
    assert (term["label"], term["Q_t"], term["source"], term["beta"], term["beta_source"], term["row"]) == (
        "氨", 10, "表1", 2, "表3", 1)
    assert term["q_over_Q"] == 1.25
    assert (latest.is_major, latest.level) == (True, 4)
    assert latest.actor == world.enterprise_user
    assert "氨" in latest.reason
    assert len(history(unit)) == 2


def test_changing_the_quantity_writes_a_new_row_and_an_unchanged_save_writes_none(world, unit, ammonia):
    do_set_substance(unit, ammonia, Decimal("12.5"), user=world.enterprise_user)
    assert len(history(unit)) == 2

    do_set_substance(unit, ammonia, Decimal("25"), user=world.street_a_user)
    rows = history(unit)
    assert len(rows) == 3
    assert rows[-1].inputs["substances"] == [{"name": "氨", "quantity_t": 25.0}]
    assert (rows[-1].result["S"], rows[-1].result["R"]) == (2.5, 7.5)
    assert rows[-1].actor == world.street_a_user
    assert HazardUnitSubstance.objects.filter(unit=unit).count() == 1  # changed in place, not added twice

    # The same quantity again, and the unit saved without a change: nothing to record.
    assert do_grade_hazard_unit(unit, user=world.enterprise_user, reason="再次辨识") is None
    do_set_substance(unit, ammonia, Decimal("25.0000"), user=world.enterprise_user)
    do_save_hazard_unit(HazardUnit.objects.get(pk=unit.pk), user=world.enterprise_user)
    assert len(history(unit)) == 3


def test_changing_the_population_regrades_with_the_new_alpha(world, unit, ammonia):
    do_set_substance(unit, ammonia, Decimal("12.5"), user=world.enterprise_user)
    before = len(history(unit))

    unit.population_500m = 120  # 表5: 100 people or more → α 2.0
    do_save_hazard_unit(unit, user=world.park_user)

    unit.refresh_from_db()
    assert unit.r_value == pytest.approx(5.0) and unit.level == 4
    latest = history(unit)[-1]
    assert len(history(unit)) == before + 1
    assert (latest.result["alpha"], latest.result["R"]) == (2.0, 5.0)
    assert latest.inputs["population_500m"] == 120
    assert latest.reason == "单元信息变更" and latest.actor == world.park_user

    unit.population_500m = 0  # 表5: nobody → α 0.5
    do_save_hazard_unit(unit, user=world.park_user)
    unit.refresh_from_db()
    assert unit.r_value == pytest.approx(1.25)
    assert history(unit)[-1].result["alpha"] == 0.5


def test_removing_the_last_substance_makes_the_unit_not_major(world, unit, ammonia):
    row = do_set_substance(unit, ammonia, Decimal("12.5"), user=world.enterprise_user)
    before = len(history(unit))

    do_remove_substance(row, user=world.enterprise_user)

    unit.refresh_from_db()
    assert (unit.is_major, unit.level, unit.s_value, unit.r_value) == (False, None, 0, None)
    assert not HazardUnitSubstance.objects.filter(unit=unit).exists()
    rows = history(unit)
    assert len(rows) == before + 1
    assert rows[-1].result["S"] == 0 and rows[-1].result["is_major"] is False
    assert rows[-1].inputs["substances"] == []
    assert "氨" in rows[-1].reason and rows[-1].actor == world.enterprise_user


@pytest.mark.parametrize("quantity,is_major,s_value", [
    ("10", True, 1.0),  # S = 1 exactly: 4.2.1 says S ≥ 1
    ("9.999", False, 0.9999),
    ("10.0001", True, 1.0),
])
def test_the_identification_boundary_through_the_service(world, unit, ammonia, quantity, is_major, s_value):
    do_set_substance(unit, ammonia, Decimal(quantity), user=world.enterprise_user)

    unit.refresh_from_db()
    assert unit.is_major is is_major
    assert unit.s_value == pytest.approx(s_value)
    if is_major:
        assert unit.level == 4 and unit.r_value == pytest.approx(1.5 * 2 * float(quantity) / 10, abs=1e-4)
    else:
        assert unit.level is None and unit.r_value is None


def test_an_enterprise_substance_counts_with_its_category(world, unit, ammonia):
    solvent = solvent_of(world.ent_park)  # 表2 W5.3: Q 1000 t; 表4: β 1

    do_set_substance(unit, solvent, Decimal("1000"), user=world.enterprise_user)

    unit.refresh_from_db()
    assert unit.is_major is True and unit.s_value == pytest.approx(1.0)
    assert unit.r_value == pytest.approx(1.5)  # α 1.5 × β 1 × 1
    latest = history(unit)[-1]
    assert latest.inputs["substances"] == [{"name": "某溶剂", "quantity_t": 1000.0, "category": ["W5.3"]}]
    (term,) = latest.result["terms"]
    assert (term["Q_t"], term["source"], term["beta"], term["beta_source"], term["category"]) == (
        1000, "表2 W5.3", 1, "表4 W5.3", "W5.3")

    # Half of each critical quantity makes S = 1 together (式1 sums the substances).
    do_set_substance(unit, solvent, Decimal("500"), user=world.enterprise_user)
    assert unit.is_major is False
    do_set_substance(unit, ammonia, Decimal("5"), user=world.enterprise_user)
    unit.refresh_from_db()
    assert unit.is_major is True and unit.s_value == pytest.approx(1.0)
    assert unit.r_value == pytest.approx(1.5 * (2 * 0.5 + 1 * 0.5))


def test_an_enterprise_cannot_re_add_a_table1_substance_under_another_name(world):
    """4.1.2 a): a chemical named in 表1 takes its 表1 Q whatever the enterprise calls it. 甲苯 (108-88-3) is
    表1 row 64 with Q 500 t; entered as "工业甲苯" with category W5.3 (Q 1000 t) it would be graded on the
    larger 表2 quantity, so the catalogue refuses it and points to the 表1 row instead."""
    from django.core.exceptions import ValidationError

    from worksafety.core.services import do_save_object
    from worksafety.registry.models import Chemical

    toluene = Chemical(name="工业甲苯", cas="108-88-3", categories=["W5.3"], owner=world.ent_park)
    with pytest.raises(ValidationError) as refused:
        do_save_object(toluene, user=world.enterprise_user)
    assert "甲苯" in str(refused.value.message_dict["cas"])
    assert not Chemical.objects.filter(name="工业甲苯").exists()


def test_substance_changes_are_in_the_audit_log_with_the_acting_user(world, unit, ammonia):
    row = do_set_substance(unit, ammonia, Decimal("12.5"), user=world.enterprise_user)
    do_set_substance(unit, ammonia, Decimal("20"), user=world.street_a_user)
    do_remove_substance(HazardUnitSubstance.objects.get(pk=row.pk), user=world.park_user)

    entries = list(AuditEntry.objects.filter(object_type="registry.hazardunitsubstance", object_id=str(row.pk))
                   .order_by("seq"))
    assert [(e.action, e.actor, e.actor_name) for e in entries] == [
        ("create", world.enterprise_user, "ent_park"),
        ("update", world.street_a_user, "street_a"),
        ("delete", world.park_user, "park_dagushan"),
    ]
    assert Decimal(entries[0].after["quantity_t"]) == Decimal("12.5")
    assert list(entries[1].before) == list(entries[1].after) == ["quantity_t"]
    assert Decimal(entries[1].before["quantity_t"]) == 12 + Decimal("0.5")
    assert Decimal(entries[1].after["quantity_t"]) == 20
    assert entries[2].before["chemical_id"] == ammonia.pk
    assert all(e.enterprise_id == world.ent_park.pk and e.park_id == world.park.pk for e in entries)
    assert AuditEntry.objects.filter(object_type="registry.hazardunit", object_id=str(unit.pk),
                                     action="create", actor=world.enterprise_user).exists()


def test_out_of_scope_and_invalid_changes_leave_the_unit_untouched(world, unit, ammonia):
    before = len(history(unit))

    with pytest.raises(OutOfScope):
        do_set_substance(unit, ammonia, Decimal("12.5"), user=world.street_b_user)
    with pytest.raises(OutOfScope):
        do_set_substance(unit, ammonia, Decimal("12.5"), user=world.expert_user)
    with pytest.raises(ValidationError):
        do_set_substance(unit, ammonia, Decimal("-1"), user=world.enterprise_user)

    assert not HazardUnitSubstance.objects.filter(unit=unit).exists()
    assert len(history(unit)) == before
    unit.refresh_from_db()
    assert unit.is_major is False


def test_a_table1_substance_the_catalogue_cannot_grade_is_refused_and_rolled_back(world, unit):
    """二氟化氧 (表1 row 2) is neither a 表3 gas nor given a governing category by the catalogue: assess()
    asks for a category, and the service refuses the change as a whole rather than half-saving it."""
    oxygen_difluoride = Chemical.objects.get(gb18218_row=2)
    before = len(history(unit))

    with pytest.raises(ValidationError):
        do_set_substance(unit, oxygen_difluoride, Decimal("2"), user=world.enterprise_user)

    assert not HazardUnitSubstance.objects.filter(unit=unit).exists()
    assert len(history(unit)) == before


def test_assessment_input_lists_table1_substances_by_name_and_others_with_categories(world, unit, ammonia):
    solvent = solvent_of(world.ent_park, categories=("W5.4", "W5.3"))
    do_set_substance(unit, solvent, Decimal("3"), user=world.enterprise_user)
    do_set_substance(unit, ammonia, Decimal("1.5"), user=world.enterprise_user)

    given = assessment_input(HazardUnit.objects.get(pk=unit.pk))
    assert (given["unit_type"], given["population_500m"]) == ("storage", 60)
    # Where enterprise substances sort against 表1 rows (NULL 序号) is up to the database.
    assert sorted(given["substances"], key=lambda s: s["name"]) == [
        {"name": "某溶剂", "quantity_t": 3.0, "category": ["W5.4", "W5.3"]}, {"name": "氨", "quantity_t": 1.5}]


def test_the_same_quantity_written_differently_is_no_change(world, unit, ammonia):
    """12.5 and 12.5000 t are the same design maximum quantity: re-entering it (the page's form keeps what was
    typed, the API quantizes to 4 places) records no grading and no audit update."""
    row = do_set_substance(unit, ammonia, Decimal("12.5000"), user=world.enterprise_user)
    rows_before = len(history(unit))

    do_set_substance(unit, ammonia, Decimal("12.5"), user=world.enterprise_user)
    do_set_substance(unit, ammonia, Decimal("12.50"), user=world.enterprise_user)

    assert len(history(unit)) == rows_before
    updates = AuditEntry.objects.filter(object_type="registry.hazardunitsubstance", object_id=str(row.pk),
                                        action="update")
    assert list(updates.values_list("before", "after")) == []
