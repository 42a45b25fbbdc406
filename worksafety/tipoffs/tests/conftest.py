"""Fixtures of the tip-off tests: uploads kept in a temporary folder, the inbox as the only sender, the client
address read from REMOTE_ADDR, and the reward handlers."""

import pytest

from worksafety.core.choices import Role
from worksafety.core.models import User
from worksafety.tipoffs import services


@pytest.fixture(autouse=True)
def tipoff_settings(settings, tmp_path):
    settings.WORKSAFETY_ATTACHMENT_DIR = tmp_path / "attachments"
    settings.WORKSAFETY_NOTIFICATION_SENDERS = ["worksafety.core.notifications.InboxSender"]
    settings.WORKSAFETY_CLIENT_IP_HEADER = "REMOTE_ADDR"
    return settings


@pytest.fixture
def district_user_2(world):
    """A second login of the district bureau."""
    user = User(username="district2", role=Role.DISTRICT, area=world.district)
    user.set_password("Str0ng-Passw0rd!")
    user.save()
    return user


@pytest.fixture
def handler(world):
    """The district login designated as reward handler (the only one who may see a reporter's identity)."""
    services.do_designate_reward_handler(world.district_user, by=world.admin)
    return world.district_user


@pytest.fixture
def handler_2(world, district_user_2):
    services.do_designate_reward_handler(district_user_2, by=world.admin)
    return district_user_2
