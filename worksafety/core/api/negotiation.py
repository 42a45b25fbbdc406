from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation

from worksafety.core.api.renderers import XLSXRenderer


def offers_xlsx(view, method: str) -> bool:
    """Whether a request with this method to this view may be answered in xlsx: a GET (or HEAD) whose view
    answers `exports_xlsx()` true. Content negotiation and the OpenAPI schema (core.api.schema) both ask."""
    exports = getattr(view, "exports_xlsx", None)
    return method in ("GET", "HEAD") and exports is not None and exports()


class ContentNegotiation(DefaultContentNegotiation):
    """`?format=xlsx` (or an Accept of the xlsx type) is offered only where the view builds a workbook for this
    request: a GET whose view answers `exports_xlsx()` true (a list with its page's table). Anywhere else — a
    detail, an action, a write — it is 406 with a message, before the view runs: no JSON labelled as a
    spreadsheet, no crash, nothing changed."""

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer, media_type = super().select_renderer(request, renderers, format_suffix)
        if renderer.format == XLSXRenderer.format:
            if not offers_xlsx(request.parser_context.get("view"), request.method):
                raise exceptions.NotAcceptable(gettext("此接口不提供 xlsx 导出：只有列表可以用 ?format=xlsx 导出。"))
        return renderer, media_type
