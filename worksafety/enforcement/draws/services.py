"""双随机 draws (国办发〔2015〕58号): announcing, drawing, cancelling and verifying.

Announcing (`do_announce_draw`) fixes everything the result depends on and publishes it: the pool of
enterprises with their weights (from credit), the roster of inspectors with a valid 执法证, the avoidance pairs
(declared conflicts, the inspectors of each enterprise's last inspection, the draw's own list) and a commitment
to a secret nonce. Drawing (`do_run_draw`) reveals the nonce and stores `drawing.draw(parameters, nonce)`;
`verify` recomputes it. Bad input is refused with a message and nothing is saved: a count larger than the
pool, a roster too small for two inspectors per enterprise after avoidance, an inspector whose certificate is
not valid on the draw day, drawing a draw twice.
"""

import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction, RiskColour
from worksafety.core.models import Area, Sector
from worksafety.core.notifications import notify
from worksafety.core.scoping import ADD, CHANGE, OutOfScope, can, require
from worksafety.enforcement import drawing
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.draws.models import Draw, DrawPick
from worksafety.enforcement.inspections.models import Inspection
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.choices import PlanStatus
from worksafety.enforcement.plans.services import completed_inspections
from worksafety.registry.choices import Status
from worksafety.registry.models import Enterprise, Park
from worksafety.risk.services import SupervisionPlan

# A draw is announced for now or later; a form filled in a minute ago may say "now".
SCHEDULE_TOLERANCE = timedelta(minutes=5)
UNGRADED = "none"  # the colour filter's value for enterprises never graded
NAMES_IN_MESSAGE = 5


@dataclass
class PoolFilters:
    """Which enterprises may be drawn: closed ones never; then each filter that is set narrows the pool."""

    sectors: list[str] = field(default_factory=list)  # sector codes
    areas: list[str] = field(default_factory=list)  # area codes; a street includes its communities
    parks: list[str] = field(default_factory=list)  # park codes
    colours: list[str] = field(default_factory=list)  # risk colours, "none" for never graded
    credit_below: int | None = None  # only enterprises whose credit score is below this
    not_inspected_since: date | None = None  # only enterprises with no inspection on or after this day
    exclude_key_targets: bool = True  # leave out enterprises the supervision list gives key inspections

    def published(self) -> dict:
        data = asdict(self)
        for name in ("sectors", "areas", "parks", "colours"):
            data[name] = sorted(set(data[name]))
        if self.not_inspected_since:
            data["not_inspected_since"] = self.not_inspected_since.isoformat()
        return data


def pool(filters: PoolFilters, on: date) -> list[list[int]]:
    """[[enterprise id, weight], …] sorted by id: the enterprises that may be drawn, weighted by credit."""
    enterprises = Enterprise.objects.exclude(status=Status.CLOSED)
    if filters.sectors:
        enterprises = enterprises.filter(sector__code__in=filters.sectors)
    if filters.areas:
        inside = Q()
        for code in filters.areas:
            inside |= Q(area__code__startswith=code)
        enterprises = enterprises.filter(inside)
    if filters.parks:
        enterprises = enterprises.filter(park__code__in=filters.parks)
    if filters.colours:
        enterprises = enterprises.filter(risk_colour__in=["" if c == UNGRADED else c for c in filters.colours])
    rows = list(enterprises.order_by("pk").values_list("pk", "risk_colour", "sector_id"))
    if filters.exclude_key_targets:
        supervision = SupervisionPlan(Enterprise.objects.none())
        rows = [row for row in rows if not supervision.inspections(row[1], row[2])]
    ids = [row[0] for row in rows]
    if filters.not_inspected_since:
        seen = inspected_since(ids, filters.not_inspected_since)
        ids = [pk for pk in ids if pk not in seen]
    scores = credit.scores(ids, on)
    if filters.credit_below is not None:
        ids = [pk for pk in ids if scores[pk] < filters.credit_below]
    return [[pk, drawing.weight_for_credit(scores[pk])] for pk in ids]


def inspected_since(enterprise_ids, since: date) -> set[int]:
    return set(completed_inspections().filter(enterprise_id__in=enterprise_ids, inspected_on__gte=since)
               .values_list("enterprise_id", flat=True))


