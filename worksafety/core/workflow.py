"""Workflows as explicit tables of allowed transitions (ARCHITECTURE rule 3): the one row type every workflow's
table is made of, and the look-ups each makes on it. The tables stay in the apps that own the states (hazards,
tip-offs, warnings, incidents, penalty cases, credit repair, enforcement plans), as data; each app's services
apply a step by a conditional UPDATE and write the audit entry. The alarm engine's own state machine
(monitoring/engine.py) is a pure function of reading time, not such a table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    source: str
    target: str
    # Who may take the step, asked with the table's own arguments (usually (user, obj)); None where the caller's
    # scope check is the whole rule.
    may_act: Callable | None = None
    needs: tuple = ()  # what the step must bring ("comment", "plan", …), checked by the owning app's service
    levels: frozenset | None = None  # the object levels the row applies to (hazards: 一般/重大); None: every level
    four_eyes: bool = False  # the actor must not be the object's drafter, whoever they are

    def applies(self, state: str, level: str | None = None) -> bool:
        return self.source == state and (self.levels is None or level in self.levels)


def find(table: Iterable[Transition], action: str, state: str, level: str | None = None) -> Transition | None:
    """The row for taking `action` from `state` (and for an object of `level`), if the table has one."""
    return next((t for t in table if t.action == action and t.applies(state, level)), None)


def leaving(table: Iterable[Transition], state: str, level: str | None = None) -> list[Transition]:
    """Every row that leaves `state` (for an object of `level`), in table order."""
    return [t for t in table if t.applies(state, level)]
