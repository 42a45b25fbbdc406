"""The generated scoping tests (core.tests.scoped_views) for accidents; experts see none."""

from worksafety.core.tests.scoped_views import ScopedViewTests
from worksafety.indicators.accidents.tests.helpers import record


class TestAccidentScope(ScopedViewTests):
    list_url, detail_url, api_url = "/accidents/", "accident_detail", "/api/v1/accidents/"
    label = "title"
    hidden_from = frozenset({"expert"})

    def make(self, world, enterprise):
        return record(world, enterprise=enterprise, title=f"{enterprise.name}“3·15”中毒和窒息事故")
