"""Sensor import from the xlsx template, on the shared all-or-nothing import (core/imports.py): every row is
validated by SensorForm and saved by services.do_save_sensor, like the sensor page, so the gas defaults and the
GB/T 50493-2019 ceilings apply to imported sensors too."""

from django.utils.translation import gettext

from worksafety.core.imports import Importer, cell_text, choice_by_label, not_found
from worksafety.core.scoping import VIEW
from worksafety.monitoring import services
from worksafety.monitoring.choices import Priority, SensorKind
from worksafety.monitoring.forms import SensorForm
from worksafety.monitoring.models import UNITS, Sensor
from worksafety.registry.models import Enterprise, HazardUnit

# (header, form field, required): see Importer.columns.
COLUMNS = [
    ("企业统一社会信用代码", "enterprise", True),
    ("单元名称", "hazard_unit", False),
    ("位号", "code", True),
    ("名称", "name", True),
    ("类型", "kind", True),
    ("单位", "unit", False),
    ("量程下限", "range_low", False),
    ("量程上限", "range_high", True),
    ("职业接触限值（ppm）", "oel_ppm", False),
    ("安装位置", "location_text", False),
    ("纬度", "lat", False),
    ("经度", "lon", False),
    ("上报周期（秒）", "interval_s", False),
    ("低低报", "low_low", False),
    ("低报", "low", False),
    ("高报", "high", False),
    ("高高报", "high_high", False),
    ("死区", "deadband", False),
    ("报警延时（秒）", "on_delay_s", False),
    ("消警延时（秒）", "off_delay_s", False),
    ("优先级", "priority", False),
    ("报警保持", "latched", False),
]
CHOICE_FIELDS = {"kind": SensorKind, "priority": Priority}
YES, NO = "是", "否"


class SensorImporter(Importer):
    columns = COLUMNS
    form_class = SensorForm
    duplicate_field = "code"
    scope_field = "enterprise"
    non_field_column = "code"  # the form's only non-field error is the (enterprise, 位号) unique constraint
    audit_label = "监测点批量导入 {count} 个"

    @property
    def sheet_title(self):
        return gettext("监测点")

    def notes(self):
        return [
            gettext("带 * 的列必填；请勿修改表头。每行一个监测点，导入时整表校验，任何一行有误则全部不导入。"),
            gettext("企业统一社会信用代码：须为您可查看的企业；单元名称：该企业的危险化学品单元名称，可不填。"),
            gettext("类型：%(kinds)s；优先级：%(priorities)s（默认“高”）；报警保持：是或否（默认否）。") % {
                "kinds": "、".join(map(str, SensorKind.labels)), "priorities": "、".join(map(str, Priority.labels)),
            },
            gettext("单位不填时按类型取默认（可燃气体 %LEL、有毒气体 ppm 等）；量程下限、上报周期、死区、延时不填取默认值。"),
            gettext("报警值须满足 低低报 < 低报 < 高报 < 高高报。按 GB/T 50493-2019，可燃气体高报不高于 25 %LEL、"
                    "高高报不高于 50 %LEL；有毒气体须填职业接触限值，高报不高于 1 倍、高高报不高于 2 倍；"
                    "气体探测器的高报、高高报不填时取上述值。"),
            gettext("坐标为 WGS-84 经纬度（度），须在本区范围内。"),
        ]

    def example_rows(self):
        # The choice columns show the labels the import accepts in the current language.
        return [["91210213MA0XXXXXXX", "储罐区", "GT-101", "储罐区可燃气体探测器", str(SensorKind.COMBUSTIBLE_GAS.label),
                 "%LEL", 0, 100, None, "1# 储罐东侧", 39.0312, 121.8263, 10, None, None, 25, 50, 2, 0, 0,
                 str(Priority.HIGH.label), NO]]

    def lookups(self, user):
        # Only what the user may see: another enterprise's USCC reads as unknown, without saying it exists.
        enterprises = dict(Enterprise.objects.restrict(user, VIEW).values_list("uscc", "pk"))
        units: dict[tuple[int, str], int | None] = {}
        for enterprise, name, pk in HazardUnit.objects.restrict(user, VIEW).values_list("enterprise", "name", "pk"):
            # Two units of one enterprise with the same name: the name cannot say which, so it is refused.
            units[enterprise, name] = None if (enterprise, name) in units else pk
        return {"enterprise": enterprises, "hazard_unit": units}

    def row_data(self, values, lookups):
        data, errors = {}, []
        for name, value in values.items():
            text = cell_text(value)
            if name == "enterprise":
                text = text.upper()
                if text and text not in lookups["enterprise"]:
                    errors.append((name, not_found(text)))
                    continue
                data[name] = lookups["enterprise"].get(text, "")
            elif name == "hazard_unit":
                continue  # needs the enterprise: below
            elif name in CHOICE_FIELDS and text:
                choice, error = choice_by_label(CHOICE_FIELDS[name], text)
                if error:
                    errors.append((name, error))
                    continue
                data[name] = choice
            elif name == "latched":
                if text not in {YES, NO, ""}:
                    errors.append((name, gettext("请填写“是”或“否”")))
                    continue
                data[name] = text == YES
            else:
                data[name] = text
        unit_name = cell_text(values.get("hazard_unit"))
        if unit_name and data.get("enterprise"):
            key = (data["enterprise"], unit_name)
            if key not in lookups["hazard_unit"]:
                errors.append(("hazard_unit", gettext("该企业没有名为“%(text)s”的单元") % {"text": unit_name}))
            elif lookups["hazard_unit"][key] is None:
                errors.append(("hazard_unit", gettext("该企业有多个名为“%(text)s”的单元") % {"text": unit_name}))
            else:
                data["hazard_unit"] = lookups["hazard_unit"][key]
        # Blank cells take the model's defaults, as the sensor page pre-fills them.
        for name in ("range_low", "interval_s", "deadband", "on_delay_s", "off_delay_s", "priority"):
            if not data.get(name):
                data[name] = Sensor._meta.get_field(name).default
        if not data.get("unit") and data.get("kind") in UNITS:
            data["unit"] = UNITS[data["kind"]]
        return data, errors

    def duplicate_key(self, data):
        if data.get("enterprise") and data.get("code"):
            return data["enterprise"], data["code"]
        return None

    def save(self, instance, user):
        services.do_save_sensor(instance, user=user)


SENSOR_IMPORT = SensorImporter()
