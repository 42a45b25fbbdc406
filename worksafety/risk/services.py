"""Risk services: hazard units and their GB 18218-2018 grading, risk events (LEC/LS), enterprise colours and
the differentiated-supervision plan.

Every change of a unit's inventory or of the population around it goes through these functions, which
recompute the grading in the same transaction and keep a history row when the result or its inputs change.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction, RiskColour, Role
from worksafety.core.scoping import ADD, CHANGE, VIEW, OutOfScope, can, may
from worksafety.core.services import do_delete_object, do_save_object
from worksafety.registry.choices import Status
from worksafety.registry.models import Enterprise, HazardUnit, HazardUnitSubstance
from worksafety.risk.choices import GradingMethod, GradingStatus, Method
from worksafety.risk.models import (
    EnterpriseGrading,
    MajorHazardAssessment,
    RiskBand,
    RiskEvent,
    SupervisionRule,
)
from worksafety.standards import enterprise_grading, gb18218, risk


def assessment_input(unit: HazardUnit) -> dict:
    """The `gb18218.assess` input for a unit: 表1 substances by their exact name, others by their categories."""
    substances = []
    # 表1 rows in the standard's order, then the enterprise's own substances (the same on every database).
    ordering = (F("chemical__gb18218_row").asc(nulls_last=True), "chemical__name")
    for row in unit.substances.select_related("chemical").order_by(*ordering):
        chemical = row.chemical
        substance = {"name": chemical.name, "quantity_t": float(row.quantity_t)}
        if chemical.gb18218_row is None:
            substance["category"] = chemical.categories
        substances.append(substance)
    return {"unit_type": unit.kind, "population_500m": unit.population_500m, "substances": substances}


def do_grade_hazard_unit(unit: HazardUnit, *, user, reason: str) -> MajorHazardAssessment | None:
    """Recompute the unit's grading; returns the new history row, or None when nothing changed."""
    inputs = assessment_input(unit)
    if not inputs["substances"]:
        result = {"S": 0, "is_major": False, "alpha": None, "R": None, "level": None, "terms": []}
    else:
        try:
            result = gb18218.assess(inputs)
        except gb18218.AssessmentError as error:
            raise ValidationError(str(error)) from error
    last = unit.assessments.first()
    if last is not None and last.inputs == inputs and last.result == result:
        return None
    graded = {"is_major": result["is_major"], "level": result["level"], "s_value": result["S"], "r_value": result["R"]}
    before = {name: getattr(unit, name) for name in graded}
    with transaction.atomic(), audit.acting_as(user):
        HazardUnit.objects.filter(pk=unit.pk).update(**graded, assessed_at=timezone.now())
        unit.refresh_from_db()
        if before != graded:
            audit.record(AuditAction.UPDATE, instance=unit, before=before, after=graded)
        return MajorHazardAssessment.objects.create(
            unit=unit, actor=user, reason=reason, inputs=inputs, result=result,
            is_major=result["is_major"], level=result["level"],
        )


def do_save_hazard_unit(unit: HazardUnit, *, user) -> HazardUnit:
    """Create or change a unit (scope-checked like every object) and regrade it."""
    adding = unit._state.adding
    with transaction.atomic():
        if not adding:
            _lock(unit)
        do_save_object(unit, user=user)
        do_grade_hazard_unit(unit, user=user, reason=_("新增单元") if adding else _("单元信息变更"))
    return unit


def _lock(unit: HazardUnit) -> None:
    """Serialise changes to one unit, so two people editing it cannot both insert or regrade from stale data."""
    HazardUnit.objects.select_for_update().filter(pk=unit.pk).first()


def do_set_substance(unit: HazardUnit, chemical, quantity_t, *, user) -> HazardUnitSubstance:
    """Add a chemical to a unit or change its design maximum quantity, then regrade the unit."""
    if chemical.owner_id not in (None, unit.enterprise_id):
        raise ValidationError({"chemical": _("该物质由其他企业添加，不能用于本单元。")})
    with transaction.atomic():
        _lock(unit)
        row = HazardUnitSubstance.objects.filter(unit=unit, chemical=chemical).first() or HazardUnitSubstance(
            unit=unit, chemical=chemical
        )
        row.quantity_t = quantity_t
        do_save_object(row, user=user)
        do_grade_hazard_unit(unit, user=user, reason=_("危险化学品存量变更：%(name)s") % {"name": chemical.name})
    return row


