from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from worksafety.core.api.negotiation import offers_xlsx
from worksafety.core.api.renderers import XLSXRenderer


class AutoSchema(SpectacularAutoSchema):
    """The OpenAPI schema lists the xlsx response type (and `?format=xlsx`) only on the operations that answer
    it — a list GET whose view exports (`offers_xlsx`, as content negotiation decides); elsewhere it is 406."""

    def map_renderers(self, attribute):
        renderers = super().map_renderers(attribute)
        if offers_xlsx(self.view, self.method):
            return renderers
        return [r for r in renderers if r != getattr(XLSXRenderer, attribute)]
