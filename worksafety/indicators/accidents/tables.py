from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table
from worksafety.indicators.accidents import reporting


def _report_status(accident) -> str:
    return str(_("迟报")) if reporting.is_late(accident) else str(_("按时"))


class AccidentTable(Table):
    """The accident list and its export; the queryset prefetches `reports` for the 迟报 column."""

    url_name = "accident_detail"
    columns = [
        Column(_("事故名称"), "title", order_by="title", link=True, width=36),
        Column(_("发生时间"), "occurred_at", order_by="occurred_at", width=17),
        Column(_("行业领域"), "sector.name", width=12),
        Column(_("事故类别"), "accident_type", order_by="accident_type", width=12),
        Column(_("事故等级"), "grade", order_by="grade", width=8),
        Column(_("死亡"), "deaths", order_by="deaths", width=6),
        Column(_("失踪"), "missing", width=6),
        Column(_("重伤"), "serious_injuries", width=6),
        Column(_("直接经济损失（元）"), "direct_loss_yuan", order_by="direct_loss_yuan", width=16),
        Column(_("事发单位"), "enterprise", width=28),
        Column(_("所在区域"), "area.name", width=14),
        Column(_("上报"), _report_status, width=6),
        Column(_("瞒报/谎报"), "misreporting", width=8),
    ]