def do_save_chemical(chemical, *, user):
    """Save a catalogue substance; a change of its categories regrades every unit that holds it."""
    with transaction.atomic():
        do_save_object(chemical, user=user)
        for unit in HazardUnit.objects.filter(substances__chemical=chemical).distinct():
            _lock(unit)
            do_grade_hazard_unit(unit, user=user, reason=_("危险化学品类别变更：%(name)s") % {"name": chemical.name})
    return chemical


def do_remove_substance(row: HazardUnitSubstance, *, user) -> None:
    unit = row.unit
    with transaction.atomic():
        _lock(unit)
        do_delete_object(row, user=user)
        do_grade_hazard_unit(unit, user=user, reason=_("移除危险化学品：%(name)s") % {"name": row.chemical.name})


# --- risk points (双重预防) -----------------------------------------------------------------------------------

FACTOR_TABLES = {
    Method.LEC: {"likelihood": risk.LEC_L, "exposure": risk.LEC_E, "consequence": risk.LEC_C},
    Method.LS: {"likelihood": risk.LS_L, "consequence": risk.LS_S},
}


def band_table(method: str, *, lock: bool = False) -> risk.BandTable:
    """The district's colour band table for a method; `lock` holds its rows until the transaction ends."""
    bands = RiskBand.objects.filter(method=method)
    if lock:
        bands = bands.select_for_update()
    return risk.BandTable([band.as_row() for band in bands], risk.to_colour)


def evaluate(event: RiskEvent, bands: risk.BandTable | None = None) -> None:
    """Set the event's score and colour from its factors (LEC: D = L·E·C; LS: R = L·S); each factor must be a
    value of its method's score table, and an error names the field it is about."""
    tables = FACTOR_TABLES[event.method]
    errors = {}
    if event.method == Method.LS and event.exposure is not None:
        errors["exposure"] = _("LS 法不填写 E。")
    for field, table in tables.items():
        value = getattr(event, field)
        try:
            table.check(value)
        except risk.RiskInputError:
            allowed = "、".join(str(risk.as_number(score)) for score in table.scores)
            errors[field] = _("%(symbol)s（%(title)s）须为以下取值之一：%(allowed)s。") % {
                "symbol": table.symbol, "title": table.title, "allowed": allowed}
    if errors:
        raise ValidationError(errors)
    bands = bands or band_table(event.method)
    if event.method == Method.LEC:
        outcome = risk.lec(event.likelihood, event.exposure, event.consequence, bands)
        event.score = outcome["D"]
    else:
        outcome = risk.ls(event.likelihood, event.consequence, bands)
        event.score = outcome["R"]
    event.colour = outcome["colour"].value


def do_save_risk_event(event: RiskEvent, *, user) -> RiskEvent:
    # The band rows stay locked while the event is scored and saved, so a table being replaced at the same
    # moment either sees this event (and regrades it) or is seen by it.
    with transaction.atomic():
        evaluate(event, band_table(event.method, lock=True))
        return do_save_object(event, user=user)


def do_replace_bands(method: str, rows: list[tuple], *, user) -> None:
    """Replace a method's band table as a whole after checking it covers (0, ∞) exactly once; every risk event
    of that method is re-evaluated so colours always follow the table in force."""
    try:
        risk.BandTable(rows, risk.to_colour)
    except risk.BandTableError as error:
        raise ValidationError(str(error)) from error
    with transaction.atomic(), audit.acting_as(user):
        RiskBand.objects.filter(method=method).delete()
        for lower, lower_inclusive, upper, upper_inclusive, colour in rows:
            RiskBand.objects.create(method=method, lower=lower, lower_inclusive=lower_inclusive, upper=upper,
                                    upper_inclusive=upper_inclusive, colour=colour)
        bands = band_table(method, lock=True)
        for event in RiskEvent.objects.filter(method=method):
            evaluate(event, bands)
            event.save(update_fields=["score", "colour"])


# --- enterprise colour --------------------------------------------------------------------------------------

