"""An accident's report timeline and its 续报 window, computed from what is stored (never stored themselves,
so they follow a changed grade or time at once).

Timeline (493号令 第九–十一条, `standards.accidents.report_deadlines`): the county within 1 h of the accident,
each level up within 2 h of the report below; a report made after its deadline, or still missing after it,
is 迟报.

续报 window (第十三条): "自事故发生之日起30日内，事故造成的伤亡人数发生变化的，应当及时补报。道路交通事故、火灾事故自
发生之日起7日内……". Counted as the Civil Code counts periods: the day of the accident does not count
(民法典 第二百零一条) and the last day ends at 24:00 (第二百零三条).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from worksafety.standards import accidents

SUPPLEMENT_DAYS = 30
ROAD_AND_FIRE_SUPPLEMENT_DAYS = 7


@dataclass(frozen=True)
class ReportStep:
    authority: accidents.Authority
    due: datetime
    reported_at: datetime | None

    def is_late(self, now: datetime) -> bool:
        return (self.reported_at or now) > self.due


def timeline(accident) -> list[ReportStep]:
    """The reports the accident's grade needs, bottom up, with their deadlines and when each was made."""
    reported = {report.authority: report.reported_at for report in accident.reports.all()}
    return [ReportStep(authority, due, reported.get(authority.code))
            for authority, due in accidents.report_deadlines(accident.grade, accident.occurred_at, reported)]


def is_late(accident, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return any(step.is_late(now) for step in timeline(accident))


def supplement_days(accident) -> int:
    return ROAD_AND_FIRE_SUPPLEMENT_DAYS if accident.road_traffic or accident.is_fire else SUPPLEMENT_DAYS


def supplement_deadline(accident) -> datetime:
    """The end of the 续报 window: 24:00 of the 30th (or 7th) day after the day of the accident."""
    day = timezone.localtime(accident.occurred_at).date()
    return timezone.make_aware(datetime.combine(day + timedelta(days=supplement_days(accident) + 1), time.min))
