"""Reading and writing Excel workbooks safely.

Reading refuses what is not a real xlsx (a renamed file, a zip of something else), files over the upload
limit and sheets with more rows than the import limit, before any row is looked at. Writing replaces the control
characters XML 1.0 forbids (a tip-off may hold any of them) and never lets stored text become a formula.
"""

import io
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.child import INVALID_TITLE_REGEX

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)
SPOOL_BYTES = 8 * 1024 * 1024  # a larger export is streamed from a temporary file instead of held in memory


class WorkbookError(ValueError):
    """The upload cannot be read as a workbook; the message says why, in words for the user."""


# XML 1.0 (§2.2 Char) allows no C0 control character but tab, line feed and carriage return; openpyxl refuses a
# cell holding one (IllegalCharacterError), which would break the whole export. Each becomes U+FFFD, so a
# reader sees that something was there.
REPLACEMENT_CHARACTER = "\ufffd"


def clean_text(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT_CHARACTER, text)


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, str):
        return clean_text(value)
    if value is None or isinstance(value, int | float | date):
        return value
    if isinstance(value, Decimal):  # amounts stay numbers, so Excel can sum them
        return float(value)
    return clean_text(str(value))


def build(sheet_title: str, headers: list[str], rows, widths: list[int] | None = None, notes: list[str] = ()) -> bytes:
    """A workbook with one sheet: bold header row, frozen, auto-filter; `notes` go on a second sheet.

    The title, headers and notes may be lazy translations; they are written as plain strings.
    """
    return build_sheets([Sheet(sheet_title, headers, rows, widths)], notes=notes)


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: Iterable
    widths: list[int] | None = None


def build_sheets(sheets: list[Sheet], notes: list[str] = ()) -> bytes:
    """A workbook with several sheets laid out as `build` lays out its one."""
    buffer = io.BytesIO()
    write_sheets(buffer, sheets, notes)
    return buffer.getvalue()


def file_response(sheets: list[Sheet], filename: str, notes: list[str] = ()) -> HttpResponse:
    """The workbook as a download, written to a temporary file first: one up to SPOOL_BYTES is answered from
    memory, a larger one is streamed from the file (deleted when the response closes), so an export of any
    size holds a bounded amount of memory."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    write_sheets(spool, sheets, notes)
    if spool.tell() <= SPOOL_BYTES:
        spool.seek(0)
        with spool:
            return response(spool.read(), filename)
    spool.seek(0)
    reply = FileResponse(spool, content_type=XLSX_CONTENT_TYPE)
    reply["Content-Disposition"] = content_disposition(filename)
    return reply


def write_sheets(file, sheets: list[Sheet], notes: list[str] = ()) -> None:
    """Writes the workbook into `file` in openpyxl's write-only mode, which streams rows to temporary files
    instead of keeping a cell object per value."""
    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(_sheet_title(spec.title))
        for index, width in enumerate(spec.widths or [], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(spec.headers), 1))}1"
        sheet.append([_header_cell(sheet, clean_text(str(h))) for h in spec.headers])
        for row in spec.rows:
            sheet.append([_text_safe(sheet, _cell(v)) for v in row])
    if notes:
        help_sheet = workbook.create_sheet(gettext("填写说明"))
        help_sheet.column_dimensions["A"].width = 100
        for line in notes:
            help_sheet.append([clean_text(str(line))])
    workbook.save(file)


def _sheet_title(title) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of \\ / ? * [ ] : nor a control character."""
    return INVALID_TITLE_REGEX.sub("_", clean_text(str(title)))[:31] or gettext("工作表")


def _header_cell(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    return cell


def _text_safe(sheet, value):
    """The value itself (openpyxl reuses one cell for plain values), but text openpyxl would store as a formula
    ("=…") or an error code ("#N/A") goes in a cell of its own typed as text: stored text never runs in Excel."""
    if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def response(content: bytes, filename: str) -> HttpResponse:
    reply = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    reply["Content-Disposition"] = content_disposition(filename)
    return reply


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The Content-Disposition header for a download named `filename`, Chinese included (RFC 6266
    filename*)."""
    from urllib.parse import quote

    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"


def read_rows(upload) -> tuple[list[str], list[tuple[int, list]]]:
    """Headers and (row number, values) of the first sheet of an uploaded xlsx; blank rows are skipped."""
    if upload.size > settings.WORKSAFETY_MAX_UPLOAD_BYTES:
        raise WorkbookError(
            gettext("文件大小 %(size).1f MB，超过上限 %(limit)g MB。")
            % {"size": upload.size / 1048576, "limit": settings.WORKSAFETY_MAX_UPLOAD_BYTES / 1048576}
        )
    data = upload.read()
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(gettext("不是有效的 Excel 文件（.xlsx），请用模板另存为 xlsx 后再上传。"))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise WorkbookError(gettext("不是有效的 Excel 文件（.xlsx），请用模板另存为 xlsx 后再上传。")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    while headers and headers[-1] == "":
        headers.pop()
    result = []
    for number, values in enumerate(rows, start=2):
        values = list(values[: len(headers)])
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(result) >= settings.WORKSAFETY_MAX_IMPORT_ROWS:
            raise WorkbookError(
                gettext("行数超过上限 %(limit)s 行，请分批导入。") % {"limit": settings.WORKSAFETY_MAX_IMPORT_ROWS}
            )
        result.append((number, values + [None] * (len(headers) - len(values))))
    workbook.close()
    return headers, result
