"""The enforcement app's models, each kept in its sub-domain's package (inspectors, plans, draws, credit,
agencies, inspections, cases) and imported here, where Django and the migrations look for them."""

from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.cases.models import (
    CaseEvent,
    CaseMeasure,
    CaseStatement,
    JudicialTransfer,
    LegalReview,
    PenaltyCase,
)
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.draws.models import Draw, DrawPick
from worksafety.enforcement.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    DocumentCounter,
    EnforcementDocument,
    Inspection,
    InspectionResult,
)
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.models import AnnualPlan, PlanQuota, PlanTarget

__all__ = ["Inspector",
           "AnnualPlan", "PlanQuota", "PlanTarget",
           "Draw", "DrawPick",
           "CreditListing", "CreditRepair",
           "AgencyQualification", "AgencyReport", "ThirdPartyAgency",
           "ChecklistItem", "ChecklistTemplate", "Inspection", "InspectionResult",
           "DocumentCounter", "EnforcementDocument",
           "CaseEvent", "CaseMeasure", "CaseStatement", "JudicialTransfer", "LegalReview", "PenaltyCase"]
