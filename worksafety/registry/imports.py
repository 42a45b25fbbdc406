"""Enterprise import from the xlsx template: every row is validated by the same form and service as the
create page, inside one transaction that is rolled back unless every row is good and this is not a dry run.
So a dry run answers exactly what a real import would do, and an import is all or nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from worksafety.core import audit, xlsx
from worksafety.core.choices import AuditAction
from worksafety.core.models import Area, Sector
from worksafety.core.services import OutOfScope, do_save_object
from worksafety.registry.choices import Scale, StandardisationGrade, Status
from worksafety.registry.forms import EnterpriseForm
from worksafety.registry.models import Enterprise, Park

# (header, form field, required); the order is the template's column order.
# The headers are the template's fixed column names: uploaded sheets are matched against them word for word,
# so they are deliberately not translated (a translated template could not be read back in another language).
COLUMNS = [
    ("企业名称", "name", True),
    ("统一社会信用代码", "uscc", True),
    ("行业领域", "sector", True),
    ("国民经济行业代码", "industry_code", False),
    ("规模", "scale", False),
    ("街道/功能区", "area", True),
    ("园区", "park", False),
    ("地址", "address", True),
    ("纬度", "lat", False),
    ("经度", "lon", False),
    ("法定代表人", "legal_representative", True),
    ("安全负责人", "safety_manager", False),
    ("安全负责人电话", "safety_phone", False),
    ("从业人员数", "employees", False),
    ("安全生产标准化等级", "standardisation_grade", False),
    ("状态", "status", False),
]
HEADER_OF = {name: header for header, name, _ in COLUMNS}
CHOICE_FIELDS = {"scale": Scale, "standardisation_grade": StandardisationGrade, "status": Status}


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


def template_workbook() -> bytes:
    sectors = "、".join(Sector.objects.values_list("name", flat=True))
    notes = [
        gettext("带 * 的列必填；请勿修改表头。每行一家企业，导入时整表校验，任何一行有误则全部不导入。"),
        gettext("统一社会信用代码：18 位，按 GB 32100-2015 校验第 18 位。"),
        gettext("行业领域填写名称之一：%(sectors)s。") % {"sectors": sectors},
        gettext("街道/功能区、园区：填写名称或区划代码。坐标为 WGS-84 经纬度（度），须在本区范围内。"),
        gettext("规模：%(scales)s；状态：%(statuses)s；标准化等级：%(grades)s。") % {
            "scales": "、".join(map(str, Scale.labels)),
            "statuses": "、".join(map(str, Status.labels)),
            "grades": "、".join(map(str, StandardisationGrade.labels)),
        },
    ]
    headers = [f"{h}*" if required else h for h, _, required in COLUMNS]
    # Example data; the choice columns show the labels the import accepts in the current language.
    example = ["大连示例化工有限公司", "91210213MA0XXXXXXX", "危险化学品", "C2614", str(Scale.ABOVE.label), "大孤山街道",
               "大孤山化工区", "大连金普新区大孤山街道示例路1号", 39.0312, 121.8263, "张三", "李四", "0411-87654321", 120,
               str(StandardisationGrade.GRADE_3.label), str(Status.OPERATING.label)]
    return xlsx.build(gettext("企业"), headers, [example], [18] * len(headers), notes)


def _form_data(values: dict, areas: dict, sectors: dict, parks: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Turn the sheet's words into form values; unknown words are reported against their column."""
    data, errors = {}, []
    for name, value in values.items():
        text = "" if value is None else str(value).strip()
        if isinstance(value, float) and value.is_integer() and name in {"employees"}:
            text = str(int(value))
        if not text:
            data[name] = ""
            continue
        lookup = {"area": areas, "sector": sectors, "park": parks}.get(name)
        if lookup is not None:
            if text not in lookup:
                errors.append((name, gettext("找不到“%(text)s”") % {"text": text}))
                continue
            data[name] = lookup[text]
        elif name in CHOICE_FIELDS:
            by_label = {str(label): value for value, label in CHOICE_FIELDS[name].choices}
            if text not in by_label:
                errors.append((name, gettext("“%(text)s”不是可选值：%(choices)s") % {"text": text, "choices": "、".join(by_label)}))
                continue
            data[name] = by_label[text]
        else:
            data[name] = text
    data.setdefault("scale", Scale.SMALL)
    data["scale"] = data["scale"] or Scale.SMALL
    data["status"] = data.get("status") or Status.OPERATING
    data["standardisation_grade"] = data.get("standardisation_grade") or StandardisationGrade.NONE
    data["employees"] = data.get("employees") or "0"
    return data, errors


