from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from worksafety.core.scoping import OutOfScope


def exception_handler(exc, context):
    """Model validation errors become 400 with field errors; acting out of scope is 404, as for pages."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, OutOfScope):
        exc = Http404()
    return drf_exception_handler(exc, context)
