"""Pages of third-party agencies, their qualifications and their reports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from worksafety.core.attachments import attachments_for
from worksafety.core.generic_views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import ADD, CHANGE, VIEW, can
from worksafety.enforcement.agencies import services as agencies
from worksafety.enforcement.agencies.filtersets import AgencyReportFilterSet, ThirdPartyAgencyFilterSet
from worksafety.enforcement.agencies.forms import (
    AgencyQualificationForm,
    AgencyReportForm,
    ThirdPartyAgencyForm,
)
from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.agencies.tables import AgencyReportTable, ThirdPartyAgencyTable


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
