"""Columns of the draw lists, shared by each page and its xlsx export."""

from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class DrawTable(Table):
    url_name = "draw_detail"
    columns = [
        Column(_("名称"), "title", order_by="title", link=True, width=32),
        Column(_("状态"), "status", order_by="status", width=12),
        Column(_("抽查对象数"), "pool_size", width=10),
        Column(_("抽取家数"), "count", width=10),
        Column(_("每户执法人员数"), "inspectors_per_pick", width=10),
        Column(_("公告时间"), "announced_at", order_by="announced_at", width=18),
        Column(_("抽取时间"), "drawn_at", order_by="drawn_at", width=18),
    ]


class DrawPickTable(Table):
    columns = [
        Column(_("顺序"), "order", width=6),
        Column(_("企业"), "enterprise.name", width=30),
        Column(_("统一社会信用代码"), "enterprise.uscc", width=20),
        Column(_("执法人员"), lambda p: "、".join(str(i) for i in p.inspectors.all()), width=48),
    ]
