"""Photos and documents attached to any object: a hazard step, a public tip-off, an inspection.

What others call:

    validate_uploads(files, *, kinds=None) -> list[CleanUpload]    checks every file first; ValidationError
    store_attachments(files, *, owner, user=None) -> list[Attachment]
    attachments_for(obj) -> QuerySet[Attachment]
    open_attachment(attachment) -> binary file object
    MultipleFileField(kinds=None, ...)                               a form field returning list[CleanUpload]

and, in templates, `{% include "core/_attachments.html" with attachments=... %}`.

Why it is built this way (docs/design.md, "Attachments"):

- A file's type is what its bytes say (magic numbers), never its name or the browser's content type, and the
  name's extension must agree. Only photos (JPEG, PNG, WebP, GIF) and documents (PDF without scripts, launch
  actions or embedded files; docx/xlsx/pptx without macros, ActiveX or embedded OLE objects; UTF-8 text) are
  accepted. Executables, scripts, HTML, SVG and XML are refused by name in the error, so users know why.
- Photos are decoded and written again by Pillow: EXIF, XMP and ICC data go (GPS in a whistle-blower's photo
  would identify them), the picture is turned upright first, and a file that is also something else (a
  polyglot) comes out as a plain picture. A picture with more pixels than WORKSAFETY_MAX_IMAGE_PIXELS is
  refused before it is decoded.
- A batch is all or nothing: every file is checked before any is written, and rows are written only after
  every file is on disk, inside the caller's transaction. A rolled-back transaction leaves at most an
  unreferenced file, which is harmless (the next upload of the same content reuses it).
- Files are stored once per content under WORKSAFETY_ATTACHMENT_DIR as `ab/cd/<sha256>`, written to a
  temporary file and renamed into place, readable and writable only (never executable), outside anything a
  web or static server serves. The download view checks the user may view the owner
  (`objects.restrict(user, "view")`).

The caller decides whether the user may attach to the owner (its own service checks that); rows are not
scoped themselves. Owners need an integer primary key (every model here has one). Owners whose deletion should remove their attachments declare
`attachments = GenericRelation("core.Attachment")`.
"""

import hashlib
import io
import logging
import os
import re
import tempfile
import unicodedata
import zipfile
import zlib
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from worksafety.core import audit
from worksafety.core.choices import AttachmentKind
from worksafety.core.models import Attachment

logger = logging.getLogger(__name__)

PHOTO, DOCUMENT = AttachmentKind.PHOTO, AttachmentKind.DOCUMENT
NAME_MAX_LENGTH = 200


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    kind: str
    mime_type: str
    extensions: tuple[str, ...]


