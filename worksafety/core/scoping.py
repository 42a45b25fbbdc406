"""One way to scope (ARCHITECTURE.md rule 1): `Model.objects.restrict(user, action)`.

Two tables decide it. `ROLE_PERMISSIONS` says which actions a role may take on a model at all; the user's
`UserScope` then narrows the rows through the model's `scope_fields`, which map each scope dimension to a
lookup on that model:

    area        the code of the area the row lies in (matched by prefix: a street sees its communities)
    park        the chemical park id
    sector      the sector code (sector departments)
    enterprise  the enterprise id

A model without the dimension a role needs shows that role nothing. Models marked `reference_data` (areas,
sectors, departments, parks, the chemicals catalogue) can be viewed by every staff login whose role may view
them; changes are still scoped. Models with no scope dimension at all are district-wide settings (colour
bands, supervision frequencies), where the permission table alone decides. Exporting is viewing. NetBox's RestrictedQuerySet is the model for this.
"""

from dataclasses import dataclass

from django.db import models

from worksafety.core.choices import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
READ = frozenset({VIEW})
EDIT = frozenset({VIEW, ADD, CHANGE})
ALL = frozenset({VIEW, ADD, CHANGE, DELETE})

_REFERENCE = {"core.area": READ, "core.sector": READ, "core.department": READ, "registry.park": READ,
              "registry.chemical": READ, "risk.riskband": READ, "risk.supervisionrule": READ}
# 双重预防 risk points are the enterprise's own register; supervisors read them.
_RISK_POINTS = ("risk.riskobject", "risk.riskunit", "risk.riskevent", "risk.controlmeasure", "risk.checktask")
_RISK_POINTS_READ = dict.fromkeys(_RISK_POINTS, READ)
# Hazard units and what they hold, with their grading history, follow their enterprise's scope.
_UNITS_EDIT = {"registry.hazardunit": ALL, "registry.hazardunitsubstance": ALL, "risk.majorhazardassessment": READ}
_UNITS_READ = {"registry.hazardunit": READ, "registry.hazardunitsubstance": READ, "risk.majorhazardassessment": READ}
_SUPERVISOR = {**_RISK_POINTS_READ, "risk.enterprisegrading": READ}
# Hazards: everyone responsible registers them and acts on them; the transition table decides which step.
_HAZARDS = {"hazards.hazard": EDIT, "hazards.hazardevent": READ, "hazards.extensionrequest": READ,
            "hazards.checkrecord": READ}
# Tip-offs: the district runs the channel; the street, park or department a tip-off is assigned to handles it.
# Enterprises and experts never see tip-offs (the reporter may be their employee).
_TIPOFFS_HANDLE = {"tipoffs.tipoff": frozenset({VIEW, CHANGE}), "tipoffs.tipoffevent": READ}
_TIPOFFS_DISTRICT = {"tipoffs.tipoff": EDIT, "tipoffs.tipoffevent": READ, "tipoffs.tipoffpolicy": EDIT,
                     "tipoffs.rewardhandler": ALL, "tipoffs.rewardproposal": EDIT}

# Monitoring: the enterprise keeps its sensors and acknowledges its alarms (its control room); the park's
# monitoring centre and the district acknowledge too; departments and streets watch.
_MONITORING_READ = {"monitoring.sensor": READ, "monitoring.alarm": READ, "monitoring.alarmevent": READ,
                    "monitoring.rejection": READ}
_MONITORING_OPERATE = {**_MONITORING_READ, "monitoring.alarm": frozenset({VIEW, CHANGE})}
# Public warnings: the district bureau drafts, approves and publishes; everyone else reads what was published
# (drafts stay in the bureau: emergency.models.WarningQuerySet). Subscriptions are personal, like the inbox.
_WARNINGS_DISTRICT = {"emergency.warning": EDIT, "emergency.warningevent": READ}
_WARNINGS_READ = {"emergency.warning": READ, "emergency.warningevent": READ}
# Incidents: every government role responds within its scope (接报, 续报, tasks, reports up the chain); an
# enterprise reports and follows its own. Timeline, reports and reviews change only through
# emergency.incidents, which checks CHANGE on the incident.
_INCIDENT_RECORDS = ("emergency.incidentupdate", "emergency.incidentnotice", "emergency.incidenttask",
                     "emergency.incidentevent", "emergency.incidentreview", "emergency.reviewaction")
