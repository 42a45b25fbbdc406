"""Fixtures of every emergency test: the inbox as the only sender, and the default warning settings."""

import pytest


@pytest.fixture(autouse=True)
def warning_settings(settings):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = ["worksafety.core.notifications.InboxSender"]
    settings.WORKSAFETY_WARNING_SENDER_CODE = ""
    settings.WORKSAFETY_WARNING_AUTHORITY = ""
    settings.WORKSAFETY_CAP_SENDER = ""
    settings.WORKSAFETY_CAP_STATUS = "Actual"
    settings.WORKSAFETY_BASE_URL = ""
    return settings
