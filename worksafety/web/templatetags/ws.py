from datetime import date, datetime

from django import template
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from worksafety.core.scoping import VIEW, can

register = template.Library()


@register.filter
def may_view(user, model_label: str) -> bool:
    """Whether the user's role may view that kind of record ("core.auditentry"), by the permission table
    (core.scoping): a link to its pages is drawn only then."""
    return can(user, apps.get_model(model_label), VIEW)


@register.simple_tag
def query_with(query, **changes):
    """The current query string with some parameters replaced (keeps the filters when paging or sorting)."""
    params = query.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.inclusion_tag("generic/_export_link.html")
def export_link(query, count):
    """The export button of a paginated list: every row the filters select, on all pages, so the link drops the
    page and says how many rows it downloads (at most WORKSAFETY_MAX_EXPORT_ROWS)."""
    params = query.copy()
    for key in ("page", "per_page"):
        params.pop(key, None)
    params["export"] = "xlsx"
    limit = settings.WORKSAFETY_MAX_EXPORT_ROWS
    return {"query": params.urlencode(), "count": min(count, limit), "total": count, "capped": count > limit}


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
