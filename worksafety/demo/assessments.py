"""Demo 目标责任考核: last year's assessment scored and published, this year's being scored.

Both go through `assessments.services` as the district bureau would work: the default template, the manual
items scored with a note of what they were scored on, then (last year) publication, which computes the
data-driven items from the demo's own hazards, enforcement plan, accidents and task reports and ranks the units.
Last year has no enforcement plan in the platform (the demo's plan is this year's), so its 执法计划完成 item is
scored by hand from the departments' own records, as a first year on a new platform would be. Scores are drawn
from the seed, so the demo repeats exactly.
"""

import random
from decimal import Decimal

from django.utils import timezone

from worksafety.core.models import User
from worksafety.core.workflow import transition
from worksafety.indicators.assessments import scoring as assessment_scoring
from worksafety.indicators.assessments import services as assessments
from worksafety.indicators.assessments.models import Assessment, Evidence

MANUAL_EVIDENCE = "依据年度工作总结、会议记录和现场核查材料评分"
UNCOMPUTED_EVIDENCE = "平台无该年度数据，依据部门报送的工作台账评分"


def build_assessment_demo(seed: int) -> None:
    rng = random.Random(f"{seed}:assessments")
    bureau = User.objects.get(username="district")
    year = timezone.localdate().year
    last = assessments.do_create_assessment(bureau, year - 1)
    transition(last, "start_scoring", bureau)
    _score_by_hand(rng, bureau, last, everything=True)
    transition(last, "publish", bureau)
    this = assessments.do_create_assessment(bureau, year, copy_from=last)
    transition(this, "start_scoring", bureau)
    _score_by_hand(rng, bureau, this, everything=False)


def _score_by_hand(rng: random.Random, bureau, assessment: Assessment, *, everything: bool) -> None:
    """Score what the assessors score by hand: every manual item (this year: about two units in three so far)
    and the data items the platform cannot compute for the year."""
    scorer = assessment_scoring.Scorer(assessment)
    items = list(assessment.items.all())
    for unit in assessment.units.select_related("department__area", "area").prefetch_related("department__sectors"):
        if not everything and rng.random() < 0.35:
            continue
        for item in items:
            if not assessment_scoring.applies(item, unit.kind):
                continue
            if item.evidence == Evidence.MANUAL:
                evidence = MANUAL_EVIDENCE
            elif scorer.score(unit, item).points is None:
                evidence = UNCOMPUTED_EVIDENCE
            else:
                continue
            share = Decimal(rng.randint(78, 100)) / 100
            assessments.do_enter_score(bureau, unit, item, points=(item.weight * share).quantize(Decimal("0.1")),
                                       evidence=evidence)
