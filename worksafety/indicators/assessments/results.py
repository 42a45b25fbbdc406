"""The score sheet of every unit of an assessment, as the pages, the export, the API and publication read it.

While the year is drawn up or scored the sheet is live: data-driven items computed now (`scoring`),
manual items and vetoes as entered. Once published it is what was written at publication, never recomputed.
`results()` picks the right one, so every reader shows the same numbers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from worksafety.core import xlsx
from worksafety.indicators.assessments.models import (
    AssessedUnit,
    AssessmentState,
    Evidence,
    Grade,
    UnitKind,
    UnitScore,
    VetoFinding,
    VetoRule,
)
from worksafety.indicators.assessments.scoring import Scorer, applies, grade, ranks, total


@dataclass
class Cell:
    item: object
    points: Decimal | None  # None: still to be scored by hand
    evidence: str
    by_hand: bool  # entered (or to be entered) by an assessor, not computed from the data
    entered_by: object = None


@dataclass
class Finding:
    veto: object
    evidence: str
    found_by: object = None  # None: found from the data


@dataclass
class UnitResult:
    unit: object
    cells: list[Cell]
    findings: list[Finding] = field(default_factory=list)
    total: Decimal | None = None
    grade: str = ""
    rank: int | None = None

    @property
    def vetoed(self) -> bool:
        return bool(self.findings)

    @property
    def missing(self) -> list[Cell]:
        return [cell for cell in self.cells if cell.points is None]

    def get_grade_display(self) -> str:
        return Grade(self.grade).label if self.grade else ""


@dataclass
class KindResults:
    kind: str
    label: str
    items: list
    units: list[UnitResult]


def _units(assessment):
    return (AssessedUnit.objects.filter(assessment=assessment)
            .select_related("department__area", "area").prefetch_related("department__sectors")
            .order_by("kind", "department__code", "area__code"))


def results(assessment, *, units=None) -> list[KindResults]:
    """Departments, then streets: each with the items that apply to it and its units' sheets. `units` narrows
    the sheets to some units; live sheets are then not ranked (a rank needs the whole kind)."""
    items = list(assessment.items.all())
    vetoes = list(assessment.vetoes.all())
    every_unit = units is None
    units = list(_units(assessment) if every_unit else units)
    if assessment.state == AssessmentState.PUBLISHED:
        sheets = _frozen(units)
    else:
        sheets = _live(assessment, units, items, vetoes, rank=every_unit)
    return [KindResults(kind, label, [item for item in items if applies(item, kind)],
                        [sheet for sheet in sheets if sheet.unit.kind == kind])
            for kind, label in UnitKind.choices]


def _live(assessment, units, items, vetoes, *, rank: bool) -> list[UnitResult]:
    scorer = Scorer(assessment)
    entered = {(s.unit_id, s.item_id): s for s in UnitScore.objects.filter(unit__in=units).select_related("entered_by")}
    recorded = {(f.unit_id, f.veto_id): f for f in VetoFinding.objects.filter(unit__in=units)
                .select_related("found_by")}
    sheets = []
    for unit in units:
        cells = []
        for item in (item for item in items if applies(item, unit.kind)):
            computed = None if item.evidence == Evidence.MANUAL else scorer.score(unit, item)
            if computed is not None and computed.points is not None:
                cells.append(Cell(item, computed.points, computed.evidence, by_hand=False))
                continue
            score = entered.get((unit.pk, item.pk))
            cells.append(Cell(item, score.points if score else None,
                              score.evidence if score else (computed.evidence if computed else ""),
                              by_hand=True, entered_by=score.entered_by if score else None))
        findings = []
        for veto in vetoes:
            if veto.rule == VetoRule.MANUAL:
                finding = recorded.get((unit.pk, veto.pk))
                if finding:
                    findings.append(Finding(veto, finding.evidence, finding.found_by))
            else:
                evidence = scorer.veto(unit, veto)
                if evidence:
                    findings.append(Finding(veto, evidence))
        sheet = UnitResult(unit, cells, findings)
        if cells and not sheet.missing:
            sheet.total = total([(cell.item.weight, cell.points) for cell in cells])
            sheet.grade = grade(assessment, sheet.total, vetoed=sheet.vetoed)
        sheets.append(sheet)
    for kind in UnitKind.values if rank else ():
        complete = [s for s in sheets if s.unit.kind == kind and s.total is not None]
        for sheet, position in zip(complete, _rank(complete), strict=True):
            sheet.rank = position
    return sheets


def _rank(sheets: list[UnitResult]) -> list[int]:
    order = ranks([(index, sheet.total, sheet.vetoed) for index, sheet in enumerate(sheets)])
    return [order[index] for index in range(len(sheets))]


def _frozen(units) -> list[UnitResult]:
    scores = {}
    for score in UnitScore.objects.filter(unit__in=units).select_related("item", "entered_by"):
        scores.setdefault(score.unit_id, []).append(score)
    findings = {}
    for finding in VetoFinding.objects.filter(unit__in=units).select_related("veto", "found_by"):
        findings.setdefault(finding.unit_id, []).append(finding)
    sheets = []
    for unit in sorted(units, key=lambda u: (u.kind, u.rank or 0)):
        cells = [Cell(s.item, s.points, s.evidence, by_hand=s.entered_by_id is not None, entered_by=s.entered_by)
                 for s in sorted(scores.get(unit.pk, []), key=lambda s: (s.item.order, s.item_id))]
        unit_findings = [Finding(f.veto, f.evidence, f.found_by)
                         for f in sorted(findings.get(unit.pk, []), key=lambda f: (f.veto.order, f.veto_id))]
        sheets.append(UnitResult(unit, cells, unit_findings, unit.total, unit.grade, unit.rank))
    return sheets


def workbook(assessment, kinds: list[KindResults]) -> bytes:
    """One sheet per kind of unit: rank, unit, each item's points, total, grade, vetoes."""
    sheets = []
    for kind in kinds:
        headers = [_("排名"), _("单位"), *[f"{item.name}（{item.weight}）" for item in kind.items], _("总分"), _("等次"),
                   _("一票否决")]
        rows = [[sheet.rank, sheet.unit.name, *[cell.points for cell in sheet.cells], sheet.total,
                 sheet.get_grade_display(), "、".join(f.veto.name for f in sheet.findings)] for sheet in kind.units]
        sheets.append(xlsx.Sheet(str(kind.label).replace("/", "、"), headers, rows,
                                 widths=[6, 24, *[14] * len(kind.items), 8, 8, 30]))
    return xlsx.build_sheets(sheets)