def last_inspectors(enterprise_ids) -> dict[int, set[int]]:
    """The inspectors who last went, or were last drawn to go, to each enterprise: the later of its latest
    recorded inspection and its latest draw pick (the inspection on the same day, being what happened)."""
    latest: dict[int, tuple] = {}

    def keep(enterprise_id, when, inspectors):
        if enterprise_id not in latest or when > latest[enterprise_id][0]:
            latest[enterprise_id] = (when, {inspector.pk for inspector in inspectors})

    picks = (DrawPick.objects.filter(enterprise_id__in=enterprise_ids, draw__status=DrawStatus.DRAWN)
             .select_related("draw").prefetch_related("inspectors"))
    for pick in picks:
        keep(pick.enterprise_id, (timezone.localdate(pick.draw.drawn_at), 0, pick.pk), pick.inspectors.all())
    for inspected in Inspection.objects.filter(enterprise_id__in=enterprise_ids).prefetch_related("inspectors"):
        keep(inspected.enterprise_id, (inspected.inspected_on, 1, inspected.pk), inspected.inspectors.all())
    return {enterprise_id: inspectors for enterprise_id, (_when, inspectors) in latest.items()}


def avoid_pairs(pool_ids: list[int], roster_ids: list[int], *, avoid_previous: bool,
                extra: list[list[int]]) -> list[list[int]]:
    """[[enterprise id, inspector id], …] sorted: declared conflicts, the last inspection's inspectors (when
    asked) and the draw's own list, kept to the pool and the roster."""
    in_pool, in_roster = set(pool_ids), set(roster_ids)
    pairs = {(enterprise, inspector) for inspector, enterprise in Inspector.conflicts.through.objects.filter(
        inspector_id__in=roster_ids, enterprise_id__in=pool_ids).values_list("inspector_id", "enterprise_id")}
    if avoid_previous:
        for enterprise, inspectors in last_inspectors(pool_ids).items():
            pairs |= {(enterprise, inspector) for inspector in inspectors & in_roster}
    pairs |= {(enterprise, inspector) for inspector, enterprise in extra
              if enterprise in in_pool and inspector in in_roster}
    return [list(pair) for pair in sorted(pairs)]


def _names(model, ids) -> str:
    objects = model.objects.filter(pk__in=list(ids)[:NAMES_IN_MESSAGE])
    more = _(" 等 %(n)s 个") % {"n": len(ids)} if len(ids) > NAMES_IN_MESSAGE else ""
    return "、".join(str(obj) for obj in objects) + more


