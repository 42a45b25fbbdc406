"""Helpers of the plan, draw, credit and agency tests (no tests here): inspectors, a second bureau login, a
draw announced through the service, enterprises given a colour."""


from django.utils import timezone

from worksafety.core.choices import Role
from worksafety.core.models import User
from worksafety.core.tests.factories import UserFactory
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.models import Draw
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.tests.factories import InspectorFactory
from worksafety.registry.models import Enterprise

TODAY = timezone.localdate()


def inspector(name, number, **fields):
    """A valid inspector of the district bureau unless `fields` say otherwise (InspectorFactory)."""
    return InspectorFactory(name=name, certificate_number=number, **fields)


def roster(world, size=4) -> list[Inspector]:
    """Valid inspectors, half of the district bureau and half of the transport bureau."""
    return [inspector(f"执法员{n}", f"2102130{n:03d}", department=world.dept_transport if n % 2 else None)
            for n in range(1, size + 1)]


def second_bureau_login(world, username="district2") -> User:
    return UserFactory(username=username, role=Role.DISTRICT, area=world.district, full_name="复核人")


def colour(enterprise, value: str) -> Enterprise:
    Enterprise.objects.filter(pk=enterprise.pk).update(risk_colour=value)
    enterprise.refresh_from_db()
    return enterprise


def announce(world, *, user=None, filters=None, count=2, share_percent=None, inspectors=(), **fields):
    """A draw of the world's enterprises, announced for now by the district bureau."""
    draw = Draw(title=fields.pop("title", "2026年第1次双随机抽查"), scheduled_at=timezone.now(), **fields)
    return draws.do_announce_draw(
        draw, user=user or world.district_user, filters=filters or draws.PoolFilters(), roster=inspectors,
        count=count, share_percent=share_percent)
