"""The emergency app's models, for Django's app registry and the migrations: each sub-domain package keeps its
own in its `models` module (warnings/, resources/, plans/, incidents/), and code imports them from there."""

from worksafety.emergency.incidents.models import (
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
from worksafety.emergency.warnings.models import Warning, WarningEvent, WarningSubscription

__all__ = ["Incident", "IncidentEvent", "IncidentNotice", "IncidentReview", "IncidentTask", "IncidentUpdate",
           "ReviewAction",
           "Warning", "WarningEvent", "WarningSubscription",
           "DisposalCard", "Drill", "EmergencyPlan", "PlanLink", "PlanResponseStep", "PlanReview",
           "Expert", "RescueTeam", "SensitiveTarget", "Shelter", "Stock", "StockMovement", "SupplyItem", "Warehouse"]