_INCIDENTS = {"emergency.incident": EDIT, **dict.fromkeys(_INCIDENT_RECORDS, READ)}
# Emergency resources are the district's reference for emergencies: every staff role views all of them, an
# enterprise only its own teams, warehouses and stock (emergency.models.ResourceQuerySet). Each role keeps what
# lies in its scope: streets their area's, parks and departments the teams and warehouses of their park or
# enterprises. Stock moves only through emergency.resources, for whoever may change the warehouse (ADD on a
# movement); an expert's phone and e-mail show only to the district bureau and the expert (ExpertQuerySet).
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
# Emergency plans and drills: the district bureau keeps the district's plans, a department its own, an enterprise
# its own (each records its drills and evaluations); streets, parks and experts read. Who sees which plan is
# emergency.models.PlanQuerySet; the parts of a plan follow it. Plans are retired, never deleted.
_PLAN_MODELS = ("emergency.emergencyplan", "emergency.planresponsestep", "emergency.disposalcard",
                "emergency.planlink", "emergency.planreview", "emergency.drill")
_PLANS_KEEP = dict.fromkeys(_PLAN_MODELS, EDIT)
_PLANS_READ = dict.fromkeys(_PLAN_MODELS, READ)

# Enforcement (监管执法): the district bureau keeps the inspector roster, the annual plan, the 双随机 draws, the
# credit lists and the third-party register; departments, streets and parks read them, each within its scope
# (plan targets, drawn enterprises, listings and reports follow their enterprise). Inspectors and draws are
# never deleted: a pick names them for good. An enterprise sees its own listings and applies for their repair.
_ENFORCEMENT_MODELS = ("enforcement.inspector", "enforcement.annualplan", "enforcement.plantarget",
                       "enforcement.planquota", "enforcement.draw", "enforcement.drawpick",
                       "enforcement.creditlisting", "enforcement.creditrepair", "enforcement.thirdpartyagency",
                       "enforcement.agencyqualification", "enforcement.agencyreport")
_ENFORCEMENT_READ = dict.fromkeys(_ENFORCEMENT_MODELS, READ)
_ENFORCEMENT_DISTRICT = {**dict.fromkeys(_ENFORCEMENT_MODELS, EDIT), "enforcement.drawpick": READ,
                         "enforcement.thirdpartyagency": ALL, "enforcement.agencyqualification": ALL,
                         "enforcement.agencyreport": ALL}
_CREDIT_ENTERPRISE = {"enforcement.creditlisting": READ, "enforcement.creditrepair": frozenset({VIEW, ADD})}
# Inspections and penalty cases: every government role inspects within its scope (departments their sectors, streets
# and parks their enterprises); results, findings and documents change only through enforcement.inspections and
# .penalties, which check CHANGE on the inspection or case. The district bureau and departments handle cases (the
# workflow decides who takes which step); streets and parks follow them. Legal reviews and 移送司法 stay inside the
# handling organs; the enterprise reads its inspections, documents and cases and files its statements.
_INSPECTIONS = {"enforcement.inspection": EDIT, "enforcement.inspectionresult": READ,
                "enforcement.checklisttemplate": READ, "enforcement.checklistitem": READ,
                "enforcement.enforcementdocument": READ}
_CASES_FOLLOW = {"enforcement.penaltycase": READ, "enforcement.casemeasure": READ, "enforcement.casestatement": READ,
                 "enforcement.caseevent": READ}
_CASES_HANDLE = {**_CASES_FOLLOW, "enforcement.penaltycase": EDIT, "enforcement.legalreview": READ,
                 "enforcement.judicialtransfer": READ}
_CASES_DISTRICT = {**_INSPECTIONS, **_CASES_HANDLE, "enforcement.checklisttemplate": EDIT,
                   "enforcement.checklistitem": ALL}
_CASES_ENTERPRISE = {**_INSPECTIONS, "enforcement.inspection": READ, "enforcement.penaltycase": READ,
                     "enforcement.casemeasure": READ, "enforcement.casestatement": frozenset({VIEW, ADD})}

# Accidents and the plan's indicators: the district bureau records accidents — never deletes them (a record that
# disappears is what 瞒报 looks like) — and keeps the denominators and indicator definitions; departments, streets
# and parks read the accidents in their scope and every indicator (district figures); an enterprise reads its own
# accidents. Reports, 续报, investigations and measures change only through indicators.services (CHANGE on the
# accident).
_ACCIDENT_RECORDS = ("indicators.accidentreport", "indicators.accidentrevision", "indicators.investigation",
                     "indicators.investigationmeasure")
_ACCIDENTS_READ = {"indicators.accident": READ, **dict.fromkeys(_ACCIDENT_RECORDS, READ)}
_INDICATORS_READ = {**_ACCIDENTS_READ, "indicators.denominator": READ, "indicators.indicator": READ}
_INDICATORS_DISTRICT = {**_ACCIDENTS_READ, "indicators.accident": EDIT, "indicators.denominator": ALL,
                        "indicators.indicator": EDIT}
