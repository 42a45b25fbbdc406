"""Hazard writes: registering one, and every step of its closed loop (Zulip-style do_* functions).

The steps of the loop itself are taken by `core.workflow.transition` with the table in `hazards.workflow`.
Extensions are decided here the same way: checked for scope and role, applied by a conditional UPDATE so two
decisions cannot both win, with the record (HazardEvent) and the audit entry in the same transaction.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.attachments import store_attachments
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import CHANGE, require
from worksafety.core.services import do_save_object
from worksafety.hazards import workflow
from worksafety.hazards.choices import HazardLevel, HazardType, State
from worksafety.hazards.models import ExtensionRequest, Hazard, HazardEvent, overdue_q
from worksafety.registry.models import Enterprise


def do_register_hazard(hazard: Hazard, *, user, origin=None, files=()) -> Hazard:
    """Register a hazard with its photos and documents; `origin` is the record it came from (a check
    record, a tip-off, …)."""
    hazard.found_by = user
    hazard.state = State.REGISTERED
    if origin is not None:
        hazard.origin = origin
    with transaction.atomic():
        do_save_object(hazard, user=user)
        HazardEvent.objects.create(hazard=hazard, action="register", to_state=State.REGISTERED, actor=user)
        if files:
            store_attachments(files, owner=hazard, user=user)
    return hazard


def do_request_extension(hazard: Hazard, *, user, new_deadline, reason: str) -> ExtensionRequest:
    """延期申请 for a hazard being rectified: a later deadline and a reason; one request waits at a time."""
    require(user, hazard, CHANGE)
    if hazard.state != State.RECTIFYING:
        raise ValidationError(_("只有整改中的隐患可以申请延期。"))
    current = hazard.supervision_deadline if hazard.supervising_department_id else hazard.deadline
    errors = {}
    if not reason.strip():
        errors["reason"] = _("请说明延期理由。")
    if new_deadline is None or (current and new_deadline <= current) or new_deadline < timezone.localdate():
        errors["new_deadline"] = _("申请的期限须晚于现有期限（%(date)s）且不早于今天。") % {"date": current or "—"}
    if hazard.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
        errors["new_deadline"] = _("已有一份待审批的延期申请。")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            request = _create_extension(hazard, user, new_deadline, reason.strip())
    except IntegrityError as error:  # another request was filed at the same moment (one pending per hazard)
        raise ValidationError({"new_deadline": _("已有一份待审批的延期申请。")}) from error
    return request


def _create_extension(hazard, user, new_deadline, reason):
    with audit.acting_as(user):
        request = ExtensionRequest.objects.create(hazard=hazard, requested_by=user, new_deadline=new_deadline,
                                                  reason=reason)
        HazardEvent.objects.create(hazard=hazard, action="request_extension", from_state=hazard.state,
                                   to_state=hazard.state, actor=user,
                                   comment=_("申请延期至 %(date)s：%(reason)s") % {"date": new_deadline,
                                                                              "reason": reason})
    return request


def do_decide_extension(request: ExtensionRequest, *, user, approve: bool, comment: str = "") -> ExtensionRequest:
    """Approve (the deadline moves) or refuse (with a reason) a pending extension; one decision wins."""
    hazard = request.hazard
    require(user, hazard, CHANGE)
    if not workflow.may_decide_extension(user, hazard):
        raise ValidationError(_("您的角色不能审批该延期申请。"))
    if not approve and not comment.strip():
        raise ValidationError({"decision_comment": _("不批准时须说明理由。")})
    status = ExtensionRequest.Status.APPROVED if approve else ExtensionRequest.Status.REFUSED
    with transaction.atomic(), audit.acting_as(user):
        decided = ExtensionRequest.objects.filter(pk=request.pk, status=ExtensionRequest.Status.PENDING).update(
            status=status, decided_by=user, decided_at=timezone.now(), decision_comment=comment.strip())
        if decided != 1:
            raise ValidationError(_("该延期申请已审批，请刷新后查看。"))
        if approve:
            field = "supervision_deadline" if hazard.supervising_department_id else "deadline"
            # A new deadline starts the reminders and escalation afresh (hazards.deadlines).
            Hazard.objects.filter(pk=hazard.pk).update(**{field: request.new_deadline}, escalation=0,
                                                       overdue_since=None)
            audit.record(AuditAction.UPDATE, instance=hazard, before={field: audit.jsonable(getattr(hazard, field))},
                         after={field: request.new_deadline.isoformat()})
        HazardEvent.objects.create(hazard=hazard, action="decide_extension", from_state=hazard.state,
                                   to_state=hazard.state, actor=user,
                                   comment=(_("批准延期至 %(date)s") if approve else _("不批准延期：%(reason)s"))
                                   % {"date": request.new_deadline, "reason": comment.strip()})
    request.refresh_from_db()
    hazard.refresh_from_db()
    return request


def statistics(hazards) -> dict:
    """Figures for the hazard analysis page over a (scoped, filtered) queryset of hazards."""
    today = timezone.localdate()
    total = hazards.count()
    closed = hazards.filter(state=State.CLOSED).count()
    open_hazards = hazards.exclude(state=State.CLOSED)
    overdue = open_hazards.filter(overdue_q(today)).count()
    since = (today.replace(day=1) - timedelta(days=335)).replace(day=1)
    found = _per_month(hazards.filter(found_on__gte=since), "found_on")
    done = _per_month(hazards.filter(closed_on__gte=since), "closed_on")
    months = sorted({*found, *done})
    by = {  # counts per group, largest first
        name: list(hazards.values(label=F(path)).annotate(n=Count("id")).order_by("-n")[:limit])
        for name, path, limit in (("sector", "enterprise__sector__name", 20), ("area", "enterprise__area__name", 15),
                                  ("type", "hazard_type", 10))
    }
    for row in by["type"]:
        row["label"] = HazardType(row["label"]).label
    return {
        "total": total, "closed": closed, "open": total - closed, "overdue": overdue,
        "major": hazards.filter(level=HazardLevel.MAJOR).count(),
        "rectification_rate": round(100 * closed / total, 1) if total else None,
        "overdue_rate": round(100 * overdue / (total - closed), 1) if total - closed else None,
        "trend": [{"month": m, "found": found.get(m, 0), "closed": done.get(m, 0)} for m in months],
        "by_sector": by["sector"], "by_area": by["area"], "by_type": by["type"],
        "top_items": _top_items(hazards),
        "repeat_enterprises": list(hazards.values("enterprise_id", "enterprise__name").annotate(n=Count("id"))
                                   .filter(n__gte=3).order_by("-n")[:10]),
    }


def _top_items(hazards, limit: int = 10) -> list[dict]:
    """The checklist items (or, for major hazards, the 判定依据) that find the most hazards."""
    counts: dict[str, int] = {}
    for field in ("checklist_item", "major_criterion"):
        for row in hazards.exclude(**{field: ""}).values(label=F(field)).annotate(n=Count("id")):
            counts[row["label"]] = counts.get(row["label"], 0) + row["n"]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [{"label": label, "n": n} for label, n in ranked]


def _per_month(hazards, date_field: str) -> dict[str, int]:
    rows = hazards.annotate(month=TruncMonth(date_field)).values_list("month").annotate(n=Count("id"))
    return {f"{month:%Y-%m}": n for month, n in rows}


def quarterly_statistics(hazards, year: int, quarter: int) -> list[dict]:
    """Per enterprise for one quarter: hazards found (general/major), closed, still open at the quarter's end
    and of those overdue, the rectification rate and the rectification funds (16号令 第十四条 季度统计分析)."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)
    found = hazards.filter(found_on__range=(start, end))
    closed = hazards.filter(closed_on__range=(start, end))
    still_open = hazards.filter(found_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    late_at_end = Q(supervision_deadline__lt=end) | Q(supervision_deadline__isnull=True, deadline__lt=end)
    figures = {}

    def add(queryset, **counts):
        for row in queryset.values("enterprise_id").annotate(**counts):
            figures.setdefault(row.pop("enterprise_id"), {}).update(row)

    add(found, found_general=Count("id", filter=Q(level=HazardLevel.GENERAL)),
        found_major=Count("id", filter=Q(level=HazardLevel.MAJOR)), funds_yuan=Sum("funds_yuan"))
    add(closed, closed=Count("id"))
    add(still_open, open_at_end=Count("id"), overdue_at_end=Count("id", filter=late_at_end))
    enterprises = Enterprise.objects.filter(pk__in=figures).select_related("sector", "area").order_by("name")
    rows = []
    for enterprise in enterprises:
        row = {"found_general": 0, "found_major": 0, "closed": 0, "open_at_end": 0, "overdue_at_end": 0,
               "funds_yuan": None, **figures[enterprise.pk]}
        rows.append({**row, "enterprise": enterprise.name, "uscc": enterprise.uscc, "sector": enterprise.sector.name,
                     "area": enterprise.area.name,
                     "rectification_rate": round(100 * row["closed"] / (row["closed"] + row["open_at_end"]), 1)
                     if row["closed"] + row["open_at_end"] else None})
    return rows
