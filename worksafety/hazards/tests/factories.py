"""factory_boy factory of hazards: a hazard put straight into a state and level with the ORM, carrying what
the earlier steps would have brought (安全生产事故隐患排查治理暂行规定 第十五条: a rectification plan once
rectifying; a major hazard's supervising department and deadline once 挂牌督办)."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from worksafety.core.choices import Role
from worksafety.core.tests.factories import DepartmentFactory, UserFactory
from worksafety.hazards.choices import HazardLevel, HazardType, Source, State
from worksafety.hazards.models import Hazard
from worksafety.registry.tests.factories import EnterpriseFactory

CRITERION = "特种作业人员未持证上岗"
# The states after 开始整改 carry the plan; a major hazard is 挂牌督办 from LISTED on.
PLANNED = {State.RECTIFYING, State.AWAITING_ACCEPTANCE, State.CLOSED}
SUPERVISED = PLANNED | {State.LISTED}


def plan(today=None) -> dict:
    """The rectification plan that 开始整改 brings (measures, person, funds, deadline, contingency)."""
    today = today or timezone.localdate()
    return {"measures": "更换泄漏阀门并加装可燃气体报警", "responsible_person": "李四",
            "funds_yuan": Decimal("12000.00"), "deadline": today + timedelta(days=30),
            "contingency": "停用该储罐，设置警戒区"}


def planned(field):
    """The plan's `field` for a hazard whose state carries a plan, else the field's empty value."""
    empty = None if field in ("funds_yuan", "deadline") else ""
    return factory.LazyAttribute(lambda o: plan()[field] if o.state in PLANNED else empty)


def supervised(value):
    return factory.LazyAttribute(
        lambda o: value(o) if o.level == HazardLevel.MAJOR and o.state in SUPERVISED else None)


class HazardFactory(DjangoModelFactory):
    """A general, registered hazard found by an enforcement inspection unless told otherwise:
    HazardFactory(enterprise=e, level=HazardLevel.MAJOR, state=State.LISTED, supervised_by=d)."""

    class Meta:
        model = Hazard

    class Params:
        supervised_by = None  # the department a major hazard is listed with; a new one if None

    enterprise = factory.SubFactory(EnterpriseFactory)
    source = Source.ENFORCEMENT
    level = HazardLevel.GENERAL
    state = State.REGISTERED
    major_criterion = factory.LazyAttribute(lambda o: CRITERION if o.level == HazardLevel.MAJOR else "")
    hazard_type = HazardType.EQUIPMENT
    title = "储罐区阀门泄漏"
    description = "DN50 阀门法兰处有滴漏"
    found_on = factory.LazyFunction(timezone.localdate)
    found_by = factory.SubFactory(UserFactory, role=Role.DISTRICT)
    measures = planned("measures")
    responsible_person = planned("responsible_person")
    funds_yuan = planned("funds_yuan")
    deadline = planned("deadline")
    contingency = planned("contingency")
    supervising_department = supervised(lambda o: o.supervised_by or DepartmentFactory())
    supervision_deadline = supervised(lambda o: timezone.localdate() + timedelta(days=60))
