from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import CHANGE
from worksafety.core.tables import Column, Table
from worksafety.enforcement.plans.choices import PlanStatus


def yes_no(value: bool):
    return _("是") if value else _("否")


class InspectorTable(Table):
    url_name = "inspector_detail"
    columns = [
        Column(_("姓名"), "name", order_by="name", link=True, width=10),
        Column(_("执法证号"), "certificate_number", order_by="certificate_number", width=18),
        Column(_("所属单位"), "unit_name", width=22),
        Column(_("有效期起"), "valid_from", width=12),
        Column(_("有效期至"), "valid_until", order_by="valid_until", width=12),
        Column(_("执法证有效"), lambda i: yes_no(i.is_valid), width=10),
        Column(_("在岗"), lambda i: yes_no(i.active), width=6),
    ]


class AnnualPlanTable(Table):
    url_name = "annualplan_detail"
    columns = [
        Column(_("计划"), str, order_by="year", link=True, width=30),
        Column(_("状态"), "status", order_by="status", width=10),
        Column(_("双随机抽查比例（%）"), "random_share_percent", width=12),
        Column(_("编制人"), "created_by", width=14),
        Column(_("批准人"), "approved_by", width=14),
        Column(_("批准时间"), "approved_at", width=18),
    ]


class PlanTargetTable(Table):
    url_name = "plantarget_edit"
    url_action = CHANGE
    columns = [
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", link=True, width=30),
        Column(_("行业领域"), "enterprise.sector.name", width=12),
        Column(_("街道/功能区"), "enterprise.area.name", width=14),
        Column(_("风险等级"), "colour", order_by="colour", width=12),
        Column(_("年度重点检查次数"), "key_inspections", order_by="key_inspections", width=10),
        Column(_("责任单位"), "responsible", width=20),
    ]

    def may_open(self, target):
        return target.plan.status == PlanStatus.DRAFT  # an approved plan's targets are fixed


class PlanQuotaTable(Table):
    columns = [
        Column(_("行业领域"), "sector.name", width=14),
        Column(_("月份"), "month", width=6),
        Column(_("抽查家数"), "quota", width=10),
    ]


class ProgressTable(Table):
    """Rows of `plans.plan_progress`, for the page and its export."""

    columns = [
        Column(_("单位/月份"), "label", width=22),
        Column(_("计划重点检查"), "key_planned", width=12),
        Column(_("已完成重点检查"), "key_done", width=12),
        Column(_("重点检查完成率"), lambda r: f"{r.key_rate:.0%}" if r.key_rate is not None else None, width=12),
        Column(_("双随机配额"), "random_planned", width=10),
        Column(_("已抽取"), "random_drawn", width=10),
        Column(_("双随机已检查"), "random_done", width=12),
    ]


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


class CreditListingTable(Table):
    url_name = "creditlisting_detail"
    columns = [
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", link=True, width=30),
        Column(_("名单"), "kind", order_by="kind", width=16),
        Column(_("列入情形"), "criterion", width=40),
        Column(_("列入依据文书"), "basis_reference", width=24),
        Column(_("公示起始"), "period_start", order_by="period_start", width=12),
        Column(_("公示截止"), "period_end", order_by="period_end", width=12),
        Column(_("状态"), "status", order_by="status", width=14),
        Column(_("向社会公示"), lambda listing: yes_no(listing.public), width=8),
    ]


class CreditRepairTable(Table):
    url_name = "creditrepair_detail"
    columns = [
        Column(_("企业"), "listing.enterprise.name", link=True, width=30),
        Column(_("名单"), "listing.kind", width=16),
        Column(_("申请时间"), "applied_at", order_by="applied_at", width=18),
        Column(_("状态"), "status", order_by="status", width=10),
        Column(_("审核时间"), "reviewed_at", width=18),
    ]


class ThirdPartyAgencyTable(Table):
    url_name = "thirdpartyagency_detail"
    columns = [
        Column(_("机构名称"), "name", order_by="name", link=True, width=32),
        Column(_("统一社会信用代码"), "uscc", width=20),
        Column(_("有效资质"), lambda a: "、".join(q.get_kind_display() for q in a.qualifications.all()
                                               if q.is_valid), width=24),
        Column(_("联系人"), "contact", width=10),
        Column(_("联系电话"), "phone", width=14),
        Column(_("服务中"), lambda a: yes_no(a.active), width=8),
    ]


class AgencyReportTable(Table):
    url_name = "agencyreport_detail"
    columns = [
        Column(_("报告"), "kind", link=True, width=18),
        Column(_("报告编号"), "number", width=18),
        Column(_("机构"), "agency.name", order_by="agency__name", width=28),
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", width=28),
        Column(_("报告日期"), "date", order_by="date", width=12),
        Column(_("结论"), "conclusion", width=40),
    ]
