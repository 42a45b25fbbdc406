"""HTTP ingestion: `POST /api/v1/monitoring/readings/` with an enterprise ingest key (INTERFACES.md)."""

import json
import time

import pytest
from rest_framework.test import APIClient

from conftest import PASSWORD
from worksafety.monitoring import services
from worksafety.monitoring.models import Alarm, IngestCredential, Reading, Rejection, SensorState
from worksafety.monitoring.tests.helpers import body, make_sensor, reading

URL = "/api/v1/monitoring/readings/"

pytestmark = pytest.mark.usefixtures("fresh_shared_pipeline")


@pytest.fixture
def key(world, gas):
    credential, key = services.do_issue_credential(world.ent_park, user=world.enterprise_user, name="DCS")
    return key


def post(payload: bytes, key=None, content_type="application/json", **headers):
    if key is not None:
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    return APIClient().generic("POST", URL, payload, content_type=content_type, **headers)


def now() -> float:
    return float(int(time.time()))


def test_issued_key_is_shown_once_and_only_its_hash_is_kept(world, key):
    credential = IngestCredential.objects.get()
    assert key.startswith("wsi_") and len(key) > 40
    assert credential.prefix == key[:8] and credential.key_digest == IngestCredential.digest(key)
    assert key not in json.dumps(list(IngestCredential.objects.values()), default=str)
    assert (credential.enterprise_id, credential.name, credential.active) == (world.ent_park.pk, "DCS", True)


def test_valid_batch_is_stored_and_counted(world, gas, key):
    t = now()
    make_sensor(world.ent_street_a, code="GT-OTHER")
    payload = body(reading("GT-101", t - 30, 3.0), reading("GT-101", t - 20, 4.0), reading("GT-101", t - 10, 60.0),
                   reading("GT-101", t - 10, 60.0), reading("GT-OTHER", t - 10, 1.0), reading("GT-101", t - 5, "x"))
    response = post(payload, key)
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted": 3, "rejected": {"duplicate": 1, "unknown_sensor": 1, "not_a_number": 1}}
    assert sorted((r.ts.timestamp(), r.value) for r in Reading.objects.filter(sensor=gas)) == [
        (t - 30, 3.0), (t - 20, 4.0), (t - 10, 60.0)]
    assert not Reading.objects.exclude(sensor=gas).exists()  # another company's code is unknown to this key
    assert SensorState.objects.get(sensor=gas).value == 60.0
    assert list(Alarm.objects.values_list("sensor_id", "condition", "active")) == [(gas.pk, "HH", True)]
    assert dict(Rejection.objects.filter(enterprise=world.ent_park).values_list("reason", "count")) == {
        "duplicate": 1, "unknown_sensor": 1, "not_a_number": 1}


def test_a_sensor_added_after_the_pipeline_was_loaded_is_known_after_the_reload(world, gas, key, monkeypatch):
    from worksafety.monitoring import ingest

    t = now()
    assert post(body(reading("GT-101", t - 10, 1.0)), key).json()["accepted"] == 1
    make_sensor(world.ent_park, code="GT-NEW")
    assert post(body(reading("GT-NEW", t - 10, 1.0)), key).json()["rejected"] == {"unknown_sensor": 1}
    monkeypatch.setattr(ingest, "RELOAD_SECONDS", 0)
    assert post(body(reading("GT-NEW", t - 9, 1.0)), key).json() == {"accepted": 1, "rejected": {}}


def test_resending_a_batch_answers_all_duplicates(world, gas, key):
    t = now()
    payload = body(reading("GT-101", t - 20, 1.0), reading("GT-101", t - 10, 2.0))
    assert post(payload, key).json() == {"accepted": 2, "rejected": {}}
    assert post(payload, key).json() == {"accepted": 0, "rejected": {"duplicate": 2}}
    assert Reading.objects.count() == 2


@pytest.mark.parametrize("authorization", [None, "", "Token", "Token wsi_not-a-key", "Bearer {key}", "Token {key} x",
                                           "Basic ZW50X3Bhcms6U3RyMG5nLVBhc3N3MHJkIQ=="])
def test_no_or_invalid_key_is_401(world, gas, key, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization.format(key=key)}
    response = post(body(reading("GT-101", now() - 10, 1.0)), **headers)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Token"
    assert not Reading.objects.exists() and not Rejection.objects.exists()


def test_a_deactivated_key_is_401(world, gas, key):
    IngestCredential.objects.update(active=False)
    assert post(body(reading("GT-101", now() - 10, 1.0)), key).status_code == 401
    assert not Reading.objects.exists()


def test_a_users_api_token_is_not_an_ingest_key(world, gas, key):
    token = APIClient().post("/api/v1/auth/token/", {"username": "ent_park", "password": PASSWORD}, format="json")
    assert token.status_code == 200, token.content
    response = post(body(reading("GT-101", now() - 10, 1.0)), token.json()["token"])
    assert response.status_code == 401
    assert not Reading.objects.exists()


def test_a_logged_in_session_is_not_an_ingest_key(world, gas, key, client_for):
    client = client_for(world.enterprise_user)
    response = client.post(URL, body(reading("GT-101", now() - 10, 1.0)), content_type="application/json")
    assert response.status_code == 401
    assert not Reading.objects.exists()


@pytest.mark.parametrize("payload", [b"{", b"[]", b'{"readings": 1}', b"", b"\xff", b'{"reading": []}'])
def test_malformed_body_is_400_and_counted(world, gas, key, payload):
    response = post(payload, key)
    assert response.status_code == 400, response.content
    assert "detail" in response.json()
    assert list(Rejection.objects.values_list("enterprise_id", "reason", "count")) == [
        (world.ent_park.pk, "malformed_json", 1)]


def test_any_content_type_is_parsed_as_the_json_batch(world, gas, key):
    response = post(body(reading("GT-101", now() - 10, 1.0)), key, content_type="text/plain")
    assert response.json() == {"accepted": 1, "rejected": {}}


def test_too_large_is_413(world, gas, key, settings):
    payload = body(*[reading("GT-101", now() - 100 + n, 1.0) for n in range(50)])
    settings.WORKSAFETY_MAX_PAYLOAD_BYTES = len(payload) - 1
    response = post(payload, key)
    assert response.status_code == 413, response.content
    assert not Reading.objects.exists()
    assert list(Rejection.objects.values_list("reason", "count")) == [("payload_too_large", 1)]
    settings.WORKSAFETY_MAX_PAYLOAD_BYTES = len(payload)
    assert post(payload, key).json() == {"accepted": 50, "rejected": {}}


def test_each_key_writes_for_its_own_enterprise(world, gas, key):
    other = make_sensor(world.ent_street_a, code="GT-101")
    _, other_key = services.do_issue_credential(world.ent_street_a, user=world.admin, name="PLC")
    t = now()
    assert post(body(reading("GT-101", t - 10, 7.0)), other_key).json() == {"accepted": 1, "rejected": {}}
    assert list(Reading.objects.values_list("sensor_id", "value")) == [(other.pk, 7.0)]


def test_only_the_post_method(world, gas, key):
    response = APIClient().get(URL, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 405


def test_an_unhashable_sensor_code_is_refused_not_a_server_error(world, gas, key):
    t = now()
    payload = body(reading(["GT-101"], t - 20, 1.0), reading("GT-101", t - 10, 2.0))
    response = post(payload, key)
    assert response.json() == {"accepted": 1, "rejected": {"unknown_sensor": 1}}
