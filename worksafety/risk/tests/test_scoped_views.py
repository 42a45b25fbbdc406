"""The generated scoping tests (core.tests.scoped_views) for the 双重预防 register (risk objects, units,
events, control measures, check tasks) and for enterprise gradings: everyone in scope reads an enterprise's
register and gradings; only the enterprise itself and the superuser keep the register (gradings change only
by their review, risk.services.do_review_grading). Only risk events have a list page and an export."""

from worksafety.core.tests.scoped_views import ScopedEditTests, ScopedViewTests
from worksafety.risk.tests.factories import (
    CheckTaskFactory,
    ControlMeasureFactory,
    EnterpriseGradingFactory,
    RiskEventFactory,
    RiskObjectFactory,
    RiskUnitFactory,
)

# Supervisors read the register; the enterprise keeps it.
SUPERVISORS = frozenset({"district", "department", "street_a", "street_b", "park", "expert"})


class TestRiskObjectScope(ScopedViewTests, ScopedEditTests):
    api_url, api_export = "/api/v1/risk-objects/", False
    edit_url, edit_changes = "riskobject_edit", {"responsible_person": "孙七"}
    readers = SUPERVISORS

    def make(self, world, enterprise):
        return RiskObjectFactory(enterprise=enterprise, name=f"{enterprise.name}储罐区",
                                 responsible_person="赵六")


class TestRiskUnitScope(ScopedViewTests, ScopedEditTests):
    api_url, api_export = "/api/v1/risk-units/", False
    edit_url, edit_changes = "riskunit_edit", {"responsible_person": "孙七"}
    readers = SUPERVISORS

    def make(self, world, enterprise):
        return RiskUnitFactory(risk_object__enterprise=enterprise)


class TestRiskEventScope(ScopedViewTests, ScopedEditTests):
    list_url, api_url = "/risk/events/", "/api/v1/risk-points/"
    edit_url, edit_changes = "riskevent_edit", {"accident_type": "火灾"}
    readers = SUPERVISORS

    def make(self, world, enterprise):
        return RiskEventFactory(risk_unit__risk_object__enterprise=enterprise,
                                name=f"{enterprise.name}液氨泄漏中毒")


class TestControlMeasureScope(ScopedViewTests, ScopedEditTests):
    api_url, api_export = "/api/v1/control-measures/", False
    edit_url, edit_changes = "controlmeasure_edit", {"description": "设置可燃气体报警并联锁切断"}
    readers = SUPERVISORS

    def make(self, world, enterprise):
        return ControlMeasureFactory(event__risk_unit__risk_object__enterprise=enterprise)


class TestCheckTaskScope(ScopedViewTests, ScopedEditTests):
    api_url, api_export = "/api/v1/check-tasks/", False
    edit_url, edit_changes = "checktask_edit", {"responsible_post": "安全员"}
    readers = SUPERVISORS

    def make(self, world, enterprise):
        return CheckTaskFactory(measure__event__risk_unit__risk_object__enterprise=enterprise)


class TestEnterpriseGradingScope(ScopedViewTests):
    list_url, detail_url = "/risk/gradings/", "enterprisegrading_detail"
    api_url, label = "/api/v1/enterprise-gradings/", "enterprise"

    def make(self, world, enterprise):
        return EnterpriseGradingFactory(enterprise=enterprise)
