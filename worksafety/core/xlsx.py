"""Reading and writing Excel workbooks safely.

Reading refuses what is not a real xlsx (a renamed file, a zip of something else), files over the upload
limit and sheets with more rows than the import limit, before any row is looked at.
"""

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_FONT = Font(bold=True)


class WorkbookError(ValueError):
    """The upload cannot be read as a workbook; the message says why, in words for the user."""


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, int | float | date | str):
        return value
    if isinstance(value, Decimal):  # amounts stay numbers, so Excel can sum them
        return float(value)
    return str(value)


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
    """A workbook with several sheets laid out as `build` lays out its one.

    Written in openpyxl's write-only mode, which streams rows instead of keeping a cell object per value.
    """
    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(str(spec.title)[:31])
        for index, width in enumerate(spec.widths or [], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(spec.headers), 1))}1"
        sheet.append([_header_cell(sheet, str(h)) for h in spec.headers])
        for row in spec.rows:
            sheet.append([_text_safe(WriteOnlyCell(sheet, value=_cell(v))) for v in row])
    if notes:
        help_sheet = workbook.create_sheet(gettext("填写说明"))
        help_sheet.column_dimensions["A"].width = 100
        for line in notes:
            help_sheet.append([str(line)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header_cell(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    return cell


def _text_safe(cell):
    # openpyxl stores a string starting with "=" as a formula; user text must never run in Excel.
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


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
