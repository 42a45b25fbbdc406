"""Demo incidents, taken through the services as the bureau would: two past ones reviewed (their actions a
hazard and a task), and one still being handled with tasks, a 续报 and the first report made. Timeline entries
are then dated to when each step would have happened, so the board reads like the real thing."""

import math
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from worksafety.core.models import User
from worksafety.core.workflow import transition
from worksafety.emergency.incidents import services as incidents
from worksafety.emergency.incidents.models import Incident, IncidentEvent
from worksafety.emergency.resources.choices import TargetKind
from worksafety.emergency.resources.models import SensitiveTarget
from worksafety.emergency.resources.services import distance_m
from worksafety.registry.models import HazardUnitSubstance

STORIES = [
    # (days ago, title, accident type, tasks, figures of the 续报, review or None)
    (120, "{enterprise}储罐区泄漏", "中毒和窒息", ["关闭上游阀门并堵漏", "下风向 500 米警戒疏散"],
     {"deaths": 0, "missing": 0, "serious_injuries": 1, "minor_injuries": 3, "direct_loss_yuan": Decimal("850000")},
     ("法兰垫片老化导致泄漏，现场人员未佩戴正压式空气呼吸器进入泄漏区。", "应急处置卡未张贴到岗位，演练流于形式。",
      ["罐区法兰垫片未按期更换"], ["修订现场处置方案并组织实战演练"])),
    (45, "{enterprise}装置区火灾", "火灾", ["冷却相邻储罐", "切断装置进料"],
     {"deaths": 0, "missing": 0, "serious_injuries": 0, "minor_injuries": 2, "direct_loss_yuan": Decimal("2300000")},
     ("泵机械密封失效泄漏引发火灾，自动喷淋系统动作正常。", "可燃气体报警联锁未投用。",
      ["可燃气体报警联锁未投用"], ["组织园区同类装置联锁专项检查"])),
    (0, "{enterprise}管线泄漏", "中毒和窒息", ["堵漏并持续监测", "核实周边学校人员情况"],
     {"deaths": 0, "missing": 0, "serious_injuries": 0, "minor_injuries": 1, "direct_loss_yuan": Decimal("0")},
     None),
]


def build_incident_demo() -> None:
    district = User.objects.get(username="district")
    # Units in the parks, where the teams, shelters and schools of the demo are, the largest first.
    units = list(HazardUnitSubstance.objects.filter(unit__lat__isnull=False, unit__enterprise__park__isnull=False,
                                                    chemical__cas__in=["7664-41-7", "7782-50-5"])
                 .select_related("unit__enterprise__park", "unit__enterprise__area", "chemical")
                 .order_by("-quantity_t", "pk")[:len(STORIES)])
    now = timezone.now()
    for (days, title, accident_type, tasks, figures, review), substance in zip(STORIES, units, strict=False):
        unit, enterprise = substance.unit, substance.unit.enterprise
        occurred = now - timedelta(days=days, hours=3)
        incident = incidents.do_report(Incident(
            title=title.format(enterprise=enterprise.name), occurred_at=occurred, reported_at=occurred + timedelta(minutes=12),
            place=unit.name, lat=unit.lat, lon=unit.lon, area=enterprise.area, park=enterprise.park,
            enterprise=enterprise, hazard_unit=unit, accident_type=accident_type, chemical=substance.chemical,
            release={"release_kg_s": 0.5}), user=district)
        incidents.do_mark_notice_reported(incident.notices.get(authority="county"), user=district,
                                          at=occurred + timedelta(minutes=40))
        transition(incident, "respond", district)
        for task in tasks:
            incidents.do_add_task(incident, user=district, title=task, assignee="园区危化品救援队")
        incidents.do_add_update(incident, user=district, text="泄漏已控制，伤员已送医。", **figures)
        if review:
            _close(incident, district, review)
        else:
            _wind_towards_a_school(incident, district)
        _date_the_timeline(incident, occurred)


def _close(incident: Incident, user, review) -> None:
    summary, lessons, hazards, tasks = review
    for notice in incident.notices.filter(reported_at__isnull=True):
        incidents.do_mark_notice_reported(notice, user=user, at=notice.due - timedelta(minutes=30))
    for task in incident.tasks.all():
        incidents.do_update_task(task, user=user, state="done", note="已完成")
    transition(incident, "end", user)
    incidents.do_review(incident, user=user, summary=summary, lessons=lessons,
                        actions=[("hazard", text) for text in hazards] + [("task", text) for text in tasks])


def _wind_towards_a_school(incident: Incident, user) -> None:
    """The ongoing incident's story: a flange rupture (5 kg/s entered by the duty officer) and the observed
    wind blowing towards the nearest school or kindergarten within 5 km, so the board has people inside the
    zones to deal with."""
    targets = [t for t in SensitiveTarget.objects.filter(kind__in=[TargetKind.SCHOOL, TargetKind.KINDERGARTEN])
               if distance_m(incident.lat, incident.lon, t.lat, t.lon) < 5000]
    if not targets:
        return
    school = min(targets, key=lambda t: distance_m(incident.lat, incident.lon, t.lat, t.lon))
    north = school.lat - incident.lat
    east = (school.lon - incident.lon) * math.cos(math.radians(incident.lat))
    towards = math.degrees(math.atan2(east, north)) % 360
    incidents.do_recompute(incident, user=user, release={"release_kg_s": 5.0},
                           weather={"wind_m_s": 2.0, "wind_from_deg": round((towards + 180) % 360), "stability": "D"})


def _date_the_timeline(incident: Incident, occurred) -> None:
    """The services stamp each step with the time it ran; a past incident's steps are spread over its first
    hours instead (reports keep the times they were made)."""
    for step, event in enumerate(incident.events.exclude(kind__in=["report", "notice"]).order_by("pk")):
        IncidentEvent.objects.filter(pk=event.pk).update(at=occurred + timedelta(minutes=20 + 15 * step))
    incident.updates.update(at=occurred + timedelta(hours=2))
