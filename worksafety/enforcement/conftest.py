"""Fixtures the tests of several enforcement sub-domains share: `people`, who acts in inspections and cases
(`tests.inspection_fixtures.make_people`), and `inspectors`, a roster of valid inspectors (`tests.draw_helpers`)."""

import pytest

from worksafety.enforcement.tests.draw_helpers import roster
from worksafety.enforcement.tests.inspection_fixtures import make_people


@pytest.fixture
def people(world):
    return make_people(world)


@pytest.fixture
def inspectors(world):
    return roster(world)
