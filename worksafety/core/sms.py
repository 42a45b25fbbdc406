"""SMS through the government SMS gateway (政务短信平台), as a notification sender (core/notifications.py).

Enabled by adding "worksafety.core.sms.SmsGatewaySender" to WORKSAFETY_NOTIFICATION_SENDERS and setting
WORKSAFETY_SMS_GATEWAY_URL. SMS costs money and wakes people, so only the categories named in
WORKSAFETY_SMS_CATEGORIES go out this way (alarms and public warnings by default); the inbox keeps everything.

The gateway contract is deliberately plain, so a site adapts it with a small relay if its platform differs:
one HTTPS POST per notification batch, JSON
    {"signature": "【…】", "messages": [{"mobile": "13800000000", "content": "…"}, …]}
with `Authorization: Bearer <WORKSAFETY_SMS_GATEWAY_TOKEN>`; any 2xx answer is success. A failure is logged,
never raised: the inbox still has the message.
"""

import json
import logging
import re
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

# Mainland mobile numbers (11 digits, 1[3-9]…); landlines and duty phones cannot receive SMS.
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Seven 70-character segments at most: enough for a title and a link, short of a costly essay.
MAX_CONTENT_CHARS = 490
TIMEOUT_S = 5


def mobile_number(phone: str) -> str | None:
    """The number as the gateway wants it, or None: spaces, dashes and a +86 / 0086 prefix are tolerated."""
    digits = re.sub(r"[\s-]", "", phone or "")
    digits = re.sub(r"^(\+86|0086)", "", digits)
    return digits if MOBILE_RE.match(digits) else None


class SmsGatewaySender:
    def send(self, notifications) -> None:
        if not settings.WORKSAFETY_SMS_GATEWAY_URL:
            return
        messages = self.messages(notifications)
        if not messages:
            return
        body = json.dumps({"signature": settings.WORKSAFETY_SMS_SIGNATURE, "messages": messages},
                          ensure_ascii=False).encode()
        request = urllib.request.Request(settings.WORKSAFETY_SMS_GATEWAY_URL, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {settings.WORKSAFETY_SMS_GATEWAY_TOKEN}"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                response.read()
        except (urllib.error.URLError, OSError) as error:
            logger.error("SMS gateway refused or unreachable; %d SMS not sent: %s", len(messages), error)

    def messages(self, notifications) -> list[dict]:
        wanted = set(settings.WORKSAFETY_SMS_CATEGORIES)
        result = []
        for notification in notifications:
            mobile = mobile_number(notification.recipient.phone)
            if notification.category in wanted and mobile:
                result.append({"mobile": mobile, "content": self.content(notification)})
        return result

    def content(self, notification) -> str:
        text = notification.title
        if notification.url:
            base = settings.WORKSAFETY_BASE_URL
            link = base + notification.url if notification.url.startswith("/") else notification.url
            if link.startswith("http"):  # a bare path means nothing on a phone
                text = f"{text} {link}"
        return text[:MAX_CONTENT_CHARS]
