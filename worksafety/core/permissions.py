"""Who may do what with core's own models: areas, sectors and departments are reference data for every staff
login (the district keeps them), the audit log is read by everyone who has one, and the district gives logins
to its streets, departments, parks and enterprises."""

from worksafety.core.choices import Role
from worksafety.core.scoping import EDIT, READ

_REFERENCE = {"core.area": READ, "core.sector": READ, "core.department": READ}

ROLE_PERMISSIONS = {
    Role.DISTRICT: {"core.area": EDIT, "core.sector": READ, "core.department": EDIT, "core.auditentry": READ,
                    "core.user": EDIT},
    Role.DEPARTMENT: {**_REFERENCE, "core.auditentry": READ},
    Role.STREET: {**_REFERENCE, "core.auditentry": READ},
    Role.PARK: {**_REFERENCE, "core.auditentry": READ},
    Role.ENTERPRISE: {**_REFERENCE, "core.auditentry": READ},
    Role.EXPERT: _REFERENCE,
}
