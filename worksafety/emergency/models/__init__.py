"""The emergency app's models, one module per domain: public warnings first; resources, plans and incidents
join as modules of their own."""

from worksafety.emergency.models.incidents import (
    Incident,
    IncidentEvent,
    IncidentNotice,
    IncidentReview,
    IncidentTask,
    IncidentUpdate,
    ReviewAction,
)
from worksafety.emergency.plans.models import (
    DisposalCard,
    Drill,
    EmergencyPlan,
    PlanLink,
    PlanQuerySet,
    PlanResponseStep,
    PlanReview,
)
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
)
from worksafety.emergency.warnings.models import Warning, WarningEvent, WarningQuerySet, WarningSubscription

__all__ = ["Incident", "IncidentEvent", "IncidentNotice", "IncidentReview", "IncidentTask", "IncidentUpdate",
           "ReviewAction",
           "Warning", "WarningEvent", "WarningQuerySet", "WarningSubscription",
           "DisposalCard", "Drill", "EmergencyPlan", "PlanLink", "PlanQuerySet", "PlanResponseStep", "PlanReview",
           "Expert", "RescueTeam", "SensitiveTarget", "Shelter", "Stock", "StockMovement", "SupplyItem", "Warehouse"]
