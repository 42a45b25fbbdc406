"""Choices of 双随机 draws."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrawStatus(models.TextChoices):
    ANNOUNCED = "announced", _("已公告待抽取")
    DRAWN = "drawn", _("已抽取")
    CANCELLED = "cancelled", _("已作废")