TYPES = {t.code: t for t in [
    FileType("jpeg", _("JPEG 图片"), PHOTO, "image/jpeg", (".jpg", ".jpeg")),
    FileType("png", _("PNG 图片"), PHOTO, "image/png", (".png",)),
    FileType("webp", _("WebP 图片"), PHOTO, "image/webp", (".webp",)),
    FileType("gif", _("GIF 图片"), PHOTO, "image/gif", (".gif",)),
    FileType("pdf", _("PDF 文档"), DOCUMENT, "application/pdf", (".pdf",)),
    FileType("docx", _("Word 文档"), DOCUMENT,
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
    FileType("xlsx", _("Excel 表格"), DOCUMENT,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    FileType("pptx", _("PowerPoint 演示文稿"), DOCUMENT,
             "application/vnd.openxmlformats-officedocument.presentationml.presentation", (".pptx",)),
    FileType("txt", _("文本文件"), DOCUMENT, "text/plain", (".txt",)),
]}
# Photos are re-encoded: JPEG and WebP (lossy) as JPEG; PNG and GIF (lossless, maybe transparent) as PNG.
PHOTO_OUTPUT = {"jpeg": "jpeg", "webp": "jpeg", "png": "png", "gif": "png"}
PILLOW_FORMAT = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}


@dataclass(frozen=True)
class CleanUpload:
    """A checked file, ready to store: its final name, kind, type and content (re-encoded for photos)."""

    name: str
    kind: str
    mime_type: str
    content: bytes = field(repr=False)
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


class Refused(Exception):
    """One file cannot be accepted; the message says why, in words for the user."""


# --- names --------------------------------------------------------------------------------------------------

def clean_name(name) -> str:
    """The file name without any folder, control or direction-override characters, at most 200 characters."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    # Category C: control, format (e.g. U+202E, which makes "gpj.exe" look like "exe.jpg"), unassigned.
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "_", name).rstrip(" .").lstrip(" ")  # Windows drops trailing dots and spaces
    stem, ext = os.path.splitext(name)
    if not ext and stem.startswith(".") and "." not in stem[1:]:  # ".jpg" is an extension with no name
        stem, ext = "", stem
    stem = stem.lstrip(" .")  # no hidden files
    if len(ext) > 10:  # not an extension worth keeping whole when the name is cut
        stem, ext = stem + ext, ""
    stem = stem[: NAME_MAX_LENGTH - len(ext)].rstrip(" .")
    return (stem or gettext("附件")) + ext


def _with_extension(name: str, ext: str) -> str:
    stem, _old = os.path.splitext(name)
    return stem[: NAME_MAX_LENGTH - len(ext)] + ext


# --- type detection -----------------------------------------------------------------------------------------

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows .exe/.dll/.scr
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe",  # macOS Mach-O
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # shell, Python, Perl … scripts
    b"\x00asm",  # WebAssembly
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt, encrypted Office, .msi
_MARKUP = re.compile(rb"\s*<[!?/a-zA-Z]")  # HTML, SVG, XML, PHP: anything a browser might run as markup
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def detect(data: bytes) -> str:
    """The code of the allowed type the content is (a key of TYPES), or Refused saying what it is."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_type(data)
    if data.startswith(_EXECUTABLE_MAGIC):
        raise Refused(gettext("这是可执行程序或脚本，不允许上传。"))
    if data.startswith(_OLE2_MAGIC):
        raise Refused(gettext("旧版或加密的 Office 文件（.doc、.xls、.ppt）可能含有宏，"
                              "请另存为 .docx、.xlsx、.pptx（不加密）后上传。"))
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if _MARKUP.match(body[:1024]):
        raise Refused(gettext("网页、SVG 或 XML 文件可能含有脚本，不允许上传。"))
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(gettext("不支持的文件类型。可上传 JPG、PNG、WebP、GIF 照片和 PDF、Word、Excel、PowerPoint、"
                              "UTF-8 文本文档。")) from None
    if _TEXT_CONTROL.search(text):
        raise Refused(gettext("不支持的文件类型：文本文件只能含有 UTF-8 文字。"))
    return "txt"


# --- documents ----------------------------------------------------------------------------------------------

_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
_OOXML_MAX_PARTS = 10_000
_CONTENT_TYPES_MAX_BYTES = 1024 * 1024


def _ooxml_type(data: bytes) -> str:
    """docx, xlsx or pptx, from the package's declared main part; macro-enabled packages are refused."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise Refused(gettext("压缩格式的文件已损坏，无法读取。")) from None
    if len(parts) > _OOXML_MAX_PARTS:
        raise Refused(gettext("文件包含的部件过多，无法检查。"))
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        raise Refused(gettext("压缩包（zip、jar、apk 等）不允许上传；Office 文档请用 .docx、.xlsx、.pptx 格式。"))
    for part in parts:
        lower = part.filename.lower()
        base = lower.rsplit("/", 1)[-1]
        # Macros (vbaProject.bin, vbaData.xml), ActiveX controls and embedded OLE objects (the classic way to
        # smuggle a program into a document) are refused; printer settings, also .bin, are harmless.
        if base.startswith("vbaproject") or base == "vbadata.xml" or "activex" in lower or (
                "/embeddings/" in lower and base.endswith(".bin")):
            raise Refused(gettext("文档含有宏、ActiveX 控件或嵌入的程序对象，不允许上传；"
                                  "请删除后另存为 .docx、.xlsx、.pptx 再上传。"))
    info = package.getinfo("[Content_Types].xml")
    if info.file_size > _CONTENT_TYPES_MAX_BYTES:
        raise Refused(gettext("Office 文档结构异常，无法检查。"))
    try:
        declared = package.read(info)
    except (zipfile.BadZipFile, RuntimeError, ValueError, OSError, EOFError, zlib.error):
        raise Refused(gettext("压缩格式的文件已损坏，无法读取。")) from None
    content_types = {m.decode("utf-8", "replace").strip().lower()
                     for m in re.findall(rb'ContentType\s*=\s*["\']([^"\']+)["\']', declared)}
    if any("macroenabled" in t or "vbaproject" in t for t in content_types):
        raise Refused(gettext("启用宏的 Office 文档（.docm、.xlsm、.pptm 等）不允许上传，"
                              "请另存为 .docx、.xlsx、.pptx 后上传。"))
    found = {_OOXML_MAIN[t] for t in content_types if t in _OOXML_MAIN}
    if len(found) != 1:
        raise Refused(gettext("不是可接受的 Office 文档；只接受 .docx、.xlsx、.pptx（模板和其他格式请另存后上传）。"))
    return found.pop()


# Names that make a PDF do something when opened: run script, start a program, carry another file.
_PDF_DANGEROUS = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?)(?![A-Za-z0-9_.#-])")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_PDF_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm")
# Compressed streams are inflated to look inside object streams; this much in total, then the file is refused.
_PDF_INFLATE_BUDGET = 256 * 1024 * 1024
_PDF_CHUNK = 1024 * 1024


def _pdf_names(data: bytes) -> bytes:
    # "/J#61vaScript" is "/JavaScript" to a PDF reader.
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data) if b"#" in data else data


def check_pdf(data: bytes) -> None:
    """Refuse a PDF whose dictionaries, in the open or inside compressed object streams, can run script,
    launch a program or carry an embedded file."""
    unsafe = Refused(gettext("PDF 含有脚本、启动程序或嵌入文件，不允许上传；请打印为新的 PDF 后上传。"))
    if _PDF_DANGEROUS.search(_pdf_names(data)):
        raise unsafe
    budget = _PDF_INFLATE_BUDGET
    for match in _PDF_STREAM.finditer(data):
        start = match.end()
        header = data[max(0, match.start() - 1024): match.start()]
        if (found := header.rfind(b"obj")) >= 0:
            header = header[found + 3:]
        inflated, budget = _inflate_and_scan(data, start, budget, unsafe)
        if not inflated and _PDF_OBJECT_STREAM.search(_pdf_names(header)):
            # Object streams hold dictionaries; one we cannot read (encrypted, or another filter) could hide a
            # script, so the file is refused rather than passed unchecked.
            raise Refused(gettext("PDF 含有加密或无法识别压缩方式的内容，无法完成安全检查；"
                                  "请取消加密或打印为新的 PDF 后上传。"))


def _inflate_and_scan(data: bytes, start: int, budget: int, unsafe: Refused) -> tuple[bool, int]:
    """Inflate the zlib stream at `start`, if it is one, a chunk at a time (memory stays small whatever it
    expands to), scanning the output; returns whether it was a zlib stream and the budget left."""
    inflater = zlib.decompressobj()
    position, tail, inflated = start, b"", False
    while not inflater.eof:
        if inflater.unconsumed_tail:
            feed = inflater.unconsumed_tail
        elif position < len(data):
            feed = data[position: position + 65536]
            position += len(feed)
        else:
            break
        try:
            out = inflater.decompress(feed, _PDF_CHUNK)
        except zlib.error:  # not compressed with Flate (e.g. a JPEG image), or damaged: nothing more to read
            break
        inflated = True
        budget -= len(out)
        if budget < 0:
            raise Refused(gettext("PDF 内容过大或过于复杂，无法完成安全检查；请拆分或压缩后上传。"))
        window = tail + out
        if _PDF_DANGEROUS.search(_pdf_names(window)):
            raise unsafe
        tail = window[-64:]
    return inflated, budget


# --- photos -------------------------------------------------------------------------------------------------

def reencode_photo(data: bytes, code: str) -> tuple[bytes, str]:
    """The picture decoded and written again without metadata; returns the content and the output type."""
    # Never above Pillow's own bomb limit, so its check (an error at twice the limit) is only a backstop.
    limit = settings.WORKSAFETY_MAX_IMAGE_PIXELS
    if Image.MAX_IMAGE_PIXELS:
        limit = min(limit, Image.MAX_IMAGE_PIXELS)
    too_large = Refused(gettext("图片像素过多（上限 %(limit)s 万像素），请缩小后上传。")
                        % {"limit": max(limit // 10000, 1)})
    output = PHOTO_OUTPUT[code]
    try:
        with Image.open(io.BytesIO(data), formats=[PILLOW_FORMAT[code]]) as source:
            if source.width * source.height > limit:  # read from the header: nothing is decoded yet
                raise too_large
            source.seek(0)  # an animated GIF or WebP keeps its first frame
            source.load()
            picture = _upright(source)
            picture = _to_srgb(picture, source.info.get("icc_profile"))
            content = _encode(picture, output)
    except Image.DecompressionBombError:
        raise too_large from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError, IndexError):
        raise Refused(gettext("图片已损坏或格式不正确，无法读取。")) from None
    return content, output


def _upright(image):
    # Phones store the picture sideways plus an orientation tag; the tag goes with the EXIF, so turn it first.
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # a broken orientation tag must not refuse an otherwise good photo
        return image.copy()


def _to_srgb(image, icc_profile):
    # The colour profile goes too (it can name the device); converting first keeps wide-gamut photos' colours.
    if not icc_profile or image.mode not in ("RGB", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


def _encode(image, output: str) -> bytes:
    if output == "jpeg":
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            rgba = image.convert("RGBA")
            image = Image.new("RGB", rgba.size, "white")
            image.paste(rgba, mask=rgba.getchannel("A"))
        elif image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
    elif image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")  # the transparency lives in `info`, which is cleared below
    elif image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
        image = image.convert("RGBA")
    # Pillow writes some metadata (XMP, ICC) from `info` unless told otherwise: start from nothing.
    image.info = {}
    buffer = io.BytesIO()
    if output == "jpeg":
        image.save(buffer, "JPEG", quality=90, optimize=True)
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue()


# --- validation ---------------------------------------------------------------------------------------------

def _read(upload, limit: int) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def _check_one(upload, kinds) -> CleanUpload:
    limit = settings.WORKSAFETY_MAX_UPLOAD_BYTES
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise Refused(gettext("文件大小 %(size)s，超过上限 %(limit)s。")
                      % {"size": filesizeformat(declared), "limit": filesizeformat(limit)})
    data = _read(upload, limit)
    if len(data) > limit:
        raise Refused(gettext("文件超过大小上限 %(limit)s。") % {"limit": filesizeformat(limit)})
    if not data:
        raise Refused(gettext("文件是空的。"))
    name = clean_name(getattr(upload, "name", ""))
    code = detect(data)
    kind = TYPES[code]
    ext = os.path.splitext(name)[1].lower()
    if ext not in kind.extensions:
        raise Refused(gettext("扩展名“%(ext)s”与文件内容（%(type)s）不符，请使用 %(expected)s。")
                      % {"ext": ext or gettext("无"), "type": kind.label,
                         "expected": "、".join(kind.extensions)})
    if kinds is not None and kind.kind not in kinds:
        raise Refused(gettext("此处只能上传%(kinds)s。")
                      % {"kinds": "、".join(str(AttachmentKind(k).label) for k in sorted(kinds))})
    if kind.kind == PHOTO:
        data, output = reencode_photo(data, code)
        if output != code:
            name = _with_extension(name, TYPES[output].extensions[0])
        kind = TYPES[output]
    elif code == "pdf":
        check_pdf(data)
    return CleanUpload(name=name, kind=kind.kind, mime_type=kind.mime_type, content=data,
                       sha256=hashlib.sha256(data).hexdigest())


def validate_uploads(files, *, kinds=None) -> list[CleanUpload]:
    """Check every file of a batch; ValidationError listing each bad file, or all of them ready to store.

    `files` are uploaded files (anything with `name` and `read`; `size` is used when present). `kinds`
    limits the batch to photos or documents (AttachmentKind values); None allows both.
    """
    files = [f for f in files if f]
    kinds = frozenset(str(k) for k in kinds) if kinds is not None else None
    limit = settings.WORKSAFETY_MAX_ATTACHMENTS
    if len(files) > limit:
        raise ValidationError(gettext("一次最多上传 %(limit)s 个文件，您选择了 %(count)s 个。")
                              % {"limit": limit, "count": len(files)}, code="too_many")
    clean, errors = [], []
    for upload in files:
        try:
            clean.append(_check_one(upload, kinds))
        except Refused as refusal:
            name = clean_name(getattr(upload, "name", "")) or gettext("（无文件名）")
            message = gettext("“%(name)s”：%(reason)s") % {"name": name, "reason": refusal}
            errors.append(ValidationError(message, code="invalid_file"))
    if errors:
        raise ValidationError(errors)
    return clean


# --- storage ------------------------------------------------------------------------------------------------

_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}")


def storage_root() -> Path:
    return Path(settings.WORKSAFETY_ATTACHMENT_DIR)


def blob_path(key: str) -> Path:
    # The key is ours, but a path is built from it only when it has exactly our shape: no "..", no "/".
    if not _KEY.fullmatch(key or ""):
        raise ValueError(f"not an attachment storage key: {key!r}")
    return storage_root() / key


def write_blob(upload: CleanUpload) -> str:
    """Store the content once under its hash; a second upload of the same bytes reuses the file."""
    key = f"{upload.sha256[:2]}/{upload.sha256[2:4]}/{upload.sha256}"
    path = blob_path(key)
    if path.is_file() and path.stat().st_size == upload.size:
        return key
    path.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    # Written beside its final place and renamed, so a reader never sees half a file, and a crash leaves
    # only a temporary file. mkstemp creates it 0600; 0640 lets a backup group read, nobody execute.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(upload.content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return key


def store_attachments(files, *, owner, user=None) -> list[Attachment]:
    """Validate `files` (uploads, or CleanUploads from MultipleFileField) and attach them to `owner`.

    Nothing is written unless every file passes. Files are written before the rows, and the rows inside the
    caller's transaction (with their audit entries, attributed to `user`; None for public uploads).
    """
    if owner.pk is None:
        raise ValueError("save the owner before attaching files to it")
    files = [f for f in files if f]
    raw = [f for f in files if not isinstance(f, CleanUpload)]
    checked = iter(validate_uploads(raw) if raw else [])
    uploads = [f if isinstance(f, CleanUpload) else next(checked) for f in files]
    if len(uploads) > settings.WORKSAFETY_MAX_ATTACHMENTS:
        raise ValidationError(gettext("一次最多上传 %(limit)s 个文件，您选择了 %(count)s 个。")
                              % {"limit": settings.WORKSAFETY_MAX_ATTACHMENTS, "count": len(uploads)})
    keys = [write_blob(upload) for upload in uploads]
    uploader = user if user is not None and user.is_authenticated else None
    rows = []
    with transaction.atomic(), (audit.acting_as(uploader) if uploader is not None else nullcontext()):
        for upload, key in zip(uploads, keys, strict=True):
            # The owner object (not its id) is cached on the row, so its audit entry finds the scope without
            # another query.
            row = Attachment(owner=owner, name=upload.name, kind=upload.kind, mime_type=upload.mime_type,
                             size=upload.size, sha256=upload.sha256, storage_key=key, uploaded_by=uploader)
            row.save(force_insert=True)
            rows.append(row)
    return rows


def attachments_for(obj):
    """The attachments of `obj`, oldest first. The caller has already checked the user may view `obj`."""
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


def open_attachment(attachment):
    """The stored file, opened for binary reading (FileNotFoundError if the file store lost it)."""
    return blob_path(attachment.storage_key).open("rb")


# --- form field ---------------------------------------------------------------------------------------------

def _accept(kinds) -> str:
    return ",".join(ext for t in TYPES.values() if kinds is None or t.kind in kinds for ext in t.extensions)


def _help_text(kinds) -> str:
    if kinds is not None and set(kinds) == {PHOTO}:
        allowed = gettext("照片（JPG、PNG、WebP、GIF）")
    elif kinds is not None and set(kinds) == {DOCUMENT}:
        allowed = gettext("文档（PDF、Word、Excel、PowerPoint、TXT）")
    else:
        allowed = gettext("照片（JPG、PNG、WebP、GIF）和文档（PDF、Word、Excel、PowerPoint、TXT）")
    return gettext("可上传%(allowed)s，每个文件不超过 %(size)s，每次最多 %(count)s 个；"
                   "照片会去除拍摄位置等信息。") % {
        "allowed": allowed, "size": filesizeformat(settings.WORKSAFETY_MAX_UPLOAD_BYTES),
        "count": settings.WORKSAFETY_MAX_ATTACHMENTS}


_lazy_help_text = lazy(_help_text, str)  # read the limits when the form is shown, not when it is imported


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; `clean` returns the checked batch as a list of CleanUpload (empty when
    nothing was chosen and the field is optional). Pass the list to `store_attachments`."""

    widget = MultipleFileInput

    def __init__(self, *args, kinds=None, **kwargs):
        self.kinds = frozenset(str(k) for k in kinds) if kinds is not None else None
        kwargs.setdefault("help_text", _lazy_help_text(self.kinds))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", _accept(self.kinds))

    def clean(self, data, initial=None):
        single = super().clean
        if self.disabled:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        files = [single(item, initial) for item in items if item]
        files = [f for f in files if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return validate_uploads(files, kinds=self.kinds)
