"""Who may do what in enforcement (监管执法).

The district bureau keeps the inspector roster, the annual plan, the 双随机 draws, the credit lists and the
third-party register; departments, streets and parks read them, each within its scope (plan targets, drawn
enterprises, listings and reports follow their enterprise). Inspectors and draws are never deleted: a pick names
them for good. An enterprise sees its own listings and applies for their repair.

Inspections and penalty cases: every government role inspects within its scope (departments their sectors,
streets and parks their enterprises); results, findings and documents change only through the services of
enforcement.inspections and enforcement.cases, which check CHANGE on the inspection or case. The district bureau and departments handle cases
(the workflow decides who takes which step); streets and parks follow them. Legal reviews and 移送司法 stay inside
the handling organs; the enterprise reads its inspections, documents and cases and files its statements.
"""

from worksafety.core.choices import Role
from worksafety.core.scoping import ADD, ALL, EDIT, READ, VIEW

_REGISTERS = ("enforcement.inspector", "enforcement.annualplan", "enforcement.plantarget",
              "enforcement.planquota", "enforcement.draw", "enforcement.drawpick", "enforcement.creditlisting",
              "enforcement.creditrepair", "enforcement.thirdpartyagency", "enforcement.agencyqualification",
              "enforcement.agencyreport")
_REGISTERS_READ = dict.fromkeys(_REGISTERS, READ)
_REGISTERS_DISTRICT = {**dict.fromkeys(_REGISTERS, EDIT), "enforcement.drawpick": READ,
                       "enforcement.thirdpartyagency": ALL, "enforcement.agencyqualification": ALL,
                       "enforcement.agencyreport": ALL}
_CREDIT_ENTERPRISE = {"enforcement.creditlisting": READ, "enforcement.creditrepair": frozenset({VIEW, ADD})}

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

ROLE_PERMISSIONS = {
    Role.DISTRICT: {**_REGISTERS_DISTRICT, **_CASES_DISTRICT},
    Role.DEPARTMENT: {**_REGISTERS_READ, **_INSPECTIONS, **_CASES_HANDLE},
    Role.STREET: {**_REGISTERS_READ, **_INSPECTIONS, **_CASES_FOLLOW},
    Role.PARK: {**_REGISTERS_READ, **_INSPECTIONS, **_CASES_FOLLOW},
    Role.ENTERPRISE: {**_CREDIT_ENTERPRISE, **_CASES_ENTERPRISE},
}
