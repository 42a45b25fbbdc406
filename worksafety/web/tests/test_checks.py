"""System checks on the models (issue 14): every name in a model's `restricted_fields` is one of its fields
(core/scoping.py `hidden_fields` would otherwise fail only when a reader without the role opens the audit log)."""

from django.apps import apps
from django.core.checks import run_checks

from worksafety.core.checks import restricted_fields_exist
from worksafety.emergency.resources.models import Expert


def test_every_restricted_field_of_the_project_exists():
    assert [m for m in apps.get_models() if getattr(m, "restricted_fields", None)]  # the check has work to do
    assert restricted_fields_exist(None) == []
    assert not [error for error in run_checks() if error.id == "worksafety.E010"]


def test_a_misspelt_restricted_field_is_an_error(monkeypatch):
    monkeypatch.setattr(Expert, "restricted_fields", {**Expert.restricted_fields, "mobile": frozenset()})

    errors = restricted_fields_exist(None)

    assert [(error.id, error.obj) for error in errors] == [("worksafety.E010", Expert)]
    assert "'mobile'" in errors[0].msg
