"""The generated scoping tests (core.tests.scoped_views) for hazards."""

from worksafety.core.tests.scoped_views import ScopedViewTests
from worksafety.hazards.tests.factories import HazardFactory


class TestHazardScope(ScopedViewTests):
    list_url, detail_url, api_url = "/hazards/", "hazard_detail", "/api/v1/hazards/"
    label = "title"

    def make(self, world, enterprise):
        return HazardFactory(enterprise=enterprise, title=f"{enterprise.name}储罐呼吸阀失效",
                             found_by=world.district_user)
