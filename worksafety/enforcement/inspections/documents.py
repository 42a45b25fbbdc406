"""执法文书: numbering, rendering from templates to docx and PDF, and storing them.

    issue(kind, *, user, subject, context, inspection=None, case=None, issued_on=None) -> EnforcementDocument

Numbers are per issuing organ, kind and year: 金应急现记〔2026〕12号 is the district bureau's (金应急) twelfth
现场检查记录 (现记) of 2026. The serial is taken from DocumentCounter by a conditional UPDATE, retried when
another writer took the serial first; the number is also unique in the database.

The text comes from a Django template per kind (templates/enforcement/*/documents/<kind>.txt) rendered from
plain strings the caller prepares. One line is one paragraph; a line starting with "# " is a heading, with
"> " a closing line (signatures, organ, date), and consecutive lines starting with "|" a table whose first
row is the header. The same blocks become the docx (python-docx) and the PDF (core.pdf, embedded CJK font),
both stored as content-hashed attachments of the document (全过程记录).
"""

import hashlib
import io
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from worksafety.core.attachments import TYPES, CleanUpload, clean_name, store_attachments
from worksafety.core.choices import AttachmentKind
from worksafety.core.models import Area
from worksafety.core.pdf import PdfDocument
from worksafety.enforcement.inspections.choices import DOCUMENT_CODE, DocumentKind
from worksafety.enforcement.inspections.models import DocumentCounter, EnforcementDocument

ATTEMPTS = 20
TEMPLATE_FOLDER = {
    DocumentKind.INSPECTION_RECORD: "inspections", DocumentKind.RECTIFICATION_ORDER: "inspections",
    DocumentKind.RECHECK_OPINION: "inspections", DocumentKind.PENALTY_NOTICE: "cases",
    DocumentKind.PENALTY_DECISION: "cases",
}
DISTRICT_ISSUER = "district"
BODY_FONT = "宋体"  # what Chinese official documents are set in; Word substitutes where it is missing


# --- who issues -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """The organ a document is issued in the name of, and the key its numbers are counted under."""

    key: str
    organ: str
    department: object = None  # core.Department or None for the district bureau and streets/parks


def district_name() -> str:
    district = Area.objects.filter(parent=None).order_by("code").first()
    return district.name if district else ""


def district_bureau() -> Issuer:
    return Issuer(DISTRICT_ISSUER, _("%(district)s应急管理局") % {"district": district_name()})


def department_issuer(department) -> Issuer:
    # Department names are kept short (区交通运输局); documents carry the full name of the organ.
    name = department.name
    if name.startswith("区"):
        name = district_name() + name[1:]
    return Issuer(f"dept:{department.code}", name, department)


def issuer_for(user, department=None) -> Issuer:
    """Who a user inspects or handles a case as: their department, their street or park, or the district
    bureau. The superuser acts for the department given, else for the district bureau."""
    if user.is_superuser:
        return department_issuer(department) if department is not None else district_bureau()
    if user.department_id:
        return department_issuer(user.department)
    if user.park_id:
        return Issuer(f"park:{user.park.code}", _("%(park)s管理委员会") % {"park": user.park.name})
    if user.area_id and user.area.parent_id:
        return Issuer(f"area:{user.area.code}", user.area.name)
    return district_bureau()


def abbreviation(issuer_key: str, organ: str) -> str:
    """The organ's 文号 abbreviation: configured (WORKSAFETY_DOCUMENT_ABBREVIATIONS), else the district's first
    character and the organ's name without the district (金应急 for the district bureau, 金交通运输局 …), which
    is unique because organ names are."""
    configured = settings.WORKSAFETY_DOCUMENT_ABBREVIATIONS.get(issuer_key)
    if configured:
        return configured
    district = district_name()
    head = district[:1]
    if issuer_key == DISTRICT_ISSUER:
        return head + "应急"
    return head + (organ[len(district):] if district and organ.startswith(district) else organ)


# --- numbering --------------------------------------------------------------------------------------------


def _read_counter(issuer_key: str, kind: str, year: int) -> DocumentCounter:
    counter, _created = DocumentCounter.objects.get_or_create(issuer_key=issuer_key, kind=kind, year=year)
    return counter


def next_serial(issuer_key: str, kind: str, year: int) -> int:
    """The next serial of a series, taken so that no two callers ever get the same one."""
    for _attempt in range(ATTEMPTS):
        counter = _read_counter(issuer_key, kind, year)
        taken = counter.last_serial + 1
        if DocumentCounter.objects.filter(pk=counter.pk, last_serial=counter.last_serial).update(
                last_serial=taken) == 1:
            return taken
    raise ValidationError(_("文书编号繁忙，请稍后重试。"))


def format_number(issuer_key: str, organ: str, code: str, year: int, serial: int) -> str:
    return f"{abbreviation(issuer_key, organ)}{code}〔{year}〕{serial}号"


