"""The enforcement app's models, one module per domain: inspectors, annual plans and 双随机 draws, credit and
third-party services first; inspections, documents and penalty cases join as modules of their own."""

from worksafety.enforcement.models.agencies import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.models.credit import CreditListing, CreditListingQuerySet, CreditRepair
from worksafety.enforcement.models.documents import DocumentCounter, EnforcementDocument
from worksafety.enforcement.models.draws import Draw, DrawPick
from worksafety.enforcement.models.inspections import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionResult,
)
from worksafety.enforcement.models.inspectors import Inspector, InspectorQuerySet
from worksafety.enforcement.models.penalties import (
    CaseEvent,
    CaseMeasure,
    CaseStatement,
    JudicialTransfer,
    LegalReview,
    PenaltyCase,
)
from worksafety.enforcement.models.plans import AnnualPlan, PlanQuota, PlanTarget

__all__ = ["Inspector", "InspectorQuerySet",
           "AnnualPlan", "PlanQuota", "PlanTarget",
           "Draw", "DrawPick",
           "CreditListing", "CreditListingQuerySet", "CreditRepair",
           "AgencyQualification", "AgencyReport", "ThirdPartyAgency",
           "ChecklistItem", "ChecklistTemplate", "Inspection", "InspectionResult",
           "DocumentCounter", "EnforcementDocument",
           "CaseEvent", "CaseMeasure", "CaseStatement", "JudicialTransfer", "LegalReview", "PenaltyCase"]
