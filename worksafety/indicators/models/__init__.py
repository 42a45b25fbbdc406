from worksafety.indicators.models.accidents import (
    Accident,
    AccidentReport,
    AccidentRevision,
    Investigation,
    InvestigationMeasure,
)
from worksafety.indicators.models.assessments import (
    AssessedUnit,
    Assessment,
    AssessmentItem,
    UnitScore,
    VetoFinding,
    VetoItem,
)
from worksafety.indicators.models.indicators import Denominator, Indicator
from worksafety.indicators.models.reports import Report, ReportKind
from worksafety.indicators.models.tasks import Milestone, PlanTask, ProgressReport

__all__ = ["Accident", "AccidentReport", "AccidentRevision", "AssessedUnit", "Assessment", "AssessmentItem",
           "Denominator", "Indicator", "Investigation", "InvestigationMeasure", "Milestone", "PlanTask",
           "ProgressReport", "Report", "ReportKind", "UnitScore", "VetoFinding", "VetoItem"]
