"""Pages of the enforcement app: inspectors, annual plans, 双随机 draws, credit lists and third-party services.
Views stay thin: every write is a service of `plans`, `draws`, `credit` or `agencies`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core.attachments import attachments_for
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    add_errors,
    run_service,
)
from worksafety.core.scoping import ADD, CHANGE, VIEW, can
from worksafety.core.services import OutOfScope
from worksafety.enforcement.agencies import services as agencies
from worksafety.enforcement.agencies.filtersets import AgencyReportFilterSet, ThirdPartyAgencyFilterSet
from worksafety.enforcement.agencies.forms import (
    AgencyQualificationForm,
    AgencyReportForm,
    ThirdPartyAgencyForm,
)
from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.agencies.tables import AgencyReportTable, ThirdPartyAgencyTable
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.credit.choices import ListingStatus
from worksafety.enforcement.credit.filtersets import CreditListingFilterSet, CreditRepairFilterSet
from worksafety.enforcement.credit.forms import CreditListingForm, RepairApplicationForm
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.credit.tables import CreditListingTable, CreditRepairTable
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.draws.filtersets import DrawFilterSet
from worksafety.enforcement.draws.forms import DrawForm
from worksafety.enforcement.draws.models import Draw, DrawPick
from worksafety.enforcement.draws.tables import DrawTable
from worksafety.enforcement.inspectors.filtersets import InspectorFilterSet
from worksafety.enforcement.inspectors.forms import InspectorForm
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.inspectors.tables import InspectorTable
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.choices import PlanStatus, ProgressBy
from worksafety.enforcement.plans.filtersets import AnnualPlanFilterSet, PlanTargetFilterSet
from worksafety.enforcement.plans.forms import AnnualPlanForm, PlanTargetForm
from worksafety.enforcement.plans.models import AnnualPlan, PlanTarget
from worksafety.enforcement.plans.tables import AnnualPlanTable, PlanTargetTable, ProgressTable


def _act(request, service, *args, success: str, **kwargs):
    """Run a service on behalf of the page's user (`core.generic_views.run_service`)."""
    return run_service(request, lambda: service(*args, user=request.user, **kwargs), success)


# --- inspectors ----------------------------------------------------------------------------------------------

class InspectorListView(ObjectListView):
    queryset = Inspector.objects.select_related("department")
    filterset = InspectorFilterSet
    table = InspectorTable
    add_url = "inspector_add"


class InspectorDetailView(ObjectDetailView):
    queryset = Inspector.objects.select_related("department", "user")
    template_name = "enforcement/inspector_detail.html"
    fields = ("name", "certificate_number", "valid_from", "valid_until", "active", "user")

    def get_context(self, obj):
        context = super().get_context(obj)
        context["conflicts"] = obj.conflicts.restrict(self.request.user, VIEW)
        context["picks"] = (DrawPick.objects.restrict(self.request.user, VIEW).filter(inspectors=obj)
                            .select_related("draw", "enterprise").order_by("-draw__drawn_at")[:20])
        return context


class InspectorEditView(ObjectEditView):
    queryset = Inspector.objects.all()
    form_class = InspectorForm


# --- annual plans --------------------------------------------------------------------------------------------

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
            steps=plans.available(obj, user) if context["can_change"] else [],
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
    plan = get_object_or_404(AnnualPlan.objects.restrict(request.user, VIEW), pk=pk)
    _act(request, plans.do_plan_transition, plan, action, comment=request.POST.get("comment", "")[:2000],
         success=gettext("已办理。"))
    return redirect("annualplan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_regenerate(request, pk):
    plan = get_object_or_404(AnnualPlan.objects.restrict(request.user, VIEW), pk=pk)
    _act(request, plans.do_regenerate_plan, plan, success=gettext("已按当前风险等级重新生成重点检查对象和抽查配额。"))
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
    plan = get_object_or_404(AnnualPlan.objects.restrict(request.user, VIEW), pk=pk)
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


# --- 双随机 draws ---------------------------------------------------------------------------------------------

class DrawListView(ObjectListView):
    queryset = Draw.objects.all()
    filterset = DrawFilterSet
    table = DrawTable
    add_url = "draw_add"


@login_required
def draw_announce(request):
    if not can(request.user, Draw, ADD):
        raise Http404
    form = DrawForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = draws.do_announce_draw(
                form.draw(), user=request.user, filters=form.filters(), roster=data["roster"],
                count=data["count"], share_percent=data["share_percent"],
                extra_avoidances=data["extra_avoidances"])
        except OutOfScope as error:
            raise Http404 from error
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, gettext("已公告。承诺值已固定，抽取时公开随机数。"))
            return redirect("draw_detail", pk=draw.pk)
    return render(request, "generic/object_edit.html", {"form": bootstrapify(form), "title": gettext("公告双随机抽查")})


