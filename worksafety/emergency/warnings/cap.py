"""Warnings as CAP 1.2 (OASIS Common Alerting Protocol, namespace urn:oasis:names:tc:emergency:cap:1.2),
built with the standard library's ElementTree.

Element order follows the CAP 1.2 schema's sequences (§3.2.1 alert, §3.2.2 info, §3.2.4 area), so strict
consumers that validate against the XSD accept it. Times are CAP `dateTime` with an explicit offset and no
fractional seconds (§3.3.2), given in Beijing time as GB/T 35965.1 A.1.3.2 does (2026-11-29T08:00:00+08:00).

What GB/T 35965.1-2018 says beyond CAP was only partly found (docs/design.md): the identifier follows its
附录A; the Chinese level is sent three ways so nothing is lost whatever a consumer reads — CAP `severity` by
the mapping in choices.LEVELS, and eventCodes `warningLevel` (I–IV) and `warningColour`
(red/orange/yellow/blue).

The feed (`/api/v1/public/warnings.cap`) is an Atom 1.0 document (RFC 4287) with one entry per message in
force; each entry links its standalone CAP document and also carries the whole `alert` inline as
`<content type="application/cap+xml">` (RFC 4287 §4.1.3.3: an XML media type's content is its element).
"""

import xml.etree.ElementTree as ET
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from worksafety.emergency.warnings.choices import LEVELS, Category, Level, MsgType
from worksafety.emergency.warnings.identifiers import BEIJING

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"
CAP_MEDIA_TYPE = "application/cap+xml"
ATOM_MEDIA_TYPE = "application/atom+xml"
LANGUAGE = "zh-CN"

# CAP 1.2 §3.2.2 category values for ours: a chemical release is CBRNE, a fire or explosion Fire; a
# natural-hazard-triggered (Natech) accident does not say which hazard, so it is the general Safety.
CAP_CATEGORIES = {
    Category.HAZCHEM_LEAK: ("CBRNE", "Safety"),
    Category.FIRE_EXPLOSION: ("Fire", "Safety"),
    Category.TOXIC_GAS: ("CBRNE", "Safety"),
    Category.NATURAL_TRIGGERED: ("Safety",),
    Category.OTHER: ("Safety",),
}
CAP_STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")

def cap_time(value: datetime) -> str:
    return value.astimezone(BEIJING).replace(microsecond=0).isoformat()


def cap_sender(warning) -> str:
    """CAP `sender`: the setting, else the 14-digit 发布单位代码 the identifier starts with (unique nationally,
    and free of the spaces, commas and < & that §3.2.1 forbids)."""
    return settings.WORKSAFETY_CAP_SENDER or warning.identifier[:14]


def _sub(parent, name: str, text=None, **attributes):
    element = ET.SubElement(parent, name, attributes)
    if text is not None:
        element.text = str(text)
    return element


def _value_pair(parent, name: str, value_name: str, value: str) -> None:
    pair = _sub(parent, name)
    _sub(pair, "valueName", value_name)
    _sub(pair, "value", value)


def references(warning) -> list:
    """The earlier messages of this line, oldest first (an Update of an Update names them all)."""
    chain, current = [], warning.references
    while current is not None:
        chain.append(current)
        current = current.references
    return chain[::-1]


def polygons(warning) -> list[str]:
    """CAP polygons ("lat,lon lat,lon …", closed, WGS-84) from the warning's GeoJSON, else its area's outline.
    CAP has no holes: only each polygon's outer ring is sent."""
    geometry = warning.polygon or warning.area.outline
    if not geometry:
        return []
    outlines = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    result = []
    for outline in outlines:
        ring = [(float(lon), float(lat)) for lon, lat in outline[0]]
        if ring[0] != ring[-1]:
            ring.append(ring[0])
        result.append(" ".join(f"{lat},{lon}" for lon, lat in ring))
    return result


