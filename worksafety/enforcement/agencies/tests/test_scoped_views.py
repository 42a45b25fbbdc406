"""The generated scoping tests (core.tests.scoped_views) for third-party reports: government roles read the
reports on the enterprises in their scope and only the district bureau keeps them; neither the enterprise nor
experts see any."""

from worksafety.core.tests.scoped_views import ScopedEditTests, ScopedViewTests
from worksafety.enforcement.tests.factories import AgencyReportFactory


class TestAgencyReportScope(ScopedViewTests, ScopedEditTests):
    list_url, detail_url = "/enforcement/agency-reports/", "agencyreport_detail"
    api_url, label = "/api/v1/agency-reports/", "number"
    hidden_from = frozenset({"enterprise", "expert"})
    edit_url, edit_changes = "agencyreport_edit", {"conclusion": "存在一般隐患 3 项，已提出整改建议"}
    readers = frozenset({"department", "street_a", "street_b", "park", "expert"})

    def make(self, world, enterprise):
        return AgencyReportFactory(enterprise=enterprise, created_by=world.district_user)
