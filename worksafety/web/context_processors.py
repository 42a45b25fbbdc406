import functools
import re

from django.conf import settings
from django.utils.translation import gettext

from worksafety.core.demo import is_demo
from worksafety.core.notifications import unread_count
from worksafety.emergency.warnings.services import default_issuer
from worksafety.web.navigation import menu_for

# 公安机关互联网站安全管理服务平台: the filing number's query page, by its digits.
PSB_QUERY_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


def site_footer() -> dict:
    """The public pages' footer (settings WORKSAFETY_SITE_*): 主办单位 (default: the district bureau), contact and
    the filing numbers, each shown only when set."""
    psb = settings.WORKSAFETY_PSB_NUMBER
    return {"owner": settings.WORKSAFETY_SITE_OWNER or default_issuer(), "contact": settings.WORKSAFETY_SITE_CONTACT,
            "icp": settings.WORKSAFETY_ICP_NUMBER, "psb": psb,
            "psb_url": PSB_QUERY_URL.format(code=re.sub(r"\D", "", psb)) if psb else ""}


def platform(request):
    user = getattr(request, "user", None)
    context = {"platform_name": gettext("安全生产风险防控与应急管理平台"), "tile_url": settings.WORKSAFETY_TILE_URL,
               # Called (once) only by the templates that show the public footer.
               "site_footer": functools.cache(site_footer)}
    if user is not None and user.is_authenticated:
        context["menu"] = menu_for(user, request.path)
        context["demo_data"] = is_demo()
        # The bell's count: a callable (templates call it) cached for the request, so partial HTMX responses
        # that never show the bell cost no query and the page that does costs one.
        context["unread_notifications"] = functools.cache(functools.partial(unread_count, user))
    return context
