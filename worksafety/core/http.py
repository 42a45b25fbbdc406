"""The client's address: one rule for the audit log, tip-off rate limits and anything else that records it.

`WORKSAFETY_CLIENT_IP_HEADER` names the request.META key that holds it: `REMOTE_ADDR` (the default, no proxy in
front) or the header the reverse proxy sets and overwrites, e.g. `HTTP_X_REAL_IP` (the nginx example). For a list
header such as `HTTP_X_FORWARDED_FOR` the last entry is taken: the one our proxy appended; anything before it
came from the client. A value that is not an IP address is ignored for the peer's own address. uvicorn does not
rewrite the peer from forwarded headers (`worksafety web`), so this setting is the only place that trusts one.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    header = settings.WORKSAFETY_CLIENT_IP_HEADER
    if not header or header == "REMOTE_ADDR":
        return peer
    value = request.META.get(header, "").split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return peer
