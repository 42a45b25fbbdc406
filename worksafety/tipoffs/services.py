"""Tip-off writes: intake from the public, each handling step, hazards made from a tip-off, identity
disclosure to reward handlers and reward proposals (Zulip-style do_* functions).

Every step is checked against the transition table, the actor's role and scope, and applied by a
conditional UPDATE on the state it starts from, so two people acting at once cannot both succeed.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.attachments import store_attachments
from worksafety.core.choices import AuditAction, Role
from worksafety.core.models import Area
from worksafety.core.scoping import ADD, CHANGE, VIEW, OutOfScope, can, may, require
from worksafety.hazards import services as hazard_services
from worksafety.hazards.models import Hazard
from worksafety.registry.models import location_errors
from worksafety.tipoffs import identity, rewards, workflow
from worksafety.tipoffs.choices import RewardStatus, State
from worksafety.tipoffs.models import RewardHandler, RewardProposal, TipOff, TipOffEvent, TipOffPolicy

# Crockford's base32 without the letters people misread; 10 symbols carry 50 random bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_PREFIX = "JB"
MAX_CONTENT = 5000


class RateLimited(ValidationError):
    """Too many tip-offs from one address: the API answers 429, the form shows the message."""


def new_tracking_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{CODE_PREFIX}-{body[:5]}-{body[5:]}"


def normalise_code(text: str) -> str:
    """What a person typed, as stored: case and separators do not matter; O/I/L read as 0/1/1."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum()).translate(str.maketrans("OIL", "011"))
    if raw.startswith(CODE_PREFIX):
        raw = raw[len(CODE_PREFIX):]
    return f"{CODE_PREFIX}-{raw[:5]}-{raw[5:]}" if len(raw) == 10 else ""


def district_root() -> Area:
    return Area.objects.filter(level="district").order_by("code").first()


def do_submit_tipoff(*, category: str, content: str, address: str, anonymous: bool = True, name: str = "",
                     phone: str = "", place: str = "", lat=None, lon=None, reported_enterprise: str = "",
                     area: Area | None = None, photos=()) -> TipOff:
    """Accept a public tip-off: validated whole, rate limited per address, stored with its photos in one
    transaction, or refused with nothing saved."""
    policy = TipOffPolicy.current()
    content, name, phone = content.strip(), name.strip(), phone.strip()
    root = district_root()
    if root is None:
        raise ValidationError(_("平台尚未配置行政区域，暂不能受理网上举报，请拨打 12350。"))
    errors = {}
    if not content:
        errors["content"] = _("请填写举报内容。")
    elif len(content) > MAX_CONTENT:
        errors["content"] = _("举报内容不超过 %(n)d 字。") % {"n": MAX_CONTENT}
    if not anonymous and not (name and phone):
        errors["name"] = _("实名举报请填写姓名和联系电话；不愿留名可选择匿名。")
    if not anonymous and phone and not (phone.replace("-", "").replace(" ", "").isdigit() and 7 <= len(phone) <= 20):
        errors["phone"] = _("联系电话格式不正确。")
    errors.update(location_errors(root, lat, lon))
    if errors:
        raise ValidationError(errors)
    digest = identity.address_digest(address)
    with transaction.atomic():
        _serialise_per_address(digest)
        _check_rate(policy, digest)
        tipoff = TipOff.objects.create(
            tracking_code=new_tracking_code(), category=category, content=content, place=place.strip()[:200],
            lat=lat, lon=lon, reported_enterprise=reported_enterprise.strip()[:200], anonymous=anonymous,
            identity_ciphertext="" if anonymous else identity.encrypt_identity(name, phone),
            source_digest=digest, area=area or root,
            due_on=policy.add_days(timezone.localdate(), policy.handling_days),
        )
        if photos:
            store_attachments(photos, owner=tipoff)
        TipOffEvent.objects.create(tipoff=tipoff, action="receive", to_state=State.RECEIVED,
                                   public_reply=_("您的举报已受理，我们将依法核查处理。"))
    return tipoff


