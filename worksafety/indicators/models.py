"""The app's models, defined in its sub-domain packages and imported here, where Django and the migrations
look for them. Code imports a model from its sub-package."""

from worksafety.indicators.accidents.models import (
    Accident,
    AccidentReport,
    AccidentRevision,
    Investigation,
    InvestigationMeasure,
)
from worksafety.indicators.assessments.models import (
    AssessedUnit,
    Assessment,
    AssessmentItem,
    UnitScore,
    VetoFinding,
    VetoItem,
)
from worksafety.indicators.kpis.models import Denominator, Indicator
from worksafety.indicators.reports.models import Report, ReportKind
from worksafety.indicators.tasks.models import Milestone, PlanTask, ProgressReport

__all__ = ["Accident", "AccidentReport", "AccidentRevision", "AssessedUnit", "Assessment", "AssessmentItem",
           "Denominator", "Indicator", "Investigation", "InvestigationMeasure", "Milestone", "PlanTask",
           "ProgressReport", "Report", "ReportKind", "UnitScore", "VetoFinding", "VetoItem"]
