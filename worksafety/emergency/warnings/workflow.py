"""A warning's approval as an explicit table of transitions (ARCHITECTURE.md rule 3).

草稿 → 待审核 → 已发布, with 退回修改 (待审核 → 草稿, with the reason) and 作废 (草稿 → 已作废).

Only the district bureau writes and publishes warnings for the district. Publishing is 审核发布 by a second
person: the approver is never the drafter (four-eyes; the superuser too). A published warning is never
edited: a change is a new Update message and the end a new Cancel message (CAP 1.2 msgType, GB/T 35965.1),
each drafted and approved the same way; approving one moves the message it references along `ENDS`.

Each step is taken by `core.workflow.transition(warning, action, user, comment=…)`: 退回修改 brings its reason;
提交审核 and 审核发布 need an expiry still ahead (a Cancel apart); 审核发布 stamps the approver and the sent time.
The step's record is a WarningEvent, and subscribers are told once the approval has committed. The referenced
warning is moved by a conditional UPDATE too, so of two changes drafted against the same warning only the first
approved goes out.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction, Role
from worksafety.core.notifications import notify
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.emergency.warnings.choices import MsgType, State
from worksafety.emergency.warnings.models import Warning, WarningEvent, WarningSubscription


def _district(user, warning) -> bool:
    return user.role == Role.DISTRICT


TRANSITIONS = (
    Transition("submit", _("提交审核"), State.DRAFT, State.PENDING, _district),
    Transition("return", _("退回修改"), State.PENDING, State.DRAFT, _district, ("comment",)),
    Transition("approve", _("审核发布"), State.PENDING, State.PUBLISHED, _district, four_eyes=True),
    Transition("discard", _("作废"), State.DRAFT, State.DISCARDED, _district),
)

# What approving an Update or a Cancel does to the message it references (which must still be published).
ENDS = {MsgType.UPDATE: State.SUPERSEDED, MsgType.CANCEL: State.CANCELLED}

# Which published messages may be followed by an Update or a Cancel: a Cancel is the end of its line.
SUCCEEDABLE = (MsgType.ALERT, MsgType.UPDATE)



def _prepare(warning, step) -> dict:
    row = step.transition
    if "comment" in row.needs and not step.comment:
        raise ValidationError({"comment": gettext("退回时须说明理由。")})
    now = timezone.now().replace(microsecond=0)
    if row.target in (State.PENDING, State.PUBLISHED) and warning.msg_type != MsgType.CANCEL and warning.expires <= now:
        raise ValidationError({"expires": gettext("截止时间已过，不能提交或发布；请修改截止时间。")})
    return {"approved_by": step.user, "sent": now} if row.target == State.PUBLISHED else {}


def _record(warning, step) -> WarningEvent:
    return WarningEvent.objects.create(warning=warning, action=step.transition.action,
                                       from_state=step.transition.source, to_state=step.transition.target,
                                       actor=step.user, comment=step.comment)


def _end_referenced(warning, step, event) -> None:
    """Approving an Update or Cancel supersedes or cancels the warning it references, which must still be in
    force as published; otherwise the whole approval is undone (someone else's change went out first)."""
    if step.transition.target != State.PUBLISHED or not warning.references_id:
        return
    ended = ENDS[warning.msg_type]
    moved = Warning.objects.filter(pk=warning.references_id, status=State.PUBLISHED).update(status=ended)
    if moved != 1:
        raise ValidationError(gettext("所引用的预警信息已被更新或解除，本条不能发布；请作废本条后重新起草。"))
    referenced = Warning.objects.get(pk=warning.references_id)
    WarningEvent.objects.create(warning=referenced, action=warning.msg_type.lower(),
                                from_state=State.PUBLISHED, to_state=ended, actor=step.user,
                                comment=warning.identifier)
    audit.record(AuditAction.UPDATE, instance=referenced, before={"status": State.PUBLISHED},
                 after={"status": ended, "by": warning.identifier})


def subscribers_for(warning) -> list:
    subscriptions = (WarningSubscription.objects.filter(active=True, user__is_active=True)
                     .select_related("user").prefetch_related("areas"))
    return [s.user for s in subscriptions if s.matches(warning, [a.code for a in s.areas.all()])]


def notify_subscribers(warning) -> None:
    recipients = subscribers_for(warning)
    if not recipients:
        return
    prefix = {MsgType.ALERT: "", MsgType.UPDATE: gettext("【更新】"), MsgType.CANCEL: gettext("【解除】")}[warning.msg_type]
    title = f"{prefix}{warning.level_short}：{warning.headline}"
    body = "\n".join([
        gettext("发布机关：%(issuer)s") % {"issuer": warning.issuer},
        gettext("影响范围：%(area)s") % {"area": warning.area_text},
        gettext("起止时间：%(onset)s 至 %(expires)s") % {
            "onset": f"{timezone.localtime(warning.onset):%Y-%m-%d %H:%M}",
            "expires": f"{timezone.localtime(warning.expires):%Y-%m-%d %H:%M}"},
        gettext("应采取的措施：%(instruction)s") % {"instruction": warning.instruction},
    ])
    # One key per message: each subscriber hears of a given warning, update or cancel once, however often
    # delivery is retried.
    notify(recipients, title=title, body=body, url=reverse("warning_detail", args=[warning.pk]),
           category="warning", key=f"warning-{warning.pk}")


def _announce(warning, step) -> None:
    if step.transition.target == State.PUBLISHED:
        notify_subscribers(warning)


WARNINGS = register(Workflow(Warning, TRANSITIONS, record=_record, state_field="status", prepare=_prepare,
                             after=_end_referenced, notify=_announce, drafter_field="created_by",
                             drafter_refusal=_("%(action)s须由起草人以外的人员办理。"),
                             conflict=_("该预警信息已被他人处理，请刷新后查看。")))


def may_draft_successor(user, warning) -> bool:
    """起草更新 / 起草解除: on a published Alert or Update, by the district bureau."""
    return (warning.status == State.PUBLISHED and warning.msg_type in SUCCEEDABLE
            and (user.is_superuser or user.role == Role.DISTRICT))
