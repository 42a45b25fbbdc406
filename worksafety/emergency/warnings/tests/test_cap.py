"""The CAP 1.2 output: the feed (`/api/v1/public/warnings.cap`, Atom with each alert inline) and each alert
(`/api/v1/public/warnings/<identifier>.cap`) are well-formed XML with every element CAP 1.2 requires, in the
schema's order, with values from its enumerations; the level maps to severity and travels as eventCodes;
Updates and Cancels reference earlier messages as "sender,identifier,sent"; only messages in force are in
the feed."""

import re
import xml.etree.ElementTree as ET

import pytest

from worksafety.core.workflow import transition
from worksafety.emergency.warnings import cap, services
from worksafety.emergency.warnings.choices import MsgType, State
from worksafety.emergency.warnings.models import Warning
from worksafety.emergency.warnings.tests.helpers import expire, make_warning

NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2", "atom": "http://www.w3.org/2005/Atom"}
FEED_URL = "/api/v1/public/warnings.cap"
CAP_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$")  # CAP 1.2 §3.3.2, no fractional seconds
POLYGON = {"type": "Polygon", "coordinates": [[[121.80, 39.00], [121.86, 39.00], [121.86, 39.05],
                                                [121.80, 39.05]]]}  # not closed: CAP's must be

# CAP 1.2 schema sequences (the order children must appear in), and the required children.
ALERT_ORDER = ["identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction",
               "addresses", "code", "note", "references", "incidents", "info"]
INFO_ORDER = ["language", "category", "event", "responseType", "urgency", "severity", "certainty", "audience",
              "eventCode", "effective", "onset", "expires", "senderName", "headline", "description",
              "instruction", "web", "contact", "parameter", "resource", "area"]
AREA_ORDER = ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"]
ALERT_REQUIRED = {"identifier", "sender", "sent", "status", "msgType", "scope"}
INFO_REQUIRED = {"category", "event", "urgency", "severity", "certainty"}
ENUMS = {
    "status": {"Actual", "Exercise", "System", "Test", "Draft"},
    "msgType": {"Alert", "Update", "Cancel", "Ack", "Error"},
    "scope": {"Public", "Restricted", "Private"},
    "category": {"Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra",
                 "CBRNE", "Other"},
    "urgency": {"Immediate", "Expected", "Future", "Past", "Unknown"},
    "severity": {"Extreme", "Severe", "Moderate", "Minor", "Unknown"},
    "certainty": {"Observed", "Likely", "Possible", "Unlikely", "Unknown"},
}
SEVERITY = {1: "Extreme", 2: "Severe", 3: "Moderate", 4: "Minor"}
COLOUR = {1: "red", 2: "orange", 3: "yellow", 4: "blue"}


def local(element) -> str:
    return element.tag.split("}")[1]


def children(element) -> list[str]:
    return [local(child) for child in element]


def assert_in_schema_order(element, order):
    names = children(element)
    assert all(name in order for name in names), names
    positions = [order.index(name) for name in names]
    assert positions == sorted(positions), names


def check_alert(alert) -> dict:
    """Every rule of CAP 1.2 we rely on; returns the alert's simple values by name."""
    assert alert.tag == f"{{{NS['cap']}}}alert"
    assert_in_schema_order(alert, ALERT_ORDER)
    assert ALERT_REQUIRED <= set(children(alert))
    values = {local(child): (child.text or "") for child in alert if len(child) == 0}
    for name in ("status", "msgType", "scope"):
        assert values[name] in ENUMS[name]
    assert CAP_TIME.match(values["sent"])
    assert not set(values["sender"]) & set(" ,<&")
    infos = alert.findall("cap:info", NS)
    assert len(infos) == 1
    info = infos[0]
    assert_in_schema_order(info, INFO_ORDER)
    assert INFO_REQUIRED <= set(children(info))
    for name in ("category", "urgency", "severity", "certainty"):
        for element in info.findall(f"cap:{name}", NS):
            assert element.text in ENUMS[name], (name, element.text)
    for name in ("onset", "expires"):
        assert CAP_TIME.match(info.findtext(f"cap:{name}", namespaces=NS))
    for pair in info.findall("cap:eventCode", NS) + info.findall("cap:parameter", NS):
        assert children(pair) == ["valueName", "value"]
    areas = info.findall("cap:area", NS)
    assert areas
    for area in areas:
        assert_in_schema_order(area, AREA_ORDER)
        assert area.findtext("cap:areaDesc", namespaces=NS)
    return values


