"""The public side of 举报, no login: the form (with the offline captcha), the tracking code it returns, and
the status page, which shows the state and the public replies only."""

import json

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import add_errors
from worksafety.core.http import client_address
from worksafety.tipoffs import captcha, forms, services
from worksafety.tipoffs.models import TipOff


def _district_outline():
    root = services.district_root()
    return json.dumps(root.outline if root and root.outline else None)


@never_cache
@require_http_methods(["GET", "POST"])
def tipoff_form(request):
    form = forms.PublicTipOffForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not captcha.check(request.session, data["captcha"]):
            form.add_error("captcha", gettext("验证码不正确或已过期，请重新输入。"))
        else:
            try:
                tipoff = services.do_submit_tipoff(
                    category=data["category"], content=data["content"], address=client_address(request),
                    anonymous=data["anonymous"], name=data["name"], phone=data["phone"], place=data["place"],
                    lat=data["lat"], lon=data["lon"], reported_enterprise=data["reported_enterprise"],
                    area=data["area"], photos=data["photos"] or ())
            except ValidationError as error:
                add_errors(form, error)
            else:
                return render(request, "tipoffs/public_done.html", {"tipoff": tipoff, "title": gettext("举报已受理")})
    elif request.method == "POST":
        captcha.check(request.session, "")  # a failed form uses its challenge up, too
    return render(request, "tipoffs/public_form.html", {"form": bootstrapify(form), "title": gettext("安全生产举报"),
                                                        "outline": _district_outline()})


@never_cache
def captcha_image(request):
    """A new challenge on every load; the form's 换一张 link just reloads the image."""
    return HttpResponse(captcha.render_png(captcha.new_challenge(request.session)), content_type="image/png")


@never_cache
def tipoff_status(request, code=None):
    code = code or request.GET.get("code", "")
    if not code:
        return render(request, "tipoffs/public_status.html", {"title": gettext("举报办理查询")})
    normalised = services.normalise_code(code)
    if normalised and normalised != code:
        return redirect("public_tipoff_status_code", code=normalised)
    tipoff = TipOff.objects.filter(tracking_code=normalised).first() if normalised else None
    return render(request, "tipoffs/public_status.html", {
        "title": gettext("举报办理查询"), "code": code, "tipoff": tipoff,
        "replies": tipoff.events.exclude(public_reply="").order_by("at") if tipoff else (),
    }, status=200 if tipoff else 404)
