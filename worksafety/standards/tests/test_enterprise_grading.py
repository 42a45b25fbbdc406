import pytest

from worksafety.standards import enterprise_grading as eg
from worksafety.standards.enterprise_grading import GradingError, grade
from worksafety.standards.risk import Colour


def item(result, item_id):
    return next(row for row in result["items"] if row["id"] == item_id)


# --- the form as data -------------------------------------------------------------------------------

def test_allotted_points_sum_to_the_full_score():
    # 30 + 10 + 10 + 5 + 10 + 15 + 10 + 0 (应急管理) + 10 (reference §B.3(b)).
    assert sum(i.cap for i in eg.ITEMS) == eg.FULL_SCORE == 100


def test_ids_are_unique_and_conflicts_name_known_ids():
    rule_ids = [rule.id for i in eg.ITEMS for rule in i.deductions + i.bonuses]
    condition_ids = [condition.id for condition in eg.AUTOMATIC_RED]
    assert len(set(rule_ids + condition_ids)) == len(rule_ids + condition_ids)
    for i in eg.ITEMS:
        for rule in i.deductions + i.bonuses:
            assert set(rule.conflicts_with) <= set(rule_ids + condition_ids), rule.id


def test_the_form_has_nine_categories_and_four_automatic_red_conditions():
    assert len({i.category for i in eg.ITEMS}) == 9
    assert len(eg.AUTOMATIC_RED) == 4


# --- scoring ----------------------------------------------------------------------------------------

def test_no_findings_scores_100_blue():
    result = grade({})
    assert (result["score"], result["colour"]) == (100, "blue")
    assert result["deductions"] == result["bonuses"] == result["automatic_red"] == []


def test_an_item_loses_at_most_its_allotted_points():
    result = grade({"explosives_each": 3})  # 3 × 2 = 6 against 物质危险性 (5)
    assert item(result, "substance_hazard") == {
        "id": "substance_hazard", "category": "固有危险性", "name": "物质危险性",
        "cap": 5, "deducted": 5, "bonus": 0,
    }
    assert result["score"] == 95
    assert result["deductions"] == [{
        "id": "explosives_each", "item": "substance_hazard", "text": "生产、储存爆炸品，每一种（实验室化学试剂除外）",
        "points": 2, "count": 3, "total": 6,
    }]


def test_caps_apply_per_item_not_to_the_total():
    result = grade({"special_work_rules_deficient": True, "responsibility_system_missing_each": 4,
                    "key_process_not_automated": True, "gas_detection_missing_each": 2})
    assert item(result, "management_rules")["deducted"] == 10
    assert item(result, "automation")["deducted"] == 10
    assert result["score"] == 80


def test_tenth_of_a_point_rules_add_up_exactly():
    assert grade({"other_key_chemicals_each": 3})["score"] == 99.7
    assert item(grade({"other_key_chemicals_each": 60}), "substance_hazard")["deducted"] == 5


def test_bonuses_are_added_after_capping_and_can_pass_100():
    result = grade({
        "standardisation_level_1": True, "no_accident_5_years": True, "class_a_design_institute": True,
        "chemistry_graduate_leader_each": 3, "full_time_fire_emergency_team": True,
    })
    assert result["score"] == 100 + 15 + 5 + 2 + 3 * 2 + 3
    assert item(result, "emergency") == {
        "id": "emergency", "category": "应急管理", "name": "应急配备", "cap": 0, "deducted": 0, "bonus": 3,
    }


def test_a_bonus_is_not_bounded_by_its_items_points():
    # 安全管理绩效 (10): the accident deduction is capped at 10, the +15 stands outside the cap.
    result = grade({"larger_accident_3_years": True, "social_impact_accident_3_years": True,
                    "standardisation_level_1": True})
    assert item(result, "performance") == {
        "id": "performance", "category": "安全管理绩效", "name": "安全生产标准化达标、安全事故情况",
        "cap": 10, "deducted": 10, "bonus": 15,
    }
    assert result["score"] == 105


# Findings that take 100 down to the stated totals: surroundings −10, automation −10, equipment −5,
# personnel 3 × −5, and one 0.1 (重点监管危险化学品) to step just below a threshold.
AT_90 = {"external_distance_unacceptable": True}
AT_75 = AT_90 | {"key_process_not_automated": True, "no_dual_power_supply": True}
AT_60 = AT_75 | {"leader_not_certified_each": 3}
JUST_BELOW = {"other_key_chemicals_each": 1}