def event_codes(alert) -> dict:
    return {pair.findtext("cap:valueName", namespaces=NS): pair.findtext("cap:value", namespaces=NS)
            for pair in alert.findall("cap:info/cap:eventCode", NS)}


def fetch_alert(client, warning):
    response = client.get(f"/api/v1/public/warnings/{warning.identifier}.cap")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/cap+xml")
    return ET.fromstring(response.content)


def fetch_feed(client):
    response = client.get(FEED_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_each_alert_is_a_complete_cap_document_with_the_level_mapped(world, client, level):
    warning = make_warning(world, State.PUBLISHED, level=level, polygon=POLYGON)
    alert = fetch_alert(client, warning)  # no login
    values = check_alert(alert)
    assert values["identifier"] == warning.identifier
    assert values["sender"] == warning.identifier[:14]
    assert (values["status"], values["msgType"], values["scope"]) == ("Actual", "Alert", "Public")
    assert "references" not in values
    info = alert.find("cap:info", NS)
    assert info.findtext("cap:language", namespaces=NS) == "zh-CN"
    assert info.findtext("cap:severity", namespaces=NS) == SEVERITY[level]
    assert [c.text for c in info.findall("cap:category", NS)] == ["CBRNE", "Safety"]
    assert info.findtext("cap:event", namespaces=NS) == "危险化学品泄漏预警"
    assert info.findtext("cap:senderName", namespaces=NS) == "金普新区应急管理局"
    assert info.findtext("cap:headline", namespaces=NS) == warning.headline
    assert info.findtext("cap:instruction", namespaces=NS) == warning.instruction
    assert event_codes(alert) == {"warningLevel": ["I", "II", "III", "IV"][level - 1],
                                  "warningColour": COLOUR[level], "warningCategory": "hazchem_leak"}
    assert info.findtext("cap:web", namespaces=NS).endswith(f"/public/warnings/#{warning.identifier}")


def test_polygon_is_lat_lon_pairs_in_a_closed_ring(world, client):
    warning = make_warning(world, State.PUBLISHED, polygon=POLYGON)
    polygon = fetch_alert(client, warning).findtext("cap:info/cap:area/cap:polygon", namespaces=NS)
    pairs = [tuple(map(float, pair.split(","))) for pair in polygon.split(" ")]
    assert len(pairs) >= 4 and pairs[0] == pairs[-1]
    assert pairs[0] == (39.0, 121.8)  # latitude first, unlike GeoJSON
    area = fetch_alert(client, warning).find("cap:info/cap:area", NS)
    assert area.findtext("cap:areaDesc", namespaces=NS) == "大孤山街道"
    assert area.findtext("cap:geocode/cap:value", namespaces=NS) == "210213001"


def test_without_a_polygon_the_area_outline_is_sent_and_without_either_none(world, client):
    district_wide = make_warning(world, State.PUBLISHED, area=world.district)
    polygons = fetch_alert(client, district_wide).findall("cap:info/cap:area/cap:polygon", NS)
    assert len(polygons) == 1 and polygons[0].text.startswith("38.9,121.4 ")
    street = make_warning(world, State.PUBLISHED)  # the test street has no outline
    assert not fetch_alert(client, street).findall("cap:info/cap:area/cap:polygon", NS)


def test_multipolygon_gives_one_cap_polygon_per_part(world, client):
    second = [[[121.70, 39.10], [121.72, 39.10], [121.72, 39.12], [121.70, 39.12], [121.70, 39.10]]]
    geometry = {"type": "MultiPolygon", "coordinates": [POLYGON["coordinates"], second]}
    warning = make_warning(world, State.PUBLISHED, polygon=geometry)
    assert len(fetch_alert(client, warning).findall("cap:info/cap:area/cap:polygon", NS)) == 2


def publish_successor(world, original, msg_type):
    successor = services.do_draft_successor(original, msg_type, user=world.district_user)
    transition(successor, "submit", world.district_user)
    transition(successor, "approve", world.admin)
    return successor


def test_update_and_cancel_reference_every_earlier_message(world, client):
    original = make_warning(world, State.PUBLISHED)
    update = publish_successor(world, original, MsgType.UPDATE)
    cancel = publish_successor(world, update, MsgType.CANCEL)
    sender = original.identifier[:14]

    values = check_alert(fetch_alert(client, update))
    assert values["msgType"] == "Update"
    assert values["references"] == f"{sender},{original.identifier},{cap.cap_time(original.sent)}"

    alert = fetch_alert(client, cancel)
    values = check_alert(alert)
    assert values["msgType"] == "Cancel"
    references = values["references"].split(" ")
    assert [r.split(",")[1] for r in references] == [original.identifier, update.identifier]
    for reference in references:
        sender_part, identifier, sent = reference.split(",")
        assert sender_part == sender and CAP_TIME.match(sent)
    assert values["note"] == cancel.description
    assert alert.findtext("cap:info/cap:urgency", namespaces=NS) == "Past"


def test_the_feed_is_atom_with_every_message_in_force_inline(world, client):
    current = make_warning(world, State.PUBLISHED, level=2)
    make_warning(world)  # draft
    make_warning(world, State.PENDING)
    expire(make_warning(world, State.PUBLISHED, headline="已过期"))
    replaced = make_warning(world, State.PUBLISHED, headline="被更新")
    update = publish_successor(world, replaced, MsgType.UPDATE)
    ended = make_warning(world, State.PUBLISHED, headline="被解除")
    cancel = publish_successor(world, ended, MsgType.CANCEL)

    feed = fetch_feed(client)
    assert feed.tag == f"{{{NS['atom']}}}feed"
    for name in ("id", "title", "updated"):
        assert feed.findtext(f"atom:{name}", namespaces=NS)
    assert feed.find("atom:link[@rel='self']", NS).get("href") == f"http://testserver{FEED_URL}"
    entries = feed.findall("atom:entry", NS)
    alerts = {}
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"atom:{name}", namespaces=NS)
        content = entry.find("atom:content", NS)
        assert content.get("type") == "application/cap+xml" and len(content) == 1
        values = check_alert(content[0])
        link = entry.find("atom:link[@rel='alternate']", NS)
        assert link.get("type") == "application/cap+xml"
        assert link.get("href") == f"http://testserver/api/v1/public/warnings/{values['identifier']}.cap"
        alerts[values["identifier"]] = values["msgType"]
    assert alerts == {current.identifier: "Alert", update.identifier: "Update", cancel.identifier: "Cancel"}


