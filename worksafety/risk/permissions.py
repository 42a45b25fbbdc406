"""Who may do what with risk grading: colour bands and supervision rules are district settings every staff
login reads; the 双重预防 risk points are the enterprise's own register, which supervisors read; the district
grades enterprises itself and approves or returns their self-assessments; the grading history of hazard units
(GB 18218) is read by everyone who sees the unit."""

from worksafety.core.choices import Role
from worksafety.core.scoping import ADD, ALL, EDIT, READ, VIEW

_REFERENCE = {"risk.riskband": READ, "risk.supervisionrule": READ}
_RISK_POINTS = ("risk.riskobject", "risk.riskunit", "risk.riskevent", "risk.controlmeasure", "risk.checktask")
_UNIT_GRADING = {"risk.majorhazardassessment": READ}
_SUPERVISOR = {**_REFERENCE, **_UNIT_GRADING, **dict.fromkeys(_RISK_POINTS, READ), "risk.enterprisegrading": READ}

ROLE_PERMISSIONS = {
    Role.DISTRICT: {**_UNIT_GRADING, **dict.fromkeys(_RISK_POINTS, READ), "risk.riskband": EDIT,
                    "risk.supervisionrule": EDIT, "risk.enterprisegrading": EDIT},
    Role.DEPARTMENT: _SUPERVISOR,
    Role.STREET: _SUPERVISOR,
    Role.PARK: _SUPERVISOR,
    # Self-assessment: the enterprise files it (ADD), the district reviews it.
    Role.ENTERPRISE: {**_REFERENCE, **_UNIT_GRADING, **dict.fromkeys(_RISK_POINTS, ALL),
                      "risk.enterprisegrading": frozenset({VIEW, ADD})},
    Role.EXPERT: _SUPERVISOR,
}
