"""Who may do what with hidden hazards: everyone responsible registers them and acts on them (the transition
table decides which step); the enterprise records its own checks; experts read."""

from worksafety.core.choices import Role
from worksafety.core.scoping import CHANGE, EDIT, READ, VIEW

_HAZARDS = {"hazards.hazard": EDIT, "hazards.hazardevent": READ, "hazards.extensionrequest": READ,
            "hazards.checkrecord": READ}

ROLE_PERMISSIONS = {
    Role.DISTRICT: _HAZARDS,
    Role.DEPARTMENT: _HAZARDS,
    Role.STREET: _HAZARDS,
    Role.PARK: _HAZARDS,
    Role.ENTERPRISE: {**_HAZARDS, "hazards.checkrecord": frozenset({VIEW, CHANGE})},
    Role.EXPERT: dict.fromkeys(_HAZARDS, READ),
}
