from operator import itemgetter

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


class CheckRecordTable(Table):
    url_name = "checkrecord_detail"
    columns = [
        Column(_("排查内容"), "task.content", link=True, width=36),
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", width=28),
        Column(_("责任岗位"), "task.responsible_post", width=12),
        Column(_("周期开始"), "period_start", order_by="period_start", width=17),
        Column(_("周期结束"), "period_end", order_by="period_end", width=17),
        Column(_("结果"), "result", order_by="result", width=10),
        Column(_("排查人"), "checked_by", width=12),
        Column(_("排查时间"), "checked_at", width=17),
        Column(_("发现的隐患"), "hazard.title", width=24),
    ]


class QuarterlyTable(Table):
    """One row per enterprise (rows are dicts from services.quarterly_statistics)."""

    columns = [
        Column(_("企业"), itemgetter("enterprise"), width=30),
        Column(_("统一社会信用代码"), itemgetter("uscc"), width=22),
        Column(_("行业领域"), itemgetter("sector"), width=16),
        Column(_("街道/功能区"), itemgetter("area"), width=14),
        Column(_("本季度发现一般隐患"), itemgetter("found_general"), width=12),
        Column(_("本季度发现重大隐患"), itemgetter("found_major"), width=12),
        Column(_("本季度销号"), itemgetter("closed"), width=10),
        Column(_("季末未销号"), itemgetter("open_at_end"), width=10),
        Column(_("其中逾期"), itemgetter("overdue_at_end"), width=10),
        Column(_("整改率（%）"), itemgetter("rectification_rate"), width=10),
        Column(_("整改资金（元）"), itemgetter("funds_yuan"), width=14),
    ]
