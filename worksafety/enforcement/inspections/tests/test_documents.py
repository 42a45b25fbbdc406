"""执法文书 (`enforcement.inspections.documents`): numbers unique and sequential per organ, kind and year, also
when another writer takes a serial in between; docx and PDF render the Chinese text and are stored with their
hashes."""

import hashlib
from datetime import date
from io import BytesIO

import pytest
from django.db import IntegrityError, transaction
from docx import Document
from pypdf import PdfReader

from worksafety.core.attachments import attachments_for, open_attachment
from worksafety.enforcement.inspections import documents
from worksafety.enforcement.inspections.choices import DocumentKind
from worksafety.enforcement.inspections.models import EnforcementDocument
from worksafety.enforcement.tests.inspection_fixtures import TODAY, inspected_with_findings

YEAR = TODAY.year
ORDER = DocumentKind.RECTIFICATION_ORDER


def issue(people, kind=ORDER, issuer=None, issued_on=None):
    context = {"enterprise": {"name": "大连甲化工有限公司"}, "findings": [], "deadline": "2026年12月1日",
               "results": [], "inspection": {}}
    return documents.issue(kind, user=people.investigator_a, issuer=issuer or documents.district_bureau(),
                           enterprise=people.world.ent_park, context=context, issued_on=issued_on or TODAY)


def files_of(document) -> dict[str, bytes]:
    out = {}
    for attachment in attachments_for(document):
        with open_attachment(attachment) as stored:
            out[attachment.mime_type] = stored.read()
    return out


def test_numbers_run_per_organ_kind_and_year(people):
    first, second, third = issue(people), issue(people), issue(people)
    assert [d.number for d in (first, second, third)] == [f"金应急责改〔{YEAR}〕{n}号" for n in (1, 2, 3)]
    assert issue(people, kind=DocumentKind.INSPECTION_RECORD).number == f"金应急现记〔{YEAR}〕1号"
    transport = documents.department_issuer(people.world.dept_transport)
    assert issue(people, issuer=transport).number == f"金交通运输局责改〔{YEAR}〕1号"
    assert issue(people, issued_on=date(YEAR + 1, 1, 2)).number == f"金应急责改〔{YEAR + 1}〕1号"
    assert issue(people).number == f"金应急责改〔{YEAR}〕4号"


def test_a_configured_abbreviation_is_used(people, settings):
    settings.WORKSAFETY_DOCUMENT_ABBREVIATIONS = {"district": "金应急管"}
    assert issue(people).number == f"金应急管责改〔{YEAR}〕1号"


def test_a_serial_taken_by_another_writer_in_between_is_not_reused(db, monkeypatch):
    read = documents._read_counter
    interleaved = []

    def another_writer_takes_one_first(*series):
        counter = read(*series)
        if not interleaved:  # between our read and our update, another process takes the next serial
            interleaved.append("reading")
            interleaved[0] = documents.next_serial(*series)
        return counter

    monkeypatch.setattr(documents, "_read_counter", another_writer_takes_one_first)
    assert documents.next_serial("district", ORDER, YEAR) == 2
    assert interleaved == [1]
    assert documents.next_serial("district", ORDER, YEAR) == 3


def test_the_database_refuses_a_second_document_with_the_same_number(people):
    document = issue(people)
    duplicate = EnforcementDocument(kind=ORDER, number=document.number, issuer_key="other", year=YEAR, serial=9,
                                    organ="x", enterprise=people.world.ent_park, issued_on=TODAY, text="x",
                                    created_by=people.investigator_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_the_inspection_documents_open_in_word_and_pdf_with_their_chinese_text(people):
    inspection = inspected_with_findings(people)
    order = inspection.documents.get(kind=ORDER)
    files = files_of(order)
    assert set(files) == {"application/pdf",
                          "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    word = Document(BytesIO(files["application/vnd.openxmlformats-officedocument.wordprocessingml.document"]))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "责令限期整改指令书" in text and order.number in text
    assert "大连甲化工有限公司：" in text and "可燃和有毒气体泄漏检测报警装置完好投用" in text
    assert "【重大事故隐患】" in text
    pdf = "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(files["application/pdf"])).pages)
    assert "责令限期整改指令书" in pdf and "大连甲化工有限公司" in pdf and "重大事故隐患" in pdf


def test_the_inspection_record_has_its_results_as_a_table(people):
    inspection = inspected_with_findings(people)
    record = inspection.documents.get(kind=DocumentKind.INSPECTION_RECORD)
    word = Document(BytesIO(files_of(record)[
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"]))
    table = word.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "检查内容", "检查依据", "结果", "情况说明"]
    assert [row.cells[3].text for row in table.rows[1:]] == ["合格", "不合格", "不合格"]
    assert "赵执法（执法证号 21020001）" in record.text


def test_stored_files_match_their_hashes(people):
    document = issue(people)
    for attachment in attachments_for(document):
        with open_attachment(attachment) as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == attachment.sha256


def test_user_text_cannot_forge_document_structure():
    assert documents.plain("# 标题 | 列\n> 签名") == "＃ 标题 ｜ 列 > 签名"
    assert [b.kind for b in documents.blocks("# 检查结论\n| a | b |\n| 1 | 2 |\n正文\n> 机关")] == [
        "heading", "table", "paragraph", "closing"]
