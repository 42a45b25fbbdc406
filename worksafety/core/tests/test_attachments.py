"""Attachments: only safe types by content, photos cleaned of metadata, all-or-nothing batches, stored once
per content outside the web root, downloaded only by users who may view the owner."""

import io
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from PIL import ExifTags, Image

from worksafety.core.attachments import (
    CleanUpload,
    MultipleFileField,
    attachments_for,
    clean_name,
    open_attachment,
    store_attachments,
    validate_uploads,
)
from worksafety.core.models import Attachment, AuditEntry


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    settings.WORKSAFETY_ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.WORKSAFETY_ATTACHMENT_DIR


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- sample files -------------------------------------------------------------------------------------------

def image_bytes(fmt, mode="RGB", size=(64, 48), **save):
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode != "P" else 1).save(buffer, fmt, **save)
    return buffer.getvalue()


def jpeg_with_gps():
    """A JPEG as a phone writes it: camera make, GPS position, sideways with an orientation tag, and XMP."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Whistleblower Phone"
    exif[ExifTags.Base.Orientation] = 6  # rotate 90° clockwise to view
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (39.0, 1.0, 2.0), 3: "E", 4: (121.0, 50.0, 3.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(buffer, "JPEG", exif=exif.tobytes(),
                                           xmp=b"<x:xmpmeta>exif:GPSLatitude 39,1.2N</x:xmpmeta>")
    return buffer.getvalue()


def ooxml(main_type, extra_parts=(), main_part="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main_part}" ContentType="{main_type}"/></Types>'))
        package.writestr(main_part, "<document/>")
        for name in extra_parts:
            package.writestr(name, b"\xd0\xcf\x11\xe0")
    return buffer.getvalue()


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"


def xlsx_bytes():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "整改台账"
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes():
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 750, "Rectification report")
    canvas.save()
    return buffer.getvalue()


def pdf_with_object_stream(content: bytes):
    """A PDF whose dictionaries sit in a Flate-compressed object stream, hidden from a plain byte search."""
    stream = zlib.compress(content)
    return (b"%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
            + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream\nendobj\n%%EOF\n")


def png_declaring(width, height):
    """A tiny PNG whose header claims a huge picture: a decompression bomb as far as a decoder knows."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) \
        + chunk(b"IEND", b"")