def take_number(issuer: Issuer, key: str, code: str, year: int) -> tuple[int, str]:
    serial = next_serial(issuer.key, key, year)
    return serial, format_number(issuer.key, issuer.organ, code, year, serial)


# --- text -------------------------------------------------------------------------------------------------


def plain(value) -> str:
    """A value as one line of document text: whitespace collapsed, and nothing that the block syntax reads
    (a table bar anywhere, a heading or closing mark at the start) left as it is."""
    if value is None:
        return ""
    text = " ".join(str(value).split()).replace("|", "｜")
    if text[:1] in ("#", ">"):
        text = {"#": "＃", ">": "＞"}[text[0]] + text[1:]
    return text


def date_text(day) -> str:
    """A date as the documents write it (2025年03月01日); "" for none."""
    if day is None:
        return ""
    return _("%(year)d年%(month)02d月%(day)02d日") % {"year": day.year, "month": day.month, "day": day.day}


def inspectors_text(inspectors) -> str:
    """The inspectors a document names, each with their 执法证 number (《行政处罚法》第四十二条: 出示执法证件)."""
    return "、".join(_("%(name)s（执法证号 %(number)s）") % {"name": i.name, "number": i.certificate_number}
                    for i in inspectors)


def render_text(kind: str, context: dict) -> str:
    template = f"enforcement/{TEMPLATE_FOLDER[kind]}/documents/{kind}.txt"
    lines = (line.strip() for line in render_to_string(template, context).splitlines())
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "closing", "table"
    text: str = ""
    rows: tuple = ()


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    for line in text.splitlines():
        if line.startswith("|"):
            row = tuple(cell.strip() for cell in line.strip("|").split("|"))
            if out and out[-1].kind == "table":
                out[-1] = Block("table", rows=out[-1].rows + (row,))
            else:
                out.append(Block("table", rows=(row,)))
        elif line.startswith("# "):
            out.append(Block("heading", line[2:]))
        elif line.startswith("> "):
            out.append(Block("closing", line[2:]))
        else:
            out.append(Block("paragraph", line))
    return out


def build_docx(title: str, number: str, content: list[Block]) -> bytes:
    document = DocxDocument()
    normal = document.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)  # Chinese text takes the eastAsia font
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold, run.font.size = True, Pt(22)
    number_line = document.add_paragraph(number)
    number_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for block in content:
        if block.kind == "table":
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=0, cols=width)
            table.style = "Table Grid"
            for index, row in enumerate(block.rows):
                cells = table.add_row().cells
                for cell, value in zip(cells, row + ("",) * (width - len(row)), strict=True):
                    cell.text = value
                    if index == 0:
                        for run in cell.paragraphs[0].runs:
                            run.bold = True
        elif block.kind == "heading":
            document.add_paragraph().add_run(block.text).bold = True
        elif block.kind == "closing":
            document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph = document.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = Pt(24)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_pdf(title: str, number: str, content: list[Block]) -> bytes:
    document = PdfDocument(title, subtitle=number)
    for block in content:
        if block.kind == "table":
            header, *rows = block.rows
            document.table(header, rows)
        elif block.kind == "heading":
            document.heading(block.text)
        else:
            document.paragraph(block.text)
    return document.render()


def _upload(name: str, type_code: str, content: bytes) -> CleanUpload:
    # Our own output: stored as it is, under the same content hash as any upload.
    return CleanUpload(name=clean_name(name), kind=AttachmentKind.DOCUMENT, mime_type=TYPES[type_code].mime_type,
                       content=content, sha256=hashlib.sha256(content).hexdigest())


# --- issuing ----------------------------------------------------------------------------------------------


def issue(kind: str, *, user, issuer: Issuer, enterprise, context: dict, inspection=None, case=None,
          issued_on: date | None = None) -> EnforcementDocument:
    """Number, render and store one document, inside the caller's transaction."""
    issued_on = issued_on or timezone.localdate()
    title = str(DocumentKind(kind).label)
    with transaction.atomic():
        serial, number = take_number(issuer, kind, DOCUMENT_CODE[kind], issued_on.year)
        text = render_text(kind, {**context, "organ": plain(issuer.organ), "issued_on": date_text(issued_on)})
        document = EnforcementDocument.objects.create(
            kind=kind, number=number, issuer_key=issuer.key, year=issued_on.year, serial=serial, organ=issuer.organ,
            department=issuer.department, enterprise=enterprise, inspection=inspection, case=case,
            issued_on=issued_on, text=text, created_by=user)
        content = blocks(text)
        store_attachments([_upload(f"{title}{number}.docx", "docx", build_docx(title, number, content)),
                           _upload(f"{title}{number}.pdf", "pdf", build_pdf(title, number, content))],
                          owner=document, user=user)
    return document
