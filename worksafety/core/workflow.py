"""Workflows as explicit tables of allowed transitions (ARCHITECTURE rule 3), and the one engine that takes a
step of any of them.

Each app keeps its table where it owns the states (hazards, tip-offs, warnings, incidents, penalty cases,
credit repair, enforcement plans, emergency plans with their evaluations and drills, assessments), as data, and registers a `Workflow`
for its model: the table plus what the engine must know of the model (which field holds the state, how a step is
recorded, what else a step changes). `transition(obj, action, user, **data)` then

1. checks the user may change the object at all (its scope: out of scope is `OutOfScope`, a 404),
2. finds the row for `action` from the object's state (and level) — none: the step is refused,
3. checks who may act (the row's `may_act`, and four eyes where the row asks for them),
4. lets the app check what the step brings (`prepare`: the fields it also changes, or a ValidationError),
5. applies it by a conditional UPDATE on the state it starts from, so of two people acting at once only one
   succeeds, and in the same transaction writes the step's own record (`record`), anything else the app adds
   (`after`) and the audit entry,
6. queues the app's notifications to be sent once the transaction has committed (`notify`).

A refused step changes nothing and says why (ValidationError). The alarm engine's own state machine
(monitoring/engine.py) is a pure function of reading time, not such a table.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction as db_transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import CHANGE, require


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    source: str
    target: str  # the source itself for a step that leaves the state as it is (a plan's evaluation, a drill)
    # Who may take the step, asked as may_act(user, obj); None where the scope check is the whole rule.
    may_act: Callable | None = None
    needs: tuple = ()  # what the step must bring ("comment", "plan", …), checked by the workflow's `prepare`
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


@dataclass
class Step:
    """One step being taken: its row, who takes it and what they brought (comment, plan fields, files …)."""

    transition: Transition
    user: object
    data: dict
    changes: dict = field(default_factory=dict)  # the other fields the step sets, from `prepare`

    @property
    def comment(self) -> str:
        return (self.data.get("comment") or "").strip()


@dataclass(frozen=True)
class Workflow:
    model: type
    table: tuple
    # record(obj, step) -> the step's own row (HazardEvent, CaseEvent …), written in the step's transaction; None
    # where the object keeps who decided on itself (a credit repair's reviewer, a plan's approver).
    record: Callable | None = None
    state_field: str = "state"
    level_field: str | None = None
    # prepare(obj, step) -> the other fields the step sets; raises ValidationError for what is missing or wrong.
    prepare: Callable | None = None
    # after(obj, step, record) -> more writes in the same transaction (attachments, follow-up rows).
    after: Callable | None = None
    # notify(obj, step) -> run once the transaction has committed (inbox, SMS, pushes).
    notify: Callable | None = None
    drafter_field: str | None = None  # for four-eyes rows: the field naming who drafted the object
    scope_action: str = CHANGE
    conflict: str = _("该记录已被他人处理，请刷新后查看。")
    # A refusal in the app's own words, where it has them: refusal(row) -> why the user may not take `row`; the
    # four-eyes refusal (it may name the step, "%(action)s"); the states in which nothing may be done, with why.
    refusal: Callable | None = None
    drafter_refusal: str = _("“%(action)s”须由起草人以外的人执行。")
    read_only: dict = field(default_factory=dict)
    # A step asked for in a state it does not leave, in the app's words ("%(state)s", "%(action)s").
    wrong_state: str = _("当前状态“%(state)s”下不能执行此操作。")
    # Whether the step is decided on the object read afresh (scope apart) rather than on the caller's copy.
    refresh: bool = False
    # Whether the superuser may take any step; not where the law separates duties (a penalty case: not even the
    # superuser reviews a case they investigate, 审查与调查分离), so the rows' `may_act` decide for them too.
    superuser_acts: bool = True

    def state(self, obj) -> str:
        return getattr(obj, self.state_field)

    def level(self, obj) -> str | None:
        return getattr(obj, self.level_field) if self.level_field else None

    def find(self, obj, action: str) -> Transition | None:
        """The row for taking `action` on `obj` in its current state, if the table has one."""
        return find(self.table, action, self.state(obj), self.level(obj))

    def allows(self, row: Transition, user, obj) -> bool:
        """Whether `user` may take `row` on `obj` (scope apart: the engine checks it first)."""
        return (self.superuser_acts and user.is_superuser) or row.may_act is None or row.may_act(user, obj)

    def available(self, obj, user) -> list[Transition]:
        """The steps `user` may take on `obj` now (the buttons on its page), scope apart."""
        return [t for t in leaving(self.table, self.state(obj), self.level(obj)) if self.allows(t, user, obj)
                and not self.drafted_by(obj, t, user)]

    def drafted_by(self, obj, row: Transition, user) -> bool:
        """Whether four eyes keep `user` from taking `row` on `obj`: they drafted it."""
        return row.four_eyes and getattr(obj, f"{self.drafter_field}_id") == user.pk


WORKFLOWS: dict[type, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Declare `workflow.model`'s workflow (from the owning app's workflow module, imported by its AppConfig)."""
    WORKFLOWS[workflow.model] = workflow
    return workflow


def workflow_of(obj) -> Workflow:
    return WORKFLOWS[type(obj)]


def transition(obj, action: str, user, **data):
    """Take the step `action` on `obj` on behalf of `user`; `data` is what the step brings. Returns `obj`,
    refreshed from the database."""
    workflow = workflow_of(obj)
    require(user, obj, workflow.scope_action)
    if workflow.refresh:
        obj.refresh_from_db()
    row = workflow.find(obj, action)
    if row is None:
        if workflow.state(obj) in workflow.read_only:
            raise ValidationError(str(workflow.read_only[workflow.state(obj)]))
        display = getattr(obj, f"get_{workflow.state_field}_display")()
        label = next((t.label for t in workflow.table if t.action == action), action)
        raise ValidationError(str(workflow.wrong_state) % {"state": display, "action": label})
    if not workflow.allows(row, user, obj):
        if workflow.refusal is not None:
            raise ValidationError(workflow.refusal(row))
        raise ValidationError(gettext("您的角色不能执行“%(action)s”。") % {"action": row.label})
    if workflow.drafted_by(obj, row, user):
        raise ValidationError(str(workflow.drafter_refusal) % {"action": row.label})
    step = Step(row, user, data)
    if workflow.prepare is not None:
        step.changes = workflow.prepare(obj, step) or {}
    with db_transaction.atomic(), audit.acting_as(user):
        moved = type(obj)._base_manager.filter(pk=obj.pk, **{workflow.state_field: row.source}).update(
            **{workflow.state_field: row.target}, **step.changes)
        if moved != 1:
            raise ValidationError(str(workflow.conflict))
        record = workflow.record(obj, step) if workflow.record is not None else None
        if workflow.after is not None:
            workflow.after(obj, step, record)
        if row.target != row.source or step.changes:  # a step leaving the state and nothing else changes no field
            after = {workflow.state_field: row.target,
                     **{name: getattr(v, "pk", v) for name, v in step.changes.items()}}
            audit.record(AuditAction.UPDATE, instance=obj, before={workflow.state_field: row.source},
                         after=audit.jsonable(after))
        if workflow.notify is not None:
            db_transaction.on_commit(partial(workflow.notify, obj, step))
    obj.refresh_from_db()
    return obj
