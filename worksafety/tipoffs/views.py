"""Staff pages for tip-offs: the list, one tip-off with its handling steps, hazards made from it, the
reporter's identity for reward handlers, rewards, and the district's settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from worksafety.core.attachments import attachments_for
from worksafety.core.choices import Role
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView, run_service
from worksafety.core.models import User
from worksafety.core.scoping import CHANGE, VIEW, can, get_scoped_or_404
from worksafety.core.workflow import transition
from worksafety.hazards.choices import Source
from worksafety.hazards.choices import State as HazardState
from worksafety.hazards.models import Hazard
from worksafety.hazards.views import HazardRegisterView
from worksafety.tipoffs import filtersets, forms, services, tables, workflow
from worksafety.tipoffs.choices import State
from worksafety.tipoffs.models import RewardHandler, RewardProposal, TipOff, TipOffPolicy


class TipOffListView(ObjectListView):
    queryset = TipOff.objects.select_related("area", "enterprise")
    filterset = filtersets.TipOffFilterSet
    table = tables.TipOffTable


class TipOffDetailView(ObjectDetailView):
    queryset = TipOff.objects.select_related("area", "enterprise", "sector", "park", "hazard")
    template_name = "tipoffs/tipoff_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user, can_change = self.request.user, context["can_change"]
        open_for_work = obj.state in (State.RECEIVED, State.INVESTIGATING)
        context.update(
            title=gettext("举报 %(code)s") % {"code": obj.tracking_code},
            events=obj.events.select_related("actor"),
            photos=attachments_for(obj),
            steps=[(step, bootstrapify(forms.TransitionForm(auto_id=f"{step.action}-%s")))
                   for step in (workflow.TIPOFFS.available(obj, user) if can_change else [])],
            assign_form=(bootstrapify(forms.AssignForm(user=user, initial={"enterprise": obj.enterprise_id}))
                         if can_change and open_for_work and workflow.may_extend(user) else None),
            extend_form=(bootstrapify(forms.ExtendForm())
                         if can_change and workflow.may_extend(user) and not obj.extended
                         and obj.state != State.CLOSED else None),
            reply_form=bootstrapify(forms.ReplyForm()) if can_change and obj.state != State.CLOSED else None,
            may_link_hazard=can_change and obj.state == State.SUBSTANTIATED and not obj.hazard_id,
            linkable_hazards=(Hazard.objects.restrict(user, VIEW).filter(enterprise_id=obj.enterprise_id)
                              .exclude(state=HazardState.CLOSED) if obj.enterprise_id else Hazard.objects.none()),
            rewards=obj.rewards.select_related("proposed_by", "decided_by"),
            reward_form=(bootstrapify(forms.RewardForm()) if can_change and obj.substantiated
                         and can(user, RewardProposal, CHANGE) else None),
            is_reward_handler=services.is_reward_handler(user),
            has_identity=bool(obj.identity_ciphertext),
        )
        return context


def _tipoff_for(request, pk, action=CHANGE):
    return get_scoped_or_404(TipOff, request.user, action, pk=pk)


def _run(request, tipoff, do, success: str):
    """Run a service step; a refusal comes back as a message on the tip-off's page."""
    run_service(request, do, success)
    return redirect("tipoff_detail", pk=tipoff.pk)


