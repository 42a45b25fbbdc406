"""Third-party services (政府购买服务, 安全评价/检测检验/咨询): an agency's reports on enterprises, filed with the
report itself. A report is accepted only from an agency holding a qualification of its kind in force on the
report's date (`AgencyReport.clean`)."""

from django.db import transaction

from worksafety.core.attachments import store_attachments
from worksafety.core.services import do_save_object
from worksafety.enforcement.agencies.models import AgencyReport


def do_save_report(report: AgencyReport, *, user, files=()) -> AgencyReport:
    """Save a report with its files (the report PDF, test certificates) in one transaction."""
    adding = report._state.adding
    if adding:
        report.created_by = user
    try:
        with transaction.atomic():
            do_save_object(report, user=user)
            if files:
                store_attachments(files, owner=report, user=user)
    except Exception:
        if adding:  # the row was rolled back: the report is new again
            report.pk, report._state.adding = None, True
        raise
    return report
