"""目标责任考核: computing the data-driven items and vetoes of one unit for the assessment year. No writes.

The plan names the assessment but gives no formula; these rules are ours, chosen so that every number can be
traced back to records the unit itself sees. A unit's data is exactly what its own login sees: a department's
scope is its area with its sectors, a street's its area (`unit_scope`, as `core.models.User.scope`).

HAZARD_CLOSURE
    Hazards in scope whose effective deadline (督办期限, else 整改期限) falls in the year and has passed (before
    today while the year runs). On time = closed (销号) or awaiting acceptance, with its latest 申请验收 —
    rectification reported complete — made on or before that deadline: the regulator's acceptance or 复查
    legally follows the deadline (复查 within 10 days of it), so judging by the 销号 date would count the
    regulator's pace against the unit. A hazard without a recorded 申请验收 counts by its 销号 date. points = weight × on time / due.
    No hazard due → full points: having nothing to close is not a failure.
MAJOR_HAZARD_CLOSURE
    The same over 重大隐患 only.
INSPECTION_PLAN
    The year's approved 年度监督检查计划 and the unit's row of `enforcement.plans.services.plan_progress(by="department")`:
    a department's (重点检查 done + 双随机 done) / (planned + planned), each part capped at its own plan, a street's
    重点检查 done / planned (random quotas belong to sectors, hence departments), capped at 1. A street's row includes targets of the
    communities below it. Without an approved plan the item cannot be computed (points None): the assessor
    scores it by hand, and publishing waits for that. A plan that gives the unit nothing to do → full points.
ACCIDENT_DEATHS
    Accidents in scope that occurred in the year (local dates); persons = deaths + missing;
    points = max(0, weight − deduction × persons).
TASK_REPORTING (departments only)
    Within the plan period (`tasks.services.PLAN_FIRST_YEAR`–`PLAN_LAST_YEAR`; outside it nothing is due), each
    (plan task, quarter) of the year where the department leads or cooperates and the reporting deadline
    (`tasks.models.reporting_deadline`) has passed is one report due; on time = submitted by that deadline.
    points = weight × on time / due; no report due → full points.

Vetoes: MAJOR_ACCIDENT = an accident in scope in the year graded 较大 or above; MISREPORTING = an accident in
scope in the year found 瞒报 or 谎报. The evidence lists those accidents; MANUAL vetoes are the assessor's.

Total: the points of the items that apply to the unit's kind, normalised to 100 (× 100 / their weights), so
departments and streets are comparable; one decimal, rounded half up (as are each item's points). Grade from
the year's thresholds; any veto → 不合格. Rank within a kind by total, vetoed units after all others, equal
totals sharing a rank (1, 2, 2, 4).

`Scorer` loads what all units share once (the plan's progress, the tasks and the year's reports) and queries
per unit at most twice (one hazard aggregate, one list of accidents), so a page of every unit × item stays cheap.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.models import Area
from worksafety.core.scoping import UserScope
from worksafety.enforcement.plans.choices import PlanStatus, ProgressBy
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.enforcement.plans.services import plan_progress
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.models import Hazard, HazardEvent
from worksafety.indicators.accidents.models import Accident
from worksafety.indicators.assessments.models import AppliesTo, Evidence, Grade, UnitKind, VetoRule
from worksafety.indicators.tasks.models import PlanTask, ProgressReport, reporting_deadline
from worksafety.indicators.tasks.services import PLAN_FIRST_YEAR, PLAN_LAST_YEAR

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)
MAJOR_GRADES = ("较大", "重大", "特别重大")


def one_decimal(value) -> Decimal:
    return Decimal(value).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> str:
    return f"{one_decimal(Decimal(part) * HUNDRED / whole)}%"


def applies(item, kind: str) -> bool:
    return item.applies_to == AppliesTo.ALL or item.applies_to == kind


def unit_scope(unit) -> UserScope:
    """What the unit's own login sees (`core.models.User.scope`); the department's sectors must be loaded."""
    if unit.kind == UnitKind.DEPARTMENT:
        department = unit.department
        return UserScope(area_code=department.area.code,
                         sector_codes=frozenset(sector.code for sector in department.sectors.all()))
    return UserScope(area_code=unit.area.code)


@dataclass(frozen=True)
class Computed:
    """An item's points from the data with the sentence saying how; points None = the data cannot decide."""

    points: Decimal | None
    evidence: str