class DrawDetailView(ObjectDetailView):
    queryset = Draw.objects.select_related("plan", "announced_by", "drawn_by")
    template_name = "enforcement/draw_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        picks = (DrawPick.objects.restrict(user, VIEW).filter(draw=obj)
                 .select_related("enterprise").prefetch_related("inspectors"))
        context.update(
            picks=picks, announced=obj.status == DrawStatus.ANNOUNCED,
            roster=obj.roster.order_by("pk"), filters=draws.filter_summary(obj.filters),
            verification=draws.verify(obj) if self.request.GET.get("verify") else None,
        )
        return context


@login_required
@require_POST
def draw_run(request, pk):
    draw = get_object_or_404(Draw.objects.restrict(request.user, VIEW), pk=pk)
    _act(request, draws.do_run_draw, draw, success=gettext("已抽取，结果已公示。"))
    return redirect("draw_detail", pk=draw.pk)


@login_required
@require_POST
def draw_cancel(request, pk):
    draw = get_object_or_404(Draw.objects.restrict(request.user, VIEW), pk=pk)
    _act(request, draws.do_cancel_draw, draw, reason=request.POST.get("reason", "")[:2000],
         success=gettext("已作废。"))
    return redirect("draw_detail", pk=draw.pk)


# --- credit --------------------------------------------------------------------------------------------------

class CreditListingListView(ObjectListView):
    queryset = CreditListing.objects.select_related("enterprise")
    filterset = CreditListingFilterSet
    table = CreditListingTable
    add_url = "creditlisting_add"
    extra_actions = (("creditrepair_list", _("信用修复申请"), "bi-arrow-repeat", VIEW),)


class CreditListingEditView(ObjectEditView):
    queryset = CreditListing.objects.all()
    form_class = CreditListingForm
    preset_fields = ("enterprise",)

    def get_instance(self, pk):
        instance = super().get_instance(pk)
        if pk is not None and instance.status != ListingStatus.IN_FORCE:
            raise Http404
        return instance

    def save(self, obj, m2m):
        credit.do_save_listing(obj, user=self.request.user)


class CreditListingDetailView(ObjectDetailView):
    queryset = CreditListing.objects.select_related("enterprise", "created_by")
    template_name = "enforcement/creditlisting_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        context.update(
            can_change=context["can_change"] and obj.status == ListingStatus.IN_FORCE,
            repairs=obj.repairs.restrict(user, VIEW).select_related("applicant"),
            may_apply=obj.is_active and credit.may_apply(user, obj),
            repair_opens_on=credit.repair_opens_on(obj),
            repair_form=bootstrapify(RepairApplicationForm()),
        )
        return context


@login_required
@require_POST
def listing_revoke(request, pk):
    listing = get_object_or_404(CreditListing.objects.restrict(request.user, VIEW), pk=pk)
    _act(request, credit.do_revoke_listing, listing, reason=request.POST.get("reason", "")[:2000],
         success=gettext("已撤销。"))
    return redirect("creditlisting_detail", pk=listing.pk)


