"""Pages of 双随机 draws: announcing, drawing, cancelling and verifying, through
`enforcement.draws.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectListView, add_errors
from worksafety.core.scoping import ADD, VIEW, can, get_scoped_or_404
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.draws.filtersets import DrawFilterSet
from worksafety.enforcement.draws.forms import DrawForm
from worksafety.enforcement.draws.models import Draw, DrawPick
from worksafety.enforcement.draws.tables import DrawTable
from worksafety.enforcement.views import act


class DrawListView(ObjectListView):
    queryset = Draw.objects.all()
    filterset = DrawFilterSet
    table = DrawTable
    add_url = "draw_add"


@login_required
def draw_announce(request):
    if not can(request.user, Draw, ADD):
        raise Http404
    form = DrawForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = draws.do_announce_draw(
                form.draw(), user=request.user, filters=form.filters(), roster=data["roster"],
                count=data["count"], share_percent=data["share_percent"],
                extra_avoidances=data["extra_avoidances"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, gettext("已公告。承诺值已固定，抽取时公开随机数。"))
            return redirect("draw_detail", pk=draw.pk)
    return render(request, "generic/object_edit.html", {"form": bootstrapify(form), "title": gettext("公告双随机抽查")})


class DrawDetailView(ObjectDetailView):
    queryset = Draw.objects.select_related("plan", "announced_by", "drawn_by")
    template_name = "enforcement/draw_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        picks = (DrawPick.objects.restrict(user, VIEW).filter(draw=obj)
                 .select_related("enterprise").prefetch_related("inspectors"))
        context.update(
            picks=picks, announced=obj.status == DrawStatus.ANNOUNCED,
            roster=obj.roster.order_by("pk"), filters=draws.filter_summary(obj.filters),
            verification=draws.verify(obj) if self.request.GET.get("verify") else None,
        )
        return context


@login_required
@require_POST
def draw_run(request, pk):
    draw = get_scoped_or_404(Draw, request.user, VIEW, pk=pk)
    act(request, draws.do_run_draw, draw, success=gettext("已抽取，结果已公示。"))
    return redirect("draw_detail", pk=draw.pk)


@login_required
@require_POST
def draw_cancel(request, pk):
    draw = get_scoped_or_404(Draw, request.user, VIEW, pk=pk)
    act(request, draws.do_cancel_draw, draw, reason=request.POST.get("reason", "")[:2000],
         success=gettext("已作废。"))
    return redirect("draw_detail", pk=draw.pk)
