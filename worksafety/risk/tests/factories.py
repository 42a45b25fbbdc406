"""factory_boy factories of risk: the 双重预防 register of an enterprise (analysis object → unit → risk
event → control measure → check task) and its gradings. A risk event is scored from its factors as the
service scores it (`risk.services.evaluate`, on the district's colour bands)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from worksafety.core.choices import RiskColour, Role
from worksafety.core.tests.factories import UserFactory
from worksafety.registry.tests.factories import EnterpriseFactory
from worksafety.risk import services
from worksafety.risk.choices import CycleUnit, GradingMethod, GradingStatus, Method, ObjectKind
from worksafety.risk.models import (
    CheckTask,
    ControlMeasure,
    EnterpriseGrading,
    RiskEvent,
    RiskObject,
    RiskUnit,
)


class RiskObjectFactory(DjangoModelFactory):
    class Meta:
        model = RiskObject

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号储罐区")
    kind = ObjectKind.FACILITY
    responsible_person = "王五"


class RiskUnitFactory(DjangoModelFactory):
    class Meta:
        model = RiskUnit

    risk_object = factory.SubFactory(RiskObjectFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号液氨储罐")
    responsible_person = "赵六"


class RiskEventFactory(DjangoModelFactory):
    """A toxic release evaluated by LEC (L 3, E 6, C 7: D 126, yellow on the default bands) unless told
    otherwise; score and colour come from the factors."""

    class Meta:
        model = RiskEvent

    risk_unit = factory.SubFactory(RiskUnitFactory)
    name = factory.Sequence(lambda n: f"液氨泄漏中毒（{n + 1}）")
    accident_type = "中毒和窒息"
    method = Method.LEC
    likelihood = 3
    exposure = factory.LazyAttribute(lambda o: 6 if o.method == Method.LEC else None)
    consequence = 7

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        event = model_class(*args, **kwargs)
        services.evaluate(event)
        event.save()
        return event


class ControlMeasureFactory(DjangoModelFactory):
    class Meta:
        model = ControlMeasure

    event = factory.SubFactory(RiskEventFactory)
    category = "工程技术"
    sub_class = "工艺控制"
    description = "设置紧急切断阀"


class CheckTaskFactory(DjangoModelFactory):
    class Meta:
        model = CheckTask

    measure = factory.SubFactory(ControlMeasureFactory)
    content = "检查紧急切断阀"
    cycle = 1
    cycle_unit = CycleUnit.DAY
    responsible_post = "班长"


class EnterpriseGradingFactory(DjangoModelFactory):
    """A 风险点从严从高 self-assessment the enterprise submitted today, waiting for the district's review: its
    inputs are one risk event of the grading's colour."""

    class Meta:
        model = EnterpriseGrading

    enterprise = factory.SubFactory(EnterpriseFactory)
    method = GradingMethod.RISK_POINTS
    graded_on = factory.LazyFunction(timezone.localdate)
    assessor = factory.SubFactory(UserFactory, role=Role.ENTERPRISE,
                                  enterprise=factory.SelfAttribute("..enterprise"))
    colour = RiskColour.YELLOW
    inputs = factory.LazyAttribute(lambda o: {"events": {o.colour: 1}})
    result = factory.LazyAttribute(lambda o: {"colour": o.colour})
    status = GradingStatus.SUBMITTED
