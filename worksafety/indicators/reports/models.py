"""安全生产形势分析报告: the archive of generated monthly and annual reports.

The figures are computed once, when the report is generated (`indicators.reports`), and frozen in its PDF and
xlsx files: a report is what was said at the time, unlike the KPI page, which recomputes on every visit. The
files live in the content-addressed attachment storage (`core.attachments`), each with its SHA-256, so a printed
copy can be matched to the archive. One report per kind and period; regenerating by hand replaces its files.
District-wide data: no scope dimension, the permission table decides (district bureau and departments).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import RestrictedQuerySet


class ReportKind(models.TextChoices):
    MONTHLY = "monthly", _("月度")
    ANNUAL = "annual", _("年度")
    # The plan's 十一(五) evaluations, generated from its tasks and indicators (indicators.reports.evaluation).
    MIDTERM = "midterm", _("规划中期评估")
    FINAL = "final", _("规划终期评估")


class Report(models.Model):
    kind = models.CharField(_("类型"), max_length=8, choices=ReportKind.choices)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"), help_text=_("含当日"))
    title = models.CharField(_("标题"), max_length=100)
    summary = models.TextField(_("综述"), blank=True)
    generated_at = models.DateTimeField(_("生成时间"))
    # None: generated on schedule by the worker.
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    pdf_key = models.CharField(_("PDF 存储键"), max_length=80)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    pdf_size = models.PositiveIntegerField(_("PDF 大小（字节）"))
    xlsx_key = models.CharField(_("xlsx 存储键"), max_length=80)
    xlsx_sha256 = models.CharField(_("xlsx SHA-256"), max_length=64)
    xlsx_size = models.PositiveIntegerField(_("xlsx 大小（字节）"))

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["-period_start", "kind"]
        verbose_name = _("安全生产形势分析报告")
        verbose_name_plural = _("安全生产形势分析报告")
        constraints = [models.UniqueConstraint(fields=["kind", "period_start"], name="report_kind_period_unique")]

    def __str__(self):
        return self.title

    @property
    def generated_by_text(self) -> str:
        return str(self.generated_by) if self.generated_by_id else str(_("系统定时生成"))
