"""The generated scoping tests (core.tests.scoped_views) for the 双重预防 register's risk objects: everyone in
scope reads an enterprise's register; only the enterprise itself and the superuser keep it."""

from worksafety.core.tests.scoped_views import ScopedEditTests, ScopedViewTests
from worksafety.risk.models import RiskObject


class TestRiskObjectScope(ScopedViewTests, ScopedEditTests):
    api_url, api_export = "/api/v1/risk-objects/", False
    edit_url, edit_changes = "riskobject_edit", {"responsible_person": "孙七"}
    readers = frozenset({"district", "department", "street_a", "street_b", "park", "expert"})

    def make(self, world, enterprise):
        return RiskObject.objects.create(enterprise=enterprise, name=f"{enterprise.name}储罐区", kind="facility",
                                         responsible_person="赵六")
