"""目标责任考核 services — the only code that changes assessments (ARCHITECTURE.md rule 2).

编制 (DRAFT): the year is created with our default template or a copy of an earlier year's; items, vetoes and
the assessed units are edited. 评分 (SCORING): the template is frozen; assessors enter the manual items (and data
items the data cannot compute) and record manual vetoes. 已公布 (PUBLISHED): every score, veto, total, grade and
rank is written once and is read-only from then on. The district bureau does all of it (permission table);
each write checks the state it needs, and the two transitions are the table at the end of this module, taken by
`core.workflow.transition`.
"""

from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from worksafety.core import audit
from worksafety.core.choices import AreaLevel, AuditAction, Role
from worksafety.core.models import Area, Department, User
from worksafety.core.notifications import notify
from worksafety.core.scoping import ADD, CHANGE, DELETE, OutOfScope, can
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.indicators.assessments.models import (
    AppliesTo,
    AssessedUnit,
    Assessment,
    AssessmentItem,
    AssessmentState,
    Evidence,
    UnitKind,
    UnitScore,
    VetoFinding,
    VetoItem,
    VetoRule,
)
from worksafety.indicators.assessments.results import results
from worksafety.indicators.assessments.scoring import Scorer, one_decimal

# Our proposal for a first year (the plan gives no template); every line is editable while the year is drawn up.
# Weights: departments 100, streets 90 (no task reporting); totals are normalised to 100 either way.
DEFAULT_ITEMS = (
    (_lazy("组织领导和责任落实"), Evidence.MANUAL, 15, AppliesTo.ALL, None,
     _lazy("党政同责、一岗双责落实，安委会会议和工作部署，责任清单制定；按材料审核和实地抽查评分。")),
    (_lazy("隐患排查治理"), Evidence.HAZARD_CLOSURE, 20, AppliesTo.ALL, None,
     _lazy("本年度到期隐患的按期整改率 × 分值（无到期隐患得满分）。")),
    (_lazy("重大隐患治理"), Evidence.MAJOR_HAZARD_CLOSURE, 10, AppliesTo.ALL, None,
     _lazy("本年度到期重大隐患的按期整改率 × 分值（无到期重大隐患得满分）。")),
    (_lazy("监管执法计划完成"), Evidence.INSPECTION_PLAN, 20, AppliesTo.ALL, None,
     _lazy("年度监督检查计划完成率 × 分值；计划未批准时人工评分。")),
    (_lazy("事故控制"), Evidence.ACCIDENT_DEATHS, 20, AppliesTo.ALL, Decimal(5),
     _lazy("辖区（行业）生产安全事故每死亡（失踪）1人扣5分，扣完为止。")),
    (_lazy("规划任务推进"), Evidence.TASK_REPORTING, 10, AppliesTo.DEPARTMENT, None,
     _lazy("牵头和配合的规划任务季度进展按时报送率 × 分值。")),
    (_lazy("应急管理和宣传培训"), Evidence.MANUAL, 5, AppliesTo.ALL, None,
     _lazy("应急预案、演练、宣传教育培训开展情况；按材料审核评分。")),
)
DEFAULT_VETOES = (
    (_lazy("发生较大及以上生产安全事故"), VetoRule.MAJOR_ACCIDENT),
    (_lazy("瞒报、谎报生产安全事故"), VetoRule.MISREPORTING),
    (_lazy("重大事故隐患挂牌督办逾期未整改造成严重后果"), VetoRule.MANUAL),
)

def _check(user, model=Assessment, action=CHANGE) -> None:
    if not can(user, model, action):
        raise OutOfScope()


def _state(assessment) -> str:
    """The stored state: what another assessor may have changed since the page was read."""
    return Assessment.objects.values_list("state", flat=True).get(pk=assessment.pk)


def _require(assessment, state: str, message: str) -> None:
    if _state(assessment) != state:
        raise ValidationError(message)


def _require_draft(assessment) -> None:
    _require(assessment, AssessmentState.DRAFT, _("考核方案已开始评分，不能再修改考核项目、否决事项和被考核单位。"))