def problem_messages(problems: list[drawing.Problem]) -> dict:
    """The procedure's objections as field errors a user can act on."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        if problem.code == "count":
            count, size = problem.detail
            message = (_("没有符合条件的抽查对象，请调整抽查范围。") if size == 0 else
                       _("抽取家数须在 1 至抽查对象数（%(pool)s）之间，现为 %(count)s。") % {"pool": size, "count": count})
            errors.setdefault("count", []).append(message)
        elif problem.code == "roster":
            size, needed = problem.detail
            errors.setdefault("roster", []).append(_(
                "执法人员名录只有 %(n)s 名有效执法人员，每户至少需要 %(k)s 名。") % {"n": size, "k": needed})
        elif problem.code == "pool":
            errors.setdefault("roster", []).append(_(
                "以下企业回避后可选派的执法人员不足每户所需人数：%(names)s。请增加执法人员或调整回避、抽查范围。")
                % {"names": _names(Enterprise, problem.detail)})
        elif problem.code == "inspectors_per_pick":
            errors.setdefault("inspectors_per_pick", []).append(
                _("每户执法人员不得少于 2 人（《行政处罚法》第四十二条）。"))
        else:  # malformed parameters: the platform's own fault, never the user's
            raise ValueError(str(problem))
    return errors


def _resolve_count(pool_size: int, count, share_percent) -> int:
    if share_percent is not None:
        return max(1, math.ceil(pool_size * Decimal(share_percent) / 100))
    return count


def do_announce_draw(draw: Draw, *, user, filters: PoolFilters, roster=(), count: int | None = None,
                     share_percent=None, extra_avoidances=(), nonce: str | None = None) -> Draw:
    """公告: fix the pool, roster and avoidance, publish them with the commitment to a fresh nonce. With no
    roster given, every inspector valid on the draw day is on it. `nonce` is for the demo data only, which
    derives it from its seed so a seed always gives the same demo; pages and the API never pass one."""
    if not can(user, Draw, ADD):
        raise OutOfScope()
    now = timezone.now().replace(microsecond=0)
    errors: dict[str, list[str]] = {}
    if (count is None) == (share_percent is None):
        errors["count"] = [_("请填写抽取家数或抽取比例（二选一）。")]
    if draw.scheduled_at is None or draw.scheduled_at < now - SCHEDULE_TOLERANCE:
        errors["scheduled_at"] = [_("抽取时间不能早于公告时间。")]
    if draw.month and draw.plan_id is None:
        errors["month"] = [_("计划月份须与所属年度计划一起填写。")]
    if draw.plan_id and draw.plan.status != PlanStatus.APPROVED:
        errors["plan"] = [_("只能按已批准的年度计划抽查。")]
    if errors:
        raise ValidationError(errors)
    draw_day = timezone.localdate(draw.scheduled_at)
    roster = sorted(roster or Inspector.objects.valid(draw_day), key=lambda inspector: inspector.pk)
    invalid = [inspector for inspector in roster if not inspector.is_valid_on(draw_day)]
    if invalid:
        raise ValidationError({"roster": _("以下执法人员在抽取日（%(day)s）执法证不在有效期内或已离岗，不能参与抽取：%(names)s。") % {
            "day": draw_day, "names": "、".join(str(inspector) for inspector in invalid)}})
    weighted = pool(filters, timezone.localdate())
    pool_ids, roster_ids = [pk for pk, _ in weighted], [inspector.pk for inspector in roster]
    extra = sorted({(int(i), int(e)) for i, e in extra_avoidances})
    parameters = {
        "version": drawing.VERSION, "title": draw.title, "announced_at": now.isoformat(),
        "filters": filters.published(), "count": _resolve_count(len(weighted), count, share_percent),
        "inspectors_per_pick": draw.inspectors_per_pick, "pool": weighted, "roster": roster_ids,
        "avoid": avoid_pairs(pool_ids, roster_ids, avoid_previous=draw.avoid_previous,
                             extra=[list(pair) for pair in extra]),
    }
    errors = problem_messages(drawing.problems(parameters))
    if errors:
        raise ValidationError(errors)
    text = drawing.canonical(parameters)
    nonce = nonce or drawing.new_nonce()
    draw.filters, draw.share_percent, draw.count, draw.pool_size = (
        parameters["filters"], share_percent, parameters["count"], len(weighted))
    draw.extra_avoidances = [list(pair) for pair in extra]
    draw.parameters, draw.parameters_sha256 = text.decode(), drawing.sha256_hex(text)
    draw.nonce, draw.commitment = nonce, drawing.commitment(nonce)
    draw.status, draw.announced_by, draw.announced_at = DrawStatus.ANNOUNCED, user, now
    draw.full_clean()
    try:
        with transaction.atomic(), audit.acting_as(user):
            draw.save()
            draw.roster.set(roster)
    except Exception:
        draw.pk, draw._state.adding = None, True
        raise
    return draw


def _locked_draw(draw: Draw, user) -> Draw:
    require(user, draw, CHANGE)
    stored = Draw.objects.get(pk=draw.pk)
    if stored.status == DrawStatus.DRAWN:
        raise ValidationError(_("本次抽查已于 %(at)s 抽取，不能重复抽取或作废。") % {
            "at": f"{timezone.localtime(stored.drawn_at):%Y-%m-%d %H:%M}"})
    if stored.status == DrawStatus.CANCELLED:
        raise ValidationError(_("本次抽查已作废。"))
    return stored


def do_run_draw(draw: Draw, *, user) -> Draw:
    """抽取: reveal the nonce and store the result; the conditional UPDATE makes a second draw impossible."""
    stored = _locked_draw(draw, user)
    now = timezone.now()
    if now < stored.scheduled_at:
        raise ValidationError(_("未到公告的抽取时间（%(at)s）。") % {
            "at": f"{timezone.localtime(stored.scheduled_at):%Y-%m-%d %H:%M}"})
    parameters = stored.published
    lapsed = Inspector.objects.filter(pk__in=parameters["roster"]).exclude(
        pk__in=Inspector.objects.valid(timezone.localdate()))
    if lapsed:
        raise ValidationError(_("名录中以下执法人员的执法证已过期或已离岗：%(names)s。请作废本次抽查，重新公告。") % {
            "names": "、".join(str(inspector) for inspector in lapsed)})
    picks = drawing.draw(parameters, stored.nonce)
    with transaction.atomic(), audit.acting_as(user):
        moved = Draw.objects.filter(pk=stored.pk, status=DrawStatus.ANNOUNCED).update(
            status=DrawStatus.DRAWN, drawn_by=user, drawn_at=now)
        if moved != 1:
            raise ValidationError(_("本次抽查已被他人抽取或作废，请刷新后查看。"))
        rows = DrawPick.objects.bulk_create([DrawPick(draw=stored, order=order, enterprise_id=pick.enterprise)
                                             for order, pick in enumerate(picks, start=1)])
        DrawPick.inspectors.through.objects.bulk_create([
            DrawPick.inspectors.through(drawpick_id=row.pk, inspector_id=inspector)
            for row, pick in zip(rows, picks, strict=True) for inspector in pick.inspectors])
        audit.record(AuditAction.UPDATE, instance=stored, before={"status": DrawStatus.ANNOUNCED},
                     after={"status": DrawStatus.DRAWN, "nonce": stored.nonce,
                            "picks": [[pick.enterprise, list(pick.inspectors)] for pick in picks]})
        _notify_inspectors(stored, picks)
    stored.refresh_from_db()
    return stored


def _notify_inspectors(draw: Draw, picks: list[drawing.Pick]) -> None:
    drawn = {inspector for pick in picks for inspector in pick.inspectors}
    users = [inspector.user for inspector in Inspector.objects.filter(pk__in=drawn, user__isnull=False)
             .select_related("user")]
    notify(users, title=_("双随机抽查任务：%(title)s") % {"title": draw.title},
           url=reverse("draw_detail", args=[draw.pk]), category="draw", key=f"draw-{draw.pk}")


def do_cancel_draw(draw: Draw, *, user, reason: str) -> Draw:
    """作废 an announced draw (with the reason, shown publicly); it stays on the public page."""
    stored = _locked_draw(draw, user)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("作废须说明理由。")})
    with transaction.atomic(), audit.acting_as(user):
        moved = Draw.objects.filter(pk=stored.pk, status=DrawStatus.ANNOUNCED).update(
            status=DrawStatus.CANCELLED, cancel_reason=reason)
        if moved != 1:
            raise ValidationError(_("本次抽查已被他人抽取或作废，请刷新后查看。"))
        audit.record(AuditAction.UPDATE, instance=stored, before={"status": DrawStatus.ANNOUNCED},
                     after={"status": DrawStatus.CANCELLED, "cancel_reason": reason})
    stored.refresh_from_db()
    return stored


def stored_picks(draw: Draw) -> list[drawing.Pick]:
    return [drawing.Pick(pick.enterprise_id, tuple(sorted(i.pk for i in pick.inspectors.all())))
            for pick in draw.picks.order_by("order").prefetch_related("inspectors")]


def verify(draw: Draw) -> list[str]:
    """Recompute a drawn draw from its public record; the differences found (none: 一致)."""
    if draw.status != DrawStatus.DRAWN:
        return [_("本次抽查尚未抽取（状态：%(status)s）。") % {"status": draw.get_status_display()}]
    differences = []
    if drawing.sha256_hex(draw.parameters.encode()) != draw.parameters_sha256:
        differences.append(_("公示参数与公告时的 SHA-256 不符。"))
    if drawing.commitment(draw.nonce) != draw.commitment:
        differences.append(_("公开的随机数与公告时的承诺值不符。"))
    try:
        expected = drawing.draw(draw.published, draw.nonce)
    except (drawing.DrawError, KeyError, TypeError, ValueError) as error:
        return [*differences, _("公示参数无法重新计算：%(error)s") % {"error": error}]
    actual = stored_picks(draw)
    for order in range(1, max(len(expected), len(actual)) + 1):
        want = expected[order - 1] if order <= len(expected) else None
        have = actual[order - 1] if order <= len(actual) else None
        if want != have:
            differences.append(_("第 %(order)s 户：存储结果为 %(have)s，重新计算为 %(want)s。") % {
                "order": order, "have": _pick_text(have), "want": _pick_text(want)})
    return differences


def _pick_text(pick: drawing.Pick | None) -> str:
    if pick is None:
        return _("（无）")
    return _("企业 %(enterprise)s、执法人员 %(inspectors)s") % {
        "enterprise": pick.enterprise, "inspectors": ",".join(str(i) for i in pick.inspectors)}


def filter_summary(filters: dict) -> list[tuple[str, str]]:
    """The published pool filters in words, for the pages (the JSON itself is what the draw was computed on)."""
    def names(model, field, codes):
        return "、".join(model.objects.filter(**{f"{field}__in": codes}).values_list("name", flat=True))

    colours = dict(RiskColour.choices) | {UNGRADED: _("未分级")}
    summary = [
        (_("行业领域"), names(Sector, "code", filters.get("sectors")) if filters.get("sectors") else _("全部")),
        (_("街道/功能区"), names(Area, "code", filters.get("areas")) if filters.get("areas") else _("全部")),
        (_("园区"), names(Park, "code", filters.get("parks")) if filters.get("parks") else _("不限")),
        (_("风险等级"), "、".join(str(colours[c]) for c in filters.get("colours", [])) or _("全部")),
    ]
    if filters.get("credit_below") is not None:
        summary.append((_("信用分"), _("低于 %(score)s 分") % {"score": filters["credit_below"]}))
    if filters.get("not_inspected_since"):
        summary.append((_("检查情况"), _("%(day)s 以来未被检查") % {"day": filters["not_inspected_since"]}))
    summary.append((_("重点检查对象"), _("不含") if filters.get("exclude_key_targets") else _("含")))
    return summary