ALLOWED = [
    ("现场照片.jpg", lambda: image_bytes("JPEG"), "photo", "image/jpeg", "现场照片.jpg"),
    ("现场.JPEG", lambda: image_bytes("JPEG"), "photo", "image/jpeg", "现场.JPEG"),
    ("leak.png", lambda: image_bytes("PNG", "RGBA"), "photo", "image/png", "leak.png"),
    ("site.webp", lambda: image_bytes("WEBP"), "photo", "image/jpeg", "site.jpg"),
    ("anim.gif", lambda: image_bytes("GIF", "P"), "photo", "image/png", "anim.png"),
    ("整改报告.pdf", pdf_bytes, "document", "application/pdf", "整改报告.pdf"),
    ("方案.docx", lambda: ooxml(DOCX), "document",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "方案.docx"),
    ("台账.xlsx", xlsx_bytes, "document",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "台账.xlsx"),
    ("培训.pptx", lambda: ooxml(PPTX, main_part="ppt/presentation.xml"), "document",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation", "培训.pptx"),
    ("说明.txt", lambda: "整改已完成。\n负责人：张三\n".encode(), "document", "text/plain", "说明.txt"),
]


@pytest.mark.parametrize("name,make,kind,mime_type,stored_name", ALLOWED, ids=[a[0] for a in ALLOWED])
def test_each_allowed_type_is_accepted(world, attachment_dir, name, make, kind, mime_type, stored_name):
    [attachment] = store_attachments([upload(name, make())], owner=world.ent_park, user=world.district_user)
    assert (attachment.kind, attachment.mime_type, attachment.name) == (kind, mime_type, stored_name)
    with open_attachment(attachment) as stored:
        content = stored.read()
    assert len(content) == attachment.size
    if kind == "photo":  # what is stored is a picture of the declared type, whatever it was uploaded as
        assert Image.open(io.BytesIO(content)).get_format_mimetype() == mime_type


def test_photo_loses_exif_gps_and_xmp_and_is_turned_upright(world):
    [clean] = validate_uploads([upload("举报照片.jpg", jpeg_with_gps(), "image/jpeg")])
    picture = Image.open(io.BytesIO(clean.content))
    assert not picture.getexif() and "exif" not in picture.info and "xmp" not in picture.info
    assert b"Whistleblower" not in clean.content and b"GPS" not in clean.content
    assert b"Exif" not in clean.content
    assert picture.size == (48, 64)  # the orientation tag was applied before it was dropped


def test_a_polyglot_comes_out_as_a_plain_picture(world):
    # A valid PNG with an HTML page appended: the re-encoded file keeps only the picture.
    polyglot = image_bytes("PNG") + b"<html><script>alert(1)</script></html>"
    [clean] = validate_uploads([upload("x.png", polyglot)])
    assert b"<script>" not in clean.content


REFUSED = [
    ("程序.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, "可执行程序"),
    ("run.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "可执行程序"),
    ("install.txt", b"#!/bin/sh\nrm -rf /\n", "可执行程序"),
    ("photo.jpg", image_bytes("PNG"), "扩展名"),
    ("report.pdf.exe", pdf_bytes(), "扩展名"),
    ("noextension", image_bytes("JPEG"), "扩展名"),
    ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "网页"),
    ("page.txt", b"\xef\xbb\xbf  <html><body onload=alert(1)>", "网页"),
    ("icon.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    ("icon.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
    ("js.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj", "脚本"),
    ("escaped.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /J#61vaScript >> >> endobj", "脚本"),
    ("launch.pdf", b"%PDF-1.4\n1 0 obj << /A << /S /Launch /F (cmd.exe) >> >> endobj", "脚本"),
    ("embedded.pdf", b"%PDF-1.4\n1 0 obj << /Names << /EmbeddedFiles 2 0 R >> >> endobj", "脚本"),
    ("hidden.pdf", pdf_with_object_stream(b"1 0 << /S /JavaScript /JS (app.alert(1)) >>"), "脚本"),
    ("unreadable.pdf",
     b"%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /Filter /ASCIIHexDecode >>\nstream\n2F4A53\nendstream",
     "无法完成安全检查"),
    ("宏.docm", ooxml(DOCM), "启用宏"),
    ("宏.docx", ooxml(DOCM), "启用宏"),
    ("vba.docx", ooxml(DOCX, ["word/vbaProject.bin"]), "宏"),
    ("ole.docx", ooxml(DOCX, ["word/embeddings/oleObject1.bin"]), "嵌入"),
    ("archive.docx", b"PK\x03\x04" + b"\x00" * 60, "损坏"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版"),
    ("binary.txt", b"abc\x00\x01\x02def", "UTF-8"),
    ("gbk.txt", "整改".encode("gbk"), "不支持"),
    ("broken.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "损坏"),
    ("empty.txt", b"", "空"),
]


@pytest.mark.parametrize("name,content,reason", REFUSED, ids=[f"{r[0]}-{i}" for i, r in enumerate(REFUSED)])
def test_unsafe_or_mismatched_files_are_refused_and_nothing_is_stored(world, attachment_dir, name, content,
                                                                       reason):
    with pytest.raises(ValidationError) as error:
        store_attachments([upload(name, content)], owner=world.ent_park, user=world.district_user)
    assert reason in " ".join(error.value.messages)
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_a_pdf_that_inflates_beyond_the_budget_is_refused(world, monkeypatch):
    from worksafety.core import attachments

    monkeypatch.setattr(attachments, "_PDF_INFLATE_BUDGET", 1024 * 1024)
    with pytest.raises(ValidationError, match="过大或过于复杂"):
        validate_uploads([upload("big.pdf", pdf_with_object_stream(b"\x00" * (2 * 1024 * 1024)))])


def test_a_zip_that_is_not_an_office_document_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    with pytest.raises(ValidationError, match="压缩包"):
        validate_uploads([upload("report.docx", buffer.getvalue())])


def test_one_bad_file_refuses_the_whole_batch_and_names_it(world, attachment_dir):
    files = [upload("a.jpg", image_bytes("JPEG")), upload("evil.jpg", b"MZ" + b"\x00" * 64),
             upload("b.txt", b"ok")]
    with pytest.raises(ValidationError) as error:
        store_attachments(files, owner=world.ent_park, user=world.district_user)
    assert error.value.messages == ["“evil.jpg”：这是可执行程序或脚本，不允许上传。"]
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_oversize_file_is_refused(world, settings, attachment_dir):
    settings.WORKSAFETY_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError, match="超过上限"):
        store_attachments([upload("big.txt", b"x" * 1001)], owner=world.ent_park)
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_a_file_larger_than_it_claims_is_refused(world, settings):
    settings.WORKSAFETY_MAX_UPLOAD_BYTES = 1000
    lying = upload("big.txt", b"x" * 5000)
    lying.size = 10
    with pytest.raises(ValidationError, match="超过大小上限"):
        validate_uploads([lying])


def test_too_many_files_are_refused(world, settings, attachment_dir):
    settings.WORKSAFETY_MAX_ATTACHMENTS = 2
    files = [upload(f"{i}.txt", f"第 {i} 页".encode()) for i in range(3)]
    with pytest.raises(ValidationError, match="一次最多上传 2 个文件"):
        store_attachments(files, owner=world.ent_park)
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_decompression_bombs_are_refused_before_decoding(world, attachment_dir):
    with pytest.raises(ValidationError, match="像素过多"):
        store_attachments([upload("bomb.png", png_declaring(100_000, 100_000))], owner=world.ent_park)
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_the_pixel_cap_is_a_setting(world, settings):
    settings.WORKSAFETY_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ValidationError, match="像素过多"):
        validate_uploads([upload("big.png", image_bytes("PNG", size=(100, 100)))])


def test_pillows_own_bomb_limit_is_never_exceeded(world, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ValidationError, match="像素过多"):
        validate_uploads([upload("big.png", image_bytes("PNG", size=(30, 30)))])


def test_identical_content_is_stored_once_with_a_row_per_owner(world, attachment_dir):
    photo = image_bytes("JPEG")
    [first] = store_attachments([upload("a.jpg", photo)], owner=world.ent_park, user=world.district_user)
    [second] = store_attachments([upload("b.jpg", photo)], owner=world.ent_street_a, user=world.district_user)
    assert first.sha256 == second.sha256 and first.storage_key == second.storage_key
    assert first.storage_key == f"{first.sha256[:2]}/{first.sha256[2:4]}/{first.sha256}"
    assert stored_files(attachment_dir) == [attachment_dir / first.storage_key]
    assert [a.name for a in attachments_for(world.ent_park)] == ["a.jpg"]
    assert [a.name for a in attachments_for(world.ent_street_a)] == ["b.jpg"]


def test_files_are_not_executable_and_no_temporary_file_is_left(world, attachment_dir):
    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=world.ent_park)
    [path] = stored_files(attachment_dir)
    assert path.stat().st_mode & 0o111 == 0 and not path.name.startswith(".")


def test_rows_roll_back_with_the_callers_transaction(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        store_attachments([upload("a.txt", b"hello")], owner=world.ent_park)
        raise RuntimeError
    assert not Attachment.objects.exists()  # the file may stay: unreferenced, and reused by the next upload


def test_uploads_are_audited_in_the_owners_scope(world):
    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=world.ent_park,
                                     user=world.enterprise_user)
    entry = AuditEntry.objects.get(object_type="core.attachment", object_id=str(attachment.pk))
    assert entry.actor == world.enterprise_user and entry.enterprise_id == world.ent_park.pk
    assert entry.area_code == world.street_a.code
    assert AuditEntry.objects.restrict(world.street_a_user).filter(pk=entry.pk).exists()
    assert not AuditEntry.objects.restrict(world.street_b_user).filter(pk=entry.pk).exists()


def test_public_uploads_have_no_uploader(world):
    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=world.ent_park)
    assert attachment.uploaded_by is None
    entry = AuditEntry.objects.get(object_type="core.attachment", object_id=str(attachment.pk))
    assert entry.actor is None


@pytest.mark.parametrize("raw,clean", [
    ("../../etc/现场.jpg", "现场.jpg"),
    ("C:\\Users\\张三\\Desktop\\整改.pdf", "整改.pdf"),
    ("invoice\u202egpj.exe", "invoicegpj.exe"),  # a right-to-left override would show "exe.jpg"
    ('a<b>:"c".txt', "a_b___c_.txt"),
    (".jpg", "附件.jpg"),
    ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
])
def test_file_names_are_sanitised(raw, clean):
    assert clean_name(raw) == clean


# --- form field ---------------------------------------------------------------------------------------------

class EvidenceForm(forms.Form):
    photos = MultipleFileField(label="照片", kinds={"photo"})
    documents = MultipleFileField(label="文档", required=False)


def test_the_form_field_returns_checked_uploads_for_store_attachments(world):
    files = {"photos": [upload("a.jpg", image_bytes("JPEG")), upload("b.png", image_bytes("PNG"))]}
    form = EvidenceForm(data={}, files=_multi(files))
    assert form.is_valid(), form.errors
    assert [type(f) for f in form.cleaned_data["photos"]] == [CleanUpload, CleanUpload]
    assert form.cleaned_data["documents"] == []
    rows = store_attachments(form.cleaned_data["photos"], owner=world.ent_park, user=world.district_user)
    assert [r.name for r in rows] == ["a.jpg", "b.png"]


def test_the_form_field_reports_errors_and_limits(world):
    form = EvidenceForm(data={}, files=_multi({"photos": [upload("a.pdf", pdf_bytes())]}))
    assert not form.is_valid() and "只能上传照片" in str(form.errors["photos"])
    assert not EvidenceForm(data={}, files=_multi({})).is_valid()  # required
    html = str(EvidenceForm()["photos"])
    assert 'multiple' in html and 'accept=".jpg,.jpeg,.png,.webp,.gif"' in html
    assert "10 个" in str(EvidenceForm().fields["photos"].help_text)


def _multi(files):
    from django.utils.datastructures import MultiValueDict

    return MultiValueDict(files)


# --- download -----------------------------------------------------------------------------------------------

def test_download_in_scope_with_safe_headers(world, client_for):
    [photo, document] = store_attachments(
        [upload("现场 1.jpg", image_bytes("JPEG")), upload("整改报告.pdf", pdf_bytes())],
        owner=world.ent_park, user=world.district_user)
    client = client_for(world.street_a_user)
    response = client.get(f"/attachments/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%201.jpg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "private" in response["Cache-Control"]
    with open_attachment(photo) as stored:
        assert b"".join(response.streaming_content) == stored.read()
    response = client.get(f"/attachments/{document.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    response.close()


@pytest.mark.parametrize("role", ["enterprise", "park", "district", "admin"])
def test_everyone_who_sees_the_owner_may_download(world, client_for, role):
    from conftest import user_of

    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=world.ent_park)
    response = client_for(user_of(world, role)).get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    response.close()


@pytest.mark.parametrize("role", ["street_b", "department"])
def test_out_of_scope_is_404(world, client_for, role):
    from conftest import user_of

    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=world.ent_park)
    assert client_for(user_of(world, role)).get(f"/attachments/{attachment.pk}/").status_code == 404


def test_anonymous_is_sent_to_login(world, client):
    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=world.ent_park)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_unknown_attachment_and_missing_file_are_404(world, client_for, attachment_dir):
    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=world.ent_park)
    client = client_for(world.district_user)
    assert client.get(f"/attachments/{attachment.pk + 1}/").status_code == 404
    (attachment_dir / attachment.storage_key).unlink()
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


def test_an_owner_without_scoping_is_never_downloadable(world, client_for):
    # JobRun has no restrict(): nobody can be shown to be allowed, so nobody downloads.
    from worksafety.core.models import JobRun

    owner = JobRun.objects.create(name="x", last_run="2026-01-01T00:00:00Z")
    [attachment] = store_attachments([upload("a.txt", b"hello")], owner=owner)
    assert client_for(world.district_user).get(f"/attachments/{attachment.pk}/").status_code == 404


def test_the_include_shows_thumbnails_and_document_links(world):
    store_attachments([upload("现场.jpg", image_bytes("JPEG")), upload("报告.txt", b"x" * 2048)],
                      owner=world.ent_park)
    html = render_to_string("core/_attachments.html", {"attachments": attachments_for(world.ent_park)})
    photo, document = attachments_for(world.ent_park)
    assert f'<img src="/attachments/{photo.pk}/"' in html
    assert f'href="/attachments/{document.pk}/">报告.txt' in html
    assert "2.0" in html  # the document's size
    assert "无附件" in render_to_string("core/_attachments.html", {"attachments": []})
