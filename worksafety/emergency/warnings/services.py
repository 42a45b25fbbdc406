"""Warning writes: drafting (a first warning, or an Update or Cancel of a published one), editing a draft,
every step of the approval, and the subscriptions that say who is told (Zulip-style do_* functions).

A step is checked against the transition table, the actor's role and scope, and applied by a conditional
UPDATE on the state it starts from, so two approvers acting at once cannot both publish; approving an Update
or Cancel also moves the referenced warning by a conditional UPDATE, so of two changes drafted against the
same warning only the first approved goes out. The step's record and the audit entries are written in the
same transaction, and subscribers are notified when it commits.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.core.models import Area
from worksafety.core.notifications import notify
from worksafety.core.scoping import ADD, CHANGE, OutOfScope, can, require
from worksafety.emergency.warnings import identifiers, workflow
from worksafety.emergency.warnings.choices import MsgType, State
from worksafety.emergency.warnings.models import Warning, WarningEvent, WarningSubscription

# What a draft's form may change; identity, type, references and status are the services' own.
EDITABLE_FIELDS = ("level", "category", "headline", "description", "instruction", "area", "area_description",
                   "polygon", "onset", "expires", "urgency", "certainty", "issuer")
# GB/T 35965.1 A.1.1 numbers at most ten warnings of a unit per second (N = 0–9). An eleventh in the same
# second takes the next second's numbers; after this many seconds the entry is refused rather than mis-timed.
MAX_SECONDS_AHEAD = 5


def district_root() -> Area | None:
    return Area.objects.filter(level="district").order_by("code").first()


def sender_code() -> str:
    """发布单位代码 (GB/T 35965.1 A.1.2): the setting, else the district's GB/T 2260 code with the default
    sector (000, unconfirmed: see docs/design.md), internal (000) and extension (00) codes."""
    if settings.WORKSAFETY_WARNING_SENDER_CODE:
        return settings.WORKSAFETY_WARNING_SENDER_CODE
    root = district_root()
    if root is None or len(root.code) < 6 or not root.code[:6].isdigit():
        raise ValidationError(_("平台尚未配置区县行政区划代码，不能生成预警信息标识。"))
    return identifiers.sender_code(root.code[:6])


def default_issuer() -> str:
    if settings.WORKSAFETY_WARNING_AUTHORITY:
        return settings.WORKSAFETY_WARNING_AUTHORITY
    root = district_root()
    return _("%(district)s应急管理局") % {"district": root.name if root else ""}


def public_warnings(now=None):
    """Published and in force: the public page, the public JSON and the CAP feed all show exactly these."""
    return Warning.objects.public(now).select_related("area", "references").order_by("level", "-sent", "-id")


def do_create_warning(warning: Warning, *, user, action: str = "create") -> Warning:
    """Enter a draft: it gets its GB/T 35965.1 identifier now, from its entry time (录入时间)."""
    if not can(user, Warning, ADD):
        raise OutOfScope()
    warning.created_by = user
    warning.status = State.DRAFT
    warning.issuer = warning.issuer.strip() or default_issuer()
    warning.created = timezone.now().replace(microsecond=0)
    _whole_seconds(warning)
    warning.full_clean(exclude=["identifier"])
    return _insert_with_identifier(warning, user, action)


def _whole_seconds(warning: Warning) -> None:
    """CAP times have no fractional seconds (CAP 1.2 §3.3.2): store what the feeds will say."""
    for name in ("onset", "expires"):
        value = getattr(warning, name)
        if value is not None:
            setattr(warning, name, value.replace(microsecond=0))


def _insert_with_identifier(warning: Warning, user, action: str) -> Warning:
    """Take the first free sequence number of the entry second; the unique identifier decides a race, and the
    loser takes the next number (a conditional INSERT in effect, on SQLite and PostgreSQL alike)."""
    sender, entered = sender_code(), warning.created
    for second in range(MAX_SECONDS_AHEAD):
        stamp = entered + timedelta(seconds=second)
        prefix = identifiers.identifier(sender, stamp, 0)[:-1]
        taken = _taken(prefix)
        for n in identifiers.SEQUENCE_NUMBERS:
            candidate = identifiers.identifier(sender, stamp, n)
            if candidate in taken:
                continue
            warning.identifier, warning.created = candidate, stamp
            try:
                with transaction.atomic(), audit.acting_as(user):
                    warning.save(force_insert=True)
                    WarningEvent.objects.create(warning=warning, action=action, to_state=State.DRAFT,
                                                actor=user)
                    require(user, warning, ADD)
                return warning
            except IntegrityError:
                warning.pk, warning._state.adding = None, True
                if not Warning.objects.filter(identifier=candidate).exists():
                    raise  # some other constraint: not a lost race for the number
            except Exception:
                warning.pk, warning._state.adding = None, True
                raise
    raise ValidationError(_("同一时间录入的预警信息过多，请稍后重试。"))


def _taken(prefix: str) -> set[str]:
    return set(Warning.objects.filter(identifier__startswith=prefix).values_list("identifier", flat=True))


def do_update_draft(warning: Warning, *, user) -> Warning:
    """Save a draft's changed content; a warning that has gone to approval or out is never edited."""
    require(user, warning, CHANGE)
    warning.issuer = warning.issuer.strip() or default_issuer()
    _whole_seconds(warning)
    warning.full_clean()
    with transaction.atomic(), audit.acting_as(user):
        # The row lock (PostgreSQL; SQLite's IMMEDIATE transaction serialises writers anyway) keeps a
        # submit from slipping in between this check and the save.
        status = (Warning.objects.select_for_update().filter(pk=warning.pk)
                  .values_list("status", flat=True).first())
        if status != State.DRAFT:
            raise ValidationError(_("只有草稿可以修改；已提交或已发布的预警信息请退回或起草更新。"))
        warning.status = status
        warning.save(update_fields=EDITABLE_FIELDS)
        require(user, warning, CHANGE)
    return warning


