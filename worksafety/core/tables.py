"""Column definitions shared by a list page and its xlsx export, so both show the same thing."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core import xlsx
from worksafety.core.scoping import VIEW, can

EXPORT_CHUNK_ROWS = 2000  # rows an export reads per query (and per prefetch of the related lists)


@dataclass(frozen=True)
class Column:
    header: str  # usually a lazy translation: str() it where a plain string is needed
    accessor: str | Callable[[Any], Any]
    order_by: str | None = None  # a sortable column names the ORDER BY field
    link: bool = False  # renders as a link to the object's detail page
    width: int = 14  # xlsx column width in characters
    joins: tuple[str, ...] = ()  # select_related paths a callable accessor follows (dotted ones are found)

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
    url_name: str = ""  # the page a row links to, reversed with the row's pk
    url_action: str = VIEW  # what the reader must be allowed to do on the row's object for that page

    def __init__(self, objects, user=None):
        self.user = user  # the reader: a row links only to a page they may open; without a reader, no links
        # The foreign keys the columns follow ("enterprise.name") are joined in, one query for the page or the
        # export instead of one per row and column.
        if isinstance(objects, QuerySet):
            objects = objects.select_related(*self.related_paths(objects.model))
        self.objects = objects

    @classmethod
    def related_paths(cls, model) -> list[str]:
        """select_related paths of the single-valued relations the columns' dotted accessors walk through."""
        paths = set()
        for column in cls.columns:
            paths.update(column.joins)
            if not isinstance(column.accessor, str):
                continue
            current, path = model, []
            for part in column.accessor.split("."):
                try:
                    field = current._meta.get_field(part)
                except FieldDoesNotExist:
                    break
                if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                    break
                path.append(part)
                paths.add("__".join(path))
                current = field.related_model
        return sorted(paths)

    def headers(self):
        # Plain strings: these become xlsx header cells, and openpyxl cannot write lazy translations.
        return [str(c.header) for c in self.columns]

    def xlsx_response(self, title: str, filename: str = ""):
        """The table as an xlsx download: same columns and values as the page, Chinese headers. A queryset is
        read in chunks and the workbook written to a temporary file, so a large export holds neither all its
        rows nor the whole file in memory."""
        objects = self.objects
        if isinstance(objects, QuerySet):
            objects = objects.iterator(chunk_size=EXPORT_CHUNK_ROWS)
        rows = ([column.value(obj) for column in self.columns] for obj in objects)
        sheet = xlsx.Sheet(title, self.headers(), rows, [c.width for c in self.columns])
        return xlsx.file_response([sheet], filename or f"{title}-{timezone.localdate():%Y%m%d}.xlsx")

    def rows(self):
        objects = list(self.objects)
        linked = self.linked(objects)
        for obj in objects:
            url = reverse(self.url_name, args=[obj.pk]) if linked and obj.pk in linked else None
            yield obj, url, [(c, c.value(obj)) for c in self.columns]

    def linked(self, objects) -> set:
        """The pks of the rows whose page the reader may open, asking the permission table (core.scoping). The
        rows are the ones the reader may view, so a view page costs no query; another action is scoped per row
        (one query for the page)."""
        if not self.url_name or self.user is None or not objects:
            return set()
        model = type(objects[0])
        if self.url_action == VIEW:
            allowed = {obj.pk for obj in objects} if can(self.user, model, VIEW) else set()
        else:
            allowed = set(model.objects.restrict(self.user, self.url_action)
                          .filter(pk__in=[obj.pk for obj in objects]).values_list("pk", flat=True))
        return {obj.pk for obj in objects if obj.pk in allowed and self.may_open(obj)}

    def may_open(self, obj) -> bool:
        """Whether the row's page opens for this object in its present state, beyond the reader's rights."""
        return True


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
