"""Building Chinese PDF documents: hazard dossiers, monthly reports, enforcement documents.

A `PdfDocument` collects headings, paragraphs, tables and images, then renders A4 pages with the title in a
header line and "第 x 页 共 y 页" plus the generation time in the footer. All text is user text: it is
escaped, never read as reportlab markup.

Chinese must show in every viewer, so the font is embedded. reportlab embeds TrueType outlines only (not the
CFF outlines of Noto CJK), hence WenQuanYi Micro Hei (Debian fonts-wqy-microhei) by default; the path is
the WORKSAFETY_PDF_FONT setting, and a system check warns at startup when a configured file is unusable.
Where no such font is installed (or WORKSAFETY_PDF_FONT=none), documents use reportlab's built-in STSong-Light
instead, with one warning per process: Adobe's standard Chinese CID font, named but not embedded, so it needs no
system package and its text stays extractable, but a viewer without Adobe's Chinese fonts substitutes its own.
"""

import io
import logging
import re
import threading
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from worksafety.core.xlsx import content_disposition

logger = logging.getLogger(__name__)

FONT_PACKAGE = "fonts-wqy-microhei"
FALLBACK_FONT = "STSong-Light"  # Adobe-GB1 CID font that reportlab knows without any font file
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 25 * mm, 20 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
HEADER_FILL = colors.HexColor("#DDEBF7")  # the xlsx header colour
LABEL_FILL = colors.HexColor("#F2F2F2")
RULE = colors.HexColor("#808080")
IMAGE_DPI = 200  # photos are downscaled to this resolution at their printed size; phone photos are huge

_registered_fonts: dict[str, str] = {}  # font path -> reportlab font name
_font_lock = threading.Lock()
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def font_path() -> Path | None:
    """The configured CJK font file; None when none is configured (the built-in fallback is used);
    ImproperlyConfigured saying which package to install when the configured file is missing."""
    path = settings.WORKSAFETY_PDF_FONT
    if not path:
        return None
    if not Path(path).is_file():
        raise ImproperlyConfigured(
            f"No CJK TrueType font for PDF documents (WORKSAFETY_PDF_FONT={path!r}): install the Debian "
            f"package {FONT_PACKAGE} or point WORKSAFETY_PDF_FONT at a .ttf/.ttc with TrueType outlines."
        )
    return Path(path)


def register_font() -> str:
    """The reportlab name of the configured font (or of the fallback), registered once per process and path."""
    configured = font_path()
    path = str(configured or "")
    with _font_lock:
        if path not in _registered_fonts:
            _registered_fonts[path] = (_register_truetype(path, f"WorksafetyCJK{len(_registered_fonts)}")
                                       if configured else _register_fallback())
        return _registered_fonts[path]


def _register_truetype(path: str, name: str) -> str:
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except TTFError as error:
        raise ImproperlyConfigured(
            f"WORKSAFETY_PDF_FONT={path!r} cannot be embedded in PDF documents ({error}); reportlab "
            f"needs TrueType outlines, not CFF (Noto CJK): install the Debian package {FONT_PACKAGE}."
        ) from error
    return name


def _register_fallback() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    logger.warning("no CJK TrueType font (WORKSAFETY_PDF_FONT): PDFs use reportlab's built-in %s, not embedded; "
                   "install the Debian package %s to embed one", FALLBACK_FONT, FONT_PACKAGE)
    return FALLBACK_FONT


