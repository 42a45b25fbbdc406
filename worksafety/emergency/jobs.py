"""The emergency app's periodic jobs."""

from datetime import timedelta

from worksafety.core.jobs import periodic
from worksafety.emergency.plans import deadlines  # noqa: F401  (importing registers the plan reminders)


@periodic("supply_alerts", timedelta(hours=1))
def supply_alerts():
    from worksafety.emergency.resources import supply_alerts

    supply_alerts.run()


@periodic("incident_proposals", timedelta(seconds=5))
def incident_proposals():
    """An HH gas alarm gets its draft incident within a worker tick or two (issue 6, 报警—响应联动)."""
    from worksafety.emergency.incidents import services as incidents

    for alarm in incidents.proposing_alarms():
        incidents.propose_from_alarm(alarm)
