from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class WarningTable(Table):
    url_name = "warning_detail"
    columns = [
        Column(_("标题"), "headline", order_by="headline", link=True, width=36),
        Column(_("级别"), lambda w: w.level_short, order_by="level", width=14),
        Column(_("类别"), "category", order_by="category", width=18),
        Column(_("信息类型"), "msg_type", width=8),
        Column(_("影响区域"), "area_text", width=20),
        Column(_("起始时间"), "onset", order_by="onset", width=17),
        Column(_("截止时间"), "expires", order_by="expires", width=17),
        Column(_("状态"), "status", order_by="status", width=10),
        Column(_("发布时间"), "sent", order_by="sent", width=17),
        Column(_("预警信息标识"), "identifier", width=33),
    ]
