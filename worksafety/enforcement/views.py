"""What the pages of the enforcement sub-domains share."""

from worksafety.core.generic_views import run_service


def act(request, service, *args, success: str, **kwargs):
    """Run a service on behalf of the page's user (`core.generic_views.run_service`)."""
    return run_service(request, lambda: service(*args, user=request.user, **kwargs), success)
