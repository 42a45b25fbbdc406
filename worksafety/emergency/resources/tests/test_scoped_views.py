"""The generated scoping tests (core.tests.scoped_views) for enterprise rescue teams and warehouses. Every staff
login reads the whole district's resources (whoever coordinates an emergency needs every team and store), an
enterprise only its own; changes follow the scope of the enterprise that keeps them, and experts only read."""

from conftest import ENTERPRISES
from worksafety.core.tests.scoped_views import ScopedEditTests, ScopedViewTests
from worksafety.emergency.tests.factories import RescueTeamFactory, WarehouseFactory


class DistrictWideForStaff:
    def visible(self, persona) -> set[str]:
        return persona.sees if persona.role == "enterprise" else set(ENTERPRISES)


class TestRescueTeamScope(DistrictWideForStaff, ScopedViewTests, ScopedEditTests):
    list_url, detail_url, api_url = "/resources/teams/", "rescueteam_detail", "/api/v1/rescue-teams/"
    edit_url, edit_changes = "rescueteam_edit", {"headcount": 35}

    def make(self, world, enterprise):
        return RescueTeamFactory(enterprise=enterprise, name=f"{enterprise.name}应急救援队")


class TestWarehouseScope(DistrictWideForStaff, ScopedViewTests, ScopedEditTests):
    list_url, detail_url, api_url = "/resources/warehouses/", "warehouse_detail", "/api/v1/warehouses/"
    edit_url, edit_changes = "warehouse_edit", {"contact": "王保管"}

    def make(self, world, enterprise):
        return WarehouseFactory(enterprise=enterprise, name=f"{enterprise.name}应急物资库")
