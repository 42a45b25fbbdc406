"""The generated scoping tests (core.tests.scoped_views) for enterprise plans and their drills. Government plans,
which every login reads, and drafts, which stay with their owner, do not follow an enterprise's scope
(test_scoping covers them); a published enterprise plan is read as the enterprise's other records are, and only
the enterprise keeps it and its drills. The plan's own edit page is not the generic one (inline steps, content
frozen once published), so only the drill's is tested here."""

from worksafety.core.tests.scoped_views import ScopedEditTests, ScopedViewTests
from worksafety.emergency.plans.choices import PlanKind
from worksafety.emergency.tests.factories import DrillFactory, EmergencyPlanFactory

READERS = frozenset({"district", "department", "street_a", "street_b", "park", "expert"})


class TestEmergencyPlanScope(ScopedViewTests):
    list_url, detail_url, api_url = "/emergency-plans/", "emergencyplan_detail", "/api/v1/emergency-plans/"
    label = "title"

    def make(self, world, enterprise):
        return EmergencyPlanFactory(enterprise=enterprise, kind=PlanKind.COMPREHENSIVE,
                                    title=f"{enterprise.name}生产安全事故综合应急预案")


class TestDrillScope(ScopedViewTests, ScopedEditTests):
    list_url, detail_url, api_url = "/drills/", "drill_detail", "/api/v1/drills/"
    label = "organiser"  # the plan's owner, the enterprise
    edit_url, edit_changes = "drill_edit", {"improvements": "罐区增设应急照明，补充防化服 4 套"}
    readers = READERS

    def make(self, world, enterprise):
        return DrillFactory(plan=EmergencyPlanFactory(enterprise=enterprise))
