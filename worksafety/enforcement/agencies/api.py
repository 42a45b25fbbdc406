"""The API of third-party agencies with their qualifications, and of their reports."""

from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.enforcement.agencies import services as agencies
from worksafety.enforcement.agencies.filtersets import AgencyReportFilterSet, ThirdPartyAgencyFilterSet
from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.agencies.tables import AgencyReportTable, ThirdPartyAgencyTable


class QualificationSerializer(ModelSerializer):
    is_valid = serializers.BooleanField(read_only=True)

    class Meta:
        model = AgencyQualification
        fields = ["id", "kind", "number", "scope", "issuer", "valid_until", "is_valid"]


class ThirdPartyAgencySerializer(ScopedSerializerMixin, ModelSerializer):
    qualifications = QualificationSerializer(many=True, read_only=True)

    class Meta:
        model = ThirdPartyAgency
        fields = ["id", "name", "uscc", "address", "contact", "phone", "active", "qualifications"]


class AgencyReportSerializer(ScopedSerializerMixin, ModelSerializer):
    class Meta:
        model = AgencyReport
        fields = ["id", "agency", "enterprise", "kind", "number", "date", "conclusion", "created_by"]
        read_only_fields = ["created_by"]


class ThirdPartyAgencyViewSet(ScopedModelViewSet):
    queryset = ThirdPartyAgency.objects.prefetch_related("qualifications")
    serializer_class = ThirdPartyAgencySerializer
    filterset_class = ThirdPartyAgencyFilterSet
    table = ThirdPartyAgencyTable


class AgencyReportViewSet(ScopedModelViewSet):
    queryset = AgencyReport.objects.select_related("agency", "enterprise")
    serializer_class = AgencyReportSerializer
    filterset_class = AgencyReportFilterSet
    table = AgencyReportTable

    def save_instance(self, instance, m2m):
        return agencies.do_save_report(instance, user=self.request.user)