def test_an_empty_feed_is_still_a_valid_atom_document(world, client):
    feed = fetch_feed(client)
    assert not feed.findall("atom:entry", NS) and feed.findtext("atom:updated", namespaces=NS)


def test_only_messages_that_went_out_are_served_one_by_one(world, client):
    for state in (State.DRAFT, State.PENDING, State.DISCARDED):
        warning = make_warning(world, state)
        assert client.get(f"/api/v1/public/warnings/{warning.identifier}.cap").status_code == 404
    replaced = make_warning(world, State.SUPERSEDED)
    assert check_alert(fetch_alert(client, replaced))["identifier"] == replaced.identifier
    assert client.get("/api/v1/public/warnings/nonsense.cap").status_code == 404


def test_configured_sender_status_and_base_url_are_used(world, client, settings):
    settings.WORKSAFETY_CAP_SENDER = "aq.example.gov.cn"
    settings.WORKSAFETY_CAP_STATUS = "Exercise"
    settings.WORKSAFETY_BASE_URL = "https://aq.example.gov.cn"
    warning = make_warning(world, State.PUBLISHED)
    feed = fetch_feed(client)
    values = check_alert(feed.find("atom:entry/atom:content/cap:alert", NS))
    assert (values["sender"], values["status"]) == ("aq.example.gov.cn", "Exercise")
    assert feed.find("atom:entry/atom:link", NS).get("href") == (
        f"https://aq.example.gov.cn/api/v1/public/warnings/{warning.identifier}.cap")


def test_text_is_escaped_not_injected(world, client):
    warning = make_warning(world, State.PUBLISHED, headline="<b>泄漏</b> & 撤离", description="]]><x/>")
    info = fetch_alert(client, warning).find("cap:info", NS)
    assert info.findtext("cap:headline", namespaces=NS) == "<b>泄漏</b> & 撤离"
    assert info.findtext("cap:description", namespaces=NS) == "]]><x/>"
    assert Warning.objects.count() == 1
