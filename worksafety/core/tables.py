"""Column definitions shared by a list page and its xlsx export, so both show the same thing."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core import xlsx


@dataclass(frozen=True)
class Column:
    header: str  # usually a lazy translation: str() it where a plain string is needed
    accessor: str | Callable[[Any], Any]
    order_by: str | None = None  # a sortable column names the ORDER BY field
    link: bool = False  # renders as a link to the object's detail page
    width: int = 14  # xlsx column width in characters

    def value(self, obj):
        if callable(self.accessor):
            return self.accessor(obj)
        value = obj
        for part in self.accessor.split("."):
            if value is None:
                return None
            display = getattr(value, f"get_{part}_display", None)
            value = display() if display else getattr(value, part)
        return value


class Table:
    columns: list[Column] = []
    url_name: str = ""

    def __init__(self, objects):
        self.objects = objects

    def headers(self):
        # Plain strings: these become xlsx header cells, and openpyxl cannot write lazy translations.
        return [str(c.header) for c in self.columns]

    def xlsx_response(self, title: str, filename: str = ""):
        """The table as an xlsx download: same columns and values as the page, Chinese headers."""
        rows = ([value for _, value in cells] for _, _, cells in self.rows())
        content = xlsx.build(title, self.headers(), rows, [c.width for c in self.columns])
        return xlsx.response(content, filename or f"{title}-{timezone.localdate():%Y%m%d}.xlsx")

    def rows(self):
        for obj in self.objects:
            url = reverse(self.url_name, args=[obj.pk]) if self.url_name else None
            yield obj, url, [(c, c.value(obj)) for c in self.columns]


class AreaTable(Table):
    url_name = "area_detail"
    columns = [
        Column(_("区划代码"), "code", order_by="code", link=True, width=14),
        Column(_("名称"), "name", order_by="name", width=20),
        Column(_("级别"), "level", width=10),
        Column(_("上级"), "parent.name", width=20),
    ]


class DepartmentTable(Table):
    url_name = "department_detail"
    columns = [
        Column(_("名称"), "name", order_by="name", link=True, width=28),
        Column(_("代码"), "code", width=14),
        Column(_("监管行业"), lambda d: "、".join(s.name for s in d.sectors.all()), width=48),
        Column(_("值班电话"), "phone", width=16),
    ]


class AuditEntryTable(Table):
    url_name = "auditentry_detail"
    columns = [
        Column(_("序号"), "seq", order_by="seq", link=True, width=8),
        Column(_("时间"), "timestamp", order_by="timestamp", width=20),
        Column(_("操作人"), "actor_name", width=16),
        Column(_("来源地址"), "remote_addr", width=16),
        Column(_("操作"), "action", width=10),
        Column(_("对象类型"), "object_type", width=20),
        Column(_("对象"), "object_repr", width=36),
    ]


class UserTable(Table):
    url_name = "user_detail"
    columns = [
        Column(_("账号"), "username", order_by="username", link=True, width=28),
        Column(_("姓名"), "full_name", order_by="full_name", width=12),
        Column(_("角色"), "role", order_by="role", width=14),
        Column(_("管辖范围"), lambda u: u.area or u.department or u.park or u.enterprise, width=30),
        Column(_("手机"), "phone", width=14),
        Column(_("启用"), lambda u: _("是") if u.is_active else _("否"), width=6),
        Column(_("最近登录"), "last_login", order_by="last_login", width=18),
    ]
