import functools

from django.conf import settings
from django.utils.translation import gettext

from worksafety.web.navigation import menu_for


def platform(request):
    user = getattr(request, "user", None)
    context = {"platform_name": gettext("安全生产风险防控与应急管理平台"), "tile_url": settings.WORKSAFETY_TILE_URL}
    if user is not None and user.is_authenticated:
        from worksafety.web.demo import is_demo

        context["menu"] = menu_for(user, request.path)
        context["demo_data"] = is_demo()
        # The bell's count: a callable (templates call it) cached for the request, so partial HTMX responses
        # that never show the bell cost no query and the page that does costs one.
        from worksafety.core.notifications import unread_count

        context["unread_notifications"] = functools.cache(functools.partial(unread_count, user))
    return context