def _require_unpublished(assessment) -> None:
    if _state(assessment) == AssessmentState.PUBLISHED:
        raise ValidationError(_("考核结果已公布，不能修改。"))


def _require_scoring(assessment) -> None:
    _require(assessment, AssessmentState.SCORING, _("只有评分中的考核可以评分或认定一票否决。"))


def _lock(assessment) -> None:
    """Hold the year's row until the transaction ends. Every write takes this lock first, and a transition holds
    the row by its conditional UPDATE, so a score entered while the year is being published either lands before
    publication reads the scores or waits and then finds the year published."""
    list(Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk"))


@contextmanager
def _writing(user, assessment, require):
    """One audited transaction holding the year's row, with the state checked under the lock."""
    with transaction.atomic(), audit.acting_as(user):
        _lock(assessment)
        require(assessment)
        yield


# --- the year ---------------------------------------------------------------------------------------------------

def do_create_assessment(user, year: int, *, title: str | None = None, copy_from: Assessment | None = None
                         ) -> Assessment:
    """A new year in 编制, with the default template or `copy_from`'s, and every department and street/功能区 of
    the user's district as units."""
    _check(user, Assessment, ADD)
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 2000 <= year <= this_year + 1:
        raise ValidationError({"year": _("考核年度须在 2000 至 %(last)s 年之间。") % {"last": this_year + 1}})
    if Assessment.objects.filter(year=year).exists():
        raise ValidationError({"year": _("%(year)s年度的考核已经建立。") % {"year": year}})
    assessment = Assessment(year=year, title=(title or "").strip() or _("%(year)s年度安全生产目标责任考核") % {
        "year": year}, created_by=user)
    if copy_from is not None:
        assessment.excellent_from, assessment.good_from, assessment.pass_from = (
            copy_from.excellent_from, copy_from.good_from, copy_from.pass_from)
        assessment.notes = copy_from.notes
    assessment.full_clean()
    try:
        with transaction.atomic(), audit.acting_as(user):
            assessment.save()
            _copy_template(assessment, copy_from)
            _add_all_units(assessment, user)
    except IntegrityError as error:  # the same year created at the same moment
        raise ValidationError({"year": _("%(year)s年度的考核已经建立。") % {"year": year}}) from error
    return assessment


def _copy_template(assessment, source) -> None:
    if source is None:
        items = [AssessmentItem(assessment=assessment, order=order, name=str(name), evidence=evidence, weight=weight,
                                applies_to=applies_to, deduction=deduction, criteria=str(criteria))
                 for order, (name, evidence, weight, applies_to, deduction, criteria) in enumerate(DEFAULT_ITEMS, 1)]
        vetoes = [VetoItem(assessment=assessment, order=order, name=str(name), rule=rule)
                  for order, (name, rule) in enumerate(DEFAULT_VETOES, 1)]
    else:
        items = [AssessmentItem(assessment=assessment, order=i.order, name=i.name, criteria=i.criteria,
                                weight=i.weight, evidence=i.evidence, applies_to=i.applies_to, deduction=i.deduction)
                 for i in source.items.all()]
        vetoes = [VetoItem(assessment=assessment, order=v.order, name=v.name, rule=v.rule)
                  for v in source.vetoes.all()]
    for row in (*items, *vetoes):  # one by one, so each is audited
        row.save()


def _district_code(user) -> str:
    return user.scope.area_code or ""


def _add_all_units(assessment, user) -> None:
    code = _district_code(user)
    for department in Department.objects.filter(area__code__startswith=code).order_by("code"):
        AssessedUnit.objects.create(assessment=assessment, kind=UnitKind.DEPARTMENT, department=department)
    for area in Area.objects.filter(level__in=[AreaLevel.STREET, AreaLevel.ZONE], code__startswith=code):
        AssessedUnit.objects.create(assessment=assessment, kind=UnitKind.STREET, area=area)


def do_save_assessment(user, assessment: Assessment) -> Assessment:
    """Title, grade thresholds and notes, until the year is published."""
    _check(user)
    if _state(assessment) == AssessmentState.PUBLISHED:
        raise ValidationError(_("考核结果已公布，不能修改。"))
    assessment.full_clean()
    if not assessment.excellent_from > assessment.good_from > assessment.pass_from:
        raise ValidationError({"good_from": _("分数线须满足：优秀 > 良好 > 合格。")})
    with _writing(user, assessment, _require_unpublished):
        assessment.save(update_fields=["title", "excellent_from", "good_from", "pass_from", "notes"])
    return assessment


# --- the template, while drawn up ---------------------------------------------------------------------------------

def do_save_item(user, item: AssessmentItem) -> AssessmentItem:
    _check(user, AssessmentItem, ADD if item.pk is None else CHANGE)
    _require_draft(item.assessment)
    item.full_clean()
    errors = {}
    if item.evidence == Evidence.ACCIDENT_DEATHS and item.deduction is None:
        errors["deduction"] = _("按事故死亡（失踪）人数扣分的项目须填写每人扣分。")
    if item.evidence != Evidence.ACCIDENT_DEATHS and item.deduction is not None:
        errors["deduction"] = _("只有按事故死亡（失踪）人数扣分的项目填写每人扣分。")
    if item.evidence == Evidence.TASK_REPORTING and item.applies_to != AppliesTo.DEPARTMENT:
        errors["applies_to"] = _("规划任务由部门牵头和配合，该项目只适用于部门。")
    if errors:
        raise ValidationError(errors)
    with _writing(user, item.assessment, _require_draft):
        item.save()
    return item


def do_delete_item(user, item: AssessmentItem) -> None:
    _check(user, AssessmentItem, DELETE)
    _require_draft(item.assessment)
    with _writing(user, item.assessment, _require_draft):
        item.delete()


def do_save_veto(user, veto: VetoItem) -> VetoItem:
    _check(user, VetoItem, ADD if veto.pk is None else CHANGE)
    _require_draft(veto.assessment)
    veto.full_clean()
    with _writing(user, veto.assessment, _require_draft):
        veto.save()
    return veto


def do_delete_veto(user, veto: VetoItem) -> None:
    _check(user, VetoItem, DELETE)
    _require_draft(veto.assessment)
    with _writing(user, veto.assessment, _require_draft):
        veto.delete()


def do_add_unit(user, assessment: Assessment, *, department: Department | None = None, area: Area | None = None
                ) -> AssessedUnit:
    """Assess one more department, or one more street/功能区."""
    _check(user, AssessedUnit, ADD)
    _require_draft(assessment)
    if (department is None) == (area is None):
        raise ValidationError({"unit": _("请选择一个部门或一个街道/功能区。")})
    if area is not None and area.level not in (AreaLevel.STREET, AreaLevel.ZONE):
        raise ValidationError({"unit": _("只有街道和功能区可以作为被考核单位。")})
    unit = AssessedUnit(assessment=assessment, department=department, area=area,
                        kind=UnitKind.DEPARTMENT if department else UnitKind.STREET)
    try:
        with _writing(user, assessment, _require_draft):
            unit.save()
    except IntegrityError as error:
        raise ValidationError({"unit": _("%(unit)s已在被考核单位中。") % {"unit": department or area}}) from error
    return unit


def do_remove_unit(user, unit: AssessedUnit) -> None:
    _check(user, AssessedUnit, DELETE)
    _require_draft(unit.assessment)
    with _writing(user, unit.assessment, _require_draft):
        unit.delete()


# --- scoring ------------------------------------------------------------------------------------------------------

def _check_scoring(user, unit: AssessedUnit, part) -> None:
    _check(user, UnitScore, ADD)
    if part.assessment_id != unit.assessment_id:
        raise ValidationError(_("该项目不属于本年度的考核。"))
    _require_scoring(unit.assessment)


def do_enter_score(user, unit: AssessedUnit, item: AssessmentItem, *, points, evidence: str) -> UnitScore:
    """An assessor's points on a manual item, or on a data item the data cannot compute; replaces an earlier
    entry for the same unit and item."""
    _check_scoring(user, unit, item)
    if item.applies_to not in (AppliesTo.ALL, unit.kind):
        raise ValidationError(_("“%(item)s”不适用于%(unit)s。") % {"item": item.name, "unit": unit})
    if item.evidence != Evidence.MANUAL:
        if Scorer(unit.assessment).score(unit, item).points is not None:
            raise ValidationError(_("“%(item)s”按平台数据计分，不能人工评分。") % {"item": item.name})
    errors = {}
    try:
        points = one_decimal(Decimal(str(points)))
    except (InvalidOperation, ValueError):
        errors["points"] = _("请填写得分。")
    else:
        if not 0 <= points <= item.weight:
            errors["points"] = _("得分须在 0 至 %(weight)s 分之间。") % {"weight": item.weight}
    if not (evidence or "").strip():
        errors["evidence"] = _("请写明评分依据（扣分理由、核查材料）。")
    if errors:
        raise ValidationError(errors)
    with _writing(user, unit.assessment, _require_scoring):
        score, _created = UnitScore.objects.update_or_create(
            unit=unit, item=item, defaults={"points": points, "evidence": evidence.strip(), "entered_by": user})
    return score


def do_record_veto(user, unit: AssessedUnit, veto: VetoItem, *, evidence: str) -> VetoFinding:
    """An assessor finds a manual 一票否决 item against the unit."""
    _check_scoring(user, unit, veto)
    if veto.rule != VetoRule.MANUAL:
        raise ValidationError(_("“%(veto)s”按平台数据认定，不能人工认定。") % {"veto": veto.name})
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("请写明认定依据（事实、文号）。")})
    with _writing(user, unit.assessment, _require_scoring):
        finding, _created = VetoFinding.objects.update_or_create(
            unit=unit, veto=veto, defaults={"evidence": evidence.strip(), "found_by": user})
    return finding


