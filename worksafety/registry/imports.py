"""Enterprise import from the xlsx template, on the shared all-or-nothing import (core/imports.py): every row
is validated by the same form and service as the create page."""

from django.utils.translation import gettext

from worksafety.core.imports import Importer, ImportResult, choice_by_label, not_found
from worksafety.core.models import Area, Sector
from worksafety.registry.choices import Scale, StandardisationGrade, Status
from worksafety.registry.forms import EnterpriseForm
from worksafety.registry.models import Park

# (header, form field, required): see Importer.columns.
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
CHOICE_FIELDS = {"scale": Scale, "standardisation_grade": StandardisationGrade, "status": Status}


class EnterpriseImporter(Importer):
    columns = COLUMNS
    form_class = EnterpriseForm
    duplicate_field = "uscc"
    scope_field = "area"
    audit_label = "企业批量导入 {count} 家"

    @property
    def sheet_title(self):
        return gettext("企业")

    def notes(self):
        sectors = "、".join(Sector.objects.values_list("name", flat=True))
        return [
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

    def example_rows(self):
        # The choice columns show the labels the import accepts in the current language.
        return [["大连示例化工有限公司", "91210213MA0XXXXXXX", "危险化学品", "C2614", str(Scale.ABOVE.label), "大孤山街道",
                 "大孤山化工区", "大连金普新区大孤山街道示例路1号", 39.0312, 121.8263, "张三", "李四", "0411-87654321",
                 120, str(StandardisationGrade.GRADE_3.label), str(Status.OPERATING.label)]]

    def lookups(self, user):
        # Areas and parks are named or coded; scope is checked on save (OutOfScope → the 街道 column).
        areas = {}
        for area in Area.objects.filter(level__in=["street", "zone"]):
            areas[area.name] = areas[area.code] = area.pk
        parks = {}
        for park in Park.objects.all():
            parks[park.name] = parks[park.code] = park.pk
        return {"area": areas, "sector": {s.name: s.pk for s in Sector.objects.all()}, "park": parks}

    def row_data(self, values, lookups):
        data, errors = {}, []
        for name, value in values.items():
            text = "" if value is None else str(value).strip()
            if isinstance(value, float) and value.is_integer() and name in {"employees"}:
                text = str(int(value))
            if not text:
                data[name] = ""
                continue
            lookup = lookups.get(name)
            if lookup is not None:
                if text not in lookup:
                    errors.append((name, not_found(text)))
                    continue
                data[name] = lookup[text]
            elif name in CHOICE_FIELDS:
                choice, error = choice_by_label(CHOICE_FIELDS[name], text)
                if error:
                    errors.append((name, error))
                    continue
                data[name] = choice
            else:
                data[name] = text
        data["scale"] = data.get("scale") or Scale.SMALL
        data["status"] = data.get("status") or Status.OPERATING
        data["standardisation_grade"] = data.get("standardisation_grade") or StandardisationGrade.NONE
        data["employees"] = data.get("employees") or "0"
        return data, errors

    def duplicate_key(self, data):
        return str(data.get("uscc", "")).upper() or None


ENTERPRISE_IMPORT = EnterpriseImporter()


def template_workbook() -> bytes:
    return ENTERPRISE_IMPORT.template_workbook()


def do_import_enterprises(upload, *, user, dry_run: bool) -> ImportResult:
    """See Importer.run; raises xlsx.WorkbookError for a file that is not a usable template."""
    return ENTERPRISE_IMPORT.run(upload, user=user, dry_run=dry_run)
