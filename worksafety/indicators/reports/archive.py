"""Generating and archiving reports: `do_generate_report` is the one write path (ARCHITECTURE rule 2).

The files go to the content-addressed attachment storage (`core.attachments.write_blob`): written once under
their SHA-256, renamed into place, so a crash never leaves half a file. The Report row keeps the keys and
hashes; a regeneration by hand points the row at the new files (the old ones stay in the storage, which never
deletes a blob another row might share).
"""

import hashlib
import logging
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.attachments import CleanUpload, blob_path, write_blob
from worksafety.core.xlsx import XLSX_CONTENT_TYPE
from worksafety.indicators.reports import data, evaluation, pdf, xlsx
from worksafety.indicators.reports.models import Report, ReportKind

logger = logging.getLogger(__name__)


def _store(content: bytes, name: str, mime_type: str) -> tuple[str, str, int]:
    sha256 = hashlib.sha256(content).hexdigest()
    key = write_blob(CleanUpload(name=name, kind="document", mime_type=mime_type, content=content, sha256=sha256))
    return key, sha256, len(content)


def check_period(kind: str, start: date, today: date | None = None) -> tuple[date, date]:
    """The period's first and last day; refuses a period that has not ended (its figures would be partial)."""
    if kind not in ReportKind.values:
        raise ValidationError(_("报告类型无效。"))
    start, end = data.period_for(kind, start)
    today = today or timezone.localdate()
    if end >= today:
        raise ValidationError(_("%(period)s尚未结束，不能生成报告。") % {"period": data.period_text(kind, start)})
    if kind in data.EVALUATION_KINDS:
        last_filing = evaluation.complete_after(kind)
        if last_filing >= today:
            raise ValidationError(_("末季度进展报告的报送期限（%(day)s）尚未届满，届满后方可生成评估报告。") % {
                "day": f"{last_filing:%Y-%m-%d}"})
    return start, end


def do_generate_report(kind: str, start: date, *, user=None, regenerate: bool = False) -> Report:
    """The report of the period starting `start`; an archived one is returned as it is unless `regenerate`."""
    start, end = check_period(kind, start)
    existing = Report.objects.filter(kind=kind, period_start=start).first()
    if existing and not regenerate:
        return existing
    figures = data.gather(kind, start)
    pdf_key, pdf_sha, pdf_size = _store(pdf.build(figures), f"{figures.title}.pdf", "application/pdf")
    xlsx_key, xlsx_sha, xlsx_size = _store(xlsx.build(figures), f"{figures.title}.xlsx", XLSX_CONTENT_TYPE)
    values = {"period_end": end, "title": figures.title, "summary": figures.summary,
              "generated_at": timezone.now(), "generated_by": user, "pdf_key": pdf_key, "pdf_sha256": pdf_sha,
              "pdf_size": pdf_size, "xlsx_key": xlsx_key, "xlsx_sha256": xlsx_sha, "xlsx_size": xlsx_size}
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(kind=kind, period_start=start).first()
        if report is None:
            try:
                with transaction.atomic():
                    return Report.objects.create(kind=kind, period_start=start, **values)
            except IntegrityError:  # generated at the same moment elsewhere
                report = Report.objects.select_for_update().get(kind=kind, period_start=start)
                if not regenerate:
                    return report
        for name, value in values.items():
            setattr(report, name, value)
        report.save()
    return report


def file_path(report: Report, fmt: str):
    return blob_path(report.pdf_key if fmt == "pdf" else report.xlsx_key)


def scheduled(today: date | None = None) -> list[Report]:
    """What the worker generates: last month's report (first due on the 1st; a missed day catches up) and, in
    January, last year's. A period already archived is left alone, so running this again does nothing."""
    today = today or timezone.localdate()
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    due = [(ReportKind.MONTHLY, last_month)]
    if today.month == 1:
        due.append((ReportKind.ANNUAL, date(today.year - 1, 1, 1)))
    made = []
    for kind, start in due:
        if not Report.objects.filter(kind=kind, period_start=start).exists():
            made.append(do_generate_report(kind, start))
            logger.info("generated report %s %s", kind, start)
    return made