def do_withdraw_veto(user, unit: AssessedUnit, veto: VetoItem) -> None:
    _check_scoring(user, unit, veto)
    with _writing(user, unit.assessment, _require_scoring):
        if not VetoFinding.objects.filter(unit=unit, veto=veto, found_by__isnull=False).exists():
            raise ValidationError(_("该单位没有人工认定的“%(veto)s”。") % {"veto": veto.name})
        VetoFinding.objects.get(unit=unit, veto=veto).delete()


# --- the workflow: 编制 → 评分 → 已公布 ---------------------------------------------------------------------------
# Each step is taken by `core.workflow.transition(assessment, action, user)`. Its checks and writes run once the
# step's conditional UPDATE holds the year's row, as every other write here holds it first (_lock): the template
# cannot change under 开始评分, nor a score under 公布.

def _prepare(assessment, step) -> dict:
    """Publication stamps when and by whom."""
    if step.transition.target == AssessmentState.PUBLISHED:
        return {"published_at": timezone.now(), "published_by": step.user}
    return {}


def _check_or_publish(assessment, step, record) -> None:
    """Inside the step, with the year's row locked by its UPDATE. 开始评分: the template is complete and freezes
    (nothing else is written). 公布: the results are written. An assessment keeps no step record of its own."""
    if step.transition.target == AssessmentState.SCORING:
        problems = _incomplete_template(assessment)
        if problems:
            raise ValidationError(problems)
        return
    _write_results(assessment)


