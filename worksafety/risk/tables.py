from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import CHANGE
from worksafety.core.tables import Column, Table


class RiskEventTable(Table):
    url_name = "riskevent_edit"  # the enterprise's own register: supervisors read it, without the edit link
    url_action = CHANGE
    columns = [
        Column(_("企业"), "risk_unit.risk_object.enterprise.name", width=30),
        Column(_("分析对象"), "risk_unit.risk_object.name", width=18),
        Column(_("分析单元"), "risk_unit.name", width=18),
        Column(_("风险事件"), "name", order_by="name", link=True, width=30),
        Column(_("事故类别"), "accident_type", width=12),
        Column(_("方法"), "method", width=8),
        Column("L", "likelihood", width=6),
        Column("E", "exposure", width=6),
        Column(_("C/S"), "consequence", width=6),
        Column(_("D/R"), "score", order_by="score", width=8),
        Column(_("风险等级"), "colour", order_by="colour", width=12),
    ]


class EnterpriseGradingTable(Table):
    url_name = "enterprisegrading_detail"
    columns = [
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", link=True, width=32),
        Column(_("方法"), "method", width=30),
        Column(_("评估日期"), "graded_on", order_by="graded_on", width=12),
        Column(_("得分"), "score", order_by="score", width=8),
        Column(_("风险等级"), "colour", width=12),
        Column(_("状态"), "status", width=8),
        Column(_("评估人"), "assessor", width=12),
        Column(_("审核人"), "reviewer", width=12),
    ]


class SupervisionTable(Table):
    """Rows are `services.SupervisionLine`s."""

    columns = [
        Column(_("企业"), "enterprise.name", link=True, width=32),
        Column(_("统一社会信用代码"), "enterprise.uscc", width=22),
        Column(_("行业领域"), "enterprise.sector.name", width=14),
        Column(_("街道/功能区"), "enterprise.area.name", width=14),
        Column(_("园区"), "enterprise.park.name", width=16),
        Column(_("风险等级"), lambda line: line.enterprise.get_risk_colour_display() or _("未分级（按蓝色）"), width=16),
        Column(_("年度重点检查次数"), "key_inspections", width=14),
        Column(_("监管方式"), lambda line: _("重点检查") if line.key_inspections else _("双随机抽查库"), width=12),
    ]

    def rows(self):
        for line in self.objects:
            yield line, reverse("enterprise_detail", args=[line.enterprise.pk]), [(c, c.value(line)) for c in self.columns]