def _serialise_per_address(digest: str) -> None:
    """Two submissions from one address at the same moment must not both pass the count. SQLite runs writing
    transactions one at a time already (IMMEDIATE); PostgreSQL takes a transaction-level advisory lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])


def _check_rate(policy: TipOffPolicy, digest: str) -> None:
    now = timezone.now()
    recent = TipOff.objects.filter(source_digest=digest, received_at__gte=now - timedelta(days=1))
    if recent.count() >= policy.per_address_per_day or \
            recent.filter(received_at__gte=now - timedelta(hours=1)).count() >= policy.per_address_per_hour:
        raise RateLimited(_("提交过于频繁，请稍后再试。如情况紧急，请拨打 12350 举报热线。"))


def do_assign(tipoff: TipOff, *, user, enterprise=None, area: Area | None = None, comment: str = "") -> TipOff:
    """Hand a tip-off to where it is handled: the enterprise concerned (its street, park and sector follow)
    or, without one, a street or zone. Only before a conclusion is reached."""
    require(user, tipoff, CHANGE)
    if not workflow.may_extend(user):  # assignment is the district's triage, like the extension
        raise ValidationError(_("只有区应急管理局可以分派举报。"))
    if tipoff.state not in (State.RECEIVED, State.INVESTIGATING):
        raise ValidationError(_("已有核查结论的举报不能再分派。"))
    if enterprise is None and area is None:
        raise ValidationError({"enterprise": _("请选择涉及企业或承办区域。")})
    if enterprise is not None:
        changes = {"enterprise": enterprise, "area": enterprise.area, "sector": enterprise.sector,
                   "park": enterprise.park}
    else:
        changes = {"enterprise": None, "area": area, "sector": None, "park": None}
    with transaction.atomic(), audit.acting_as(user):
        if TipOff.objects.filter(pk=tipoff.pk, state=tipoff.state).update(**changes) != 1:
            raise ValidationError(_("该举报已被他人处理，请刷新后查看。"))
        where = enterprise.name if enterprise is not None else area.name
        TipOffEvent.objects.create(tipoff=tipoff, action="assign", from_state=tipoff.state, to_state=tipoff.state,
                                   actor=user, comment=_("分派至 %(where)s。%(comment)s")
                                   % {"where": where, "comment": comment.strip()})
        audit.record(AuditAction.UPDATE, instance=tipoff,
                     after=audit.jsonable({k: getattr(v, "pk", v) for k, v in changes.items()}))
    tipoff.refresh_from_db()
    return tipoff


def do_reply(tipoff: TipOff, *, user, public_reply: str) -> TipOffEvent:
    """A reply the reporter sees on the status page, without a change of state (e.g. 正在核查)."""
    require(user, tipoff, CHANGE)
    if not public_reply.strip():
        raise ValidationError({"public_reply": _("请填写答复内容。")})
    with audit.acting_as(user):
        return TipOffEvent.objects.create(tipoff=tipoff, action="reply", from_state=tipoff.state,
                                          to_state=tipoff.state, actor=user, public_reply=public_reply.strip())


def do_extend(tipoff: TipOff, *, user, days: int, reason: str) -> TipOff:
    """Extend the handling period once, by at most the policy's days; the reporter is told why."""
    require(user, tipoff, CHANGE)
    policy = TipOffPolicy.current()
    if not workflow.may_extend(user):
        raise ValidationError(_("延期须经区应急管理局批准。"))
    if tipoff.state == State.CLOSED or tipoff.extended:
        raise ValidationError(_("该举报已办结或已延期过，不能再延期。"))
    errors = {}
    if not reason.strip():
        errors["reason"] = _("请说明延期理由，理由将告知举报人。")
    if not 1 <= days <= policy.extension_days:
        errors["days"] = _("延期天数为 1 至 %(n)d 天。") % {"n": policy.extension_days}
    if errors:
        raise ValidationError(errors)
    new_due = policy.add_days(tipoff.due_on, days)
    with transaction.atomic(), audit.acting_as(user):
        if TipOff.objects.filter(pk=tipoff.pk, extended=False).exclude(state=State.CLOSED).update(
                extended=True, due_on=new_due) != 1:
            raise ValidationError(_("该举报已被他人处理，请刷新后查看。"))
        TipOffEvent.objects.create(tipoff=tipoff, action="extend", from_state=tipoff.state, to_state=tipoff.state,
                                   actor=user, comment=_("办结期限延至 %(date)s") % {"date": new_due},
                                   public_reply=_("因%(reason)s，办理期限延长至 %(date)s。")
                                   % {"reason": reason.strip(), "date": new_due})
        audit.record(AuditAction.UPDATE, instance=tipoff, before={"due_on": tipoff.due_on.isoformat()},
                     after={"due_on": new_due.isoformat()})
    tipoff.refresh_from_db()
    return tipoff


def _check_hazard_link(tipoff: TipOff, user) -> None:
    require(user, tipoff, CHANGE)
    if tipoff.state != State.SUBSTANTIATED:
        raise ValidationError(_("只有核查属实的举报可以登记或关联隐患。"))
    if tipoff.hazard_id:
        raise ValidationError(_("该举报已关联隐患。"))


def _link(tipoff: TipOff, hazard: Hazard, user, how: str) -> None:
    if TipOff.objects.filter(pk=tipoff.pk, hazard__isnull=True).update(hazard=hazard) != 1:
        raise ValidationError(_("该举报已关联隐患。"))
    TipOffEvent.objects.create(tipoff=tipoff, action="link_hazard", from_state=tipoff.state, to_state=tipoff.state,
                               actor=user, comment=how % {"title": hazard.title, "id": hazard.pk})


