"""Denominator import from xlsx, on the shared all-or-nothing import (core/imports.py). The template has the
columns of the list's export, so an exported sheet can be corrected and imported into another installation; the
unit column, when filled, must be the kind's unit — a GDP typed in 万元 is caught there."""

from django.utils.translation import gettext

from worksafety.core.imports import Importer, cell_text, choice_by_label
from worksafety.indicators.kpis.choices import DENOMINATOR_UNITS, DenominatorKind
from worksafety.indicators.kpis.forms import DenominatorForm

# (header, form field, required): see Importer.columns; the same headers as DenominatorTable.
COLUMNS = [
    ("年份", "year", True),
    ("指标", "kind", True),
    ("数值", "value", True),
    ("单位", "unit", False),
    ("数据来源", "source", True),
]


class DenominatorImporter(Importer):
    columns = COLUMNS
    form_class = DenominatorForm
    duplicate_field = "year"
    scope_field = "kind"
    non_field_column = "year"  # the form's only non-field error is the (kind, year) unique constraint
    audit_label = "指标分母批量导入 {count} 条"
    column_width = 16

    @property
    def sheet_title(self):
        return gettext("指标分母")

    def notes(self):
        units = "；".join(f"{label}：{DENOMINATOR_UNITS[kind]}" for kind, label in DenominatorKind.choices)
        return [
            gettext("带 * 的列必填；请勿修改表头。每行一个指标一个年份，导入时整表校验，任何一行有误则全部不导入。"),
            gettext("指标：%(kinds)s。") % {"kinds": "、".join(map(str, DenominatorKind.labels))},
            gettext("数值须大于 0，按以下单位填写（单位列可不填，填写时须与之一致）：%(units)s。") % {"units": units},
            gettext("同一指标同一年份只能有一条；已有的数据请在页面上修改。数据来源写明统计公报或提供部门。"),
        ]

    def example_rows(self):
        return [[2021, str(DenominatorKind.GDP.label), 2350.5, str(DENOMINATOR_UNITS[DenominatorKind.GDP]),
                 gettext("2021年国民经济和社会发展统计公报")]]

    def row_data(self, values, lookups):
        data, errors = {}, []
        for name, value in values.items():
            text = cell_text(value)
            if name == "kind" and text:
                data[name], error = choice_by_label(DenominatorKind, text)
                if error:
                    errors.append((name, error))
            elif name != "unit":
                data[name] = text
        unit = cell_text(values.get("unit"))
        if unit and data.get("kind") and unit != str(DENOMINATOR_UNITS[data["kind"]]):
            errors.append(("unit", gettext("%(kind)s的单位须为“%(unit)s”，请换算后填写") % {
                "kind": DenominatorKind(data["kind"]).label, "unit": DENOMINATOR_UNITS[data["kind"]]}))
        return data, errors

    def duplicate_key(self, data):
        return (data["kind"], data["year"]) if data.get("kind") and data.get("year") else None


DENOMINATOR_IMPORT = DenominatorImporter()
