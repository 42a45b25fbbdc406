from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def query_with(query, **changes):
    """The current query string with some parameters replaced (keeps the filters when paging or sorting)."""
    params = query.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def sort_toggle(column, current):
    return f"-{column}" if current == column else column


@register.filter
def cell(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return value
