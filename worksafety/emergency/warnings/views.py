from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import VIEW, get_scoped_or_404
from worksafety.core.workflow import transition
from worksafety.emergency.warnings import cap, filtersets, forms, services, tables, workflow
from worksafety.emergency.warnings.choices import ISSUED, Level, MsgType, State
from worksafety.emergency.warnings.models import Warning, WarningSubscription

SUCCESSOR_TYPES = {"update": MsgType.UPDATE, "cancel": MsgType.CANCEL}


class WarningListView(ObjectListView):
    queryset = Warning.objects.select_related("area")
    filterset = filtersets.WarningFilterSet
    table = tables.WarningTable
    add_url = "warning_add"
    extra_actions = (("warning_subscription", _("我的预警订阅"), "bi-bell", VIEW),)


class WarningDetailView(ObjectDetailView):
    queryset = Warning.objects.select_related("area", "references", "created_by", "approved_by")
    template_name = "emergency/warning_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user, can_change = self.request.user, context["can_change"]
        context.update(
            events=obj.events.select_related("actor"),
            steps=workflow.WARNINGS.available(obj, user) if can_change else [],
            may_edit=can_change and obj.status == State.DRAFT,
            may_draft_successor=can_change and workflow.may_draft_successor(user, obj),
            earlier=cap.references(obj),
            successors=obj.successors.restrict(user, VIEW).order_by("created"),
            issued=obj.status in ISSUED,
            drafter_may_not_approve=obj.status == State.PENDING and user.pk == obj.created_by_id,
        )
        return context


class WarningEditView(ObjectEditView):
    """Entering a draft, and editing it until it is submitted; a warning that went out is changed by an
    Update message instead."""

    queryset = Warning.objects.all()
    form_class = forms.WarningForm

    def get_instance(self, pk):
        instance = super().get_instance(pk)
        if pk is not None and instance.status != State.DRAFT:
            raise Http404
        return instance

    def save(self, obj, m2m):
        if obj._state.adding:
            services.do_create_warning(obj, user=self.request.user)
        else:
            services.do_update_draft(obj, user=self.request.user)


@login_required
@require_POST
def warning_transition(request, pk, action):
    warning = get_scoped_or_404(Warning, request.user, pk=pk)
    try:
        transition(warning, action, request.user, comment=request.POST.get("comment", "")[:2000])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, gettext("已办理：%(state)s") % {"state": warning.get_status_display()})
    return redirect("warning_detail", pk=warning.pk)


@login_required
@require_POST
def warning_successor(request, pk, kind):
    """起草更新 / 起草解除: a new draft referencing this warning, opened for editing."""
    warning = get_scoped_or_404(Warning, request.user, pk=pk)
    if kind not in SUCCESSOR_TYPES:
        raise Http404
    try:
        draft = services.do_draft_successor(warning, SUCCESSOR_TYPES[kind], user=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("warning_detail", pk=warning.pk)
    return redirect("warning_edit", pk=draft.pk)


@login_required
def warning_subscription(request):
    """我的预警订阅: which levels, in which areas, this login is told about (in its inbox, and by e-mail or SMS
    where those senders are configured)."""
    subscription = WarningSubscription.objects.filter(user=request.user).first()
    if subscription:
        initial = {"levels": subscription.levels, "areas": subscription.areas.all(),
                   "active": subscription.active}
    else:
        initial = {"levels": Level.values, "active": True}
    form = forms.SubscriptionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_subscription(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, gettext("已保存预警订阅。"))
            return redirect("warning_subscription")
    return render(request, "emergency/subscription.html", {
        "title": gettext("我的预警订阅"), "form": bootstrapify(form), "subscription": subscription})