def _submit_grading(enterprise, *, user, method, inputs, result, score, colour) -> EnterpriseGrading:
    """Record a grading; the district's own gradings take effect at once, others wait for its review."""
    reviewing = can_review(user)
    if enterprise.status == Status.CLOSED:
        raise ValidationError(_("企业已关闭，不再分级。"))
    pending = enterprise.gradings.filter(status=GradingStatus.SUBMITTED)
    if not reviewing and pending.exists():
        raise ValidationError(_("已有一份待审核的分级，请等待区应急管理局审核后再提交。"))
    grading = EnterpriseGrading(
        enterprise=enterprise, method=method, graded_on=timezone.localdate(), assessor=user, inputs=inputs,
        result=result, score=score, colour=colour,
        status=GradingStatus.APPROVED if reviewing else GradingStatus.SUBMITTED,
        reviewer=user if reviewing else None, reviewed_at=timezone.now() if reviewing else None,
    )
    with transaction.atomic(), audit.acting_as(user):
        do_save_object(grading, user=user)
        if reviewing:
            _apply_colour(enterprise)
    return grading


def can_review(user) -> bool:
    """Gradings are approved by the district bureau (区应急管理局), or the superuser."""
    return user.is_superuser or user.role == Role.DISTRICT


def most_severe_level(enterprise) -> int | None:
    """The enterprise's most severe major-hazard level (1 = 一级), or None without a major hazard."""
    levels = enterprise.hazard_units.filter(is_major=True).values_list("level", flat=True)
    return min((level for level in levels if level), default=None)


# The 应急〔2018〕19号 model is written for 危险化学品 production and storage enterprises.
HAZCHEM_SECTOR = "hazchem"


def check_hazchem(enterprise) -> None:
    if enterprise.sector.code != HAZCHEM_SECTOR:
        raise ValidationError(_("应急〔2018〕19号分级模型只适用于危险化学品企业；其他行业按风险点从严从高分级。"))


def do_grade_hazchem_enterprise(enterprise, answers: dict, *, user) -> EnterpriseGrading:
    """The 应急〔2018〕19号 100-point model; its 重大危险源 item comes from the enterprise's hazard units."""
    check_hazchem(enterprise)
    inputs = {**answers, "major_hazard_level": most_severe_level(enterprise)}
    try:
        result = enterprise_grading.grade(inputs)
    except enterprise_grading.GradingError as error:
        raise ValidationError(str(error)) from error
    return _submit_grading(enterprise, user=user, method=GradingMethod.HAZCHEM_2018_19, inputs=inputs,
                           result=result, score=result["score"], colour=str(result["colour"]))


def do_grade_from_risk_points(enterprise, *, user) -> EnterpriseGrading:
    """从严从高: the most severe colour among the enterprise's risk events."""
    events = RiskEvent.objects.filter(risk_unit__risk_object__enterprise=enterprise)
    inputs, highest = risk_points_summary(list(events.values_list("colour", flat=True)))
    if highest is None:
        raise ValidationError(_("该企业尚未登记风险事件，无法按风险点分级。"))
    return _submit_grading(enterprise, user=user, method=GradingMethod.RISK_POINTS, inputs=inputs,
                           result={"colour": highest.value}, score=None, colour=highest.value)


def risk_points_summary(colours: list[str]) -> tuple[dict, risk.Colour | None]:
    """The grading input (events per colour) and the most severe colour (从严从高) of a list of event colours."""
    return {"events": {colour: colours.count(colour) for colour in sorted(set(colours))}}, risk.highest(colours)


def do_review_grading(grading: EnterpriseGrading, *, user, approve: bool, comment: str = "") -> EnterpriseGrading:
    """Approve or return a submitted grading; only one reviewer can act on it (conditional UPDATE)."""
    if not can_review(user) or not may(user, grading, CHANGE):
        raise OutOfScope()
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"review_comment": _("退回时须填写审核意见。")})
    limit = EnterpriseGrading._meta.get_field("review_comment").max_length
    if len(comment) > limit:
        raise ValidationError({"review_comment": _("审核意见不能超过 %(n)d 字。") % {"n": limit}})
    new_status = GradingStatus.APPROVED if approve else GradingStatus.RETURNED
    with transaction.atomic(), audit.acting_as(user):
        changed = EnterpriseGrading.objects.filter(pk=grading.pk, status=GradingStatus.SUBMITTED).update(
            status=new_status, reviewer=user, reviewed_at=timezone.now(), review_comment=comment
        )
        if changed != 1:
            raise ValidationError(_("该分级已被审核，请刷新后查看。"))
        grading.refresh_from_db()
        audit.record(AuditAction.UPDATE, instance=grading, before={"status": GradingStatus.SUBMITTED},
                     after={"status": new_status, "review_comment": grading.review_comment})
        if approve:
            _apply_colour(grading.enterprise)
    return grading


