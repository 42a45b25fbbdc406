"""Who may do what with tip-offs: the district runs the channel (policy, reward handlers, reward proposals);
the street, park or department a tip-off is assigned to handles it. Enterprises and experts never see tip-offs
(the reporter may be their employee)."""

from worksafety.core.choices import Role
from worksafety.core.scoping import ALL, CHANGE, EDIT, READ, VIEW

_HANDLE = {"tipoffs.tipoff": frozenset({VIEW, CHANGE}), "tipoffs.tipoffevent": READ}

ROLE_PERMISSIONS = {
    Role.DISTRICT: {"tipoffs.tipoff": EDIT, "tipoffs.tipoffevent": READ, "tipoffs.tipoffpolicy": EDIT,
                    "tipoffs.rewardhandler": ALL, "tipoffs.rewardproposal": EDIT},
    Role.DEPARTMENT: _HANDLE,
    Role.STREET: _HANDLE,
    Role.PARK: _HANDLE,
}
