"""Forms of the third-party agencies, their qualifications and their reports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import MultipleFileField, ScopedModelForm
from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.forms import DATE_WIDGET


class ThirdPartyAgencyForm(ScopedModelForm):
    class Meta:
        model = ThirdPartyAgency
        fields = ["name", "uscc", "address", "contact", "phone", "active"]


class AgencyQualificationForm(ScopedModelForm):
    class Meta:
        model = AgencyQualification
        fields = ["agency", "kind", "number", "scope", "issuer", "valid_until"]
        widgets = {"valid_until": DATE_WIDGET}


class AgencyReportForm(ScopedModelForm):
    attachments = MultipleFileField(label=_("报告文件"), required=False)

    class Meta:
        model = AgencyReport
        fields = ["agency", "enterprise", "kind", "number", "date", "conclusion"]
        widgets = {"date": DATE_WIDGET, "conclusion": forms.Textarea(attrs={"rows": 3})}
