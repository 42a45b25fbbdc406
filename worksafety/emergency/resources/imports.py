"""xlsx imports of the emergency resources, on the shared all-or-nothing import (core/imports.py): every row is
validated by the kind's form and saved by its service, like the kind's create page; the stock sheet is a list
of receipts (入库), each saved by `services.do_stock_in`.

A cell holds words: a choice's label, several labels separated by “、”, or the code or name of a related object
the user may see (`Reference`). `ResourceImporter` turns them into form values for every kind.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.imports import Importer, cell_text, choice_by_label, not_found
from worksafety.core.models import Area, Department, User
from worksafety.core.scoping import VIEW
from worksafety.emergency.resources import forms, services
from worksafety.emergency.resources.choices import DutyStatus, Specialty, SupplyCategory, TargetKind, TeamKind
from worksafety.emergency.resources.models import SupplyItem, Warehouse
from worksafety.registry.models import Enterprise, Park

SEPARATOR = "、"


@dataclass(frozen=True)
class Reference:
    """How a cell names a related object: by any of these fields (exact words; USCCs in capitals)."""

    model: type
    keys: tuple[str, ...]

    def index(self, user) -> dict[str, int | None]:
        """Words → id for what the user may see; None where the words name two objects."""
        index: dict[str, int | None] = {}
        for row in self.model.objects.restrict(user, VIEW).values("pk", *self.keys):
            for key in self.keys:
                word = str(row[key]).upper() if key == "uscc" else str(row[key])
                index[word] = None if index.get(word, row["pk"]) != row["pk"] else row["pk"]
        return index


AREA = Reference(Area, ("code", "name"))
OWNERS = {"enterprise": Reference(Enterprise, ("uscc",)), "park": Reference(Park, ("code", "name")),
          "department": Reference(Department, ("code", "name"))}
LOCATION_COLUMNS = [("所在区域", "area", True), ("地址", "address", False), ("纬度", "lat", True),
                    ("经度", "lon", True)]
CONTACT_COLUMNS = [("联系人", "contact", False), ("联系电话", "phone", False)]
OWNER_COLUMNS = [("所属企业统一社会信用代码", "enterprise", False), ("所属园区", "park", False),
                 ("所属部门", "department", False)]
COMMON_NOTES = [
    _("带 * 的列必填；请勿修改表头。导入时整表校验，任何一行有误则全部不导入。"),
    _("所在区域填街道/功能区的名称或区划代码；坐标为 WGS-84 经纬度（度），须在本区范围内。"),
]
OWNER_NOTE = _("所属企业（统一社会信用代码）、所属园区（名称或代码）、所属部门（名称或代码）至多填一项；都不填为区级。")


class ResourceImporter(Importer):
    choices: dict = {}  # form field → TextChoices: one label per cell
    multi_choices: dict = {}  # form field → TextChoices: labels separated by “、”
    references: dict = {}  # form field → Reference
    defaults: dict = {}  # form field → value for a blank cell
    date_fields: tuple = ()  # form fields whose date cells go to the form as dates
    unique_fields: tuple = ("name",)  # what must not repeat within the sheet
    extra_notes: list = []
    example: list = []

    @property
    def sheet_title(self):
        return str(self.form_class._meta.model._meta.verbose_name_plural)

    @property
    def duplicate_field(self):
        return self.unique_fields[-1]

    def notes(self):
        lines = [*COMMON_NOTES, *self.extra_notes]
        for name, choices in {**self.choices, **self.multi_choices}.items():
            line = gettext("%(column)s：%(labels)s（可填多项，以“、”分隔）") if name in self.multi_choices \
                else gettext("%(column)s：%(labels)s")
            lines.append(line % {"column": self.header_of[name], "labels": SEPARATOR.join(map(str, choices.labels))})
        return lines

    def example_rows(self):
        return [self.example]

    def lookups(self, user):
        return {name: reference.index(user) for name, reference in self.references.items()}

    def row_data(self, values, lookups):
        data, errors = {}, []
        for name, value in values.items():
            text = cell_text(value)
            if isinstance(value, date) and name in self.date_fields:  # Excel gives a datetime; the form a date
                data[name] = value
            elif not text:
                data[name] = self.defaults.get(name, [] if name in self.multi_choices else "")
            elif name in self.choices:
                data[name], error = choice_by_label(self.choices[name], text)
                errors += [(name, error)] if error else []
            elif name in self.multi_choices:
                data[name] = []
                for label in (part.strip() for part in text.split(SEPARATOR) if part.strip()):
                    choice, error = choice_by_label(self.multi_choices[name], label)
                    data[name] += [choice] if choice else []
                    errors += [(name, error)] if error else []
            elif name in self.references:
                word = text.upper() if name == "enterprise" else text
                found = lookups[name].get(word, 0)
                if found == 0:
                    errors.append((name, not_found(text)))
                elif found is None:
                    errors.append((name, gettext("“%(text)s”对应多个对象，请改填代码") % {"text": text}))
                data[name] = found or ""
            else:
                data[name] = text
        return data, errors

    def duplicate_key(self, data):
        key = tuple(data.get(name) for name in self.unique_fields)
        return key if key and all(key) else None


class RescueTeamImporter(ResourceImporter):
    columns = [("名称", "name", True), ("队伍类型", "kind", True), *OWNER_COLUMNS, ("人数", "headcount", True),
               ("专业", "specialties", False), ("值守状态", "duty_status", False), ("主要装备", "equipment", False),
               *LOCATION_COLUMNS, *CONTACT_COLUMNS]
    form_class = forms.RescueTeamForm
    choices = {"kind": TeamKind, "duty_status": DutyStatus}
    multi_choices = {"specialties": Specialty}
    references = {"area": AREA, **OWNERS}
    defaults = {"duty_status": DutyStatus.ON_DUTY}
    scope_field = "area"
    audit_label = "救援队伍批量导入 {count} 支"
    extra_notes = [OWNER_NOTE, _("企业救援队伍须填所属企业；值守状态不填为“值守”。")]
    example = ["大孤山化工区危化品专业救援队", "专业救援队伍", None, "dagushan", None, 36, "危险化学品、消防", "值守",
               "防化服 40 套、正压式空气呼吸器 30 具、堵漏工具 6 套", "大孤山街道", "大孤山化工区管委会东侧", 38.99, 121.835,
               "李队长", "0411-87654321"]


class WarehouseImporter(ResourceImporter):
    columns = [("名称", "name", True), *OWNER_COLUMNS, *LOCATION_COLUMNS, ("保管员", "contact", False),
               ("保管员电话", "phone", False)]
    form_class = forms.WarehouseForm
    references = {"area": AREA, **OWNERS}
    scope_field = "area"
    audit_label = "物资仓库批量导入 {count} 个"
    extra_notes = [OWNER_NOTE]
    example = ["大孤山化工区应急物资储备库", None, "大孤山化工区", None, "大孤山街道", "大孤山化工区管委会北侧",
               38.995, 121.83, "张保管", "13800000000"]


class SupplyItemImporter(ResourceImporter):
    columns = [("物资名称", "name", True), ("类别", "category", True), ("计量单位", "unit", True),
               ("规格型号", "specification", False), ("低库存预警值", "min_quantity", False)]
    form_class = forms.SupplyItemForm
    choices = {"category": SupplyCategory}
    defaults = {"min_quantity": 0}
    scope_field = "name"
    audit_label = "物资目录批量导入 {count} 种"
    extra_notes = [_("低库存预警值：任一仓库该物资合计低于此数时提醒；不填为 0（不提醒）。")]
    example = ["正压式空气呼吸器", "个体防护", "具", "6.8 L 碳纤维气瓶", 10]


class StockImporter(ResourceImporter):
    """Receipts: each row adds stock to a warehouse, as the warehouse page's 入库 does."""

    columns = [("仓库名称", "target", True), ("物资名称", "item", True), ("批次号", "batch", False),
               ("有效期至", "expiry", False), ("数量", "quantity", True), ("说明", "note", False)]
    form_class = forms.StockImportForm
    references = {"target": Reference(Warehouse, ("name",)), "item": Reference(SupplyItem, ("name",))}
    unique_fields = ()  # a batch may be received twice in one sheet
    date_fields = ("expiry",)
    scope_field = "target"
    audit_label = "物资入库批量导入 {count} 条"
    extra_notes = [_("每行一笔入库：仓库和物资须已登记（物资名称以物资目录为准）；同一批次的有效期须一致。"),
                   _("有效期至填日期，如 2027-06-30；没有有效期的物资不填。")]
    example = ["大孤山化工区应急物资储备库", "正压式空气呼吸器", "2026-11", "2031-10-31", 12, "年度采购"]

    @property
    def sheet_title(self):
        return gettext("物资入库")

    def save(self, instance, user):
        services.do_stock_in(instance.target, instance.item, instance.quantity, user=user, batch=instance.batch,
                             expiry=instance.expiry, note=instance.note)


