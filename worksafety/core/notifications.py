"""Telling people something happened: an in-app inbox, and e-mail and SMS when configured.

    notify(recipients, *, title, body="", url="", category="", key="")

builds one `Notification` per active recipient and hands the batch to every configured sender once the
caller's transaction commits (`transaction.on_commit`, as Zulip sends events): a change that is rolled back
notifies nobody, and a slow or broken sender can never undo or fail the change. Outside a transaction the
senders run at once.

`url` is an internal link (a path such as "/hazards/12/"); the inbox only ever redirects to internal links.
`category` is a short code naming the kind of message ("hazard_due", "hazard_overdue", "tipoff_new" …).
`key` makes a repeated job harmless: a recipient gets a given key once, ever. Dedup reads the inbox, so it
works when `InboxSender` is configured (it is by default, and should stay first).

Senders
-------
The setting WORKSAFETY_NOTIFICATION_SENDERS lists dotted paths of classes. Each is created with no arguments
for every delivery and must implement:

    class Sender:
        def send(self, notifications: list[Notification]) -> None: ...

`notifications` are unsaved `Notification` instances (one per recipient, `recipient` loaded), all with the
same title, body, url, category and key; repeats of a key have already been removed. A sender may raise:
the error is logged and the other senders still run. `EmailSender` below and `core.sms.SmsGatewaySender`
(the government SMS gateway, for urgent categories) are enabled by adding their paths to the setting.
Senders run in the request or job that committed the change, so one that talks to a slow service should
queue the work instead of doing it inline.
"""

import logging

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from worksafety.core.models import Notification, User

logger = logging.getLogger(__name__)

TITLE_MAX_LENGTH = Notification._meta.get_field("title").max_length
URL_MAX_LENGTH = Notification._meta.get_field("url").max_length
KEY_MAX_LENGTH = Notification._meta.get_field("key").max_length
CATEGORY_MAX_LENGTH = Notification._meta.get_field("category").max_length


def notify(recipients, *, title, body="", url="", category="", key="") -> list[Notification]:
    """Notify `recipients` (users, user ids or a queryset of users) when the current transaction commits.

    Returns the unsaved notifications that will be delivered (inactive and repeated recipients left out).
    """
    if len(key) > KEY_MAX_LENGTH or len(category) > CATEGORY_MAX_LENGTH or len(url) > URL_MAX_LENGTH:
        raise ValueError("notification key, category or url too long")
    title = " ".join(str(title).split())  # one line: it is also an e-mail subject
    if len(title) > TITLE_MAX_LENGTH:
        title = title[: TITLE_MAX_LENGTH - 1] + "…"
    now = timezone.now()
    batch = [Notification(recipient=user, category=category, title=title, body=str(body), url=url, key=key,
                          created=now) for user in _users(recipients)]
    if batch:
        transaction.on_commit(lambda: deliver(batch))
    return batch


def _users(recipients) -> list[User]:
    if isinstance(recipients, User | int):
        recipients = [recipients]
    users, ids = [], []
    for recipient in recipients:
        (ids if isinstance(recipient, int) else users).append(recipient)
    if ids:
        users += list(User.objects.filter(pk__in=ids))
    seen, unique = set(), []
    for user in users:
        if user.is_active and user.pk not in seen:
            seen.add(user.pk)
            unique.append(user)
    return unique


def deliver(notifications: list[Notification]) -> None:
    """Hand the batch to every configured sender; one failing never stops the others."""
    try:
        notifications = _without_repeats(notifications)
    except Exception:
        logger.exception("notification dedup check failed; delivering anyway")
    if not notifications:
        return
    for path in settings.WORKSAFETY_NOTIFICATION_SENDERS:
        try:
            import_string(path)().send(notifications)
        except Exception:
            logger.exception("notification sender %s failed for %d recipient(s): %s", path,
                             len(notifications), notifications[0].title)


def _without_repeats(notifications: list[Notification]) -> list[Notification]:
    keys = {n.key for n in notifications if n.key}
    if not keys:
        return notifications
    recipients = [n.recipient_id for n in notifications]
    sent = set(Notification.objects.filter(key__in=keys, recipient__in=recipients)
               .values_list("recipient_id", "key"))
    return [n for n in notifications if not n.key or (n.recipient_id, n.key) not in sent]


class InboxSender:
    """Writes the notifications to the users' inboxes; a key already there is skipped, not an error."""

    def send(self, notifications: list[Notification]) -> None:
        # Its own savepoint: a database error here must not spoil a transaction the caller may still be in.
        with transaction.atomic():
            Notification.objects.bulk_create(notifications, ignore_conflicts=True)


class EmailSender:
    """One e-mail per recipient who has an address (recipients never see each other's addresses). A failure
    is logged per recipient and never raised: the inbox still has the message."""

    def send(self, notifications: list[Notification]) -> None:
        mailed = [n for n in notifications if n.recipient.email]
        if not mailed:
            return
        try:
            connection = get_connection()
            connection.open()
        except Exception:
            logger.exception("cannot connect to the mail server; %d e-mail(s) not sent", len(mailed))
            return
        try:
            for notification in mailed:
                try:
                    send_mail(self.subject(notification), self.message(notification), None,
                              [notification.recipient.email], connection=connection)
                except Exception:
                    logger.exception("e-mail to user %s failed", notification.recipient.pk)
        finally:
            try:
                connection.close()
            except Exception:
                logger.exception("closing the mail connection failed")

    def subject(self, notification: Notification) -> str:
        return f"[{gettext('安全生产风险防控与应急管理平台')}] {notification.title}"

    def message(self, notification: Notification) -> str:
        parts = [notification.body] if notification.body else []
        if notification.url:
            link = settings.WORKSAFETY_BASE_URL + notification.url if notification.url.startswith("/") \
                else notification.url
            parts.append(gettext("查看详情：%(link)s") % {"link": link})
        parts.append(gettext("此邮件由系统自动发送，请勿回复。"))
        return "\n\n".join(parts)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def do_mark_read(user, ids=None) -> int:
    """Mark `user`'s notifications read (only those in `ids`, when given); returns how many changed.

    A conditional UPDATE: reading twice, or in two tabs at once, keeps the first time it was read.
    """
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        notifications = notifications.filter(pk__in=ids)
    return notifications.update(read_at=timezone.now())
