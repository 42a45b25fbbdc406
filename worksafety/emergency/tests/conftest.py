"""Fixtures of the warning tests: the inbox as the only sender, default warning settings, and a second district
login (the approver)."""

import pytest

from worksafety.core.choices import Role
from worksafety.core.models import User


@pytest.fixture(autouse=True)
def warning_settings(settings):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = ["worksafety.core.notifications.InboxSender"]
    settings.WORKSAFETY_WARNING_SENDER_CODE = ""
    settings.WORKSAFETY_WARNING_AUTHORITY = ""
    settings.WORKSAFETY_CAP_SENDER = ""
    settings.WORKSAFETY_CAP_STATUS = "Actual"
    settings.WORKSAFETY_BASE_URL = ""
    return settings


@pytest.fixture
def approver(world):
    """A second login of the district bureau: the one who approves what `world.district_user` drafts."""
    user = User(username="district2", role=Role.DISTRICT, area=world.district)
    user.set_password("Str0ng-Passw0rd!")
    user.save()
    world.approver = user
    return user
