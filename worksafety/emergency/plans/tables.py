"""Columns of the plan and drill lists, shared by the pages and their xlsx exports (page and API)."""

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table
from worksafety.emergency.plans.models import Drill, EmergencyPlan


def plan_rows():
    """Plans as their lists show them: with the last drill, which the 演练期限 column needs."""
    # An aggregate drops the default ordering (GROUP BY), so it is given again.
    return EmergencyPlan.objects.select_related("enterprise", "department", "area").with_last_drill() \
        .order_by("title", "-id")


def drill_deadline(plan) -> str:
    due = plan.drill_due(plan.last_drill_on)
    if due is None:
        return ""
    return gettext("%(date)s（逾期）") % {"date": due} if due < timezone.localdate() else str(due)


class PlanTable(Table):
    url_name = "emergencyplan_detail"
    columns = [
        Column(_("预案名称"), "title", order_by="title", link=True, width=36),
        Column(_("版本"), "version", width=10),
        Column(_("预案类型"), "kind", order_by="kind", width=14),
        Column(_("编制单位"), "owner_name", width=28),
        Column(_("状态"), "status", order_by="status", width=12),
        Column(_("发布日期"), "published_on", order_by="published_on", width=12),
        Column(_("备案编号"), "filing_number", width=20),
        Column(_("下次评估期限"), "next_review_due", order_by="next_review_due", width=14),
        Column(_("最近演练"), "last_drill_on", order_by="last_drill_on", width=12),
        Column(_("演练期限"), drill_deadline, width=18),
    ]


class DrillTable(Table):
    url_name = "drill_detail"
    columns = [
        Column(_("演练日期"), "held_on", order_by="held_on", link=True, width=12),
        Column(_("应急预案"), lambda drill: str(drill.plan), width=36),
        Column(_("编制单位"), "plan.owner_name", width=28),
        Column(_("演练形式"), "kind", order_by="kind", width=10),
        Column(_("参演人数"), "participants", order_by="participants", width=10),
        Column(_("时长（分钟）"), "duration_minutes", width=10),
        Column(_("评估等级"), "rating", order_by="rating", width=10),
        Column(_("组织单位"), "organiser", width=24),
    ]


def drill_rows():
    return Drill.objects.select_related("plan__enterprise", "plan__department", "plan__area")
