"""Importing objects from an xlsx template, shared by every import (enterprises, sensors, …).

Every row is validated by the same form and saved by the same service as the object's create page, inside one
transaction that is rolled back unless every row is good and this is not a dry run. So a dry run answers
exactly what a real import would do, and an import is all or nothing.

An import is an `Importer` subclass: its columns, how a row's words become form values (`row_data`), the
form, the save service, the column that must be unique within the sheet and the audit label.
"""

from collections.abc import Hashable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext

from worksafety.core import audit, xlsx
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import ADD, OutOfScope, can
from worksafety.core.services import do_save_object


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    rows: int = 0
    valid: int = 0  # rows that passed every check
    created: int = 0  # rows saved: `valid` when committed, else 0
    dry_run: bool = True
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def cell_text(value) -> str:
    """A cell as the text a form expects; Excel stores typed whole numbers as floats (10 → 10.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def not_found(text: str) -> str:
    return gettext("找不到“%(text)s”") % {"text": text}


def choice_by_label(choices, text: str) -> tuple[str | None, str | None]:
    """(value, None) for a choice's label in the current language, else (None, the error for its column)."""
    by_label = {str(label): value for value, label in choices.choices}
    if text in by_label:
        return by_label[text], None
    return None, gettext("“%(text)s”不是可选值：%(choices)s") % {"text": text, "choices": "、".join(by_label)}


class Importer:
    # (header, form field, required); the order is the template's column order. The headers are the template's
    # fixed column names: uploaded sheets are matched against them word for word, so they are deliberately not
    # translated (a translated template could not be read back in another language).
    columns: list[tuple[str, str, bool]] = []
    form_class = None
    duplicate_field = ""  # the column reported when `duplicate_key` repeats within the sheet
    scope_field = ""  # the column blamed when the saved object would be outside the user's scope
    non_field_column = None  # the field whose column non-field errors go to; None: "整行"
    audit_label = ""  # "…{count}…", stored (and hashed) in the audit log as written, so kept as data
    sheet_title = ""
    column_width = 18

    @property
    def header_of(self) -> dict[str, str]:
        return {name: header for header, name, _ in self.columns}

    # --- what each import says ---------------------------------------------------------------------------

    def lookups(self, user):
        """Whatever `row_data` needs to turn words into ids, read once per sheet (only what `user` may see)."""
        return None

    def row_data(self, values: dict, lookups) -> tuple[dict, list[tuple[str, str]]]:
        """Form data from a row's cells (keyed by form field); unknown words as (field, message)."""
        raise NotImplementedError

    def duplicate_key(self, data: dict) -> Hashable | None:
        """What must not repeat within the sheet; None: nothing to compare."""
        return None

    def instance_for(self, data: dict):
        """The object a row saves into: a new one, unless an import updates rows it finds by a natural key."""
        return self.form_class._meta.model()

    def save(self, instance, user):
        do_save_object(instance, user=user)

    def save_form(self, form, user):
        """Save a valid row; an import whose form has many-to-many fields overrides this to pass them on."""
        self.save(form.save(commit=False), user)

    def notes(self) -> list[str]:
        return []

    def example_rows(self) -> list[list]:
        return []

    # --- the shared part ---------------------------------------------------------------------------------

    def template_workbook(self) -> bytes:
        headers = [f"{h}*" if required else h for h, _, required in self.columns]
        return xlsx.build(self.sheet_title, headers, self.example_rows(), [self.column_width] * len(headers),
                          self.notes())

    def run(self, upload, *, user, dry_run: bool) -> ImportResult:
        """Validate every row of an uploaded template; create all of them unless any fails or this is a dry run.

        Raises xlsx.WorkbookError for a file that is not a usable template (wrong type, too large, wrong headers).
        """
        headers, rows = xlsx.read_rows(upload)
        headers = [h.rstrip("*").strip() for h in headers]
        self._check_headers(headers)
        if not rows:
            raise xlsx.WorkbookError(gettext("表格中没有数据行。"))

        position = {h: i for i, h in enumerate(headers)}
        lookups = self.lookups(user)
        header_of = self.header_of
        result = ImportResult(rows=len(rows), dry_run=dry_run)
        seen: dict[Hashable, int] = {}
        try:
            with transaction.atomic():
                for number, values in rows:
                    row = {name: values[position[header]] for header, name, _ in self.columns if header in position}
                    data, word_errors = self.row_data(row, lookups)
                    for name, message in word_errors:
                        result.errors.append(RowError(number, header_of[name], message))
                    key = self.duplicate_key(data)
                    if key is not None and key in seen:
                        result.errors.append(RowError(number, header_of[self.duplicate_field],
                                                      gettext("与第 %(row)s 行重复") % {"row": seen[key]}))
                        continue
                    seen[key] = number
                    self._import_row(data, number, user, result, already_reported={name for name, _ in word_errors})
                if dry_run or result.errors:
                    raise _Rollback
                result.created = result.valid
                audit.record(AuditAction.IMPORT, actor=user, object_repr=self.audit_label.format(count=result.created))
        except _Rollback:
            pass
        return result

    def _check_headers(self, headers):
        expected = [h for h, _, _ in self.columns]
        missing = [h for h, _, required in self.columns if required and h not in headers]
        unknown = [h for h in headers if h and h not in expected]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(gettext("缺少列：%(columns)s") % {"columns": "、".join(missing)})
            if unknown:
                parts.append(gettext("无法识别的列：%(columns)s") % {"columns": "、".join(unknown)})
            raise xlsx.WorkbookError(
                gettext("表头与模板不符（%(problems)s）。请下载最新模板填写。") % {"problems": "；".join(parts)}
            )

    def _column(self, name) -> str:
        if name == "__all__" and self.non_field_column:
            name = self.non_field_column
        return self.header_of.get(name, gettext("整行"))

    def _import_row(self, data, number, user, result, already_reported: set[str]):
        """Validate and save one row; errors on fields whose words were already reported are not repeated."""
        form = self.form_class(data, instance=self.instance_for(data), user=user)
        if not form.is_valid() or already_reported:
            for name, messages in form.errors.items():
                if name in already_reported:
                    continue
                for message in messages:
                    result.errors.append(RowError(number, self._column(name), message))
            return
        try:
            # A savepoint per row: a failed row must not break the transaction the other rows share.
            with transaction.atomic():
                self.save_form(form, user)
        except OutOfScope:
            result.errors.append(RowError(number, self.header_of[self.scope_field], gettext("超出您的管辖范围")))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    result.errors.append(RowError(number, self._column(name), message))
        else:
            result.valid += 1


def import_page(request, importer: Importer, *, template_name: str, title: str, template_filename: str):
    """The import page: template download (?template=1), upload with dry run ("校验") or import ("导入").
    Only for users who may add the imported objects; others get 404, like every page they may not use.
    The view calling it is @login_required."""
    if not can(request.user, importer.form_class._meta.model, ADD):
        raise Http404
    if request.GET.get("template"):
        return xlsx.response(importer.template_workbook(), template_filename)
    context = {
        "title": title,
        "max_mb": settings.WORKSAFETY_MAX_UPLOAD_BYTES / 1048576,
        "max_rows": settings.WORKSAFETY_MAX_IMPORT_ROWS,
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        dry_run = request.POST.get("mode") != "import"
        if upload is None:
            context["error"] = gettext("请选择要上传的 xlsx 文件。")
        else:
            try:
                context["result"] = importer.run(upload, user=request.user, dry_run=dry_run)
            except xlsx.WorkbookError as error:
                context["error"] = str(error)
    return render(request, template_name, context)
