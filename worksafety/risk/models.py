from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import RestrictedQuerySet
from worksafety.registry.models import HazardUnit


class MajorHazardAssessment(models.Model):
    """One GB 18218-2018 identification and grading of a unit, kept whenever its result or inputs change.

    `inputs` is exactly what `standards.gb18218.assess` was given and `result` what it answered, so any past
    grading can be recomputed and explained step by step.
    """

    unit = models.ForeignKey(HazardUnit, verbose_name=_("单元"), on_delete=models.CASCADE, related_name="assessments")
    assessed_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.CharField(_("原因"), max_length=200)
    inputs = models.JSONField(_("输入"))
    result = models.JSONField(_("结果"))
    is_major = models.BooleanField(_("构成重大危险源"))
    level = models.PositiveSmallIntegerField(_("等级"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {
        "area": "unit__enterprise__area__code",
        "park": "unit__enterprise__park_id",
        "sector": "unit__enterprise__sector__code",
        "enterprise": "unit__enterprise_id",
    }

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("重大危险源辨识分级记录")
        verbose_name_plural = _("重大危险源辨识分级记录")

    def __str__(self):
        return f"{self.unit} {self.assessed_at:%Y-%m-%d %H:%M}"