def do_import_enterprises(upload, *, user, dry_run: bool) -> ImportResult:
    """Validate every row of an uploaded template; create all of them unless any fails or this is a dry run.

    Raises xlsx.WorkbookError for a file that is not a usable template (wrong type, too large, wrong headers).
    """
    headers, rows = xlsx.read_rows(upload)
    headers = [h.rstrip("*").strip() for h in headers]
    expected = [h for h, _, _ in COLUMNS]
    missing = [h for h, _, required in COLUMNS if required and h not in headers]
    unknown = [h for h in headers if h and h not in expected]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(gettext("缺少列：%(columns)s") % {"columns": "、".join(missing)})
        if unknown:
            parts.append(gettext("无法识别的列：%(columns)s") % {"columns": "、".join(unknown)})
        raise xlsx.WorkbookError(gettext("表头与模板不符（%(problems)s）。请下载最新模板填写。") % {"problems": "；".join(parts)})
    if not rows:
        raise xlsx.WorkbookError(gettext("表格中没有数据行。"))

    position = {h: i for i, h in enumerate(headers)}
    areas = {}
    for area in Area.objects.filter(level__in=["street", "zone"]):
        areas[area.name] = areas[area.code] = area.pk
    sectors = {s.name: s.pk for s in Sector.objects.all()}
    parks = {}
    for park in Park.objects.all():
        parks[park.name] = parks[park.code] = park.pk

    result = ImportResult(rows=len(rows), dry_run=dry_run)
    seen_uscc: dict[str, int] = {}
    try:
        with transaction.atomic():
            for number, values in rows:
                row = {name: values[position[header]] for header, name, _ in COLUMNS if header in position}
                data, word_errors = _form_data(row, areas, sectors, parks)
                for name, message in word_errors:
                    result.errors.append(RowError(number, HEADER_OF[name], message))
                uscc = str(data.get("uscc", "")).upper()
                if uscc and uscc in seen_uscc:
                    result.errors.append(RowError(number, HEADER_OF["uscc"], gettext("与第 %(row)s 行重复") % {"row": seen_uscc[uscc]}))
                    continue
                seen_uscc[uscc] = number
                _import_row(data, number, user, result, already_reported={name for name, _ in word_errors})
            if dry_run or result.errors:
                raise _Rollback
            result.created = result.valid
            # Stored (and hashed) in the audit log as written, so it is kept as data, not translated.
            audit.record(AuditAction.IMPORT, actor=user, object_repr=f"企业批量导入 {result.created} 家")
    except _Rollback:
        pass
    return result


def _import_row(data, number, user, result, already_reported: set[str]):
    """Validate and save one row; errors on fields whose words were already reported are not repeated."""
    form = EnterpriseForm(data, instance=Enterprise(), user=user)
    if not form.is_valid() or already_reported:
        for name, messages in form.errors.items():
            if name in already_reported:
                continue
            for message in messages:
                result.errors.append(RowError(number, HEADER_OF.get(name, gettext("整行")), message))
        return
    try:
        with transaction.atomic():
            do_save_object(form.save(commit=False), user=user)
    except OutOfScope:
        result.errors.append(RowError(number, HEADER_OF["area"], gettext("超出您的管辖范围")))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                result.errors.append(RowError(number, HEADER_OF.get(name, gettext("整行")), message))
    else:
        result.valid += 1
