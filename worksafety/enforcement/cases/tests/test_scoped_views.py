"""The generated scoping tests (core.tests.scoped_views) for penalty cases: every government role and the
enterprise read the cases of the enterprises in their scope, whichever organ handles them; experts see none.
The case's edit page is not the generic one: only the handling organ's investigators and deciding officials
change a case, and only while it is investigated (enforcement.cases.services.do_update_case)."""

from worksafety.core.tests.scoped_views import ScopedViewTests
from worksafety.enforcement.tests.factories import PenaltyCaseFactory


class TestPenaltyCaseScope(ScopedViewTests):
    list_url, detail_url, api_url = "/enforcement/cases/", "penaltycase_detail", "/api/v1/penalty-cases/"
    label = "number"
    hidden_from = frozenset({"expert"})

    def make(self, world, enterprise):
        return PenaltyCaseFactory(enterprise=enterprise, created_by=world.district_user)
