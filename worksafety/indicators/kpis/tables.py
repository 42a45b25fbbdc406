from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class DenominatorTable(Table):
    url_name = "denominator_detail"
    columns = [
        Column(_("年份"), "year", order_by="year", link=True, width=8),
        Column(_("指标"), "kind", order_by="kind", width=18),
        Column(_("数值"), "value", width=16),
        Column(_("单位"), "unit", width=8),
        Column(_("数据来源"), "source", width=48),
    ]
