import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = {
    "大写字母": re.compile(r"[A-Z]"),
    "小写字母": re.compile(r"[a-z]"),
    "数字": re.compile(r"\d"),
    "特殊字符": re.compile(r"[^A-Za-z0-9]"),
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