# --- totals, grades and ranks ---------------------------------------------------------------------------------

def total(scored: list[tuple[Decimal, Decimal]]) -> Decimal:
    """(weight, points) of the items applying to a unit → its total out of 100."""
    weights = sum((weight for weight, _points in scored), Decimal(0))
    return one_decimal(sum((points for _weight, points in scored), Decimal(0)) * HUNDRED / weights)


def grade(assessment, value: Decimal, *, vetoed: bool) -> str:
    if vetoed:
        return Grade.FAIL
    for threshold, result in ((assessment.excellent_from, Grade.EXCELLENT), (assessment.good_from, Grade.GOOD),
                              (assessment.pass_from, Grade.PASS)):
        if value >= threshold:
            return result
    return Grade.FAIL


def ranks(entries: list[tuple[object, Decimal, bool]]) -> dict:
    """(key, total, vetoed) of one kind's units → {key: rank}: by total, vetoed after all others, ties share."""
    ordered = sorted(entries, key=lambda entry: (entry[2], -entry[1]))
    result, previous = {}, None
    for position, (key, value, vetoed) in enumerate(ordered, start=1):
        if previous is not None and previous[1:] == (value, vetoed):
            result[key] = result[previous[0]]
        else:
            result[key] = position
        previous = (key, value, vetoed)
    return result


# --- computing ------------------------------------------------------------------------------------------------

