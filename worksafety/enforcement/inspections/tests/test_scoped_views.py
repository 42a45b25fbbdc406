"""The generated scoping tests (core.tests.scoped_views) for inspections and enforcement documents: every
government role and the enterprise read those of the enterprises in their scope; experts have no part in
enforcement."""

from worksafety.core.tests.scoped_views import ScopedViewTests
from worksafety.enforcement.tests.factories import EnforcementDocumentFactory, InspectionFactory


class TestInspectionScope(ScopedViewTests):
    list_url, detail_url, api_url = "/enforcement/inspections/", "inspection_detail", "/api/v1/inspections/"
    label = "enterprise"
    hidden_from = frozenset({"expert"})

    def make(self, world, enterprise):
        return InspectionFactory(enterprise=enterprise, created_by=world.district_user)


class TestEnforcementDocumentScope(ScopedViewTests):
    list_url, detail_url = "/enforcement/documents/", "enforcementdocument_detail"
    api_url, label = "/api/v1/enforcement-documents/", "number"
    hidden_from = frozenset({"expert"})

    def make(self, world, enterprise):
        return EnforcementDocumentFactory(enterprise=enterprise, created_by=world.district_user)
