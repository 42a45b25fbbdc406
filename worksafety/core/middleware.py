import functools
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404

from worksafety.core import audit
from worksafety.core.scoping import OutOfScope


class RequestContextMiddleware:
    """Stamps each request with an id and makes the user and address available to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = str(uuid.uuid4())
        with audit.request_context(request):
            return self.get_response(request)


class OutOfScopeMiddleware:
    """A page that asks for an object out of the user's scope answers 404, as if it did not exist: views and
    services raise OutOfScope (core.scoping.require, get_scoped_or_404) and never catch it themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OutOfScope):
            raise Http404 from exception
        return None


def tile_source(tile_url: str) -> str:
    """The CSP source of a Leaflet tile URL template: its scheme and host, the leading labels with a {s}-style
    placeholder as a wildcard (`https://t{s}.tianditu.gov.cn/…` → `https://*.tianditu.gov.cn`); "" for a
    relative URL (the platform's own origin) or none."""
    parts = urlsplit(tile_url)
    if not parts.scheme or not parts.netloc:
        return ""
    labels = parts.netloc.rpartition("@")[2].split(".")
    fixed = [label for label in labels if "{" not in label]
    if labels[len(labels) - len(fixed):] != fixed:  # a placeholder after a fixed label: CSP cannot say that
        return f"{parts.scheme}:"
    return f"{parts.scheme}://" + ".".join(["*"] * (len(fixed) < len(labels)) + fixed)


@functools.lru_cache
def content_security_policy(tile_url: str) -> str:
    images = " ".join(filter(None, ["'self' data: blob:", tile_source(tile_url)]))
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", f"img-src {images}",
        "connect-src 'self'", "font-src 'self' data:", "object-src 'none'", "base-uri 'self'",
        "frame-ancestors 'none'", "form-action 'self'",
    ])


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy with no inline script and no eval: scripts come only from the platform's
    static files and read their data from JSON blocks and data- attributes, so stored text that reaches a page
    (a park name, an incident title …) can never run as script. Styles may be inline (Leaflet, ECharts, HTMX set
    them); images may come from the tile server of WORKSAFETY_TILE_URL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", content_security_policy(settings.WORKSAFETY_TILE_URL))
        return response