class Scorer:
    """The data-driven points and vetoes of one assessment year, for any of its units."""

    def __init__(self, assessment, *, today: date | None = None):
        self.year = assessment.year
        self.today = today or timezone.localdate()
        self._per_unit: dict[int, dict] = {}

    def score(self, unit, item) -> Computed:
        """Points and evidence of a data-driven item; MANUAL items are never computed."""
        rule = {
            Evidence.HAZARD_CLOSURE: self._hazard_closure,
            Evidence.MAJOR_HAZARD_CLOSURE: self._major_hazard_closure,
            Evidence.INSPECTION_PLAN: self._inspection_plan,
            Evidence.ACCIDENT_DEATHS: self._accident_deaths,
            Evidence.TASK_REPORTING: self._task_reporting,
        }[item.evidence]
        return rule(unit, item)

    def veto(self, unit, veto) -> str:
        """The evidence of a data-driven veto found against the unit, or "" when it is not."""
        if veto.rule == VetoRule.MAJOR_ACCIDENT:
            found = [a for a in self._accidents(unit) if a.grade in MAJOR_GRADES]
        elif veto.rule == VetoRule.MISREPORTING:
            found = [a for a in self._accidents(unit) if a.misreporting]
        else:
            raise ValueError(f"veto rule {veto.rule} is recorded by hand")
        return "；".join(self._accident_line(a) for a in found)

    def _accident_line(self, accident) -> str:
        line = _("%(title)s（%(day)s，%(grade)s事故") % {
            "title": accident.title, "day": f"{timezone.localdate(accident.occurred_at):%Y-%m-%d}",
            "grade": accident.grade}
        if accident.misreporting:
            line += f"，{accident.get_misreporting_display()}"
        return line + "）"

    # --- per unit, loaded once

    def _cached(self, unit, name, load):
        cache = self._per_unit.setdefault(unit.pk, {})
        if name not in cache:
            cache[name] = load(unit)
        return cache[name]

    def _hazard_counts(self, unit) -> dict:
        def load(unit):
            q = unit_scope(unit).filter_for(Hazard.scope_fields)
            if q is None:
                return {"due": 0, "on_time": 0, "major_due": 0, "major_on_time": 0}
            last_due = min(date(self.year, 12, 31), self.today - timedelta(days=1))
            # The 申请验收 that led to 销号: the latest, since a rejected one sent the hazard back to rectifying.
            submitted = (HazardEvent.objects.filter(hazard=OuterRef("pk"), to_state=State.AWAITING_ACCEPTANCE)
                         .order_by("-at").values("at")[:1])
            # Awaiting acceptance counts too: the regulator's 复查 may still be pending when the year is assessed.
            on_time = Q(state__in=(State.AWAITING_ACCEPTANCE, State.CLOSED), rectified_on__lte=F("due_on"))
            major = Q(level=HazardLevel.MAJOR)
            return (Hazard.objects.filter(q).annotate(due_on=Coalesce("supervision_deadline", "deadline"),
                                                      rectified_on=Coalesce(TruncDate(Subquery(submitted)),
                                                                            "closed_on"))
                    .filter(due_on__gte=date(self.year, 1, 1), due_on__lte=last_due).order_by()
                    .aggregate(due=Count("pk"), on_time=Count("pk", filter=on_time),
                               major_due=Count("pk", filter=major), major_on_time=Count("pk", filter=major & on_time)))
        return self._cached(unit, "hazards", load)

    def _accidents(self, unit) -> list:
        def load(unit):
            q = unit_scope(unit).filter_for(Accident.scope_fields)
            if q is None:
                return []
            start = timezone.make_aware(datetime(self.year, 1, 1))
            end = timezone.make_aware(datetime(self.year + 1, 1, 1))
            return list(Accident.objects.filter(q, occurred_at__gte=start, occurred_at__lt=end)
                        .only("title", "occurred_at", "grade", "deaths", "missing", "misreporting")
                        .order_by("occurred_at", "pk"))
        return self._cached(unit, "accidents", load)

    # --- the rules

    def _closure(self, item, due: int, on_time: int, what: str) -> Computed:
        if not due:
            return Computed(item.weight, _("%(year)s年无到期%(what)s，按满分计") % {"year": self.year, "what": what})
        return Computed(one_decimal(item.weight * on_time / due), _(
            "%(year)s年到期%(what)s %(due)s 项，按期整改 %(on_time)s 项，按期整改率 %(rate)s") % {
            "year": self.year, "what": what, "due": due, "on_time": on_time, "rate": percent(on_time, due)})

    def _hazard_closure(self, unit, item) -> Computed:
        counts = self._hazard_counts(unit)
        return self._closure(item, counts["due"], counts["on_time"], _("隐患"))

    def _major_hazard_closure(self, unit, item) -> Computed:
        counts = self._hazard_counts(unit)
        return self._closure(item, counts["major_due"], counts["major_on_time"], _("重大隐患"))

    def _accident_deaths(self, unit, item) -> Computed:
        accidents = self._accidents(unit)
        deaths = sum(a.deaths for a in accidents)
        missing = sum(a.missing for a in accidents)
        if not deaths + missing:
            return Computed(item.weight, _("%(year)s年发生生产安全事故 %(n)s 起，无人员死亡（失踪）") % {
                "year": self.year, "n": len(accidents)})
        deducted = item.deduction * (deaths + missing)
        return Computed(max(Decimal(0), item.weight - deducted), _(
            "%(year)s年发生生产安全事故 %(n)s 起，死亡 %(deaths)s 人、失踪 %(missing)s 人，每人扣 %(each)s 分，"
            "共扣 %(deducted)s 分") % {"year": self.year, "n": len(accidents), "deaths": deaths, "missing": missing,
                                    "each": item.deduction, "deducted": deducted})

    @cached_property
    def _plan(self):
        return AnnualPlan.objects.filter(year=self.year, status=PlanStatus.APPROVED).first()

    @cached_property
    def _progress(self) -> dict:
        """The plan's progress rows by responsible unit, with the codes of the areas of the street rows."""
        rows = {row.key: row for row in plan_progress(self._plan, by=ProgressBy.DEPARTMENT)}
        area_pks = [pk for kind, pk in rows if kind == "area"]
        codes = dict(Area.objects.filter(pk__in=area_pks).values_list("pk", "code"))
        return {"rows": rows, "area_codes": codes}

    def _inspection_plan(self, unit, item) -> Computed:
        if self._plan is None:
            return Computed(None, _("%(year)s年度监督检查计划未经批准，不能按数据计分，请人工评分") % {"year": self.year})
        rows = self._progress["rows"]
        if unit.kind == UnitKind.DEPARTMENT:
            row = rows.get(("department", unit.department_id))
            planned = (row.key_planned + (row.random_planned or 0)) if row else 0
            # Each part up to its own plan: extra random inspections do not make up for missed key ones.
            done = (min(row.key_done, row.key_planned) + min(row.random_done, row.random_planned or 0)) if row else 0
            detail = _("重点检查计划 %(kp)s 次、完成 %(kd)s 次，双随机抽查计划 %(rp)s 次、完成 %(rd)s 次") % {
                "kp": row.key_planned, "kd": row.key_done, "rp": row.random_planned or 0, "rd": row.random_done} \
                if row else ""
        else:
            street_rows = [row for (kind, pk), row in rows.items()
                           if kind == "area" and self._progress["area_codes"].get(pk, "").startswith(unit.area.code)]
            planned = sum(row.key_planned for row in street_rows)
            done = sum(row.key_done for row in street_rows)
            detail = _("重点检查计划 %(kp)s 次、完成 %(kd)s 次") % {"kp": planned, "kd": done}
        if not planned:
            return Computed(item.weight, _("%(year)s年度监督检查计划未安排本单位检查任务，按满分计") % {"year": self.year})
        done = min(done, planned)
        return Computed(one_decimal(item.weight * done / planned), _(
            "%(year)s年度监督检查计划：%(detail)s，完成率 %(rate)s") % {
            "year": self.year, "detail": detail, "rate": percent(done, planned)})

    @cached_property
    def _reporting(self) -> dict:
        """Department pk → the pks of the tasks it leads or cooperates on; and the year's reports by key."""
        tasks = defaultdict(set)
        for task in PlanTask.objects.prefetch_related("cooperating_departments"):
            tasks[task.lead_department_id].add(task.pk)
            for department in task.cooperating_departments.all():
                tasks[department.pk].add(task.pk)
        reports = {(r.task_id, r.department_id, r.quarter): r
                   for r in ProgressReport.objects.filter(year=self.year).only(
                       "task_id", "department_id", "year", "quarter", "submitted_at")}
        return {"tasks": tasks, "reports": reports}

    def _task_reporting(self, unit, item) -> Computed:
        if unit.kind != UnitKind.DEPARTMENT:
            raise ValueError("task reporting is scored for departments only")
        if not PLAN_FIRST_YEAR <= self.year <= PLAN_LAST_YEAR:
            return Computed(item.weight, _("%(year)s年不在规划期内，无应报送的规划任务进展，按满分计") % {
                "year": self.year})
        quarters = [q for q in range(1, 5) if reporting_deadline(self.year, q) < self.today]
        tasks = self._reporting["tasks"].get(unit.department_id, set())
        due = len(tasks) * len(quarters)
        if not due:
            return Computed(item.weight, _("%(year)s年无到期的规划任务进展报送，按满分计") % {"year": self.year})
        reports = self._reporting["reports"]
        filed = [reports[(task, unit.department_id, q)] for task in tasks for q in quarters
                 if (task, unit.department_id, q) in reports]
        on_time = sum(not report.is_late for report in filed)
        return Computed(one_decimal(item.weight * on_time / due), _(
            "%(year)s年应报送规划任务进展 %(due)s 次（%(tasks)s 项任务 × %(quarters)s 个季度），按时报送 %(on_time)s 次、"
            "逾期 %(late)s 次、未报送 %(missing)s 次，按时报送率 %(rate)s") % {
            "year": self.year, "due": due, "tasks": len(tasks), "quarters": len(quarters), "on_time": on_time,
            "late": len(filed) - on_time, "missing": due - len(filed), "rate": percent(on_time, due)})
