"""Who may do what in emergency management.

Public warnings: the district bureau drafts, approves and publishes; everyone else reads what was published
(drafts stay in the bureau: WarningQuerySet).

Incidents: every government role responds within its scope (接报, 续报, tasks, reports up the chain); an
enterprise reports and follows its own. Timeline, reports and reviews change only through
emergency.incidents.services, which checks CHANGE on the incident.

Resources are the district's reference for emergencies: every staff role views all of them, an enterprise only
its own teams, warehouses and stock (ResourceQuerySet). Each role keeps what lies in its scope: streets their
area's, parks and departments the teams and warehouses of their park or enterprises. Stock moves only through
emergency.resources.services, for whoever may change the warehouse (ADD on a movement); an expert's phone and
e-mail show only to the district bureau and the expert (ExpertQuerySet).

Plans and drills: the district bureau keeps the district's plans, a department its own, an enterprise its own
(each records its drills and evaluations); streets, parks and experts read. Who sees which plan is PlanQuerySet;
the parts of a plan follow it. Plans are retired, never deleted.
"""

from worksafety.core.choices import Role
from worksafety.core.scoping import ADD, ALL, EDIT, READ, VIEW

_WARNINGS_DISTRICT = {"emergency.warning": EDIT, "emergency.warningevent": READ}
_WARNINGS_READ = {"emergency.warning": READ, "emergency.warningevent": READ}

_INCIDENT_RECORDS = ("emergency.incidentupdate", "emergency.incidentnotice", "emergency.incidenttask",
                     "emergency.incidentevent", "emergency.incidentreview", "emergency.reviewaction")
_INCIDENTS = {"emergency.incident": EDIT, **dict.fromkeys(_INCIDENT_RECORDS, READ)}

_RESOURCE_MODELS = ("emergency.rescueteam", "emergency.warehouse", "emergency.supplyitem", "emergency.stock",
                    "emergency.stockmovement", "emergency.expert", "emergency.shelter", "emergency.sensitivetarget")
_MOVE_STOCK = frozenset({VIEW, ADD})
_RESOURCES_READ = dict.fromkeys(_RESOURCE_MODELS, READ)
_RESOURCES_KEEP = {**_RESOURCES_READ, "emergency.rescueteam": EDIT, "emergency.warehouse": EDIT,
                   "emergency.stockmovement": _MOVE_STOCK}
_RESOURCES_STREET = {**_RESOURCES_KEEP, "emergency.shelter": EDIT, "emergency.sensitivetarget": EDIT}
_RESOURCES_DISTRICT = {**dict.fromkeys(_RESOURCE_MODELS, ALL), "emergency.stock": READ,
                       "emergency.stockmovement": _MOVE_STOCK}
_RESOURCES_ENTERPRISE = {"emergency.rescueteam": ALL, "emergency.warehouse": ALL, "emergency.supplyitem": READ,
                         "emergency.stock": READ, "emergency.stockmovement": _MOVE_STOCK}

_PLAN_MODELS = ("emergency.emergencyplan", "emergency.planresponsestep", "emergency.disposalcard",
                "emergency.planlink", "emergency.planreview", "emergency.drill")
_PLANS_KEEP = dict.fromkeys(_PLAN_MODELS, EDIT)
_PLANS_READ = dict.fromkeys(_PLAN_MODELS, READ)

ROLE_PERMISSIONS = {
    Role.DISTRICT: {**_WARNINGS_DISTRICT, **_INCIDENTS, **_RESOURCES_DISTRICT, **_PLANS_KEEP},
    Role.DEPARTMENT: {**_WARNINGS_READ, **_INCIDENTS, **_RESOURCES_KEEP, **_PLANS_KEEP},
    Role.STREET: {**_WARNINGS_READ, **_INCIDENTS, **_RESOURCES_STREET, **_PLANS_READ},
    Role.PARK: {**_WARNINGS_READ, **_INCIDENTS, **_RESOURCES_KEEP, **_PLANS_READ},
    Role.ENTERPRISE: {**_WARNINGS_READ, **_INCIDENTS, **_RESOURCES_ENTERPRISE, **_PLANS_KEEP},
    Role.EXPERT: {**_WARNINGS_READ, **_RESOURCES_READ, **_PLANS_READ},
}
