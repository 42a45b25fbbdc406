import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from conftest import PASSWORD


def login(client, password, username="district"):
    return client.post("/login/", {"username": username, "password": password})


def test_login_page_logs_in_and_shows_the_role(world, client):
    response = login(client, PASSWORD)
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "区应急管理局" in home and "工作台" in home


def test_five_failures_lock_the_account_even_with_the_right_password(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    for _ in range(5):
        assert login(client, "wrong").status_code == 200
    response = login(client, PASSWORD)
    assert response.status_code == 200
    assert "锁定" in response.content.decode()
    # Another account is unaffected.
    assert login(client, PASSWORD, username="street_a").status_code == 302


def test_lock_expires_after_the_window(world, client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    for _ in range(5):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 200
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert login(client, PASSWORD).status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(world, client):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(world, client):
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "lowercase123456", "1234567890123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_complex_password_is_accepted():
    validate_password("Anquan-Shengchan-2026")


def test_session_times_out_when_idle_and_activity_keeps_it_alive(world, client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    assert login(client, PASSWORD).status_code == 302
    start = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=25))
    assert client.get("/").status_code == 200  # activity renews the session
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=50))
    assert client.get("/").status_code == 200  # 25 idle minutes since the last request
    monkeypatch.setattr(timezone, "now", lambda: start + timedelta(minutes=81))
    response = client.get("/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_password_change_enforces_the_policy(world, client_for):
    client = client_for(world.street_a_user)
    response = client.post("/password/", {"old_password": PASSWORD, "new_password1": "abcdefghij",
                                          "new_password2": "abcdefghij"})
    assert response.status_code == 200 and "至少包含" in response.content.decode()
