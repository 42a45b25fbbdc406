"""The incident panel on an alarm's page (monitoring/alarm_panels.py, 报警—响应联动): the incident the alarm led to,
or whether it may propose one. Registered when the app is ready (apps.py)."""

from worksafety.emergency.incidents import services as incidents
from worksafety.monitoring.alarm_panels import alarm_panel


@alarm_panel("emergency/incidents/_alarm_panel.html")
def incident_panel(alarm, user) -> dict:
    return {"incident": getattr(alarm, "incident", None),
            "may_propose": incidents.proposing_alarms().filter(pk=alarm.pk).exists()}
