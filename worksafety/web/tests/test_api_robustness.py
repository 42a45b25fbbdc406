"""Input an attacker or a fuzzer sends (issue 14): each is a 4xx with a message and changes nothing, never a
server error — xlsx asked of a detail or an action, a login body that is not an object, ids that are not
numbers or do not fit the database, JSON nested thousands deep (DRF endpoints and sensor ingestion)."""

from urllib.parse import urlencode

import pytest
from django import forms
from rest_framework import serializers
from rest_framework.test import APIClient

from worksafety.core import jsonparse
from worksafety.monitoring.ingest import Pipeline

HUGE = "1545" + "0" * 26  # 30 digits: beyond any database integer
DEEP = "[" * 5000 + "]" * 5000


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    return client


@pytest.mark.parametrize("url", [
    "/api/v1/enterprises/{id}/?format=xlsx",
    "/api/v1/enforcement-plans/1/progress/?format=xlsx",
    "/api/v1/supervision-plan/?format=json",  # a control: the list answers
])
def test_xlsx_is_only_for_lists(api, world, url):
    response = api.get(url.format(id=world.ent_park.pk))

    if "xlsx" in url:
        assert response.status_code == 406, response.content
        assert response["Content-Type"].startswith("application/json")
        assert "xlsx" in response.json()["detail"]
    else:
        assert response.status_code == 200


def test_xlsx_on_a_write_is_refused_before_it_changes_anything(api, world):
    response = api.patch(f"/api/v1/enterprises/{world.ent_park.pk}/?format=xlsx", {"employees": 7}, format="json")

    assert response.status_code == 406
    world.ent_park.refresh_from_db()
    assert world.ent_park.employees == 50


def test_list_export_still_works(api, world):
    response = api.get("/api/v1/enterprises/?format=xlsx")

    assert response.status_code == 200
    assert response.content[:2] == b"PK"


@pytest.mark.parametrize("body", ["[1, 2]", '"admin"', "3", "null"])
def test_token_with_a_body_that_is_not_an_object_is_400(world, body):
    response = APIClient().post("/api/v1/auth/token/", data=body, content_type="application/json")

    assert response.status_code == 400
    assert "username" in response.json()["detail"]


@pytest.mark.parametrize("url", [
    f"/api/v1/emergency-plans/match/?enterprise={HUGE}",
    f"/api/v1/emergency-plans/match/?chemical={HUGE}",
    f"/api/v1/emergency-plans/match/?sector={HUGE}",
    f"/api/v1/enforcement-plans/?year={HUGE}",
    f"/api/v1/hazards/?enterprise={HUGE}",
])
def test_huge_integers_in_queries_are_field_errors(api, world, url):
    response = api.get(url)

    assert response.status_code == 400, response.content
    assert response.json()


def test_every_number_filter_is_bounded(world):
    from worksafety.enforcement.inspections.filtersets import EnforcementDocumentFilterSet

    filterset = EnforcementDocumentFilterSet({"year": HUGE}, request=None)

    assert not filterset.is_valid()
    assert "year" in filterset.errors


@pytest.mark.parametrize("path", ["null,null", "abc", HUGE])
def test_ids_that_are_not_ids_in_action_paths_are_404(api, world, path):
    response = api.post(f"/api/v1/penalty-cases/{path}/statements/", {"kind": "statement", "text": "x"}, format="json")

    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/enterprises/", "/api/v1/auth/token/", "/api/v1/public/tipoffs/"])
def test_json_nested_thousands_deep_is_400(api, world, url):
    response = api.post(url, data=DEEP, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"]


@pytest.mark.parametrize("format", ["multipart", "form"])
def test_a_json_field_nested_thousands_deep_in_a_form_body_is_400(world, format):
    from worksafety.tipoffs.models import TipOff

    client = APIClient()
    body = {"content": "仓库堆放危化品", "anonymous": "true", "location": DEEP}
    if format == "form":
        response = client.post("/api/v1/public/tipoffs/", data=urlencode(body),
                               content_type="application/x-www-form-urlencoded")
    else:
        response = client.post("/api/v1/public/tipoffs/", data=body, format="multipart")

    assert response.status_code == 400, response.content
    assert "location" in response.json()
    assert not TipOff.objects.exists()


def test_a_model_json_field_nested_thousands_deep_in_a_form_body_is_400(api, world):
    response = api.post("/api/v1/parks/", data={"code": "P9", "name": "新园区", "area": world.district.code,
                                                 "outline": DEEP}, format="multipart")

    assert response.status_code == 400, response.content
    assert "outline" in response.json()


def test_a_form_json_field_nested_thousands_deep_is_a_field_error():
    from worksafety.emergency.warnings.forms import GeoJSONField

    field = GeoJSONField()
    with pytest.raises(forms.ValidationError):
        field.clean(DEEP)
    assert field.prepare_value(field.bound_data(DEEP, None)) == DEEP  # redisplayed as typed


def test_every_json_field_a_request_writes_is_bounded():
    """Model serializers map model JSON fields to core's `JSONField`, declared writable ones are core's, and
    every form's JSON field is core's (`Meta.field_classes`)."""
    from worksafety.core.api.serializers import JSONField
    from worksafety.core.forms import JSONField as FormJSONField
    from worksafety.web.tests.test_datetime_range import project_classes

    writable = [f"{c.__qualname__}.{name}" for c in project_classes(serializers.BaseSerializer)
                for name, field in c._declared_fields.items()
                if isinstance(field, serializers.JSONField) and not field.read_only
                and not isinstance(field, JSONField)]
    assert writable == []
    unbounded = [f"{c.__qualname__}.{name}" for c in project_classes(forms.BaseForm)
                 for name, field in c.base_fields.items()
                 if isinstance(field, forms.JSONField) and not isinstance(field, FormJSONField)]
    assert unbounded == []


def test_readings_nested_thousands_deep_are_malformed_not_a_crash(db):
    pipeline = Pipeline(clock=lambda: 0)

    prepared = pipeline.prepare(1, ('{"readings": ' + DEEP + "}").encode())

    assert prepared.rejected["malformed_json"] == 1


def test_bounded_loads_takes_ordinary_json_and_brackets_inside_strings():
    assert jsonparse.loads(b'{"a": "[[[[", "b": [1, {"c": "\\"]]"}]}') == {"a": "[[[[", "b": [1, {"c": '"]]'}]}
    deepest = "[" * jsonparse.MAX_DEPTH + "]" * jsonparse.MAX_DEPTH
    assert jsonparse.loads(deepest) == jsonparse.json.loads(deepest)
    with pytest.raises(jsonparse.TooDeep):
        jsonparse.loads("[" * (jsonparse.MAX_DEPTH + 1) + "]" * (jsonparse.MAX_DEPTH + 1))