def _apply_colour(enterprise) -> None:
    latest = enterprise.gradings.filter(status=GradingStatus.APPROVED).order_by("-graded_on", "-id").first()
    colour = latest.colour if latest else ""
    if enterprise.risk_colour != colour:
        Enterprise.objects.filter(pk=enterprise.pk).update(risk_colour=colour)
        audit.record(AuditAction.UPDATE, instance=enterprise, before={"risk_colour": enterprise.risk_colour},
                     after={"risk_colour": colour})
        enterprise.risk_colour = colour


def risk_summary(enterprise, user) -> dict:
    """What the enterprise page (一企一档) shows of risk: gradings, risk events by colour, what the user may do."""
    events = RiskEvent.objects.restrict(user, VIEW).filter(risk_unit__risk_object__enterprise=enterprise)
    counts = dict(events.values_list("colour").annotate(n=Count("id")))
    return {
        "gradings": EnterpriseGrading.objects.restrict(user, VIEW).filter(enterprise=enterprise)
        .select_related("assessor")[:5],
        "risk_event_counts": [(colour, counts.get(colour.value, 0)) for colour in RiskColour],
        "can_grade": can(user, EnterpriseGrading, ADD),
        "can_grade_hazchem": can(user, EnterpriseGrading, ADD) and enterprise.sector.code == HAZCHEM_SECTOR,
        "can_view_risk_points": can(user, RiskEvent, VIEW),
    }


# --- differentiated supervision -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SupervisionLine:
    enterprise: Enterprise
    key_inspections: int  # 重点检查 per year; 0 means the random-draw pool (双随机) only


def plan_year(value) -> int:
    """The year a plan is asked for; this year when missing or not a plausible year."""
    this_year = timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this_year
    return year if 2000 <= year <= 2100 else this_year


class SupervisionPlan:
    """Key inspections due in a year for each enterprise by its colour and sector (a sector rule wins over the
    default rule of its colour).

    Enterprises never graded are planned as blue — in the random-draw pool — and closed enterprises are left
    out. `lines()` lists a page or all of them; `totals()` counts the whole plan in the database.
    """

    def __init__(self, enterprises):
        self.enterprises = enterprises.exclude(status=Status.CLOSED)
        self.rules = {(r.colour, r.sector_id): r.inspections_per_year for r in SupervisionRule.objects.all()}

    def inspections(self, colour: str, sector_id: int) -> int:
        colour = colour or RiskColour.BLUE
        return self.rules.get((colour, sector_id), self.rules.get((colour, None), 0))

    def lines(self, enterprises=None) -> list[SupervisionLine]:
        rows = (self.enterprises if enterprises is None else enterprises).select_related("sector", "area", "park")
        return [SupervisionLine(e, self.inspections(e.risk_colour, e.sector_id)) for e in rows]

    def totals(self) -> dict:
        key_count = key_inspections = pool_count = 0
        for colour, sector_id, n in self.enterprises.values_list("risk_colour", "sector_id").annotate(n=Count("id")):
            per_year = self.inspections(colour, sector_id)
            if per_year:
                key_count, key_inspections = key_count + n, key_inspections + n * per_year
            else:
                pool_count += n
        return {"key_count": key_count, "key_inspections": key_inspections, "pool_count": pool_count}


def colour_counts(enterprises, group_by: str) -> list[dict]:
    """[{"group": name, "<colour>": n, …}] for a chart: enterprises per group and risk colour, busiest first."""
    rows = enterprises.values_list(group_by, "risk_colour").annotate(n=Count("id"))
    groups: dict[str, dict] = {}
    for group, colour, n in rows:
        groups.setdefault(group, {"group": group, "total": 0})
        groups[group][colour or "none"] = n
        groups[group]["total"] += n
    return sorted(groups.values(), key=lambda g: -g["total"])
