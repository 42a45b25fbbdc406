from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class SensorTable(Table):
    url_name = "sensor_detail"
    columns = [
        Column(_("位号"), "code", order_by="code", link=True, width=14),
        Column(_("名称"), "name", width=24),
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", width=28),
        Column(_("类型"), "kind", order_by="kind", width=10),
        Column(_("单位"), "unit", width=8),
        Column(_("高报"), "high", width=8),
        Column(_("高高报"), "high_high", width=8),
        Column(_("最新值"), lambda s: getattr(getattr(s, "state", None), "value", None), width=10),
        Column(_("投用"), lambda s: _("是") if s.in_service else _("停用"), width=6),
    ]


class AlarmTable(Table):
    url_name = "alarm_detail"
    columns = [
        Column(_("报警时间"), "raised_at", order_by="raised_at", link=True, width=18),
        Column(_("企业"), "enterprise.name", width=28),
        Column(_("监测点"), "sensor.code", width=14),
        Column(_("类型"), "condition", order_by="condition", width=10),
        Column(_("优先级"), "priority", order_by="priority", width=8),
        Column(_("报警值"), "value", width=10),
        Column(_("峰值"), "peak", width=10),
        Column(_("报警中"), lambda a: _("是") if a.active else _("已恢复"), width=8),
        Column(_("确认"), lambda a: _("已确认") if a.acknowledged else _("未确认"), width=8),
        Column(_("恢复时间"), "cleared_at", width=18),
    ]


class RejectionTable(Table):
    columns = [
        Column(_("日期"), "day", order_by="day", width=12),
        Column(_("企业"), lambda r: r.enterprise.name if r.enterprise_id else _("未知来源"), width=30),
        Column(_("原因"), "reason", order_by="reason", width=20),
        Column(_("条数"), "count", order_by="count", width=10),
    ]
