"""The generated scoping tests (core.tests.scoped_views) for incidents at an enterprise; experts see none."""

from worksafety.core.tests.scoped_views import ScopedViewTests
from worksafety.emergency.tests.factories import IncidentFactory


class TestIncidentScope(ScopedViewTests):
    list_url, detail_url, api_url = "/incidents/", "incident_board", "/api/v1/incidents/"
    label = "title"
    hidden_from = frozenset({"expert"})

    def make(self, world, enterprise):
        return IncidentFactory(enterprise=enterprise, reported_by=world.district_user)
