"""The report as a workbook: a 综述 sheet, then one sheet per section with its table and a native bar chart
over the chart's own small table (so the chart stays live if someone edits the numbers in Excel)."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font

from worksafety.core.xlsx import HEADER_FILL, HEADER_FONT
from worksafety.indicators.reports.data import NO_DATA, ReportData, Section

SHEET_NAMES = {"accidents": gettext_lazy("事故"), "kpis": gettext_lazy("规划指标"), "hazards": gettext_lazy("隐患"),
               "enforcement": gettext_lazy("执法"), "alarms": gettext_lazy("监测报警"),
               "incidents": gettext_lazy("突发事件"),
               # the plan's evaluations (reports.evaluation); "kpis" is shared
               "overall": gettext_lazy("总体进展"), "main_tasks": gettext_lazy("主要任务"),
               "projects": gettext_lazy("重点工程"), "milestones": gettext_lazy("节点完成"),
               "reporting": gettext_lazy("部门报送"), "problems": gettext_lazy("问题和下一步")}


def _safe(value):
    # User text (enterprise names, titles) must never become a formula; labels may be lazy translations.
    if value is None or isinstance(value, int | float | Decimal):
        return value
    value = str(value)
    if value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value


def _header(sheet, row: int, headers) -> None:
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=str(text))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def _table(sheet, row: int, headers, rows) -> int:
    _header(sheet, row, headers)
    for values in rows:
        row += 1
        for column, value in enumerate(values, start=1):
            sheet.cell(row=row, column=column, value=_safe(value))
    return row + 2


def _section(workbook: Workbook, section: Section) -> None:
    sheet = workbook.create_sheet(str(SHEET_NAMES[section.key]))
    sheet.cell(row=1, column=1, value=str(section.heading)).font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 34
    for letter in "CDEFGH":
        sheet.column_dimensions[letter].width = 14
    if not section.has_data:
        sheet.cell(row=3, column=1, value=str(NO_DATA))
        return
    row = _table(sheet, 3, section.headers, section.rows)
    if section.key == "hazards" and section.figures.get("major_rows"):
        sheet.cell(row=row, column=1, value=_("期末未销号重大隐患")).font = Font(bold=True)
        row = _table(sheet, row + 1, [_("企业"), _("隐患"), _("发现日期"), _("整改/督办期限"), _("期末状态")],
                     section.figures["major_rows"])
    for note in section.notes:
        sheet.cell(row=row, column=1, value=note)
        row += 1
    chart = section.chart
    if not chart or not chart.categories:
        return
    # The chart's data: categories down column A, one column per series.
    row += 1
    sheet.cell(row=row, column=1, value=_("图表数据")).font = Font(bold=True)
    first = row + 1
    _header(sheet, first, [_("名称"), *[name for name, _values in chart.series]])
    for offset, category in enumerate(chart.categories, start=1):
        sheet.cell(row=first + offset, column=1, value=_safe(str(category)))
        for column, (_name, values) in enumerate(chart.series, start=2):
            sheet.cell(row=first + offset, column=column, value=float(values[offset - 1]))
    last = first + len(chart.categories)
    bar = BarChart()
    bar.type, bar.style, bar.title = "col", 10, chart.title
    bar.height, bar.width = 8, 18
    bar.add_data(Reference(sheet, min_col=2, max_col=1 + len(chart.series), min_row=first, max_row=last),
                 titles_from_data=True)
    bar.set_categories(Reference(sheet, min_col=1, min_row=first + 1, max_row=last))
    sheet.add_chart(bar, "J3")


def build(data: ReportData) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    cover.title = _("综述")
    cover.column_dimensions["A"].width = 100
    cover["A1"] = data.title
    cover["A1"].font = Font(bold=True, size=14)
    cover["A2"] = _("统计期间：%(start)s 至 %(end)s") % {"start": data.start, "end": data.end}
    cover["A4"] = data.summary
    cover["A4"].alignment = Alignment(wrap_text=True, vertical="top")
    cover.row_dimensions[4].height = 120
    for section in data.sections:
        _section(workbook, section)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
