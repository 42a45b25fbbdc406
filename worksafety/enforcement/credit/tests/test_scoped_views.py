"""The generated scoping tests (core.tests.scoped_views) for credit listings and repairs: every government
role and the enterprise read those of the enterprises in their scope, only the district bureau changes a
listing; experts see none. A repair's list and exports show no field of its own that tells the rows apart
(the enterprise is the listing's), so the generated tests leave out its list page and API export."""

from worksafety.core.tests.scoped_views import ScopedEditTests, ScopedViewTests
from worksafety.enforcement.tests.factories import CreditListingFactory, CreditRepairFactory


class TestCreditListingScope(ScopedViewTests, ScopedEditTests):
    list_url, detail_url, api_url = "/enforcement/credit/", "creditlisting_detail", "/api/v1/credit-listings/"
    label = "basis_reference"
    hidden_from = frozenset({"expert"})
    edit_url, edit_changes = "creditlisting_edit", {"note": "已责令限期整改"}
    readers = frozenset({"department", "street_a", "street_b", "park", "enterprise", "expert"})

    def make(self, world, enterprise):
        return CreditListingFactory(enterprise=enterprise, created_by=world.district_user)


class TestCreditRepairScope(ScopedViewTests):
    detail_url, api_url, api_export = "creditrepair_detail", "/api/v1/credit-repairs/", False
    hidden_from = frozenset({"expert"})

    def make(self, world, enterprise):
        return CreditRepairFactory(listing__enterprise=enterprise, listing__created_by=world.district_user)
