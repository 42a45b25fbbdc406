"""The shared xlsx writer: stored text with control characters, formulas and error codes stays plain text, and
a large workbook is streamed from a temporary file."""

import io

from django.http import FileResponse
from openpyxl import load_workbook

from worksafety.core import xlsx
from worksafety.core.models import User
from worksafety.core.tables import Column, Table

EVERY_CONTROL_CHARACTER = "".join(chr(c) for c in range(32))


def cells(content: bytes, sheet=0):
    return [list(row) for row in load_workbook(io.BytesIO(content)).worksheets[sheet].iter_rows(values_only=True)]


def test_control_characters_are_replaced_and_tab_newline_return_kept():
    content = xlsx.build("举报\x1a/线索", ["内容\x07"], [[f"a{EVERY_CONTROL_CHARACTER}b"], ["油罐\u001a泄漏"]],
                         notes=["说明\x0b"])
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["举报\ufffd_线索", "填写说明"]
    expected = "a" + "".join(c if c in "\t\n\r" else "\ufffd" for c in EVERY_CONTROL_CHARACTER) + "b"
    assert cells(content) == [["内容\ufffd"], [expected], ["油罐\ufffd泄漏"]]
    assert cells(content, 1) == [["说明\ufffd"]]


def test_stored_text_never_becomes_a_formula_or_an_error_value():
    content = xlsx.build("t", ["h"], [["=1+1"], ["#N/A"], ["=HYPERLINK(\"http://x\")"], [3], [None]])
    sheet = load_workbook(io.BytesIO(content)).active
    assert [(c.value, c.data_type) for (c,) in sheet.iter_rows(min_row=2, max_row=4)] == [
        ("=1+1", "s"), ("#N/A", "s"), ("=HYPERLINK(\"http://x\")", "s")]
    assert sheet["A5"].value == 3 and sheet["A6"].value is None


def test_a_large_workbook_streams_from_a_temporary_file(monkeypatch):
    rows = [[f"第{n}行", n] for n in range(2000)]
    small = xlsx.file_response([xlsx.Sheet("t", ["a", "b"], rows)], "导出.xlsx")
    assert not small.streaming and cells(small.content)[1:] == [[f"第{n}行", n] for n in range(2000)]
    monkeypatch.setattr(xlsx, "SPOOL_BYTES", 1024)
    large = xlsx.file_response([xlsx.Sheet("t", ["a", "b"], rows)], "导出.xlsx")
    assert isinstance(large, FileResponse) and large.streaming
    assert large["Content-Type"] == xlsx.XLSX_CONTENT_TYPE
    assert large["Content-Disposition"] == "attachment; filename*=UTF-8''%E5%AF%BC%E5%87%BA.xlsx"
    assert cells(b"".join(large.streaming_content)) == cells(small.content)


def test_a_table_joins_the_relations_its_columns_follow():
    class Users(Table):
        columns = [Column("a", "username"), Column("b", "area.parent.name"), Column("c", "department"),
                   Column("d", "role"), Column("e", lambda u: u.pk), Column("f", "area.code"),
                   Column("g", lambda u: u.park.name, joins=("park",))]

    assert Users.related_paths(User) == ["area", "area__parent", "department", "park"]
    assert Users(User.objects.all()).objects.query.select_related == {"area": {"parent": {}}, "department": {},
                                                                      "park": {}}


def test_a_sheet_without_a_title_is_named_in_the_users_language():
    assert xlsx._sheet_title("") == "工作表"