# The plan's tasks: the district bureau keeps the tasks, their departments and milestones; every government login
# reads them. Departments file quarterly progress (ADD/CHANGE: indicators.plan_tasks checks that the department
# leads or cooperates on the task and that the deadline has not passed); the lead department confirms its
# milestones achieved through indicators.plan_tasks.do_achieve_milestone, never by editing them.
_PLAN_TASKS_READ = {"indicators.plantask": READ, "indicators.milestone": READ, "indicators.progressreport": READ}
_PLAN_TASKS_DISTRICT = {"indicators.plantask": ALL, "indicators.milestone": ALL, "indicators.progressreport": READ}
_PLAN_TASKS_DEPARTMENT = {**_PLAN_TASKS_READ, "indicators.progressreport": EDIT}
# 目标责任考核: the district bureau draws up, scores and publishes; departments and streets read the published
# years (indicators.models.AssessmentQuerySet), their own rank among the others.
_ASSESSMENT_MODELS = ("indicators.assessment", "indicators.assessmentitem", "indicators.vetoitem",
                      "indicators.assessedunit", "indicators.unitscore", "indicators.vetofinding")
_ASSESSMENTS_READ = dict.fromkeys(_ASSESSMENT_MODELS, READ)
_ASSESSMENTS_DISTRICT = {**dict.fromkeys(_ASSESSMENT_MODELS, ALL), "indicators.assessment": EDIT}

ROLE_PERMISSIONS: dict[str, dict[str, frozenset]] = {
    Role.DISTRICT: {
        "core.area": EDIT,
        "core.sector": READ,
        "core.department": EDIT,
        "core.auditentry": READ,
        "core.user": EDIT,  # the district gives logins to its streets, departments, parks and enterprises
        "registry.park": EDIT,
        "registry.enterprise": ALL,
        "registry.licence": ALL,
        "registry.chemical": READ,
        **_UNITS_EDIT,
        **_RISK_POINTS_READ,
        "risk.riskband": EDIT,
        "risk.supervisionrule": EDIT,
        # The district grades enterprises itself and approves or returns their self-assessments.
        "risk.enterprisegrading": EDIT,
        **_HAZARDS,
        **_TIPOFFS_DISTRICT,
        **_WARNINGS_DISTRICT,
        **_INCIDENTS,
        **_RESOURCES_DISTRICT,
        **_PLANS_KEEP,
        **_INDICATORS_DISTRICT,
        "indicators.report": frozenset({VIEW, ADD}),  # 形势分析报告: read the archive, generate by hand
        **_PLAN_TASKS_DISTRICT,
        **_ASSESSMENTS_DISTRICT,
        **_MONITORING_OPERATE,
        "monitoring.sensor": EDIT,
        "monitoring.ingestcredential": READ,
        **_ENFORCEMENT_DISTRICT,
        **_CASES_DISTRICT,
    },
    Role.DEPARTMENT: {
        **_REFERENCE,
        "core.auditentry": READ,
        "registry.enterprise": EDIT,
        "registry.licence": ALL,
        **_UNITS_EDIT,
        **_SUPERVISOR,
        **_HAZARDS,
        **_TIPOFFS_HANDLE,
        **_WARNINGS_READ,
        **_INCIDENTS,
        **_RESOURCES_KEEP,
        **_PLANS_KEEP,
        **_INDICATORS_READ,
        "indicators.report": READ,  # district-wide 形势分析报告 (streets and parks: none, issue 8 item 7)
        **_PLAN_TASKS_DEPARTMENT,
        **_ASSESSMENTS_READ,
        **_MONITORING_READ,
        **_ENFORCEMENT_READ,
        **_INSPECTIONS,
        **_CASES_HANDLE,
    },
    Role.STREET: {
        **_REFERENCE,
        "core.auditentry": READ,
        "registry.enterprise": EDIT,
        "registry.licence": ALL,
        **_UNITS_EDIT,
        **_SUPERVISOR,
        **_HAZARDS,
        **_TIPOFFS_HANDLE,
        **_WARNINGS_READ,
        **_INCIDENTS,
        **_RESOURCES_STREET,
        **_PLANS_READ,
        **_INDICATORS_READ,
        **_PLAN_TASKS_READ,
        **_ASSESSMENTS_READ,
        **_MONITORING_READ,
        **_ENFORCEMENT_READ,
        **_INSPECTIONS,
        **_CASES_FOLLOW,
    },
    Role.PARK: {
        **_REFERENCE,
        "core.auditentry": READ,
        "registry.park": frozenset({VIEW, CHANGE}),
        "registry.enterprise": EDIT,
        "registry.licence": ALL,
        **_UNITS_EDIT,
        **_SUPERVISOR,
        **_HAZARDS,
        **_TIPOFFS_HANDLE,
        **_WARNINGS_READ,
        **_INCIDENTS,
        **_RESOURCES_KEEP,
        **_PLANS_READ,
        **_INDICATORS_READ,
        **_PLAN_TASKS_READ,
        **_MONITORING_OPERATE,
        **_ENFORCEMENT_READ,
        **_INSPECTIONS,
        **_CASES_FOLLOW,
    },
    Role.ENTERPRISE: {
        **_REFERENCE,
        "core.auditentry": READ,
        "registry.enterprise": frozenset({VIEW, CHANGE}),
        "registry.licence": ALL,
        "registry.chemical": ALL,  # substances the enterprise adds itself; scope keeps it to its own
        **_UNITS_EDIT,
        **dict.fromkeys(_RISK_POINTS, ALL),
        "risk.enterprisegrading": frozenset({VIEW, ADD}),  # self-assessment, reviewed by the district
        **_HAZARDS,
        "hazards.checkrecord": frozenset({VIEW, CHANGE}),  # the enterprise records its own checks
        **_WARNINGS_READ,
        **_INCIDENTS,
        **_RESOURCES_ENTERPRISE,
        **_PLANS_KEEP,
        **_ACCIDENTS_READ,
        **_MONITORING_OPERATE,
        "monitoring.sensor": ALL,
        "monitoring.ingestcredential": ALL,
        **_CREDIT_ENTERPRISE,
        **_CASES_ENTERPRISE,
    },
    Role.EXPERT: {
        **_REFERENCE,
        "registry.enterprise": READ,
        "registry.licence": READ,
        **_UNITS_READ,
        **_SUPERVISOR,
        "hazards.hazard": READ,
        "hazards.hazardevent": READ,
        "hazards.extensionrequest": READ,
        "hazards.checkrecord": READ,
        **_WARNINGS_READ,
        **_RESOURCES_READ,
        **_PLANS_READ,
        **_MONITORING_READ,
    },
}