@pytest.mark.parametrize(("answers", "score", "colour"), [
    (AT_90, 90, "blue"), (AT_90 | JUST_BELOW, 89.9, "yellow"),
    (AT_75, 75, "yellow"), (AT_75 | JUST_BELOW, 74.9, "orange"),
    (AT_60, 60, "orange"), (AT_60 | JUST_BELOW, 59.9, "red"),
])
def test_thresholds_include_their_lower_end(answers, score, colour):
    result = grade(answers)
    assert (result["score"], result["colour"]) == (score, colour)


def test_a_score_of_zero_is_red():
    answers = {
        "major_hazard_level": 1, "explosives_each": 3, "hazardous_process_each": 5, "tank_next_to_open_flame": True,
        "external_distance_unacceptable": True, "reaction_risk_not_assessed": True, "no_dual_power_supply": True,
        "key_process_not_automated": True, "leader_not_certified_each": 3, "special_work_rules_deficient": True,
        "larger_accident_3_years": True,
    }
    result = grade(answers)
    assert (result["score"], result["colour"]) == (0, "red")


@pytest.mark.parametrize("condition", [c.id for c in eg.AUTOMATIC_RED])
def test_each_automatic_red_condition_overrides_a_high_score(condition):
    result = grade({condition: True, "standardisation_level_1": True})
    assert result["score"] == 115
    assert result["colour"] == Colour.RED
    assert [row["id"] for row in result["automatic_red"]] == [condition]


def test_a_condition_answered_false_does_not_apply():
    assert grade({"red_undesigned_unit": False})["colour"] == "blue"


@pytest.mark.parametrize(("level", "deducted"), [(1, 10), (2, 8), (3, 6), (4, 4), (None, 0)])
def test_major_hazard_item_is_filled_from_the_gb18218_level(level, deducted):
    result = grade({"major_hazard_level": level})
    assert item(result, "major_hazard")["deducted"] == deducted
    assert result["score"] == 100 - deducted
    assert [row["id"] for row in result["deductions"]] == ([f"major_hazard_level_{level}"] if level else [])


# --- invalid answers --------------------------------------------------------------------------------

@pytest.mark.parametrize(("answers", "message"), [
    ({"no_such_rule": True}, "unknown answer id 'no_such_rule'"),
    ({"major_hazard_level_2": True}, "major_hazard_level_2 is not answered directly: set major_hazard_level instead"),
    ({"explosives_each": -1}, "explosives_each: a count cannot be negative, got -1"),
    ({"explosives_each": True}, "explosives_each: expected a count (a whole number ≥ 0), got True"),
    ({"explosives_each": 1.5}, "explosives_each: expected a count (a whole number ≥ 0), got 1.5"),
    ({"explosives_each": "2"}, "explosives_each: expected a count (a whole number ≥ 0), got '2'"),
    ({"hazardous_process_each": 19}, "hazardous_process_each: at most 18, got 19"),
    ({"chemistry_graduate_leader_each": 4}, "chemistry_graduate_leader_each: at most 3, got 4"),
    ({"outside_chemical_park": 1}, "outside_chemical_park: expected true or false, got 1"),
    ({"red_undesigned_unit": "yes"}, "red_undesigned_unit: expected true or false, got 'yes'"),
    ({"major_hazard_level": 0}, "major_hazard_level must be one of 1, 2, 3, 4 or null; got 0"),
    ({"major_hazard_level": 5}, "major_hazard_level must be one of 1, 2, 3, 4 or null; got 5"),
    ({"major_hazard_level": "2"}, "major_hazard_level must be one of 1, 2, 3, 4 or null; got '2'"),
    ({"major_hazard_level": 2.0}, "major_hazard_level must be one of 1, 2, 3, 4 or null; got 2.0"),
    ({"major_hazard_level": True}, "major_hazard_level must be one of 1, 2, 3, 4 or null; got True"),
    ({"standardisation_level_1": True, "standardisation_level_2": True},
     "standardisation_level_1 and standardisation_level_2 cannot both apply"),
    ({"no_accident_5_years": True, "fatal_accident_3_years": True},
     "no_accident_5_years and fatal_accident_3_years cannot both apply"),
    ({"no_accident_5_years": True, "red_serious_accidents": True},
     "no_accident_5_years and red_serious_accidents cannot both apply"),
])
def test_invalid_answers_are_refused_with_a_clear_message(answers, message):
    with pytest.raises(GradingError) as caught:
        grade(answers)
    assert str(caught.value) == message


def test_answers_must_be_a_mapping():
    with pytest.raises(GradingError, match="answers must be a mapping"):
        grade([("explosives_each", 1)])


def test_zero_counts_and_false_flags_are_accepted():
    assert grade({"explosives_each": 0, "outside_chemical_park": False, "major_hazard_level": None})["score"] == 100
