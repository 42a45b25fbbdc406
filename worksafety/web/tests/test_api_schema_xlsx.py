"""The OpenAPI schema offers xlsx exactly where content negotiation does (issue 14): on a list GET whose view
exports, never on a detail, an action or a write (those answer 406)."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from worksafety.core.xlsx import XLSX_CONTENT_TYPE


@pytest.fixture(scope="module")
def paths():
    return SchemaGenerator().get_schema(request=None, public=True)["paths"]


def offers_xlsx(operation) -> bool:
    return any(XLSX_CONTENT_TYPE in response.get("content", {}) for response in operation["responses"].values())


def formats(operation) -> list:
    return next((p["schema"].get("enum") for p in operation.get("parameters", []) if p["name"] == "format"), [])


def test_a_list_that_exports_offers_xlsx(paths):
    hazards = paths["/api/v1/hazards/"]["get"]

    assert offers_xlsx(hazards)
    assert "xlsx" in formats(hazards)


def test_nothing_else_offers_xlsx(paths):
    detail = paths["/api/v1/hazards/{id}/"]
    assert not any(offers_xlsx(operation) for operation in detail.values())
    assert "format" not in [p["name"] for p in detail["get"].get("parameters", [])]
    writes = [f"{method} {path}" for path, operations in paths.items() for method, operation in operations.items()
              if method != "get" and offers_xlsx(operation)]
    assert writes == []
    offering = [path for path, operations in paths.items() if offers_xlsx(operations.get("get", {"responses": {}}))]
    assert all("{" not in path for path in offering), offering  # lists only, no detail or action of an object