class PdfDocument:
    """One A4 document, built by appending blocks in reading order and rendered once with `render()`."""

    def __init__(self, title: str, subtitle: str | None = None):
        self.title, self.subtitle = str(title), str(subtitle) if subtitle else ""
        self.font = register_font()  # fails here, before the caller spends time collecting data
        self.styles = _styles(self.font)
        self.story = [Paragraph(_markup(self.title), self.styles["title"])]
        if self.subtitle:
            self.story.append(Paragraph(_markup(self.subtitle), self.styles["subtitle"]))
        self.story.append(Spacer(1, 4 * mm))

    def heading(self, text, level: int = 1) -> None:
        """A section (level 1) or subsection (level 2) heading, never left alone at the foot of a page.

        A conditional page break rather than reportlab's keepWithNext: that would move a long table
        following the heading to a new page as a whole, leaving the rest of this page empty.
        """
        self.story.append(CondPageBreak(30 * mm))
        self.story.append(Paragraph(_markup(text), self.styles["h1" if level <= 1 else "h2"]))

    def paragraph(self, text) -> None:
        """Body text; line breaks in `text` are kept."""
        self.story.append(Paragraph(_markup(text), self.styles["body"]))

    def key_values(self, pairs) -> None:
        """A two-column table of (label, value), e.g. the particulars of a hazard; long values wrap."""
        data = [[self._cell(label), self._cell(value)] for label, value in pairs]
        if data:
            label_width = 35 * mm
            self.story.append(self._table(data, [label_width, TEXT_WIDTH - label_width], [
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
            ]))

    def table(self, header, rows, col_widths=None) -> None:
        """A table with a header row that repeats on every page it runs onto; cells wrap.

        `col_widths` are in millimetres, scaled down to the text width (170 mm) if they add up to more;
        None gives equal columns. Rows shorter or longer than the header are padded or cut.
        """
        header = list(header)
        data = [[self._cell(h) for h in header]]
        for row in rows:
            row = list(row)[: len(header)]
            data.append([self._cell(v) for v in row] + [""] * (len(header) - len(row)))
        extra = [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL)]
        if len(data) == 1:
            data.append([self._cell(gettext("无记录"), "centered")] + [""] * (len(header) - 1))
            extra.append(("SPAN", (0, 1), (-1, 1)))
        if col_widths:
            scale = min(1, TEXT_WIDTH / (sum(col_widths) * mm))
            widths = [w * mm * scale for w in col_widths]
        else:
            widths = [TEXT_WIDTH / max(len(header), 1)] * len(header)
        self.story.append(self._table(data, widths, extra, repeat_rows=1))

    def image(self, path_or_bytes, max_width_mm: float = 160, max_height_mm: float = 120, caption=None) -> None:
        """A picture scaled to fit the box, aspect ratio kept, with an optional caption under it.

        A file that is missing or is not a readable image becomes a one-line note instead: one bad upload
        must not stop a dossier from being produced.
        """
        width = min(max_width_mm * mm, TEXT_WIDTH)
        height = min(max_height_mm * mm, TEXT_HEIGHT - 20 * mm)  # room for the caption on the same page
        try:
            picture = _picture(path_or_bytes, width, height)
        except Exception as error:  # Pillow's decoders raise many different types on damaged or hostile files
            logger.warning("image left out of PDF %r: %r", self.title, error)
            name = caption or (Path(path_or_bytes).name if isinstance(path_or_bytes, str | Path) else "")
            note = gettext("（图片无法显示：%(name)s）") % {"name": name} if name else gettext("（图片无法显示）")
            self.paragraph(note)
            return
        block = [picture]
        if caption:
            block.append(Paragraph(_markup(caption), self.styles["caption"]))
        self.story.append(KeepTogether(block))

    def spacer(self, height_mm: float = 4) -> None:
        self.story.append(Spacer(1, height_mm * mm))

    def render(self) -> bytes:
        """The PDF file."""
        buffer = io.BytesIO()
        # The initial font is ours too, or reportlab lists a non-embedded Helvetica on every page.
        template = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=self.title, subject=self.subtitle, author="worksafety",
            creator="worksafety", lang="zh-CN", initialFontName=self.font,
        )
        generated = f"{timezone.localtime():%Y-%m-%d %H:%M}"

        def decorate(canvas, page, pages):
            _draw_header_and_footer(canvas, self.font, self.title, page, pages, generated)

        template.build(list(self.story), canvasmaker=lambda *a, **kw: _NumberedCanvas(*a, decorate=decorate, **kw))
        return buffer.getvalue()

    def _cell(self, value, style="cell"):
        return Paragraph(_markup(value), self.styles[style])

    def _table(self, data, widths, extra, repeat_rows=0):
        # splitInRow lets a cell taller than a page continue on the next one instead of failing the layout.
        style = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.font),  # else the table sets a non-embedded Helvetica
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ])
        table = Table(data, colWidths=widths, style=style, repeatRows=repeat_rows, splitInRow=1, hAlign="LEFT")
        table.spaceAfter = 3 * mm
        return table


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """The PDF shown in the browser; saving it keeps `filename`, Chinese included (RFC 6266 filename*)."""
    reply = HttpResponse(content, content_type="application/pdf")
    reply["Content-Disposition"] = content_disposition(filename, inline=True)
    return reply


