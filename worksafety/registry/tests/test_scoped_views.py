"""The generated scoping tests (core.tests.scoped_views) for enterprises and their licences."""

from worksafety.core.tests.scoped_views import ScopedEditTests, ScopedViewTests
from worksafety.registry.tests.factories import LicenceFactory


class TestEnterpriseScope(ScopedViewTests, ScopedEditTests):
    list_url, detail_url, api_url = "/enterprises/", "enterprise_detail", "/api/v1/enterprises/"
    edit_url, edit_changes = "enterprise_edit", {"safety_phone": "13800000000"}

    def make(self, world, enterprise):
        return enterprise


class TestLicenceScope(ScopedViewTests, ScopedEditTests):
    """Licences have no pages of their own (the enterprise's page lists them) but the API and the edit page."""

    api_url, label = "/api/v1/licences/", "number"
    edit_url, edit_changes = "licence_edit", {"issuer": "大连市应急管理局"}

    def make(self, world, enterprise):
        return LicenceFactory(enterprise=enterprise)
