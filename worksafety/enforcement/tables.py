"""What the tables of the enforcement lists share."""

from django.utils.translation import gettext_lazy as _


def yes_no(value: bool):
    return _("是") if value else _("否")
