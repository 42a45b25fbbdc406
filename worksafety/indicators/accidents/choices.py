from django.db import models
from django.utils.translation import gettext_lazy as _


class Misreporting(models.TextChoices):
    """493号令 第三十六条: 瞒报 hides the accident or its casualties, 谎报 reports them falsely."""

    CONCEALED = "concealed", _("瞒报")
    FALSIFIED = "falsified", _("谎报")


class RevisionKind(models.TextChoices):
    SUPPLEMENT = "supplement", _("续报")  # a change in casualties, within the window of 493号令 第十三条
    CORRECTION = "correction", _("更正")  # a recording error or a figure established later; flagged


class MeasureKind(models.TextChoices):
    HAZARD = "hazard", _("登记为隐患")
    TASK = "task", _("整改任务")
