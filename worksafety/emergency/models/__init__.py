"""The emergency app's models, one module per domain: public warnings first; resources, plans and incidents
join as modules of their own."""

from worksafety.emergency.models.warnings import Warning, WarningEvent, WarningQuerySet, WarningSubscription

__all__ = ["Warning", "WarningEvent", "WarningQuerySet", "WarningSubscription"]
