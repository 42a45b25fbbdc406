"""The plan's tasks from xlsx, on the shared all-or-nothing import (core/imports.py). A row whose 编号 is already
stored replaces that task's fields (and its cooperating departments), so the bureau can keep the division of
tasks in a sheet and import it again after the 管委会 changes it."""

from django.utils.translation import gettext

from worksafety.core.imports import Importer, cell_text, choice_by_label, not_found
from worksafety.core.models import Department
from worksafety.core.scoping import VIEW
from worksafety.core.services import do_save_object
from worksafety.indicators.tasks.forms import PlanTaskForm
from worksafety.indicators.tasks.models import PlanTask, TaskKind

# (header, form field, required): see Importer.columns.
COLUMNS = [
    ("编号", "code", True),
    ("类别", "kind", True),
    ("所属章节", "chapter", True),
    ("任务名称", "title", True),
    ("规划原文", "content", True),
    ("牵头部门", "lead_department", True),
    ("配合部门", "cooperating_departments", False),
    ("排序", "order", False),
]
SEPARATOR = "、"


class TaskImporter(Importer):
    columns = COLUMNS
    form_class = PlanTaskForm
    duplicate_field = "code"
    scope_field = "lead_department"
    audit_label = "规划任务批量导入 {count} 条"
    column_width = 20

    @property
    def sheet_title(self):
        return gettext("规划任务")

    def notes(self):
        return [
            gettext("带 * 的列必填；请勿修改表头。导入时整表校验，任何一行有误则全部不导入。"),
            gettext("编号为规划中的章节号，如 六(一)、十(八)；编号已存在的任务按本表更新（含配合部门）。"),
            gettext("类别：%(kinds)s。") % {"kinds": "、".join(map(str, TaskKind.labels))},
            gettext("牵头部门、配合部门填写部门全称；多个配合部门用“、”分隔。排序为列表中的先后（数字小的在前）。"),
        ]

    def example_rows(self):
        return [["六(一)", str(TaskKind.MAIN.label), "六、全力防范安全生产事故", "强化危险化学品安全风险防控",
                 "（规划原文）", "区应急管理局", "区交通运输局、区市场监督管理局", 10]]

    def lookups(self, user):
        return {"departments": {d.name: d.pk for d in Department.objects.restrict(user, VIEW)},
                "orders": dict(PlanTask.objects.values_list("code", "order"))}

    def row_data(self, values, lookups):
        departments = lookups["departments"]
        data, errors = {}, []
        for name, value in values.items():
            text = cell_text(value)
            if name == "kind" and text:
                data[name], error = choice_by_label(TaskKind, text)
                if error:
                    errors.append((name, error))
            elif name == "lead_department" and text:
                data[name] = departments.get(text)
                if data[name] is None:
                    errors.append((name, not_found(text)))
            elif name == "cooperating_departments":
                names = [n.strip() for n in text.split(SEPARATOR) if n.strip()]
                unknown = [n for n in names if n not in departments]
                if unknown:
                    errors.append((name, "；".join(not_found(n) for n in unknown)))
                data[name] = [departments[n] for n in names if n in departments]
            elif name != "order" or text:
                data[name] = text
        # Without an 排序 the task keeps its place (a new one goes first, as on the add page).
        data.setdefault("order", lookups["orders"].get(data.get("code"), 0))
        return data, errors

    def duplicate_key(self, data):
        return data.get("code") or None

    def instance_for(self, data):
        return PlanTask.objects.filter(code=data.get("code")).first() or PlanTask()

    def save_form(self, form, user):
        do_save_object(form.save(commit=False), user=user,
                       m2m={"cooperating_departments": form.cleaned_data["cooperating_departments"]})


TASK_IMPORT = TaskImporter()
