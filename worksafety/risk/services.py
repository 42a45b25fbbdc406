"""Hazard units and their GB 18218-2018 grading.

Every change of a unit's inventory or of the population around it goes through these functions, which
recompute the grading in the same transaction and keep a history row when the result or its inputs change.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.services import do_delete_object, do_save_object
from worksafety.registry.models import HazardUnit, HazardUnitSubstance
from worksafety.risk.models import MajorHazardAssessment
from worksafety.standards import gb18218


def assessment_input(unit: HazardUnit) -> dict:
    """The `gb18218.assess` input for a unit: 表1 substances by their exact name, others by their categories."""
    substances = []
    for row in unit.substances.select_related("chemical").order_by("chemical__gb18218_row", "chemical__name"):
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
    with transaction.atomic(), audit.acting_as(user):
        HazardUnit.objects.filter(pk=unit.pk).update(
            is_major=result["is_major"], level=result["level"], s_value=result["S"], r_value=result["R"],
            assessed_at=timezone.now(),
        )
        unit.refresh_from_db()
        return MajorHazardAssessment.objects.create(
            unit=unit, actor=user, reason=reason, inputs=inputs, result=result,
            is_major=result["is_major"], level=result["level"],
        )


def do_save_hazard_unit(unit: HazardUnit, *, user) -> HazardUnit:
    """Create or change a unit (scope-checked like every object) and regrade it."""
    adding = unit._state.adding
    with transaction.atomic():
        do_save_object(unit, user=user)
        do_grade_hazard_unit(unit, user=user, reason=_("新增单元") if adding else _("单元信息变更"))
    return unit


def do_set_substance(unit: HazardUnit, chemical, quantity_t, *, user) -> HazardUnitSubstance:
    """Add a chemical to a unit or change its design maximum quantity, then regrade the unit."""
    with transaction.atomic():
        row = HazardUnitSubstance.objects.filter(unit=unit, chemical=chemical).first() or HazardUnitSubstance(
            unit=unit, chemical=chemical
        )
        row.quantity_t = quantity_t
        do_save_object(row, user=user)
        do_grade_hazard_unit(unit, user=user, reason=_("危险化学品存量变更：%(name)s") % {"name": chemical.name})
    return row


def do_remove_substance(row: HazardUnitSubstance, *, user) -> None:
    unit = row.unit
    with transaction.atomic():
        do_delete_object(row, user=user)
        do_grade_hazard_unit(unit, user=user, reason=_("移除危险化学品：%(name)s") % {"name": row.chemical.name})
