from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class HazardTable(Table):
    url_name = "hazard_detail"
    columns = [
        Column(_("隐患名称"), "title", order_by="title", link=True, width=30),
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", width=30),
        Column(_("等级"), "level", order_by="level", width=10),
        Column(_("类别"), "hazard_type", width=8),
        Column(_("来源"), "source", width=10),
        Column(_("状态"), "state", order_by="state", width=10),
        Column(_("发现日期"), "found_on", order_by="found_on", width=12),
        Column(_("整改期限"), "deadline", order_by="deadline", width=12),
        Column(_("督办部门"), "supervising_department.name", width=16),
        Column(_("逾期"), lambda h: _("逾期") if h.is_overdue else "", width=6),
    ]
