"""factory_boy factory of tip-offs: one put straight into a state with the ORM, carrying what the earlier steps
bring (the verification's conclusion once substantiated, unsubstantiated or closed)."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from worksafety.core.tests.factories import AreaFactory
from worksafety.tipoffs import services
from worksafety.tipoffs.choices import Category, State
from worksafety.tipoffs.models import TipOff

CONTENT = "大孤山化工区某企业储罐区夜间违规动火作业，无人监护"
CONCLUSION = "经现场核查，该企业确有未办理动火作业票证即动火的情况"
VERIFIED = {State.SUBSTANTIATED, State.UNSUBSTANTIATED, State.CLOSED}


def verified(value):
    """`value(o)` for a tip-off whose state comes after the verification, else None."""
    return factory.LazyAttribute(lambda o: value(o) if o.state in VERIFIED else None)


def of_enterprise(field):
    """The enterprise's `field` (area, sector, park) for a tip-off assigned to one."""
    return factory.LazyAttribute(lambda o: getattr(o.enterprise, field) if o.enterprise else None)


class TipOffFactory(DjangoModelFactory):
    """A received tip-off about a major hazard; given an enterprise, it lies in that enterprise's area, sector
    and park: TipOffFactory(enterprise=e, state=State.SUBSTANTIATED)."""

    class Meta:
        model = TipOff

    tracking_code = factory.LazyFunction(services.new_tracking_code)
    category = Category.MAJOR_HAZARD
    content = CONTENT
    source_digest = "0" * 64
    state = State.RECEIVED
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    enterprise = None
    area = factory.LazyAttribute(lambda o: o.enterprise.area if o.enterprise else AreaFactory())
    sector = of_enterprise("sector")
    park = of_enterprise("park")
    substantiated = verified(lambda o: o.state != State.UNSUBSTANTIATED)
    conclusion = factory.LazyAttribute(lambda o: CONCLUSION if o.state in VERIFIED else "")
    verified_on = verified(lambda o: timezone.localdate())
    feedback_due_on = verified(lambda o: timezone.localdate() + timedelta(days=10))
