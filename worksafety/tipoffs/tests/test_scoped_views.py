"""The generated scoping tests (core.tests.scoped_views) for tip-offs assigned to an enterprise; enterprises
and experts never see tip-offs (the unassigned ones are in test_handling's VISIBLE matrix)."""

from worksafety.core.tests.scoped_views import ScopedViewTests
from worksafety.tipoffs.tests.factories import TipOffFactory


class TestTipOffScope(ScopedViewTests):
    list_url, detail_url, api_url = "/tipoffs/", "tipoff_detail", "/api/v1/tipoffs/"
    label = "tracking_code"
    hidden_from = frozenset({"enterprise", "expert"})

    def make(self, world, enterprise):
        return TipOffFactory(enterprise=enterprise)
