"""Choices of the annual plan: its states, and how its progress is grouped."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")


class ProgressBy(models.TextChoices):
    DEPARTMENT = "department", _("按部门")
    AREA = "area", _("按街道/功能区")
    MONTH = "month", _("按月份")
