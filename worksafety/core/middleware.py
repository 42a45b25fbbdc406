import uuid

from worksafety.core import audit


class RequestContextMiddleware:
    """Stamps each request with an id and makes the user and address available to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = str(uuid.uuid4())
        with audit.request_context(request):
            return self.get_response(request)
