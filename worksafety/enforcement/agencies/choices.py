"""Choices of third-party services: the kinds of agency qualification and report."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    EVALUATION = "evaluation", _("安全评价")
    TESTING = "testing", _("检测检验")
    CONSULTING = "consulting", _("安全咨询")


class ReportKind(models.TextChoices):
    PRE_EVALUATION = "pre_evaluation", _("安全预评价报告")
    ACCEPTANCE_EVALUATION = "acceptance_evaluation", _("安全验收评价报告")
    STATUS_EVALUATION = "status_evaluation", _("安全现状评价报告")
    TESTING = "testing", _("检测检验报告")
    CONSULTING = "consulting", _("安全咨询/技术服务报告")


# The qualification an agency needs on the report's date for each kind of report.
REPORT_QUALIFICATION = {
    ReportKind.PRE_EVALUATION: AgencyKind.EVALUATION,
    ReportKind.ACCEPTANCE_EVALUATION: AgencyKind.EVALUATION,
    ReportKind.STATUS_EVALUATION: AgencyKind.EVALUATION,
    ReportKind.TESTING: AgencyKind.TESTING,
    ReportKind.CONSULTING: AgencyKind.CONSULTING,
}