def _incomplete_template(assessment) -> list[str]:
    items = list(assessment.items.all())
    units = set(assessment.units.values_list("kind", flat=True))
    problems = []
    if not items:
        problems.append(_("考核方案没有考核项目。"))
    if not units:
        problems.append(_("没有被考核单位。"))
    for kind in sorted(units):
        if not any(item.applies_to in (AppliesTo.ALL, kind) for item in items):
            problems.append(_("没有适用于%(kind)s的考核项目。") % {"kind": UnitKind(kind).label})
    problems += [_("“%(item)s”须填写每人扣分。") % {"item": item.name} for item in items
                 if item.evidence == Evidence.ACCIDENT_DEATHS and item.deduction is None]
    problems += [_("“%(item)s”只适用于部门。") % {"item": item.name} for item in items
                 if item.evidence == Evidence.TASK_REPORTING and item.applies_to != AppliesTo.DEPARTMENT]
    return problems


def _write_results(assessment) -> list:
    """Compute every data item and veto as of now and write them with the totals, grades and ranks. Refused
    while any unit has an item still to be scored by hand."""
    # The title and thresholds as they stand under the lock; the state stays the one read before the UPDATE
    # (评分中), so `results` computes the live sheets rather than reading back the published ones.
    assessment.refresh_from_db(fields=["title", "excellent_from", "good_from", "pass_from"])
    kinds = results(assessment)
    sheets = [sheet for kind in kinds for sheet in kind.units]
    missing = [f"{sheet.unit}（{'、'.join(cell.item.name for cell in sheet.missing)}）"
               for sheet in sheets if sheet.missing]
    if missing:
        raise ValidationError(_("以下单位尚有项目未评分：%(units)s") % {"units": "；".join(missing)})
    computed = [UnitScore(unit=sheet.unit, item=cell.item, points=cell.points, evidence=cell.evidence)
                for sheet in sheets for cell in sheet.cells if not cell.by_hand]
    # A hand score entered while the data could not decide (no approved plan yet) gives way to the data.
    stale = Q(pk__in=[])
    for score in computed:
        stale |= Q(unit=score.unit, item=score.item)
    UnitScore.objects.filter(stale).delete()
    UnitScore.objects.bulk_create(computed)
    VetoFinding.objects.bulk_create([
        VetoFinding(unit=sheet.unit, veto=finding.veto, evidence=finding.evidence)
        for sheet in sheets for finding in sheet.findings if finding.found_by is None])
    for sheet in sheets:
        sheet.unit.total, sheet.unit.vetoed = sheet.total, sheet.vetoed
        sheet.unit.grade, sheet.unit.rank = sheet.grade, sheet.rank
    AssessedUnit.objects.bulk_update([sheet.unit for sheet in sheets], ["total", "vetoed", "grade", "rank"])
    audit.record(AuditAction.UPDATE, instance=assessment, after={"results": [
        {"unit": str(s.unit), "total": str(s.total), "grade": s.grade, "rank": s.rank,
         "vetoes": [f.veto.name for f in s.findings]} for s in sheets]})
    return sheets