class _NumberedCanvas(Canvas):
    """Holds every page until the end, so that each footer can say how many pages there are."""

    def __init__(self, *args, decorate, **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._pages = []

    def showPage(self):  # reportlab calls this at the end of each page
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._decorate(self, number, len(self._pages))
            super().showPage()
        super().save()


def _draw_header_and_footer(canvas, font, title, page, pages, generated):
    canvas.saveState()
    canvas.setFont(font, 9)
    canvas.setFillColor(RULE)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    top = PAGE_HEIGHT - MARGIN_TOP + 6 * mm
    canvas.drawString(MARGIN_X, top + 1.5 * mm, _fit(title, font, 9, TEXT_WIDTH))
    canvas.line(MARGIN_X, top, PAGE_WIDTH - MARGIN_X, top)
    bottom = MARGIN_BOTTOM - 10 * mm
    canvas.line(MARGIN_X, bottom + 4 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4 * mm)
    canvas.drawCentredString(PAGE_WIDTH / 2, bottom, gettext("第 %(page)s 页 共 %(pages)s 页") % {
        "page": page, "pages": pages})
    canvas.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, gettext("生成时间：%(time)s") % {"time": generated})
    canvas.restoreState()


def _fit(text, font, size, width):
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _picture(source, max_width, max_height):
    """A reportlab Image of `source` (a path or the bytes of a file), upright, RGB, no bigger than needed."""
    with PILImage.open(io.BytesIO(source) if isinstance(source, bytes) else source) as picture:
        picture.draft("RGB", (int(max_width / 72 * IMAGE_DPI), int(max_height / 72 * IMAGE_DPI)))  # JPEG only
        picture = ImageOps.exif_transpose(picture)  # phone photos are stored sideways with an EXIF flag
        if picture.mode in ("RGBA", "LA", "P"):
            picture = picture.convert("RGBA")
            flat = PILImage.new("RGB", picture.size, "white")
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        picture = picture.convert("RGB")
    pixel_width, pixel_height = picture.size
    scale = min(max_width / pixel_width, max_height / pixel_height)
    width, height = pixel_width * scale, pixel_height * scale
    picture.thumbnail((int(width / 72 * IMAGE_DPI) + 1, int(height / 72 * IMAGE_DPI) + 1))
    encoded = io.BytesIO()
    picture.save(encoded, "JPEG", quality=85)
    encoded.seek(0)
    return Image(encoded, width=width, height=height)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, datetime):
        return f"{timezone.localtime(value) if timezone.is_aware(value) else value:%Y-%m-%d %H:%M}"
    return str(value)


def _markup(value) -> str:
    """User text as reportlab paragraph markup: escaped, line breaks kept, control characters dropped."""
    text = _CONTROL_CHARACTERS.sub("", _text(value).replace("\r\n", "\n").replace("\r", "\n"))
    return escape(text).replace("\n", "<br/>")


def _styles(font) -> dict[str, ParagraphStyle]:
    # Sizes follow Chinese document habit: 小二 title, 四号 / 小四 headings, 五号 body. CJK wrapping breaks
    # lines between any two characters, which also keeps long codes and URLs inside table cells.
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK", spaceAfter=4)
    return {
        "title": ParagraphStyle("title", body, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=12, leading=18, alignment=TA_CENTER,
                                   textColor=colors.HexColor("#404040")),
        "h1": ParagraphStyle("h1", body, fontSize=14, leading=20, spaceBefore=8, spaceAfter=6),
        "h2": ParagraphStyle("h2", body, fontSize=12, leading=18, spaceBefore=6, spaceAfter=4),
        "body": body,
        "cell": ParagraphStyle("cell", body, fontSize=9.5, leading=13, spaceAfter=0),
        "centered": ParagraphStyle("centered", body, fontSize=9.5, leading=13, spaceAfter=0, alignment=TA_CENTER),
        "caption": ParagraphStyle("caption", body, fontSize=9, leading=13, alignment=TA_CENTER,
                                  textColor=colors.HexColor("#404040")),
    }
