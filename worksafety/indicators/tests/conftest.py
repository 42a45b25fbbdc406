"""Fixtures of the indicators app's tests."""

from datetime import date

import pytest

from worksafety.core.choices import Role
from worksafety.core.models import Department, User
from worksafety.indicators.tasks.models import TaskKind
from worksafety.indicators.tests.task_helpers import new_milestone, new_task


@pytest.fixture
def plan(world):
    """区应急管理局 leads 六(一) with the transport bureau cooperating; the transport bureau leads the project
    十(一) alone; 区市场监督管理局 has no task."""
    w = world
    w.dept_safety = Department.objects.create(code="yjj", name="区应急管理局", area=w.district)
    w.dept_market = Department.objects.create(code="scjgj", name="区市场监督管理局", area=w.district)

    def login(username, department):
        user = User(username=username, role=Role.DEPARTMENT, department=department)
        user.set_password("x")
        user.save()
        return user

    w.safety_user = login("dept_safety", w.dept_safety)
    w.market_user = login("dept_market", w.dept_market)
    w.task = new_task(w, "六(一)", "强化危险化学品安全风险防控", w.dept_safety, [w.dept_transport], order=1)
    w.project = new_task(w, "十(一)", "道路交通安全提升工程", w.dept_transport, kind=TaskKind.PROJECT,
                         chapter="十、重点工程", order=2)
    w.milestone = new_milestone(w, w.task, date(2022, 12, 31))
    return w
