"""执法统计: inspections, the hazards they found, penalty decisions and fines, by organ, street, sector and month,
and how far the year's plan of key inspections (重点检查) is done — over what the user may see.

Counting rules (docs/design.md): an inspection counts in the year of its date once started; hazards found are
those registered from its failed items (a 复查's rechecks find none); a penalty counts in the year of its
decision, with its fine as decided; plan completion counts completed inspections linked to a target, at most
the target's planned number each, so extra visits to one enterprise never make up for another not visited.
"""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.core.scoping import VIEW
from worksafety.enforcement.cases.choices import CaseOutcome
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.inspections.choices import InspectionKind, InspectionStatus
from worksafety.enforcement.inspections.models import Inspection, InspectionResult
from worksafety.enforcement.plans.models import PlanTarget

# Each grouping: its label, and the lookup (on an inspection and on a case alike) rows are grouped by; months
# group by the inspection's date and the decision's date.
GROUPINGS = {
    "organ": (gettext_lazy("执法部门"), "organ"),
    "street": (gettext_lazy("街道/功能区"), "enterprise__area__name"),
    "sector": (gettext_lazy("行业领域"), "enterprise__sector__name"),
    "month": (gettext_lazy("月份"), None),
}


def _group_by(key: str) -> tuple:
    """The expressions an inspection, a finding and a decision are grouped by."""
    if key == "month":
        return TruncMonth("inspected_on"), TruncMonth("inspection__inspected_on"), TruncMonth("decided_on")
    lookup = GROUPINGS[key][1]
    return F(lookup), F(f"inspection__{lookup}"), F(lookup)


def _filtered(queryset, *, sector=None, area=None, prefix=""):
    if sector is not None:
        queryset = queryset.filter(**{f"{prefix}enterprise__sector": sector})
    if area is not None:
        queryset = queryset.filter(**{f"{prefix}enterprise__area__code__startswith": area.code})
    return queryset


def _rows(inspections, findings, decisions, key: str) -> list[dict]:
    """One row per group: inspections, hazards found (major among them), hazards per inspection, decisions and
    their fines."""
    inspection_group, finding_group, decision_group = _group_by(key)
    rows: dict = {}

    def row(label):
        return rows.setdefault(label, {"label": label, "inspections": 0, "hazards": 0, "major": 0, "cases": 0,
                                       "fines_yuan": Decimal("0")})

    for item in inspections.values(group=inspection_group).annotate(n=Count("id")):
        row(item["group"])["inspections"] = item["n"]
    major = Count("id", filter=Q(is_major=True))
    for item in findings.values(group=finding_group).annotate(n=Count("id"), major=major):
        target = row(item["group"])
        target["hazards"], target["major"] = item["n"], item["major"]
    for item in decisions.values(group=decision_group).annotate(n=Count("id"), fines=Sum("fine_yuan")):
        target = row(item["group"])
        target["cases"], target["fines_yuan"] = item["n"], item["fines"] or Decimal("0")
    out = []
    for label, figures in rows.items():
        figures["label"] = f"{label:%Y-%m}" if key == "month" and label else (label or _("（未填）"))
        figures["per_inspection"] = round(figures["hazards"] / figures["inspections"], 2) \
            if figures["inspections"] else None
        out.append(figures)
    if key == "month":
        return sorted(out, key=lambda r: r["label"])
    return sorted(out, key=lambda r: (-r["inspections"], -r["cases"], r["label"]))


def plan_completion(user, year: int, *, sector=None, area=None) -> dict:
    """Key inspections done against the year's plan, overall and per responsible department or street."""
    targets = _filtered(PlanTarget.objects.restrict(user, VIEW).filter(plan__year=year), sector=sector, area=area)
    # Only the plan year's inspections count, as in plans.plan_progress (the capped count below is the same).
    targets = targets.annotate(done=Count("inspections", filter=Q(inspections__status=InspectionStatus.COMPLETED,
                                                                  inspections__inspected_on__year=year))) \
        .values("key_inspections", "done", "responsible_department__name", "responsible_area__name")
    by_unit: dict[str, dict] = {}
    for target in targets:
        label = target["responsible_department__name"] or target["responsible_area__name"] or _("（未填）")
        unit = by_unit.setdefault(label, {"label": label, "targets": 0, "planned": 0, "done": 0})
        unit["targets"] += 1
        unit["planned"] += target["key_inspections"]
        unit["done"] += min(target["done"], target["key_inspections"])
    units = sorted(by_unit.values(), key=lambda u: -u["planned"])
    for unit in units:
        unit["rate"] = round(100 * unit["done"] / unit["planned"], 1) if unit["planned"] else None
    planned, done = sum(u["planned"] for u in units), sum(u["done"] for u in units)
    return {"targets": sum(u["targets"] for u in units), "planned": planned, "done": done,
            "rate": round(100 * done / planned, 1) if planned else None, "by_unit": units}


def statistics(user, year: int, *, sector=None, area=None) -> dict:
    inspections = _filtered(Inspection.objects.restrict(user, VIEW).filter(inspected_on__year=year),
                            sector=sector, area=area)
    findings = InspectionResult.objects.filter(inspection__in=inspections, hazard__isnull=False)
    decisions = _filtered(PenaltyCase.objects.restrict(user, VIEW).filter(decided_on__year=year,
                                                                        outcome=CaseOutcome.PENALISED),
                          sector=sector, area=area)
    filed = _filtered(PenaltyCase.objects.restrict(user, VIEW).filter(filed_on__year=year), sector=sector, area=area)
    count = inspections.count()
    hazards = findings.count()
    money = decisions.aggregate(fines=Sum("fine_yuan"), paid=Sum("fine_paid_yuan"))
    totals = {
        "inspections": count,
        "completed": inspections.filter(status=InspectionStatus.COMPLETED).count(),
        "purchased_service": inspections.filter(agency__isnull=False).count(),
        "joint": inspections.filter(kind=InspectionKind.JOINT).count(),
        "follow_ups": inspections.filter(kind=InspectionKind.FOLLOW_UP).count(),
        "hazards": hazards, "major_hazards": findings.filter(is_major=True).count(),
        "per_inspection": round(hazards / count, 2) if count else None,
        "cases_filed": filed.count(), "decisions": decisions.count(),
        "fines_yuan": money["fines"] or Decimal("0"), "fines_paid_yuan": money["paid"] or Decimal("0"),
    }
    groups = {f"by_{key}": _rows(inspections, findings, decisions, key) for key in GROUPINGS}
    kinds = dict(inspections.values_list("kind").annotate(n=Count("id")))
    return {"year": year, "totals": totals, **groups,
            "by_kind": [{"label": str(label), "n": kinds.get(value, 0)} for value, label in InspectionKind.choices],
            "plan": plan_completion(user, year, sector=sector, area=area)}


def export_rows(figures: dict) -> list[dict]:
    """Every grouping in one sheet, the grouping named in the first column (what the xlsx export holds)."""
    return [{"grouping": str(label), **row} for key, (label, _lookup) in GROUPINGS.items()
            for row in figures[f"by_{key}"]]
