"""Every operation of the OpenAPI schema, fuzzed by schemathesis in-process (its WSGI transport, no server)
against the small demo, as the superuser and as one enterprise: no answer is a server error, and every
documented answer matches its schema. Seeded and bounded so the run stays within a few minutes; deselect
it with `-m "not schemathesis"`."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from worksafety.core.choices import Role
from worksafety.core.models import User

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

MAX_EXAMPLES = 3
CONFIG = {
    "seed": 14,
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
}


def load_schema():
    """The schema `/api/v1/schema/` serves, generated directly (collection has no database); requests go to
    the WSGI application in-process."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)),
                                            config=SchemathesisConfig.from_dict(CONFIG))
    loaded.app = get_wsgi_application()
    return loaded


schema = load_schema()


@pytest.fixture(autouse=True)
def keep_the_connection():
    """The WSGI application closes the database connection when a request ends, which on PostgreSQL ends the
    test's transaction; Django's test client keeps it open the same way, by not closing it between requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(request, small_demo, db):
    users = User.objects.order_by("username")
    user = users.get(username="admin") if request.param == "admin" else users.filter(role=Role.ENTERPRISE)[0]
    return Token.objects.get_or_create(user=user)[0].key


@schema.parametrize()
# Each operation's examples share the test's transaction (rolled back after it), which is what we want; the
# machine is slow and shared, so no deadline.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@pytest.mark.parametrize("token", ["admin", "enterprise"], indirect=True)
def test_api_operation(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"},
                           checks=[not_a_server_error, response_schema_conformance])