def alert_element(warning, *, web: str = ""):
    """The `alert` element of one message that has gone out (it has its identifier and `sent`)."""
    info_level = LEVELS[Level(warning.level)]
    sender = cap_sender(warning)
    # Each document root declares its namespace as the default (an `alert` inside an Atom entry redeclares
    # it), so both the standalone alert and the feed read as plain CAP and plain Atom to simple consumers.
    alert = ET.Element("alert", xmlns=CAP_NS)
    _sub(alert, "identifier", warning.identifier)
    _sub(alert, "sender", sender)
    _sub(alert, "sent", cap_time(warning.sent))
    _sub(alert, "status", settings.WORKSAFETY_CAP_STATUS)
    _sub(alert, "msgType", warning.msg_type)
    _sub(alert, "scope", "Public")
    if warning.msg_type == MsgType.CANCEL:
        _sub(alert, "note", warning.description)  # §3.2.1: a Cancel's note says why
    earlier = references(warning)
    if earlier:
        # §3.2.1: space-separated "sender,identifier,sent" of each earlier message.
        listed = (f"{cap_sender(m)},{m.identifier},{cap_time(m.sent)}" for m in earlier)
        _sub(alert, "references", " ".join(listed))

    info = _sub(alert, "info")
    _sub(info, "language", LANGUAGE)
    for category in CAP_CATEGORIES[Category(warning.category)]:
        _sub(info, "category", category)
    _sub(info, "event", f"{Category(warning.category).label}预警")
    # A Cancel asks for no more action (urgency Past); the level's severity stays, to say what ended.
    _sub(info, "urgency", "Past" if warning.msg_type == MsgType.CANCEL else warning.urgency)
    _sub(info, "severity", info_level.severity)
    _sub(info, "certainty", warning.certainty)
    _value_pair(info, "eventCode", "warningLevel", info_level.ascii)
    _value_pair(info, "eventCode", "warningColour", info_level.colour)
    _value_pair(info, "eventCode", "warningCategory", warning.category)
    _sub(info, "onset", cap_time(warning.onset))
    _sub(info, "expires", cap_time(warning.expires))
    _sub(info, "senderName", warning.issuer)
    _sub(info, "headline", warning.headline)
    _sub(info, "description", warning.description)
    _sub(info, "instruction", warning.instruction)
    if web:
        _sub(info, "web", web)
    _value_pair(info, "parameter", "预警级别", str(warning.level_short))
    _value_pair(info, "parameter", "发布机关", warning.issuer)

    area = _sub(info, "area")
    _sub(area, "areaDesc", warning.area_text)
    for polygon in polygons(warning):
        _sub(area, "polygon", polygon)
    _value_pair(area, "geocode", "areaCode", warning.area.code)
    return alert


def to_bytes(root) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def alert_document(warning, *, web: str = "") -> bytes:
    return to_bytes(alert_element(warning, web=web))


def feed_document(warnings, *, feed_url: str, page_url: str, alert_url, title: str, author: str) -> bytes:
    """The Atom index of the messages in force; `alert_url(warning)` is the absolute URL of one CAP
    document."""
    warnings = list(warnings)
    feed = ET.Element("feed", xmlns=ATOM_NS)
    _sub(feed, "id", feed_url)
    _sub(feed, "title", title)
    updated = max((w.sent for w in warnings), default=None) or timezone.now()
    _sub(feed, "updated", cap_time(updated))
    _sub(_sub(feed, "author"), "name", author)
    _sub(feed, "link", rel="self", href=feed_url, type=ATOM_MEDIA_TYPE)
    _sub(feed, "link", rel="alternate", href=page_url, type="text/html")
    for warning in warnings:
        entry = _sub(feed, "entry")
        url = alert_url(warning)
        _sub(entry, "id", url)
        _sub(entry, "title", f"{warning.level_short}：{warning.headline}")
        _sub(entry, "updated", cap_time(warning.sent))
        _sub(_sub(entry, "author"), "name", warning.issuer)
        _sub(entry, "link", rel="alternate", href=url, type=CAP_MEDIA_TYPE)
        _sub(entry, "summary", warning.description[:200])
        content = _sub(entry, "content", type=CAP_MEDIA_TYPE)
        content.append(alert_element(warning, web=f"{page_url}#{warning.identifier}"))
    return to_bytes(feed)
