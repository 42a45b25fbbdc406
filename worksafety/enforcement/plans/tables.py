"""Columns of the plan lists and of a plan's progress, shared by each page and its xlsx export."""

from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import CHANGE
from worksafety.core.tables import Column, Table
from worksafety.enforcement.plans.choices import PlanStatus


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
    """Rows of `plans.services.plan_progress`, for the page and its export."""

    columns = [
        Column(_("单位/月份"), "label", width=22),
        Column(_("计划重点检查"), "key_planned", width=12),
        Column(_("已完成重点检查"), "key_done", width=12),
        Column(_("重点检查完成率"), lambda r: f"{r.key_rate:.0%}" if r.key_rate is not None else None, width=12),
        Column(_("双随机配额"), "random_planned", width=10),
        Column(_("已抽取"), "random_drawn", width=10),
        Column(_("双随机已检查"), "random_done", width=12),
    ]
