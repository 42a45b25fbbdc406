"""信用: the enterprise credit score, and the writes of the credit lists and their repair (信用修复).

Score (0–100): 100, minus 40 for each active listing on the 严重失信主体名单, 20 for each on the 失信惩戒名单,
and 10 for each open 重大事故隐患 (at most 30 for hazards), never below 0. It is shown on the enterprise page and
weights the 双随机 draw (`drawing.weight_for_credit`): lower credit, more likely drawn.

A listing ends with its period, or early when a repair is approved. An enterprise (or the bureau on its behalf)
applies once the listing has been public for the minimum time (`REPAIR_AFTER_MONTHS`); the district bureau
decides, never the person who applied. Each step is a row of `REPAIR_TRANSITIONS`, taken by
`core.workflow.transition(repair, action, user, comment=…)` (the CREDIT_REPAIRS workflow below).
"""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.core import audit
from worksafety.core.attachments import store_attachments
from worksafety.core.choices import AuditAction, Role
from worksafety.core.models import User
from worksafety.core.notifications import notify
from worksafety.core.scoping import ADD, CHANGE, VIEW, OutOfScope, can, may, require
from worksafety.core.services import do_save_object
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.enforcement.credit.choices import ListingStatus, ListKind, RepairStatus
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.models import Hazard

FULL_SCORE = 100
LISTING_DEDUCTION = {ListKind.SERIOUS: 40, ListKind.DISHONEST: 20}
MAJOR_HAZARD_DEDUCTION = 10
MAJOR_HAZARD_CAP = 30
# The shortest time a listing stays public before a repair may end it: 12 months for 严重失信 (应急管理部令第11号),
# 3 months for the 一般失信 of the 失信惩戒名单 (the minimum publicity period of 国家发展改革委令第58号).
REPAIR_AFTER_MONTHS = {ListKind.SERIOUS: 12, ListKind.DISHONEST: 3}


# --- the score -----------------------------------------------------------------------------------------------

def scores(enterprise_ids, on: date | None = None) -> dict[int, int]:
    """Credit scores of these enterprises on a day (today by default): two queries whatever their number."""
    ids = list(enterprise_ids)
    deductions = dict.fromkeys(ids, 0)
    listings = (CreditListing.objects.active(on).filter(enterprise_id__in=ids)
                .values_list("enterprise_id", "kind").annotate(n=Count("id")))
    for enterprise_id, kind, n in listings:
        deductions[enterprise_id] += n * LISTING_DEDUCTION[kind]
    hazards = (Hazard.objects.filter(enterprise_id__in=ids, level=HazardLevel.MAJOR).exclude(state=State.CLOSED)
               .values_list("enterprise_id").annotate(n=Count("id")))
    for enterprise_id, n in hazards:
        deductions[enterprise_id] += min(n * MAJOR_HAZARD_DEDUCTION, MAJOR_HAZARD_CAP)
    return {enterprise_id: max(0, FULL_SCORE - deduction) for enterprise_id, deduction in deductions.items()}


def score(enterprise, on: date | None = None) -> int:
    return scores([enterprise.pk], on)[enterprise.pk]


def credit_summary(enterprise, user) -> dict:
    """What the enterprise page's credit card shows: the score, the listings the user may see, what they may do."""
    listings = CreditListing.objects.restrict(user, VIEW).filter(enterprise=enterprise)
    return {
        "credit_score": score(enterprise),
        "credit_listings": listings.order_by("-period_start")[:5],
        "can_view_credit": can(user, CreditListing, VIEW),
        "can_add_listing": can(user, CreditListing, ADD),
    }


# --- listings ------------------------------------------------------------------------------------------------

def do_save_listing(listing: CreditListing, *, user) -> CreditListing:
    """List an enterprise, or correct a listing in force; ended listings stay as they were."""
    if listing._state.adding:
        listing.created_by = user
    elif CreditListing.objects.filter(pk=listing.pk).values_list("status", flat=True).first() != \
            ListingStatus.IN_FORCE:
        raise ValidationError(_("已移出或已撤销的名单不能修改。"))
    return do_save_object(listing, user=user)


def do_revoke_listing(listing: CreditListing, *, user, reason: str) -> CreditListing:
    """撤销: the decision the listing rested on was set aside (行政复议、诉讼) or it was entered in error."""
    require(user, listing, CHANGE)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("撤销须说明理由。")})
    with transaction.atomic(), audit.acting_as(user):
        moved = CreditListing.objects.filter(pk=listing.pk, status=ListingStatus.IN_FORCE).update(
            status=ListingStatus.REVOKED, ended_on=timezone.localdate())
        if moved != 1:
            raise ValidationError(_("该名单已移出或已撤销。"))
        audit.record(AuditAction.UPDATE, instance=listing, before={"status": ListingStatus.IN_FORCE},
                     after={"status": ListingStatus.REVOKED, "reason": reason})
    listing.refresh_from_db()
    return listing


