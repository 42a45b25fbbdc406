from worksafety.indicators.models.accidents import (
    Accident,
    AccidentReport,
    AccidentRevision,
    Investigation,
    InvestigationMeasure,
)
from worksafety.indicators.models.indicators import Denominator, Indicator

__all__ = ["Accident", "AccidentReport", "AccidentRevision", "Denominator", "Indicator", "Investigation",
           "InvestigationMeasure"]
