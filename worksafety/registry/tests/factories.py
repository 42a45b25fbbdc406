"""factory_boy factories of the registry: parks, enterprises (with a valid 统一社会信用代码) and licences."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from worksafety.core.models import Sector
from worksafety.core.tests.factories import AreaFactory
from worksafety.registry.choices import LicenceKind
from worksafety.registry.models import Enterprise, Licence, Park
from worksafety.standards import uscc

SQUARE = {"type": "Polygon", "coordinates": [[[121.80, 39.00], [121.81, 39.00], [121.81, 39.01], [121.80, 39.01],
                                              [121.80, 39.00]]]}


def make_uscc(serial: int) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015) of an enterprise registered in 金普新区 (210213) whose
    organisation code body is `serial`: its GB 11714 check digit and its clause 4 check character computed."""
    body = f"{serial:08d}"
    first17 = "91210213" + body + uscc.organisation_code_check(body)
    return first17 + uscc.check_character(first17)


class ParkFactory(DjangoModelFactory):
    class Meta:
        model = Park

    code = factory.Sequence(lambda n: f"park{n}")
    name = factory.Sequence(lambda n: f"测试化工园区{n}")
    area = factory.SubFactory(AreaFactory)
    outline = SQUARE


class EnterpriseFactory(DjangoModelFactory):
    """An operating hazchem enterprise; serials from 90000000 up, clear of those tests pick for make_uscc."""

    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"大连测试{n}有限公司")
    uscc = factory.Sequence(lambda n: make_uscc(90000000 + n))
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="hazchem"))
    area = factory.SubFactory(AreaFactory)
    address = factory.LazyAttributeSequence(lambda o, n: f"{o.area.name}{n}号")
    lat = 39.02
    lon = 121.83
    legal_representative = "张三"
    employees = 50


class LicenceFactory(DjangoModelFactory):
    class Meta:
        model = Licence

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = LicenceKind.SAFETY_PRODUCTION
    number = factory.Sequence(lambda n: f"(辽)WH安许证字〔2024〕{n + 9000:04d}号")
    expires_on = date(2027, 6, 30)
