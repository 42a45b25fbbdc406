import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.units import mm

from conftest import missing
from worksafety.core import checks, pdf


def read(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def png(width, height) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def test_multi_page_document_has_text_header_and_page_count(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 3, 1, 0, 30, tzinfo=UTC))
    doc = pdf.PdfDocument("重大事故隐患档案", subtitle="大孤山化工区")
    doc.heading("一、基本情况")
    doc.paragraph("储罐区防火堤内有积油，\n需立即清理。")
    doc.key_values([("企业名称", "大连某石化有限公司"), ("隐患描述", "防火堤破损。" * 600), ("整改期限", None)])
    doc.heading("二、整改记录", level=2)
    doc.table(["序号", "整改措施", "状态"], [[n, f"第{n}次复查", "已整改"] for n in range(1, 81)], [15, 120, 35])
    reader = read(doc.render())

    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    assert total >= 3  # the long description alone runs over more than a page
    assert "重大事故隐患档案" in pages[0] and "大孤山化工区" in pages[0]
    assert "储罐区防火堤内有积油" in pages[0] and "大连某石化有限公司" in pages[0]
    text = "".join(pages)
    assert "第80次复查" in text and "已整改" in text
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {total} 页" in page
        assert "生成时间：2025-03-01 08:30" in page  # Asia/Shanghai
        assert page.count("重大事故隐患档案") >= 1  # the header line
    assert pages[-1].count("整改措施") == 1  # the header row repeats on the pages the table runs onto
    assert reader.metadata.title == "重大事故隐患档案"
    assert reader.metadata.author == "worksafety"


def test_user_text_is_printed_literally_not_read_as_markup():
    doc = pdf.PdfDocument("测试")
    doc.paragraph("<script>&<b>\x00 第二行")
    doc.table(["<i>列</i>"], [["a & b <br/>"]])
    text = "".join(page.extract_text() for page in read(doc.render()).pages)
    assert "<script>&<b> 第二行" in text
    assert "<i>列</i>" in text and "a & b <br/>" in text


def test_every_font_is_embedded_truetype(settings):
    if not settings.WORKSAFETY_PDF_FONT:  # PDFs fall back to the built-in STSong-Light, which is not embedded
        missing("a CJK TrueType font for PDFs", "apt-get install fonts-wqy-microhei; "
                "scripts/install-system-deps.sh installs it")
    doc = pdf.PdfDocument("字体嵌入")
    doc.paragraph("安全生产")
    doc.table(["序号", "内容"], [[1, "防火堤"]])
    fonts = []
    for page in read(doc.render()).pages:
        fonts += [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]


def test_images_keep_their_aspect_ratio_and_broken_ones_become_a_note(tmp_path):
    picture = pdf._picture(png(400, 100), 160 * mm, 120 * mm)
    assert (round(picture.drawWidth / mm), round(picture.drawHeight / mm)) == (160, 40)
    picture = pdf._picture(png(100, 400), 160 * mm, 120 * mm)
    assert (round(picture.drawWidth / mm), round(picture.drawHeight / mm)) == (30, 120)

    truncated = tmp_path / "truncated.png"
    truncated.write_bytes(png(300, 300)[:200])
    doc = pdf.PdfDocument("现场照片")
    doc.image(png(800, 600), 80, 60, caption="整改前")
    doc.image(b"not an image", 80, 60, caption="整改后")
    doc.image(truncated, 80, 60)
    doc.image(tmp_path / "missing.jpg", 80, 60)
    reader = read(doc.render())
    text = "".join(page.extract_text() for page in reader.pages)
    assert "整改前" in text
    assert "图片无法显示：整改后" in text
    assert "图片无法显示：truncated.png" in text and "图片无法显示：missing.jpg" in text
    assert len(reader.pages[0].images) == 1


def test_missing_or_unusable_font_is_a_configuration_error(settings, tmp_path):
    settings.WORKSAFETY_PDF_FONT = str(tmp_path / "missing.ttf")
    with pytest.raises(ImproperlyConfigured, match="fonts-wqy-microhei"):
        pdf.PdfDocument("标题")
    assert [w.id for w in checks.pdf_font_is_available(None)] == ["worksafety.W002"]

    not_a_font = tmp_path / "not-a-font.ttf"
    not_a_font.write_bytes(b"\x00\x01" * 100)
    settings.WORKSAFETY_PDF_FONT = str(not_a_font)
    with pytest.raises(ImproperlyConfigured, match="fonts-wqy-microhei"):
        pdf.PdfDocument("标题")


def test_configured_font_passes_the_check():
    assert checks.pdf_font_is_available(None) == []


def test_pdf_response_is_inline_with_a_utf8_filename():
    response = pdf.pdf_response(b"%PDF-1.4 ...", "隐患档案 YH-2025-001.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"inline; filename*=UTF-8''{quote('隐患档案 YH-2025-001.pdf')}"
    assert response.content == b"%PDF-1.4 ..."


def test_without_a_truetype_font_pdfs_use_reportlabs_builtin_chinese_font_and_say_so_once(
        settings, monkeypatch, caplog):
    settings.WORKSAFETY_PDF_FONT = ""  # none installed, or WORKSAFETY_PDF_FONT=none
    monkeypatch.setattr(pdf, "_registered_fonts", {})  # as in a fresh process
    for title in ("重大事故隐患档案", "应急处置卡"):
        doc = pdf.PdfDocument(title, subtitle="大孤山化工区")
        doc.table(["整改措施", "状态"], [["清理防火堤内积油", "已整改"]])
        reader = read(doc.render())
        text = reader.pages[0].extract_text()
        assert title in text and "清理防火堤内积油" in text and "第 1 页 共 1 页" in text
        fonts = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
        assert fonts == {"/STSong-Light"}
    warnings = [r for r in caplog.records if r.name == pdf.__name__ and r.levelname == "WARNING"]
    assert len(warnings) == 1 and "STSong-Light" in warnings[0].getMessage()
    assert "fonts-wqy-microhei" in warnings[0].getMessage() and "\n" not in warnings[0].getMessage()
    assert checks.pdf_font_is_available(None) == []  # a working fallback is not a configuration problem


def test_font_lookup_can_be_switched_off_from_the_environment(tmp_path):
    """WORKSAFETY_PDF_FONT=none / WORKSAFETY_CAPTCHA_FONT=none: what a machine without the font packages gets."""
    script = (
        "import io, django; django.setup()\n"
        "from django.conf import settings; from pypdf import PdfReader\n"
        "from worksafety.core import pdf; from worksafety.tipoffs import captcha\n"
        "assert settings.WORKSAFETY_PDF_FONT == settings.WORKSAFETY_CAPTCHA_FONT == ''\n"
        "for _ in range(2):\n"
        "    doc = pdf.PdfDocument('隐患闭环档案'); doc.paragraph('储罐区防火堤破损')\n"
        "    print(PdfReader(io.BytesIO(doc.render())).pages[0].extract_text())\n"
        "assert captcha.render_png('ACDE').startswith(b'\\x89PNG')\n"
    )
    env = {**os.environ, "WORKSAFETY_PDF_FONT": "none", "WORKSAFETY_CAPTCHA_FONT": "None",
           "DJANGO_SETTINGS_MODULE": "worksafety.settings", "WORKSAFETY_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("储罐区防火堤破损") == 2
    assert done.stderr.count("STSong-Light") == 1, done.stderr
