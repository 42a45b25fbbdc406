"""Pages of the annual plan, its targets and its progress. Every write is a service of
`enforcement.plans.services`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import VIEW, get_scoped_or_404
from worksafety.core.workflow import transition
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.choices import PlanStatus, ProgressBy
from worksafety.enforcement.plans.filtersets import AnnualPlanFilterSet, PlanTargetFilterSet
from worksafety.enforcement.plans.forms import AnnualPlanForm, PlanTargetForm
from worksafety.enforcement.plans.models import AnnualPlan, PlanTarget
from worksafety.enforcement.plans.tables import AnnualPlanTable, PlanTargetTable, ProgressTable
from worksafety.enforcement.views import act


class AnnualPlanListView(ObjectListView):
    queryset = AnnualPlan.objects.select_related("created_by", "approved_by")
    filterset = AnnualPlanFilterSet
    table = AnnualPlanTable
    add_url = "annualplan_add"


class AnnualPlanEditView(ObjectEditView):
    """编制 (a new year's draft, built from the supervision list) or change a draft's share and note."""

    queryset = AnnualPlan.objects.all()
    form_class = AnnualPlanForm

    def get_instance(self, pk):
        instance = super().get_instance(pk)
        if pk is not None and instance.status != PlanStatus.DRAFT:  # submitted plans are returned, not edited
            raise Http404
        return instance

    def save(self, obj, m2m):
        if obj._state.adding:
            plans.do_create_plan(obj, user=self.request.user)
        else:
            plans.do_save_plan(obj, user=self.request.user)


class AnnualPlanDetailView(ObjectDetailView):
    queryset = AnnualPlan.objects.select_related("created_by", "approved_by")
    template_name = "enforcement/plan_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        quotas = list(obj.quotas.select_related("sector"))
        sectors = {}
        for quota in quotas:
            sectors.setdefault(quota.sector, [0] * 12)[quota.month - 1] = quota.quota
        targets = PlanTarget.objects.restrict(user, VIEW).filter(plan=obj)
        context.update(
            can_change=context["can_change"] and obj.status == PlanStatus.DRAFT,
            steps=plans.PLANS.available(obj, user) if context["can_change"] else [],
            drafter_may_not_approve=obj.status == PlanStatus.SUBMITTED and user.pk == obj.created_by_id,
            quota_rows=[(sector, months, sum(months)) for sector, months in sectors.items()],
            quota_total=sum(q.quota for q in quotas),
            target_count=targets.count(),
            key_total=sum(targets.values_list("key_inspections", flat=True)),
            months=range(1, 13),
            progress_choices=ProgressBy.choices,
            draws=obj.draws.order_by("-announced_at")[:12],
        )
        return context


@login_required
@require_POST
def plan_transition(request, pk, action):
    plan = get_scoped_or_404(AnnualPlan, request.user, VIEW, pk=pk)
    act(request, transition, plan, action, comment=request.POST.get("comment", "")[:2000],
         success=gettext("已办理。"))
    return redirect("annualplan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_regenerate(request, pk):
    plan = get_scoped_or_404(AnnualPlan, request.user, VIEW, pk=pk)
    act(request, plans.do_regenerate_plan, plan, success=gettext("已按当前风险等级重新生成重点检查对象和抽查配额。"))
    return redirect("annualplan_detail", pk=plan.pk)


class PlanTargetListView(ObjectListView):
    queryset = PlanTarget.objects.select_related("plan", "enterprise__sector", "enterprise__area",
                                                 "responsible_department", "responsible_area")
    filterset = PlanTargetFilterSet
    table = PlanTargetTable


class PlanTargetEditView(ObjectEditView):
    queryset = PlanTarget.objects.select_related("plan", "enterprise")
    form_class = PlanTargetForm

    def get_instance(self, pk):
        if pk is None:  # targets come from the supervision list, never typed in
            raise Http404
        instance = super().get_instance(pk)
        if instance.plan.status != PlanStatus.DRAFT:
            raise Http404
        return instance

    def save(self, obj, m2m):
        plans.do_save_target(obj, user=self.request.user)

    def success_url(self, obj):
        return reverse("plantarget_list") + f"?plan={obj.plan_id}"


@login_required
def plan_progress(request, pk):
    """完成进度 against the plan per department, street or month; `?export=xlsx` downloads the same rows."""
    plan = get_scoped_or_404(AnnualPlan, request.user, VIEW, pk=pk)
    by = request.GET.get("by", ProgressBy.DEPARTMENT)
    if by not in ProgressBy.values:
        by = ProgressBy.DEPARTMENT
    rows = plans.plan_progress(plan, by=by, user=request.user)
    table = ProgressTable(rows)
    title = gettext("%(plan)s完成进度（%(by)s）") % {"plan": plan, "by": ProgressBy(by).label}
    if request.GET.get("export") == "xlsx":  # a sheet's name may not hold "/", as 街道/功能区 does
        sheet = gettext("%(year)s年计划完成进度") % {"year": plan.year}
        return table.xlsx_response(sheet, f"{sheet}-{by}.xlsx")
    return render(request, "enforcement/plan_progress.html", {
        "title": title, "plan": plan, "table": table, "by": by, "progress_choices": ProgressBy.choices,
    })