# --- repair --------------------------------------------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def repair_opens_on(listing: CreditListing) -> date:
    return add_months(listing.period_start, REPAIR_AFTER_MONTHS[listing.kind])


def _bureau(user, repair) -> bool:
    return user.is_superuser or user.role == Role.DISTRICT


def may_apply(user, listing: CreditListing) -> bool:
    """The listed enterprise itself, or the bureau recording an application it received on paper."""
    if not can(user, CreditRepair, ADD):
        return False
    return may(user, listing, VIEW)


REPAIR_TRANSITIONS = (
    Transition("approve", gettext_lazy("准予修复"), RepairStatus.SUBMITTED, RepairStatus.APPROVED, _bureau,
               four_eyes=True),
    Transition("refuse", gettext_lazy("不予修复"), RepairStatus.SUBMITTED, RepairStatus.REFUSED, _bureau,
               ("comment",), four_eyes=True),
)


def do_apply_repair(listing: CreditListing, *, user, reason: str, commitment: str, files=()) -> CreditRepair:
    """信用修复申请 with its evidence (整改材料、缴纳罚款凭证); one may wait at a time."""
    if not may_apply(user, listing):
        raise OutOfScope()
    today = timezone.localdate()
    if not listing.is_active_on(today):
        raise ValidationError(_("该名单已不在公示期内，无需修复。"))
    opens = repair_opens_on(listing)
    if today < opens:
        raise ValidationError(_("%(kind)s自公示之日起满 %(months)s 个月方可申请信用修复（%(date)s 起）。") % {
            "kind": listing.get_kind_display(), "months": REPAIR_AFTER_MONTHS[listing.kind], "date": opens})
    if listing.repairs.filter(status=RepairStatus.SUBMITTED).exists():
        raise ValidationError(_("该名单已有一份待审核的信用修复申请。"))
    repair = CreditRepair(listing=listing, reason=reason.strip(), commitment=commitment.strip(), applicant=user)
    repair.full_clean()
    try:
        with transaction.atomic(), audit.acting_as(user):
            repair.save()
            if files:
                store_attachments(files, owner=repair, user=user)
            require(user, repair, ADD)
            notify(User.objects.filter(role=Role.DISTRICT, is_active=True), title=_("信用修复申请：%(name)s") % {
                "name": listing.enterprise.name}, url=reverse("creditrepair_detail", args=[repair.pk]),
                category="credit_repair", key=f"credit-repair-{repair.pk}")
    except IntegrityError as error:  # a second application at the same moment (one pending per listing)
        raise ValidationError(_("该名单已有一份待审核的信用修复申请。")) from error
    return repair


def _review(repair: CreditRepair, step) -> dict:
    """不予修复 needs the reason; the decision is kept on the application."""
    if "comment" in step.transition.needs and not step.comment:
        raise ValidationError({"comment": _("不予修复须说明理由。")})
    return {"reviewer": step.user, "reviewed_at": timezone.now(), "review_comment": step.comment}


def _end_listing_if_approved(repair: CreditRepair, step, record) -> None:
    if step.transition.target == RepairStatus.APPROVED:
        _end_listing(repair.listing, step.user)


def _tell_applicant(repair: CreditRepair, step) -> None:
    notify(repair.applicant, title=_("信用修复申请%(result)s：%(name)s") % {
        "result": step.transition.label, "name": repair.listing.enterprise.name},
        body=step.comment, url=reverse("creditrepair_detail", args=[repair.pk]), category="credit_repair",
        key=f"credit-repair-{repair.pk}-{step.transition.target}")


def _end_listing(listing: CreditListing, user) -> None:
    """The approved repair ends the listing early; if it ended meanwhile, the approval is undone."""
    moved = CreditListing.objects.filter(pk=listing.pk, status=ListingStatus.IN_FORCE).update(
        status=ListingStatus.REPAIRED, ended_on=timezone.localdate())
    if moved != 1:
        raise ValidationError(_("该名单已移出或已撤销，申请无需再审核。"))
    audit.record(AuditAction.UPDATE, instance=listing, before={"status": ListingStatus.IN_FORCE},
                 after={"status": ListingStatus.REPAIRED})


# 准予修复 ends the listing today; 不予修复 needs the reason. The bureau decides, never the applicant.
CREDIT_REPAIRS = register(Workflow(
    CreditRepair, REPAIR_TRANSITIONS, state_field="status", drafter_field="applicant", prepare=_review,
    after=_end_listing_if_approved, notify=_tell_applicant, conflict=gettext_lazy("该申请已被他人审核，请刷新后查看。"),
    drafter_refusal=gettext_lazy("信用修复申请须由申请人以外的人员审核。")))
