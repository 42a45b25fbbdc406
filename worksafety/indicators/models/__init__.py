from worksafety.indicators.models.accidents import (
    Accident,
    AccidentReport,
    AccidentRevision,
    Investigation,
    InvestigationMeasure,
)
from worksafety.indicators.models.indicators import Denominator, Indicator
from worksafety.indicators.models.reports import Report, ReportKind

__all__ = ["Accident", "AccidentReport", "AccidentRevision", "Denominator", "Indicator", "Investigation",
           "InvestigationMeasure", "Report", "ReportKind"]
