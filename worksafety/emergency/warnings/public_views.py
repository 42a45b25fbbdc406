"""预警信息发布, the public side, no login: the warnings in force with their colours, and links to the same
messages as JSON and as a CAP 1.2 feed."""

from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from worksafety.emergency.warnings import services
from worksafety.emergency.warnings.choices import MsgType


@never_cache
def public_warnings(request):
    messages = list(services.public_warnings())
    return render(request, "emergency/public_warnings.html", {
        "title": gettext("预警信息发布"),
        "warnings": [w for w in messages if w.msg_type != MsgType.CANCEL],
        "cancellations": [w for w in messages if w.msg_type == MsgType.CANCEL],
    })
