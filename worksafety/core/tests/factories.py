"""factory_boy factories of core's models: areas, departments and logins."""

import factory
from factory.django import DjangoModelFactory, Password

from worksafety.core.choices import AreaLevel
from worksafety.core.models import Area, Department, User

PASSWORD = "Str0ng-Passw0rd!"


class AreaFactory(DjangoModelFactory):
    """A street of 金普新区 (区划代码 210213 + a three-digit serial, GB/T 10114) unless told otherwise."""

    class Meta:
        model = Area

    code = factory.Sequence(lambda n: f"210213{n + 900:03d}")
    name = factory.Sequence(lambda n: f"测试街道{n}")
    level = AreaLevel.STREET


class DepartmentFactory(DjangoModelFactory):
    """A sector department; `sectors=[…]` sets the sectors it supervises."""

    class Meta:
        model = Department
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"测试行业主管部门{n}")
    area = factory.SubFactory(AreaFactory, level=AreaLevel.DISTRICT)

    @factory.post_generation
    def sectors(self, create, sectors):
        if create and sectors:
            self.sectors.set(sectors)


class UserFactory(DjangoModelFactory):
    """A login with PASSWORD. `scope=` is the object its role is bound to (an Area, Department, Park or
    Enterprise) and lands in the field of that name: UserFactory(role=Role.PARK, scope=park)."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = Password(PASSWORD)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        scope = kwargs.pop("scope", None)
        if scope is not None:
            kwargs[scope._meta.model_name] = scope
        return kwargs