@login_required
@require_POST
def repair_apply(request, pk):
    listing = get_object_or_404(CreditListing.objects.restrict(request.user, VIEW), pk=pk)
    form = RepairApplicationForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("creditlisting_detail", pk=listing.pk)
    repair = _act(request, credit.do_apply_repair, listing, reason=form.cleaned_data["reason"],
                  commitment=form.cleaned_data["commitment"], files=form.cleaned_data["attachments"],
                  success=gettext("已提交信用修复申请。"))
    return redirect("creditrepair_detail", pk=repair.pk) if repair else redirect("creditlisting_detail", pk=listing.pk)


class CreditRepairListView(ObjectListView):
    queryset = CreditRepair.objects.select_related("listing__enterprise")
    filterset = CreditRepairFilterSet
    table = CreditRepairTable


class CreditRepairDetailView(ObjectDetailView):
    queryset = CreditRepair.objects.select_related("listing__enterprise", "applicant", "reviewer")
    template_name = "enforcement/creditrepair_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        context.update(
            steps=credit.available(obj, self.request.user) if context["can_change"] else [],
            attachments=attachments_for(obj),
        )
        return context


@login_required
@require_POST
def repair_decide(request, pk, action):
    repair = get_object_or_404(CreditRepair.objects.restrict(request.user, VIEW), pk=pk)
    _act(request, credit.do_decide_repair, repair, action, comment=request.POST.get("comment", "")[:2000],
         success=gettext("已审核。"))
    return redirect("creditrepair_detail", pk=repair.pk)


# --- third-party services ------------------------------------------------------------------------------------

class AgencyListView(ObjectListView):
    queryset = ThirdPartyAgency.objects.prefetch_related("qualifications")
    filterset = ThirdPartyAgencyFilterSet
    table = ThirdPartyAgencyTable
    add_url = "thirdpartyagency_add"
    extra_actions = (("agencyreport_list", _("服务报告"), "bi-file-earmark-text", VIEW),)


class AgencyDetailView(ObjectDetailView):
    queryset = ThirdPartyAgency.objects.all()
    template_name = "enforcement/agency_detail.html"
    fields = ("name", "uscc", "address", "contact", "phone", "active")

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        context.update(
            qualifications=obj.qualifications.all(),
            can_edit_qualifications=can(user, AgencyQualification, CHANGE),
            reports=AgencyReport.objects.restrict(user, VIEW).filter(agency=obj).select_related("enterprise")[:20],
            can_add_report=can(user, AgencyReport, ADD),
        )
        return context


class AgencyEditView(ObjectEditView):
    queryset = ThirdPartyAgency.objects.all()
    form_class = ThirdPartyAgencyForm


class AgencyDeleteView(ObjectDeleteView):
    queryset = ThirdPartyAgency.objects.all()
    success_url_name = "thirdpartyagency_list"


class QualificationEditView(ObjectEditView):
    queryset = AgencyQualification.objects.select_related("agency")
    form_class = AgencyQualificationForm
    preset_fields = ("agency",)

    def success_url(self, obj):
        return reverse("thirdpartyagency_detail", args=[obj.agency_id])


class QualificationDeleteView(ObjectDeleteView):
    queryset = AgencyQualification.objects.all()
    success_url_name = "thirdpartyagency_list"


class AgencyReportListView(ObjectListView):
    queryset = AgencyReport.objects.select_related("agency", "enterprise")
    filterset = AgencyReportFilterSet
    table = AgencyReportTable
    add_url = "agencyreport_add"


class AgencyReportDetailView(ObjectDetailView):
    queryset = AgencyReport.objects.select_related("agency", "enterprise", "created_by")
    template_name = "enforcement/agencyreport_detail.html"
    fields = ("agency", "enterprise", "kind", "number", "date", "conclusion", "created_by")

    def get_context(self, obj):
        return {**super().get_context(obj), "attachments": attachments_for(obj)}


class AgencyReportEditView(ObjectEditView):
    queryset = AgencyReport.objects.all()
    form_class = AgencyReportForm
    preset_fields = ("agency", "enterprise")

    def save(self, obj, m2m):
        agencies.do_save_report(obj, user=self.request.user, files=self.cleaned_data.get("attachments") or ())


class AgencyReportDeleteView(ObjectDeleteView):
    queryset = AgencyReport.objects.all()
    success_url_name = "agencyreport_list"
