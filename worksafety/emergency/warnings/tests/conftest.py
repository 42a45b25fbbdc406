"""Fixtures of the warning tests: a second district login (the approver)."""

import pytest

from worksafety.core.choices import Role
from worksafety.core.models import User


@pytest.fixture
def approver(world):
    """A second login of the district bureau: the one who approves what `world.district_user` drafts."""
    user = User(username="district2", role=Role.DISTRICT, area=world.district)
    user.set_password("Str0ng-Passw0rd!")
    user.save()
    world.approver = user
    return user
