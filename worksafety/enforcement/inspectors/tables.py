"""Columns of the inspector roster, shared by its page and its xlsx export."""

from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table
from worksafety.enforcement.tables import yes_no


class InspectorTable(Table):
    url_name = "inspector_detail"
    columns = [
        Column(_("姓名"), "name", order_by="name", link=True, width=10),
        Column(_("执法证号"), "certificate_number", order_by="certificate_number", width=18),
        Column(_("所属单位"), "unit_name", width=22),
        Column(_("有效期起"), "valid_from", width=12),
        Column(_("有效期至"), "valid_until", order_by="valid_until", width=12),
        Column(_("执法证有效"), lambda i: yes_no(i.is_valid), width=10),
        Column(_("在岗"), lambda i: yes_no(i.active), width=6),
    ]