def do_draft_successor(original: Warning, msg_type: str, *, user) -> Warning:
    """起草更新 / 起草解除: a new draft that references a published warning, prefilled from it."""
    require(user, original, CHANGE)
    if msg_type not in workflow.ENDS:
        raise ValidationError(_("信息类型须为更新或解除。"))
    if not workflow.may_draft_successor(user, original):
        raise ValidationError(_("只有已发布的预警信息可以更新或解除，且须由区应急管理局起草。"))
    draft = Warning(msg_type=msg_type, references=original,
                    **{name: getattr(original, name) for name in EDITABLE_FIELDS})
    if msg_type == MsgType.CANCEL:
        # Prefilled wording for the drafter to complete; the Cancel keeps the original's area and validity,
        # so it stays in the feeds as long as the warning it ends would have.
        draft.headline = (_("解除：%(headline)s") % {"headline": original.headline})[:100]
        draft.description = _("经研判，%(level)s（%(headline)s）的预警条件已消除，现予解除。") % {
            "level": original.level_short, "headline": original.headline}
        draft.instruction = _("相关单位和公众可解除已采取的防范措施，恢复正常生产生活秩序。")
    action = "draft_update" if msg_type == MsgType.UPDATE else "draft_cancel"
    return do_create_warning(draft, user=user, action=action)


