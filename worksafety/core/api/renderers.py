import json

from rest_framework import renderers
from rest_framework.renderers import BaseRenderer

from worksafety.core.xlsx import XLSX_CONTENT_TYPE


class XLSXRenderer(BaseRenderer):
    """Lets `?format=xlsx` pass content negotiation; `ScopedModelViewSet.list` builds the workbook itself
    from the filtered queryset and the page's table, so the API export equals the page export."""

    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        # Errors (400/404) on an xlsx request are answered as JSON, and labelled so.
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return json.dumps(data, ensure_ascii=False).encode()


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """The browsable API without DRF's HTML forms for POST, PUT and PATCH and without its filter form: rendering
    either lists every choice of every related field (all of a district's enterprises, inspections, users …), a
    thousand queries and seconds per page. The raw JSON form stays for writing from the browser, and filters are
    the query string the list pages show, as in NetBox."""

    def get_filter_form(self, data, view, request):
        return None

    def get_rendered_html_form(self, data, view, method, request):
        if method in {"POST", "PUT", "PATCH"}:
            return None
        return super().get_rendered_html_form(data, view, method, request)
