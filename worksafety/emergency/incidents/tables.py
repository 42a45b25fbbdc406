from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class IncidentTable(Table):
    url_name = "incident_board"
    columns = [
        Column(_("事件名称"), "title", order_by="title", link=True, width=36),
        Column(_("发生时间"), "occurred_at", order_by="occurred_at", width=17),
        Column(_("事故类别"), "accident_type", order_by="accident_type", width=12),
        Column(_("事故等级"), "grade", order_by="grade", width=8),
        Column(_("状态"), "state", order_by="state", width=10),
        Column(_("事发单位"), "enterprise", width=28),
        Column(_("地点"), "place", width=24),
        Column(_("死亡"), "deaths", order_by="deaths", width=6),
        Column(_("重伤"), "serious_injuries", order_by="serious_injuries", width=6),
    ]
