"""Columns of the statistics export."""

from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class StatisticsTable(Table):
    """One row per group of every grouping (rows are dicts from statistics.counting.export_rows)."""

    columns = [
        Column(_("统计维度"), itemgetter("grouping"), width=14),
        Column(_("名称"), itemgetter("label"), width=28),
        Column(_("检查次数"), itemgetter("inspections"), width=10),
        Column(_("发现隐患"), itemgetter("hazards"), width=10),
        Column(_("其中重大隐患"), itemgetter("major"), width=12),
        Column(_("每次检查发现隐患"), itemgetter("per_inspection"), width=14),
        Column(_("处罚决定"), itemgetter("cases"), width=10),
        Column(_("罚款金额（元）"), itemgetter("fines_yuan"), width=14),
    ]
