"""Warning writes: drafting (a first warning, or an Update or Cancel of a published one), editing a draft,
and the subscriptions that say who is told (Zulip-style do_* functions). The steps of the approval are taken
by `core.workflow.transition` on the table in `warnings.workflow`.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.models import Area
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


# --- subscriptions (who is told: warnings.workflow) ----------------------------------------------------

def do_save_subscription(user, *, levels, areas=(), active: bool = True) -> WarningSubscription:
    levels = sorted({int(level) for level in levels})
    WarningSubscription(user=user, levels=levels, active=active).clean()
    with transaction.atomic():
        # update_or_create retries as an update when a second tab created the row at the same moment.
        subscription, _created = WarningSubscription.objects.update_or_create(
            user=user, defaults={"levels": levels, "active": active})
        subscription.areas.set(areas)
    return subscription
