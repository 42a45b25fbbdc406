"""Fixtures shared by the sub-packages' tests: the plan's tasks are filed on in tasks/tests and evaluated in
reports/tests (the building is in tasks/tests/helpers.py)."""

import pytest

from worksafety.indicators.tasks.tests.helpers import make_plan


@pytest.fixture
def plan(world):
    """Two plan tasks, a milestone, and two more departments with a login each (`make_plan` says which)."""
    return make_plan(world)