@dataclass(frozen=True)
class UserScope:
    area_code: str | None = None
    park_id: int | None = None
    sector_codes: frozenset | None = None
    enterprise_id: int | None = None

    def filter_for(self, scope_fields: dict[str, str]) -> models.Q | None:
        """The Q that keeps a model's rows inside this scope, or None when nothing is in scope."""
        conditions = []
        if self.area_code is not None:
            conditions.append(("area", "__startswith", self.area_code))
        if self.park_id is not None:
            conditions.append(("park", "", self.park_id))
        if self.sector_codes is not None:
            conditions.append(("sector", "__in", self.sector_codes))
        if self.enterprise_id is not None:
            conditions.append(("enterprise", "", self.enterprise_id))
        if not conditions:
            return None
        q = models.Q()
        for dimension, lookup, value in conditions:
            if dimension not in scope_fields:
                return None
            paths = scope_fields[dimension]
            # Several paths mean "any of them": a login belongs to the area of whatever it is attached to.
            alternatives = models.Q()
            for path in (paths,) if isinstance(paths, str) else paths:
                alternatives |= models.Q(**{path + lookup: value})
            q &= alternatives
        return q


def allowed_actions(user, model) -> frozenset:
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ALL
    return ROLE_PERMISSIONS.get(user.role, {}).get(model._meta.label_lower, frozenset())


def can(user, model, action: str) -> bool:
    return action in allowed_actions(user, model)


def hidden_fields(user, model) -> frozenset:
    """The fields of `model` that `user` may not read although they may view the object.

    A model declares them next to its `scope_fields` as `restricted_fields`: each field name mapped to the
    roles that may read it. Everything that shows an object's stored values without the model's own page
    (the audit log) drops these, by name and by column name.
    """
    if user is not None and user.is_authenticated and user.is_superuser:
        return frozenset()
    role = getattr(user, "role", None)
    hidden = set()
    for name, roles in getattr(model, "restricted_fields", {}).items():
        if role not in roles:
            field = model._meta.get_field(name)
            hidden |= {field.name, getattr(field, "attname", field.name)}
    return frozenset(hidden)


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW):
        if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
            return self
        if action not in allowed_actions(user, self.model):
            return self.none()
        if action == VIEW and getattr(self.model, "reference_data", False):
            return self
        if not self.model.scope_fields:  # district-wide settings: the permission table alone decides
            return self
        q = user.scope.filter_for(self.model.scope_fields)
        return self.none() if q is None else self.filter(q)
