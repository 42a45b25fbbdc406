"""Notifications: delivered only when the change commits, once per key, to one's own inbox (page and API; the
bell is web/tests/test_notification_bell.py), by e-mail when configured; a broken sender never breaks the others
or the caller."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from worksafety.core.models import Notification
from worksafety.core.notifications import notify

INBOX = "worksafety.core.notifications.InboxSender"
EMAIL = "worksafety.core.notifications.EmailSender"


@pytest.fixture(autouse=True)
def senders(settings):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = [INBOX]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.WORKSAFETY_BASE_URL = "https://aq.example.gov.cn"
    return settings


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what is inside as if its transaction committed (the test itself runs in one that never does)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def make(user, n=1, **fields):
    now = timezone.now()
    return [Notification.objects.create(recipient=user, title=f"消息 {i}", created=now - timedelta(minutes=i),
                                        **fields) for i in range(n)]


# --- notify -------------------------------------------------------------------------------------------------

def test_delivered_only_when_the_transaction_commits(world, committed):
    with committed() as callbacks:
        with transaction.atomic():
            notify([world.street_a_user, world.park_user], title="隐患即将到期", body="请于 3 日内完成整改。",
                   url="/hazards/1/", category="hazard_due")
            assert not Notification.objects.exists()
    assert len(callbacks) == 1
    delivered = Notification.objects.order_by("recipient__username")
    assert [(n.recipient, n.title, n.url, n.category, n.read_at) for n in delivered] == [
        (world.park_user, "隐患即将到期", "/hazards/1/", "hazard_due", None),
        (world.street_a_user, "隐患即将到期", "/hazards/1/", "hazard_due", None),
    ]


def test_nothing_is_delivered_when_the_transaction_rolls_back(world, committed):
    with committed() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify([world.street_a_user], title="隐患即将到期")
            raise RuntimeError("the change failed")
    assert callbacks == [] and not Notification.objects.exists()


def test_a_key_is_delivered_once_per_recipient_however_often_the_job_runs(world, committed, settings):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = [INBOX, EMAIL]
    world.street_a_user.email = "street@example.cn"
    world.street_a_user.save()
    for _ in range(2):
        with committed():
            notify([world.street_a_user], title="隐患逾期", key="hazard_overdue:1:2026-05-01")
    with committed():
        notify([world.street_a_user, world.park_user], title="隐患逾期", key="hazard_overdue:1:2026-05-01")
    assert Notification.objects.filter(recipient=world.street_a_user).count() == 1
    assert Notification.objects.filter(recipient=world.park_user).count() == 1
    assert len(mail.outbox) == 1  # the e-mail is not repeated either


def test_recipients_may_be_ids_and_are_counted_once_and_only_when_active(world, committed):
    world.park_user.is_active = False
    world.park_user.save()
    with committed():
        batch = notify([world.street_a_user, world.street_a_user.pk, world.park_user], title="通知")
    assert len(batch) == 1 and Notification.objects.get().recipient == world.street_a_user


def test_a_long_title_is_cut_to_one_line(world, committed):
    with committed():
        notify(world.street_a_user, title="很长的标题\n第二行" + "长" * 300)
    title = Notification.objects.get().title
    assert len(title) == 200 and title.endswith("…") and "\n" not in title


def test_email_sender_mails_each_recipient_with_an_address(world, committed, settings):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = [INBOX, EMAIL]
    world.street_a_user.email = "street@example.cn"
    world.street_a_user.save()
    world.park_user.email = "park@example.cn"
    world.park_user.save()
    with committed():
        notify([world.street_a_user, world.park_user, world.district_user], title="隐患即将到期",
               body="大连甲化工有限公司的隐患将于 5 月 1 日到期。", url="/hazards/7/")
    assert sorted(m.to[0] for m in mail.outbox) == ["park@example.cn", "street@example.cn"]
    message = mail.outbox[0]
    assert len(message.to) == 1 and "隐患即将到期" in message.subject
    assert "大连甲化工有限公司" in message.body and "https://aq.example.gov.cn/hazards/7/" in message.body
    assert Notification.objects.count() == 3  # the inbox has everyone, with or without an address


class BrokenSender:
    def send(self, notifications):
        raise RuntimeError("SMS gateway down")


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPException("mail server refused")


def test_a_broken_sender_does_not_break_the_others_or_the_caller(world, committed, settings, caplog):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = [
        f"{__name__}.BrokenSender", "worksafety.core.notifications.NoSuchSender", EMAIL, INBOX]
    settings.EMAIL_BACKEND = f"{__name__}.FailingEmailBackend"
    world.street_a_user.email = "street@example.cn"
    world.street_a_user.save()
    with committed():
        with transaction.atomic():
            notify([world.street_a_user], title="隐患即将到期")
    assert Notification.objects.filter(recipient=world.street_a_user).count() == 1
    logged = caplog.text
    assert "BrokenSender failed" in logged and "NoSuchSender failed" in logged and "e-mail to user" in logged


def test_misconfigured_senders_are_reported_by_the_system_check(settings):
    from worksafety.core.checks import notification_senders_import

    settings.WORKSAFETY_NOTIFICATION_SENDERS = [INBOX, "worksafety.core.notifications.NoSuchSender"]
    assert [e.id for e in notification_senders_import(None)] == ["worksafety.E003"]


# --- inbox page ---------------------------------------------------------------------------------------------

def test_inbox_shows_only_own_notifications_newest_first_with_unread_marked(world, client_for):
    make(world.street_a_user, 2)
    Notification.objects.filter(title="消息 1").update(read_at=timezone.now())
    Notification.objects.create(recipient=world.park_user, title="园区的消息")
    page = client_for(world.street_a_user).get("/inbox/").content.decode()
    assert page.index("消息 0") < page.index("消息 1") and "园区的消息" not in page
    assert page.count("list-group-item-primary") == 1 and "1 条未读" in page and "全部标为已读" in page


def test_inbox_pages(world, client_for):
    make(world.street_a_user, 25)
    client = client_for(world.street_a_user)
    assert "消息 19" in client.get("/inbox/").content.decode()
    second = client.get("/inbox/?page=2").content.decode()
    assert "消息 20" in second and "消息 19<" not in second and "第 2 / 2 页" in second


def test_opening_marks_read_and_goes_to_the_internal_link(world, client_for):
    [notification] = make(world.street_a_user, url="/hazards/7/")
    client = client_for(world.street_a_user)
    assert client.get(f"/inbox/{notification.pk}/open/").status_code == 405  # state changes are POST only
    response = client.post(f"/inbox/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/hazards/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example/login/", "//evil.example/", "javascript:alert(1)",
                                 "/\\evil.example"])
def test_opening_never_redirects_outside(world, client_for, url):
    [notification] = make(world.street_a_user, url=url)
    response = client_for(world.street_a_user).post(f"/inbox/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/inbox/"


def test_someone_elses_notification_is_404(world, client_for):
    [notification] = make(world.park_user)
    assert client_for(world.street_a_user).post(f"/inbox/{notification.pk}/open/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_own_unread(world, client_for):
    make(world.street_a_user, 3)
    [other] = make(world.park_user)
    earlier = timezone.now() - timedelta(days=1)
    Notification.objects.filter(recipient=world.street_a_user, title="消息 2").update(read_at=earlier)
    response = client_for(world.street_a_user).post("/inbox/read-all/", follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=world.street_a_user, read_at__isnull=True).exists()
    assert Notification.objects.get(title="消息 2", recipient=world.street_a_user).read_at == earlier
    other.refresh_from_db()
    assert other.read_at is None


def test_the_inbox_needs_a_login(world, client):
    assert client.get("/inbox/")["Location"].startswith("/login/")


# --- API ----------------------------------------------------------------------------------------------------

def test_api_lists_own_notifications_and_filters_unread(world, api_for):
    make(world.street_a_user, 2)
    Notification.objects.filter(title="消息 1").update(read_at=timezone.now())
    make(world.park_user)
    api = api_for(world.street_a_user)
    data = api.get("/api/v1/notifications/").json()
    assert data["count"] == 2 and [n["title"] for n in data["results"]] == ["消息 0", "消息 1"]
    assert [n["title"] for n in api.get("/api/v1/notifications/?unread=1").json()["results"]] == ["消息 0"]


def test_api_marks_one_or_all_read(world, api_for):
    [first, second] = make(world.street_a_user, 2)
    [other] = make(world.park_user)
    api = api_for(world.street_a_user)
    response = api.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"] is not None
    assert api.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert api.post("/api/v1/notifications/read-all/").json() == {"read": 1}
    assert api.get("/api/v1/notifications/?unread=1").json()["count"] == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_api_needs_authentication(world, client):
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