def _notify_units(assessment, step) -> None:
    """Once published, each unit's logins are told its total, grade and rank."""
    if step.transition.target != AssessmentState.PUBLISHED:
        return
    for unit in assessment.units.select_related("department", "area"):
        logins = User.objects.filter(is_active=True)
        logins = (logins.filter(role=Role.DEPARTMENT, department=unit.department_id)
                  if unit.kind == UnitKind.DEPARTMENT else logins.filter(role=Role.STREET, area=unit.area_id))
        notify(logins, title=_("%(title)s结果已公布") % {"title": assessment.title},
               body=_("%(unit)s：总分 %(total)s，%(grade)s，排名第 %(rank)s。") % {
                   "unit": unit, "total": unit.total, "grade": unit.get_grade_display(), "rank": unit.rank},
               url=reverse("assessment_unit", args=[assessment.pk, unit.pk]), category="assessment_published",
               key=f"assessment-{assessment.pk}-published")


# Nothing returns: a published result is what was announced. Who may act is the scope check (the district bureau,
# by the permission table).
TRANSITIONS = (
    Transition("start_scoring", _lazy("确定方案，开始评分"), AssessmentState.DRAFT, AssessmentState.SCORING),
    Transition("publish", _lazy("公布结果"), AssessmentState.SCORING, AssessmentState.PUBLISHED),
)

ASSESSMENTS = register(Workflow(Assessment, TRANSITIONS, prepare=_prepare, after=_check_or_publish, notify=_notify_units,
                                conflict=_lazy("该考核已被他人处理，请刷新后查看。")))
