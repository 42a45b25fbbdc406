"""Columns of the penalty case list, shared by its page and its xlsx export."""

from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class PenaltyCaseTable(Table):
    url_name = "penaltycase_detail"
    columns = [
        Column(_("案号"), "number", order_by="number", link=True, width=26),
        Column(_("案由"), "cause", width=30),
        Column(_("当事单位"), "enterprise.name", order_by="enterprise__name", width=28),
        Column(_("办案机关"), "organ", width=18),
        Column(_("状态"), "state", order_by="state", width=10),
        Column(_("立案日期"), "filed_on", order_by="filed_on", width=12),
        Column(_("决定日期"), "decided_on", order_by="decided_on", width=12),
        Column(_("罚款（元）"), "fine_yuan", order_by="fine_yuan", width=12),
        Column(_("应公示日期"), "publish_by", width=12),
    ]
