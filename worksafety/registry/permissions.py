"""Who may do what with the registry: parks and the chemicals catalogue are reference data; enterprises,
their licences and their hazard units (with what they hold) follow the enterprise's scope. An enterprise adds
substances to the catalogue itself (its scope keeps them to its own)."""

from worksafety.core.choices import Role
from worksafety.core.scoping import ALL, CHANGE, EDIT, READ, VIEW

_REFERENCE = {"registry.park": READ, "registry.chemical": READ}
_UNITS_EDIT = {"registry.hazardunit": ALL, "registry.hazardunitsubstance": ALL}
_UNITS_READ = {"registry.hazardunit": READ, "registry.hazardunitsubstance": READ}
_SUPERVISOR = {**_REFERENCE, "registry.enterprise": EDIT, "registry.licence": ALL, **_UNITS_EDIT}

ROLE_PERMISSIONS = {
    Role.DISTRICT: {"registry.park": EDIT, "registry.enterprise": ALL, "registry.licence": ALL,
                    "registry.chemical": READ, **_UNITS_EDIT},
    Role.DEPARTMENT: _SUPERVISOR,
    Role.STREET: _SUPERVISOR,
    Role.PARK: {**_SUPERVISOR, "registry.park": frozenset({VIEW, CHANGE})},
    Role.ENTERPRISE: {**_REFERENCE, "registry.enterprise": frozenset({VIEW, CHANGE}), "registry.licence": ALL,
                      "registry.chemical": ALL, **_UNITS_EDIT},
    Role.EXPERT: {**_REFERENCE, "registry.enterprise": READ, "registry.licence": READ, **_UNITS_READ},
}