def _posted_id(request, name: str) -> int:
    """A posted object id; anything that is not one finds nothing (404), not a server error."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


def _form_errors(form) -> str:
    return "；".join(e for errors in form.errors.values() for e in errors)


def _form_step(request, pk, form, success: str, do):
    """A step posted from the tip-off's page: the form's data handed to the service `do(tipoff, user=…,
    **data)`; a bad form or a refused step comes back as a message on the page."""
    tipoff = _tipoff_for(request, pk)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("tipoff_detail", pk=tipoff.pk)
    return _run(request, tipoff, lambda: do(tipoff, user=request.user, **form.cleaned_data), success)


@login_required
@require_POST
def tipoff_transition(request, pk, action):
    return _form_step(request, pk, forms.TransitionForm(request.POST), gettext("已办理。"),
                      lambda tipoff, user, **data: transition(tipoff, action, user, **data))


@login_required
@require_POST
def tipoff_assign(request, pk):
    return _form_step(request, pk, forms.AssignForm(request.POST, user=request.user), gettext("已分派。"),
                      services.do_assign)


@login_required
@require_POST
def tipoff_extend(request, pk):
    return _form_step(request, pk, forms.ExtendForm(request.POST), gettext("已延期。"), services.do_extend)


@login_required
@require_POST
def tipoff_reply(request, pk):
    return _form_step(request, pk, forms.ReplyForm(request.POST), gettext("已答复举报人。"), services.do_reply)


@login_required
@require_POST
def tipoff_link_hazard(request, pk):
    tipoff = _tipoff_for(request, pk)
    hazard = get_scoped_or_404(Hazard, request.user, VIEW, pk=_posted_id(request, "hazard"))
    return _run(request, tipoff, lambda: services.do_link_hazard(tipoff, hazard, user=request.user),
                gettext("已关联隐患。"))


class TipOffHazardView(HazardRegisterView):
    """登记隐患 from a substantiated tip-off: the hazard form, preset with the tip-off's enterprise and text."""

    def dispatch(self, request, *args, tipoff_pk=None, **kwargs):
        if request.user.is_authenticated:
            self.tipoff = _tipoff_for(request, tipoff_pk)
            if self.tipoff.state != State.SUBSTANTIATED or self.tipoff.hazard_id:
                messages.error(request, gettext("只有核查属实且尚未关联隐患的举报可以登记隐患。"))
                return redirect("tipoff_detail", pk=self.tipoff.pk)
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, instance, data=None, files=None):
        form = super().make_form(instance, data, files)
        tipoff = self.tipoff
        # Never the tracking code: the enterprise reads its hazards, and the code would let it follow the
        # reporter's case on the public status page.
        reference = gettext("举报 #%(id)s") % {"id": tipoff.pk}
        form.initial.update(source=Source.TIPOFF, source_reference=reference,
                            description=tipoff.conclusion or tipoff.content, enterprise=tipoff.enterprise_id)
        if data is not None:  # the tip-off decides these, whatever is posted
            data = data.copy()
            data.update(source=Source.TIPOFF, source_reference=reference)
            form.data = data
        return form

    def save(self, obj, m2m):
        services.do_register_hazard(self.tipoff, obj, user=self.request.user,
                                    files=self.cleaned_data.get("attachments", ()))


@login_required
@require_POST
def tipoff_identity(request, pk):
    """The reporter's identity, shown once on a page of its own to a reward handler (audited)."""
    tipoff = _tipoff_for(request, pk, VIEW)
    identity = services.reveal_identity(tipoff, user=request.user)
    return render(request, "tipoffs/identity.html", {"object": tipoff, "identity": identity,
                                                     "title": gettext("举报人信息")})


@login_required
@require_POST
def tipoff_propose_reward(request, pk):
    return _form_step(request, pk, forms.RewardForm(request.POST), gettext("已提出奖励建议，待经办人审批。"),
                      services.do_propose_reward)


@login_required
@require_POST
def tipoff_decide_reward(request, pk):
    proposal = get_scoped_or_404(RewardProposal, request.user, VIEW, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "refuse"):
        return HttpResponseBadRequest(gettext("审批结论须为批准或不批准。"))
    return _run(request, proposal.tipoff,
                lambda: services.do_decide_reward(proposal, user=request.user, approve=decision == "approve",
                                                  comment=request.POST.get("comment", "")[:2000]),
                gettext("已审批。"))


class PolicyEditView(ObjectEditView):
    """The district's tip-off settings: time limits, intake limits, reward rules, and the reward handlers."""

    queryset = TipOffPolicy.objects.all()
    form_class = forms.PolicyForm
    template_name = "tipoffs/settings.html"

    def get_instance(self, pk):
        if not can(self.request.user, TipOffPolicy, CHANGE):
            raise Http404
        return TipOffPolicy.current()

    def render_form(self, form, instance):
        handlers = RewardHandler.objects.select_related("user")
        candidates = User.objects.restrict(self.request.user).filter(role=Role.DISTRICT, is_active=True) \
            .exclude(reward_handler__isnull=False)
        return render(self.request, self.template_name, {"form": form, "object": instance,
                                                         "title": gettext("举报办理设置"), "handlers": handlers,
                                                         "candidates": candidates})

    def success_url(self, obj):
        return reverse("tipoff_settings")


@login_required
@require_POST
def reward_handlers(request):
    """Designate (or withdraw) a district login as reward handler."""
    if not can(request.user, RewardHandler, CHANGE):
        raise Http404
    user = get_object_or_404(User.objects.restrict(request.user).filter(role=Role.DISTRICT),
                             pk=_posted_id(request, "user"))
    try:
        if request.POST.get("remove"):
            services.do_withdraw_reward_handler(user, by=request.user)
        else:
            services.do_designate_reward_handler(user, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("tipoff_settings")