def do_register_hazard(tipoff: TipOff, hazard: Hazard, *, user, files=()) -> Hazard:
    """Register the hazard a substantiated tip-off found; it records the tip-off as its source."""
    _check_hazard_link(tipoff, user)
    if tipoff.enterprise_id and hazard.enterprise_id != tipoff.enterprise_id:
        raise ValidationError({"enterprise": _("隐患须属于举报涉及的企业。")})
    with transaction.atomic(), audit.acting_as(user):
        hazard_services.do_register_hazard(hazard, user=user, origin=tipoff, files=files)
        _link(tipoff, hazard, user, _("登记隐患 #%(id)s：%(title)s"))
    tipoff.refresh_from_db()
    return hazard


def do_link_hazard(tipoff: TipOff, hazard: Hazard, *, user) -> TipOff:
    """Link a hazard already on record (found by an inspection, say) to the tip-off that reported it."""
    _check_hazard_link(tipoff, user)
    require(user, hazard, VIEW)
    if tipoff.enterprise_id and hazard.enterprise_id != tipoff.enterprise_id:
        raise ValidationError({"hazard": _("隐患须属于举报涉及的企业。")})
    with transaction.atomic(), audit.acting_as(user):
        _link(tipoff, hazard, user, _("关联隐患 #%(id)s：%(title)s"))
    tipoff.refresh_from_db()
    return tipoff


def is_reward_handler(user) -> bool:
    return user.is_authenticated and RewardHandler.objects.filter(user=user, user__is_active=True).exists()


def reveal_identity(tipoff: TipOff, *, user) -> dict | None:
    """The reporter's name and phone, to a designated reward handler only; every look is in the audit log."""
    if not is_reward_handler(user) or not may(user, tipoff, VIEW):
        raise OutOfScope()
    with transaction.atomic(), audit.acting_as(user):
        audit.record(AuditAction.VIEW_SECRET, instance=tipoff, after={"viewed": "reporter identity"})
    return identity.decrypt_identity(tipoff.identity_ciphertext)


def do_propose_reward(tipoff: TipOff, *, user, fine_yuan=None, penalty_reference: str = "",
                      accident_grade: str = "", concealed_deaths=None) -> RewardProposal:
    """Compute the reward the rules give and put it to a reward handler for approval (the district only)."""
    require(user, tipoff, CHANGE)
    if not can(user, RewardProposal, ADD):
        raise OutOfScope()
    if not tipoff.substantiated:
        raise ValidationError(_("只有核查属实的举报才能计算奖励。"))
    try:
        reward = rewards.compute(TipOffPolicy.current(), tipoff.category, fine_yuan=fine_yuan,
                                 accident_grade=accident_grade, concealed_deaths=concealed_deaths)
    except rewards.RewardNotApplicable as error:
        raise ValidationError(str(error)) from error
    try:
        with transaction.atomic(), audit.acting_as(user):
            return RewardProposal.objects.create(
                tipoff=tipoff, fine_yuan=fine_yuan, penalty_reference=penalty_reference.strip(),
                accident_grade=accident_grade, concealed_deaths=concealed_deaths, amount_yuan=reward.amount,
                computation=reward.computation, proposed_by=user)
    except IntegrityError as error:  # one live proposal per tip-off
        raise ValidationError(_("该举报已有待审批或已批准的奖励。")) from error


def do_decide_reward(proposal: RewardProposal, *, user, approve: bool, comment: str = "") -> RewardProposal:
    """A reward handler other than the proposer approves or refuses (with a reason); one decision wins."""
    if not is_reward_handler(user) or not RewardProposal.objects.restrict(user, CHANGE).filter(
            pk=proposal.pk).exists():
        raise OutOfScope()
    if proposal.proposed_by_id == user.pk:
        raise ValidationError(_("奖励须由提出人以外的经办人审批。"))
    if not approve and not comment.strip():
        raise ValidationError({"decision_comment": _("不批准时须说明理由。")})
    status = RewardStatus.APPROVED if approve else RewardStatus.REFUSED
    with transaction.atomic(), audit.acting_as(user):
        if RewardProposal.objects.filter(pk=proposal.pk, status=RewardStatus.PROPOSED).update(
                status=status, decided_by=user, decided_at=timezone.now(), decision_comment=comment.strip()) != 1:
            raise ValidationError(_("该奖励已审批，请刷新后查看。"))
        audit.record(AuditAction.UPDATE, instance=proposal, before={"status": RewardStatus.PROPOSED},
                     after={"status": status})
    proposal.refresh_from_db()
    return proposal


def do_designate_reward_handler(user, *, by) -> RewardHandler:
    """Only district logins handle rewards: they are the ones who may learn who a reporter is."""
    if user.role != Role.DISTRICT:
        raise ValidationError(_("举报奖励经办人须为区应急管理局的账号。"))
    with transaction.atomic(), audit.acting_as(by):
        handler, _created = RewardHandler.objects.get_or_create(user=user, defaults={"designated_by": by})
    return handler


def do_withdraw_reward_handler(user, *, by) -> None:
    with transaction.atomic(), audit.acting_as(by):
        for handler in RewardHandler.objects.filter(user=user):
            handler.delete()
