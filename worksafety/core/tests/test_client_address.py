"""One rule for the client address (issue 14 item 4): `core.http.client_address`, driven by
WORKSAFETY_CLIENT_IP_HEADER alone, for the audit log and the tip-off rate limit alike; uvicorn does not rewrite
the peer from forwarded headers."""

from unittest import mock

import pytest
from django.test import RequestFactory

from worksafety.core.http import client_address
from worksafety.core.models import AuditEntry

PEER, CLIENT, FORGED = "10.0.0.1", "203.0.113.7", "198.51.100.66"


def request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR=PEER, **meta)


@pytest.mark.parametrize("header,meta,expected", [
    pytest.param("REMOTE_ADDR", {"HTTP_X_REAL_IP": FORGED, "HTTP_X_FORWARDED_FOR": FORGED}, PEER,
                 id="no-proxy-ignores-every-header"),
    pytest.param("HTTP_X_REAL_IP", {"HTTP_X_REAL_IP": CLIENT}, CLIENT, id="proxy-header"),
    pytest.param("HTTP_X_REAL_IP", {"HTTP_X_FORWARDED_FOR": FORGED}, PEER, id="other-header-ignored"),
    pytest.param("HTTP_X_REAL_IP", {}, PEER, id="header-missing"),
    pytest.param("HTTP_X_REAL_IP", {"HTTP_X_REAL_IP": "<script>"}, PEER, id="not-an-address"),
    pytest.param("HTTP_X_FORWARDED_FOR", {"HTTP_X_FORWARDED_FOR": f"{FORGED}, {CLIENT}"}, CLIENT,
                 id="list-takes-what-our-proxy-appended"),
    pytest.param("HTTP_X_REAL_IP", {"HTTP_X_REAL_IP": "2001:db8::1"}, "2001:db8::1", id="ipv6"),
])
def test_the_setting_alone_decides_where_the_address_is(settings, header, meta, expected):
    settings.WORKSAFETY_CLIENT_IP_HEADER = header
    assert client_address(request(**meta)) == expected


@pytest.mark.parametrize("header,expected", [("REMOTE_ADDR", PEER), ("HTTP_X_REAL_IP", CLIENT)])
def test_the_audit_log_follows_the_same_setting(world, client_for, settings, header, expected):
    settings.WORKSAFETY_CLIENT_IP_HEADER = header
    client_for(world.district_user).post(f"/areas/{world.community_a.pk}/edit/", {
        "code": world.community_a.code, "name": "大孤山新社区", "level": "community", "parent": world.street_a.pk,
    }, REMOTE_ADDR=PEER, HTTP_X_REAL_IP=CLIENT)
    entry = AuditEntry.objects.filter(object_type="core.area", object_id=str(world.community_a.pk)).latest("seq")
    assert entry.after == {"name": "大孤山新社区"} and entry.remote_addr == expected


def test_uvicorn_does_not_trust_forwarded_headers_on_its_own(settings):
    from django.core.management import call_command

    with mock.patch("uvicorn.run") as run:
        call_command("web", "--port", "0")
    assert run.call_args.kwargs["proxy_headers"] is False
