"""factory_boy factory of monitoring's sensors."""

import factory
from factory.django import DjangoModelFactory

from worksafety.monitoring.choices import SensorKind
from worksafety.monitoring.models import Sensor
from worksafety.registry.tests.factories import EnterpriseFactory


class SensorFactory(DjangoModelFactory):
    """A combustible gas detector (0–100 %LEL, H 25, HH 50 — GB/T 50493-2019 5.5.2's first and second alarm
    levels —, deadband 2, every 10 s) unless told otherwise."""

    class Meta:
        model = Sensor

    enterprise = factory.SubFactory(EnterpriseFactory)
    code = factory.Sequence(lambda n: f"GT-{n + 901}")
    name = factory.LazyAttribute(lambda o: f"可燃气体探测器 {o.code}")
    kind = SensorKind.COMBUSTIBLE_GAS
    unit = "%LEL"
    range_low = 0
    range_high = 100
    high = 25
    high_high = 50
    deadband = 2
    interval_s = 10
