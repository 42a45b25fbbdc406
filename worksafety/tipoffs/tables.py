from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class TipOffTable(Table):
    url_name = "tipoff_detail"
    columns = [
        Column(_("查询码"), "tracking_code", order_by="tracking_code", link=True, width=18),
        Column(_("类别"), "category", order_by="category", width=16),
        Column(_("内容"), lambda t: t.content[:60], width=40),
        Column(_("涉及企业"), lambda t: t.enterprise.name if t.enterprise_id else t.reported_enterprise, width=28,
               joins=("enterprise",)),
        Column(_("承办区域"), "area.name", width=14),
        Column(_("状态"), "state", order_by="state", width=10),
        Column(_("受理时间"), "received_at", order_by="received_at", width=18),
        Column(_("办结期限"), "due_on", order_by="due_on", width=12),
        Column(_("超期"), lambda t: _("超期") if t.is_overdue else "", width=6),
    ]
