"""Pages of the credit lists and of credit repair; every write is a service of `enforcement.credit.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core.attachments import attachments_for
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import VIEW, get_scoped_or_404
from worksafety.core.workflow import transition
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.credit.choices import ListingStatus
from worksafety.enforcement.credit.filtersets import CreditListingFilterSet, CreditRepairFilterSet
from worksafety.enforcement.credit.forms import CreditListingForm, RepairApplicationForm
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.credit.tables import CreditListingTable, CreditRepairTable
from worksafety.enforcement.views import act


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
    listing = get_scoped_or_404(CreditListing, request.user, VIEW, pk=pk)
    act(request, credit.do_revoke_listing, listing, reason=request.POST.get("reason", "")[:2000],
         success=gettext("已撤销。"))
    return redirect("creditlisting_detail", pk=listing.pk)


@login_required
@require_POST
def repair_apply(request, pk):
    listing = get_scoped_or_404(CreditListing, request.user, VIEW, pk=pk)
    form = RepairApplicationForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("creditlisting_detail", pk=listing.pk)
    repair = act(request, credit.do_apply_repair, listing, reason=form.cleaned_data["reason"],
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
            steps=credit.CREDIT_REPAIRS.available(obj, self.request.user) if context["can_change"] else [],
            attachments=attachments_for(obj),
        )
        return context


@login_required
@require_POST
def repair_decide(request, pk, action):
    repair = get_scoped_or_404(CreditRepair, request.user, VIEW, pk=pk)
    act(request, transition, repair, action, comment=request.POST.get("comment", "")[:2000],
        success=gettext("已审核。"))
    return redirect("creditrepair_detail", pk=repair.pk)
