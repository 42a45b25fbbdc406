"""Every workflow runs on the one engine (`core.workflow.transition`), and every step of every table is refused out
of scope, changing nothing. The tables are enumerated from the engine's registry; test_workflow_audit.py walks them
in scope and checks each step's audit entry."""

import importlib

import pytest

from worksafety.core.choices import Role
from worksafety.core.models import AuditEntry, User
from worksafety.core.scoping import OutOfScope, may
from worksafety.core.workflow import WORKFLOWS, transition
from worksafety.web.tests.test_workflow_audit import WALKED

pytestmark = pytest.mark.django_db

def test_every_transition_table_is_a_registered_workflow():
    tables = {}
    for key in WALKED:
        module, name = key.split(":")
        tables[key] = getattr(importlib.import_module(module), name)
    registered = {id(workflow.table) for workflow in WORKFLOWS.values()}
    assert [key for key, table in tables.items() if id(table) not in registered] == []
    assert len(WORKFLOWS) == len(WALKED)


def outsiders(obj, workflow) -> list:
    """Logins out of the workflow's scope for `obj`, of the read-only expert and the enterprises other than the
    object's (a workflow scoped at VIEW, as emergency plans, lets the expert read them)."""
    enterprises = User.objects.filter(role=Role.ENTERPRISE)
    if getattr(obj, "enterprise_id", None):
        enterprises = enterprises.exclude(enterprise_id=obj.enterprise_id)
    candidates = [User.objects.get(username="expert1"), *enterprises.order_by("pk")]
    return [user for user in candidates if not may(user, obj, workflow.scope_action)][:2]


@pytest.mark.parametrize("model", sorted(WORKFLOWS, key=lambda model: model._meta.label),
                         ids=lambda model: model._meta.label)
def test_every_step_is_refused_out_of_scope_and_changes_nothing(small_demo, db, model):
    workflow = WORKFLOWS[model]
    # The first object someone is out of scope for (a government plan is read by every enterprise).
    obj = next((obj for obj in model.objects.order_by("pk")[:50] if outsiders(obj, workflow)), None)
    assert obj is not None, f"the demo has no {model._meta.label} with a login out of its scope"
    state, entries = workflow.state(obj), AuditEntry.objects.count()
    for row in workflow.table:
        for user in outsiders(obj, workflow):
            with pytest.raises(OutOfScope):
                transition(obj, row.action, user, comment="越权")
            obj.refresh_from_db()
            assert workflow.state(obj) == state, (row.action, user)
    assert AuditEntry.objects.count() == entries
