"""`worksafety demo-data` on an empty database (apart from test_demo_data.py, whose tests share a loaded demo)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from worksafety.core.models import Area, User
from worksafety.demo.tests.test_demo_data import DEMO_PASSWORD
from worksafety.registry.models import Enterprise


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WORKSAFETY_DEMO_PASSWORD = DEMO_PASSWORD


@pytest.mark.django_db
def test_command_with_if_empty_fills_an_empty_database_and_prints_counts_and_logins(fast_passwords):
    out = StringIO()
    call_command("demo_data", size="small", if_empty=True, stdout=out)
    assert Enterprise.objects.exists()
    text = out.getvalue()
    assert "企业" in text and "admin" in text and "park_dagushan" in text and "expert1" in text
    assert DEMO_PASSWORD in text
    assert len(text.splitlines()) <= 40


@pytest.mark.django_db
def test_existing_demo_login_is_refused_and_nothing_is_written(fast_passwords):
    User.objects.create_superuser("admin", password="Str0ng-Passw0rd!")
    with pytest.raises(CommandError, match="admin"):
        call_command("demo_data", size="small", stdout=StringIO())
    assert not Area.objects.exists() and not Enterprise.objects.exists()