class ExpertImporter(ResourceImporter):
    columns = [("姓名", "name", True), ("专业", "specialties", True), ("职称", "title", False),
               ("工作单位", "employer", False), ("联系电话", "phone", False), ("电子邮箱", "email", False),
               ("专长说明", "expertise", False), ("平台账号", "user", False)]
    form_class = forms.ExpertForm
    multi_choices = {"specialties": Specialty}
    references = {"user": Reference(User, ("username",))}
    unique_fields = ("employer", "name")
    scope_field = "name"
    audit_label = "专家批量导入 {count} 名"
    extra_notes = [_("同一工作单位的同名专家在表中只能出现一次；平台账号填专家角色账号的用户名，可不填。")]
    example = ["王建国", "危险化学品、消防", "教授级高级工程师", "大连某化工设计院", "13900000000", "wang@example.com",
               "化工工艺安全、HAZOP 分析", None]


class ShelterImporter(ResourceImporter):
    columns = [("名称", "name", True), ("容纳人数", "capacity", True), ("有效面积（m²）", "area_m2", True),
               ("设施", "facilities", False), *LOCATION_COLUMNS, *CONTACT_COLUMNS]
    form_class = forms.ShelterForm
    references = {"area": AREA}
    scope_field = "area"
    audit_label = "避难场所批量导入 {count} 处"
    example = ["大孤山街道中心广场避难场所", 3000, 6000, "应急供水、照明、厕所", "大孤山街道", "大孤山街道中心广场", 39.02,
               121.80, "赵主任", "0411-87650000"]


class SensitiveTargetImporter(ResourceImporter):
    columns = [("名称", "name", True), ("类型", "kind", True), ("人数", "population", True), *LOCATION_COLUMNS,
               *CONTACT_COLUMNS]
    form_class = forms.SensitiveTargetForm
    choices = {"kind": TargetKind}
    references = {"area": AREA}
    unique_fields = ("area", "name")
    scope_field = "area"
    non_field_column = "name"  # the form's only non-field error is the (区域, 名称) unique constraint
    audit_label = "敏感目标批量导入 {count} 处"
    example = ["大孤山第一小学", "学校", 1200, "大孤山街道", "大孤山街道学府路 1 号", 39.03, 121.81, "孙校长", "0411-87651111"]


TEAM_IMPORT = RescueTeamImporter()
WAREHOUSE_IMPORT = WarehouseImporter()
SUPPLY_ITEM_IMPORT = SupplyItemImporter()
STOCK_IMPORT = StockImporter()
EXPERT_IMPORT = ExpertImporter()
SHELTER_IMPORT = ShelterImporter()
TARGET_IMPORT = SensitiveTargetImporter()
