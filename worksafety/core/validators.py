import re
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

CLASSES = {
    "uppercase": re.compile(r"[A-Z]"),
    "lowercase": re.compile(r"[a-z]"),
    "digit": re.compile(r"\d"),
    "special": re.compile(r"[^A-Za-z0-9]"),
}


class CharacterClassesValidator:
    """Passwords must mix character classes (GB/T 22239-2019 8.1.4.1 a: 口令具有复杂度要求)."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, pattern in CLASSES.items() if pattern.search(password)]
        if len(present) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、特殊字符中的 %(n)d 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("至少包含大写字母、小写字母、数字、特殊字符中的 %(n)d 类。") % {"n": self.min_classes}


DATETIME_YEARS = (1970, 2100)  # the moments a person or a client may enter, in local time, first and last year


def in_datetime_range(value) -> bool:
    """Whether a moment lies in `DATETIME_YEARS`, local time: everything the platform records — an inspection,
    an alarm, an incident, a plan's deadline — does, and a year 0001 or 9999 is a typo or a fuzzer. The bound
    also keeps stored moments where the zone's offset is whole minutes: zoneinfo gives Asia/Shanghai its local
    mean time (+08:05:43) before 1901, which an RFC 3339 date-time cannot write, and 9999-12-31 plus 8 hours
    overflows. Dates (a date of birth) are not bounded by this."""
    first, last = DATETIME_YEARS
    zone = timezone.get_default_timezone() if timezone.is_aware(value) else None
    return datetime(first, 1, 1, tzinfo=zone) <= value < datetime(last + 1, 1, 1, tzinfo=zone)


def _datetime_range_message():
    first, last = DATETIME_YEARS
    return _("时间超出允许范围（%(first)d–%(last)d年）") % {"first": first, "last": last}


DATETIME_RANGE_MESSAGE = lazy(_datetime_range_message, str)()


def validate_datetime_range(value):
    """For a form or serializer date-time field: refuses a moment outside `DATETIME_YEARS`."""
    if not in_datetime_range(value):
        raise ValidationError(DATETIME_RANGE_MESSAGE, code="datetime_range")
