"""The demo reads like a real year: enterprises graded by the platform's own rule, hazards titled with their
defect, rectification done by the enterprise's own login, warnings filed under the event they warn of."""

import pytest

from worksafety.core.models import User
from worksafety.demo.enforcement_cases import DEFECTS
from worksafety.emergency.warnings.choices import Category
from worksafety.emergency.warnings.models import Warning
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.registry.models import Enterprise
from worksafety.risk.models import RiskEvent
from worksafety.standards import risk

OPEN = [State.REGISTERED, State.REPORTED, State.LISTED, State.RECTIFYING, State.AWAITING_ACCEPTANCE]
ENTERPRISE_STEPS = ("start", "report", "submit")


@pytest.fixture
def demo(small_demo, db):
    return small_demo


def test_no_enterprise_is_graded_below_its_worst_risk_event_or_blue_with_an_open_major_hazard(demo):
    worst = {}
    for enterprise_id, colour in RiskEvent.objects.values_list("risk_unit__risk_object__enterprise_id", "colour"):
        worst[enterprise_id] = risk.highest([worst.get(enterprise_id, colour), colour])
    graded = Enterprise.objects.exclude(risk_colour="")
    assert graded.exists() and any(colour == risk.Colour.RED for colour in worst.values())
    for enterprise in graded:
        if enterprise.pk in worst:  # 从严从高 (risk.services.do_grade_from_risk_points)
            assert risk.to_colour(enterprise.risk_colour).severity >= worst[enterprise.pk].severity, enterprise
    majors = Hazard.objects.filter(level=HazardLevel.MAJOR, state__in=OPEN)
    assert majors.exists()
    assert not majors.filter(enterprise__risk_colour=risk.Colour.BLUE).exists()


def test_hazard_titles_describe_the_defect_not_the_requirement(demo):
    # Including the findings today's inspection registered through enforcement.inspections.services.
    titles = list(Hazard.objects.values_list("title", "checklist_item"))
    assert titles and any(item for _, item in titles)
    assert not [title for title, item in titles if item and title == item]
    assert set(DEFECTS.values()) & {title for title, _ in titles}  # the inspectors' findings, as found


def test_rectification_steps_are_the_enterprises_own(demo):
    logins = dict(User.objects.filter(enterprise__isnull=False).values_list("enterprise_id", "pk"))
    steps = HazardEvent.objects.filter(action__in=ENTERPRISE_STEPS, hazard__enterprise_id__in=list(logins))
    assert steps.exists()
    wrong = [(e.hazard.title, e.action, e.actor.username) for e in steps.select_related("hazard", "actor")
             if e.actor_id != logins[e.hazard.enterprise_id]]
    assert not wrong


def test_weather_warnings_are_filed_as_weather_and_leaks_as_leaks(demo):
    warnings = list(Warning.objects.values_list("headline", "category"))
    assert warnings
    for headline, category in warnings:
        if any(word in headline for word in ("高温", "大风", "大雾", "暴雨", "寒潮")):
            assert category == Category.NATURAL_TRIGGERED, headline
        if "泄漏" in headline:
            assert category in (Category.HAZCHEM_LEAK, Category.TOXIC_GAS), headline
