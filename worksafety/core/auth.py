"""Login with lockout after repeated failures (等保 2.0, GB/T 22239-2019 8.1.4.1 b, 登录失败处理).

Failures are read back from the audit log rather than kept in a second table: an account name is locked
when it has `LOGIN_FAILURE_LIMIT` failed logins within `LOGIN_LOCKOUT_MINUTES` since its last success.
Attempts made while locked are logged as such and do not extend the lock.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import ngettext

from worksafety.core.choices import AuditAction


def locked_until(username: str):
    """When the lock on this account name ends, or None when it is not locked."""
    from worksafety.core.models import AuditEntry

    window = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    since = timezone.now() - window
    entries = AuditEntry.objects.filter(actor_name=username, timestamp__gte=since)
    last_success = entries.filter(action__in=[AuditAction.LOGIN, AuditAction.TOKEN]).aggregate(at=Max("timestamp"))["at"]
    failures = entries.filter(action=AuditAction.LOGIN_FAILED)
    if last_success is not None:
        failures = failures.filter(timestamp__gt=last_success)
    times = list(failures.order_by("-timestamp").values_list("timestamp", flat=True)[: settings.LOGIN_FAILURE_LIMIT])
    if len(times) < settings.LOGIN_FAILURE_LIMIT:
        return None
    return times[0] + window


class LockoutModelBackend(ModelBackend):
    """ModelBackend that refuses a locked account name before checking the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and locked_until(username) is not None:
            if request is not None:
                request.login_locked = True
            raise PermissionDenied("account locked")  # internal: the form and the API show lockout_message()
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_message(username: str) -> str | None:
    until = locked_until(username)
    if until is None:
        return None
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    return ngettext(
        "登录失败次数过多，账号已锁定，请 %(minutes)d 分钟后再试。",
        "登录失败次数过多，账号已锁定，请 %(minutes)d 分钟后再试。",
        minutes,
    ) % {"minutes": minutes}
