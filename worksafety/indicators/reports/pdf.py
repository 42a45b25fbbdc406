"""The report as PDF: `core.pdf.PdfDocument` (embedded CJK font) with each section's table and its chart drawn
as a reportlab graphics Drawing in the same font."""

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from worksafety.core.pdf import TEXT_WIDTH, PdfDocument
from worksafety.indicators.reports.data import NO_DATA, Chart, ReportData, Section

PALETTE = [colors.HexColor("#4472C4"), colors.HexColor("#ED7D31"), colors.HexColor("#A5A5A5"),
           colors.HexColor("#70AD47")]
CHART_HEIGHT = 65 * mm
MAX_LABEL = 8  # characters of a category label under a bar


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def chart_drawing(chart: Chart, font: str) -> Drawing:
    width = TEXT_WIDTH
    drawing = Drawing(width, CHART_HEIGHT)
    drawing.add(String(width / 2, CHART_HEIGHT - 10, chart.title, fontName=font, fontSize=10, textAnchor="middle"))
    bars = VerticalBarChart()
    bars.x, bars.y = 35, 40
    bars.width, bars.height = width - 60, CHART_HEIGHT - 75
    bars.data = [[float(v) for v in values] for _, values in chart.series]
    bars.categoryAxis.categoryNames = [_short(c) for c in chart.categories]
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = 7
    if len(chart.categories) > 5:
        bars.categoryAxis.labels.angle = 30
        bars.categoryAxis.labels.boxAnchor = "ne"
    bars.valueAxis.labels.fontName = font
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    top = max((max(values, default=0) for _, values in chart.series), default=0)
    if top < 5:  # counts: whole-number steps, and an axis even when every bar is zero
        bars.valueAxis.valueMax, bars.valueAxis.valueStep = 5, 1
    bars.barLabels.fontName = font
    bars.barLabels.fontSize = 7
    bars.barLabelFormat = lambda v: f"{v:g}"
    bars.barLabels.nudge = 5
    for index in range(len(chart.series)):
        bars.bars[index].fillColor = PALETTE[index % len(PALETTE)]
    drawing.add(bars)
    if len(chart.series) > 1:
        legend = Legend()
        legend.fontName, legend.fontSize = font, 8
        legend.x, legend.y = width - 90, CHART_HEIGHT - 18
        legend.alignment = "right"
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(chart.series)]
        drawing.add(legend)
    return drawing


def _section(doc: PdfDocument, section: Section) -> None:
    doc.heading(section.heading)
    if not section.has_data:
        doc.paragraph(str(NO_DATA))
        return
    doc.table(section.headers, section.rows)
    if section.key == "hazards" and section.figures.get("major_rows"):
        doc.heading(_("期末未销号重大隐患"), level=2)
        doc.table([_("企业"), _("隐患"), _("发现日期"), _("整改/督办期限"), _("期末状态")],
                  section.figures["major_rows"], col_widths=[40, 55, 24, 26, 25])
    for note in section.notes:
        doc.paragraph(note)
    if section.chart and section.chart.categories:
        doc.story.append(chart_drawing(section.chart, doc.font))
        doc.spacer()


def build(data: ReportData) -> bytes:
    doc = PdfDocument(data.title, subtitle=_("统计期间：%(start)s 至 %(end)s") % {"start": data.start, "end": data.end})
    doc.heading(_("综述"))
    doc.paragraph(data.summary)
    for section in data.sections:
        _section(doc, section)
    doc.heading(_("说明"))
    doc.paragraph(_("本报告由平台根据生成时已录入的数据自动统计；生成后不随数据修改而变化，需更新时可重新生成。"))
    return doc.render()
