"""Who may do what with online monitoring: the enterprise keeps its sensors and ingest credentials and
acknowledges its alarms (its control room); the park's monitoring centre and the district acknowledge too;
departments, streets and experts watch."""

from worksafety.core.choices import Role
from worksafety.core.scoping import ALL, CHANGE, EDIT, READ, VIEW

_WATCH = {"monitoring.sensor": READ, "monitoring.alarm": READ, "monitoring.alarmevent": READ,
          "monitoring.rejection": READ}
_OPERATE = {**_WATCH, "monitoring.alarm": frozenset({VIEW, CHANGE})}

ROLE_PERMISSIONS = {
    Role.DISTRICT: {**_OPERATE, "monitoring.sensor": EDIT, "monitoring.ingestcredential": READ},
    Role.DEPARTMENT: _WATCH,
    Role.STREET: _WATCH,
    Role.PARK: _OPERATE,
    Role.ENTERPRISE: {**_OPERATE, "monitoring.sensor": ALL, "monitoring.ingestcredential": ALL},
    Role.EXPERT: _WATCH,
}
