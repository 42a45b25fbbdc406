"""报警—响应联动 on an alarm's page: what the apps above monitoring offer for one alarm (emergency: the incident an
HH gas alarm proposes). Monitoring names none of them: each registers its panel with `alarm_panel` in a module its
AppConfig.ready() imports, and the alarm page includes every panel's template in the alarm's card, with `panel`
set to what the panel's function returns for that alarm and reader."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class AlarmPanel:
    template_name: str
    context: Callable[..., dict]  # (alarm, user) → the template's `panel`


ALARM_PANELS: list[AlarmPanel] = []


def alarm_panel(template_name: str):
    def register(function):
        ALARM_PANELS.append(AlarmPanel(template_name, function))
        return function

    return register


def panels_for(alarm, user) -> list[tuple[str, dict]]:
    """(template name, `panel`) of every registered panel, in the order the apps registered them."""
    return [(panel.template_name, panel.context(alarm, user)) for panel in ALARM_PANELS]