def do_transition(warning: Warning, action: str, *, user, comment: str = "") -> Warning:
    """Take one approval step: 提交审核, 退回修改 (with the reason), 审核发布 (by someone other than the drafter),
    作废."""
    require(user, warning, CHANGE)
    transition = workflow.find(warning, action)
    if transition is None:
        raise ValidationError(_("当前状态“%(state)s”下不能执行此操作。") % {"state": warning.get_status_display()})
    if transition.four_eyes and user.pk == warning.created_by_id:
        raise ValidationError(_("审核发布须由起草人以外的人员办理。"))
    if not workflow.may_take(transition, user, warning):
        raise ValidationError(_("您的角色不能执行“%(action)s”。") % {"action": transition.label})
    comment = comment.strip()
    if "comment" in transition.needs and not comment:
        raise ValidationError({"comment": _("退回时须说明理由。")})
    now = timezone.now().replace(microsecond=0)
    if (transition.target in (State.PENDING, State.PUBLISHED) and warning.msg_type != MsgType.CANCEL
            and warning.expires <= now):
        raise ValidationError({"expires": _("截止时间已过，不能提交或发布；请修改截止时间。")})
    changes = {"approved_by": user, "sent": now} if transition.target == State.PUBLISHED else {}
    with transaction.atomic(), audit.acting_as(user):
        updated = Warning.objects.filter(pk=warning.pk, status=transition.source).update(
            status=transition.target, **changes)
        if updated != 1:
            raise ValidationError(_("该预警信息已被他人处理，请刷新后查看。"))
        WarningEvent.objects.create(warning=warning, action=action, from_state=transition.source,
                                    to_state=transition.target, actor=user, comment=comment)
        after = {"status": transition.target, **{name: getattr(v, "pk", v) for name, v in changes.items()}}
        audit.record(AuditAction.UPDATE, instance=warning, before={"status": transition.source},
                     after=audit.jsonable(after))
        if transition.target == State.PUBLISHED and warning.references_id:
            _end_referenced(warning, user)
        warning.refresh_from_db()
        if transition.target == State.PUBLISHED:
            _notify_subscribers(warning)
    return warning


def _end_referenced(warning: Warning, user) -> None:
    """Approving an Update or Cancel supersedes or cancels the warning it references, which must still be in
    force as published; otherwise the whole approval is undone (someone else's change went out first)."""
    ended = workflow.ENDS[warning.msg_type]
    moved = Warning.objects.filter(pk=warning.references_id, status=State.PUBLISHED).update(status=ended)
    if moved != 1:
        raise ValidationError(_("所引用的预警信息已被更新或解除，本条不能发布；请作废本条后重新起草。"))
    referenced = Warning.objects.get(pk=warning.references_id)
    WarningEvent.objects.create(warning=referenced, action=warning.msg_type.lower(),
                                from_state=State.PUBLISHED, to_state=ended, actor=user,
                                comment=warning.identifier)
    audit.record(AuditAction.UPDATE, instance=referenced, before={"status": State.PUBLISHED},
                 after={"status": ended, "by": warning.identifier})


# --- subscriptions --------------------------------------------------------------------------------------

def subscribers_for(warning: Warning) -> list:
    subscriptions = (WarningSubscription.objects.filter(active=True, user__is_active=True)
                     .select_related("user").prefetch_related("areas"))
    return [s.user for s in subscriptions if s.matches(warning, [a.code for a in s.areas.all()])]


def _notify_subscribers(warning: Warning) -> None:
    recipients = subscribers_for(warning)
    if not recipients:
        return
    prefix = {MsgType.ALERT: "", MsgType.UPDATE: _("【更新】"), MsgType.CANCEL: _("【解除】")}[warning.msg_type]
    title = f"{prefix}{warning.level_short}：{warning.headline}"
    body = "\n".join([
        _("发布机关：%(issuer)s") % {"issuer": warning.issuer},
        _("影响范围：%(area)s") % {"area": warning.area_text},
        _("起止时间：%(onset)s 至 %(expires)s") % {
            "onset": f"{timezone.localtime(warning.onset):%Y-%m-%d %H:%M}",
            "expires": f"{timezone.localtime(warning.expires):%Y-%m-%d %H:%M}"},
        _("应采取的措施：%(instruction)s") % {"instruction": warning.instruction},
    ])
    # One key per message: each subscriber hears of a given warning, update or cancel once, however often
    # delivery is retried.
    notify(recipients, title=title, body=body, url=reverse("warning_detail", args=[warning.pk]),
           category="warning", key=f"warning-{warning.pk}")


def do_save_subscription(user, *, levels, areas=(), active: bool = True) -> WarningSubscription:
    levels = sorted({int(level) for level in levels})
    WarningSubscription(user=user, levels=levels, active=active).clean()
    with transaction.atomic():
        # update_or_create retries as an update when a second tab created the row at the same moment.
        subscription, _created = WarningSubscription.objects.update_or_create(
            user=user, defaults={"levels": levels, "active": active})
        subscription.areas.set(areas)
    return subscription
