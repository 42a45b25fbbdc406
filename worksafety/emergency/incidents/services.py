"""Incident services: 接报, the alarm's proposal and its confirmation, 续报, reports up the chain, the response's
tasks and state, and 复盘 — the only code that changes incidents (ARCHITECTURE.md rule 2).

States: 系统建议 → 已接报 (a person confirms) or 已否决; 已接报 → 处置中 → 处置结束 → 已复盘. A conditional UPDATE on
the old state settles two people acting at once. The grade follows the casualties and loss of the latest
report (493号令 第三条); the reports due up the chain follow the grade (第九–十一条) and are recomputed when a
续报 raises it.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.core import audit
from worksafety.core.choices import AuditAction, Role
from worksafety.core.models import User, street_officers_over
from worksafety.core.notifications import notify
from worksafety.core.scoping import ADD, CHANGE, OutOfScope, can, require
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.emergency.incidents import assistance
from worksafety.emergency.incidents.models import (
    Incident,
    IncidentEvent,
    IncidentNotice,
    IncidentReview,
    IncidentState,
    IncidentTask,
    IncidentUpdate,
    ReviewAction,
    ReviewActionKind,
    TaskState,
)
from worksafety.emergency.plans.choices import CATEGORY_TYPES
from worksafety.standards import accidents

CASUALTY_FIELDS = ("deaths", "missing", "serious_injuries", "minor_injuries", "direct_loss_yuan")
# A review action becomes a hazard's or a task's name (200 characters).
ACTION_MAX_LENGTH = 200
# Gas sensors whose HH alarm proposes an incident (issue 6 item 5).
PROPOSING_KINDS = ("combustible_gas", "toxic_gas")




TRANSITIONS = (
    Transition("respond", gettext_lazy("开始处置"), IncidentState.REPORTED, IncidentState.RESPONDING),
    Transition("end", gettext_lazy("处置结束"), IncidentState.RESPONDING, IncidentState.ENDED),
)


def _record(incident: Incident, step) -> IncidentEvent:
    return _event(incident, step.transition.action, step.transition.label, step.user)


# 开始处置 and 处置结束 are taken by `core.workflow.transition(incident, action, user)`; 接报, 确认 and 否决 below
# are not rows of the table (they create the incident or settle the alarm's proposal).
INCIDENTS = register(Workflow(Incident, TRANSITIONS, record=_record,
                              conflict=gettext_lazy("该事件已被他人处理，请刷新后查看。")))


def _check_government(user) -> None:
    """An alarm's proposal is confirmed or dismissed by the supervisors, not by the enterprise it concerns."""
    if getattr(user, "role", "") == Role.ENTERPRISE:
        raise ValidationError(_("系统建议须由监管部门确认或否决。"))


def _event(incident: Incident, kind: str, text: str, actor=None, at=None) -> IncidentEvent:
    return IncidentEvent.objects.create(incident=incident, kind=kind, text=text[:300], actor=actor, at=at or timezone.now())


def _move(incident: Incident, source: str, target: str) -> None:
    """One step, by a conditional UPDATE (the second of two people acting at once is refused), audited."""
    if Incident.objects.filter(pk=incident.pk, state=source).update(state=target) != 1:
        raise ValidationError(_("该事件已被他人处理，请刷新后查看。"))
    incident.state = target
    audit.record(AuditAction.UPDATE, instance=incident, before={"state": source}, after={"state": target})


# --- assistance ---------------------------------------------------------------------------------------------

def inventory_t(incident: Incident) -> float | None:
    if incident.hazard_unit_id is None or incident.chemical_id is None:
        return None
    row = incident.hazard_unit.substances.filter(chemical_id=incident.chemical_id).first()
    return float(row.quantity_t) if row else None


def assess(incident: Incident, *, user=None) -> dict:
    """The command board's decision support for this incident as it now stands."""
    return assistance.assess(
        lat=incident.lat, lon=incident.lon, chemical=incident.chemical, inventory_t=inventory_t(incident),
        park=incident.park, release=incident.release, weather=incident.weather, moment=incident.occurred_at,
        event_type=event_type_of(incident), sector_id=incident.sector_id, enterprise_id=incident.enterprise_id,
        level=grade_level(incident.grade), user=user)


def event_type_of(incident: Incident) -> str:
    """The warning/plan event category an incident matches (emergency.warnings.choices.Category), by the same
    table the plans use for their GB 6441 types."""
    category = next((code for code, types in CATEGORY_TYPES.items() if incident.accident_type in types), None)
    return category or ("hazchem_leak" if incident.chemical_id else "other")


def grade_level(grade: str) -> int:
    """Response level Ⅰ–Ⅳ that an accident grade calls for (特别重大 → Ⅰ … 一般 → Ⅳ)."""
    return accidents.GRADES.index(grade) + 1


def _snapshot_zones(incident: Incident, found: dict) -> None:
    """Keep what the models drew (and on what), so the record shows what the decision was based on."""
    incident.zones = {model: found[model] for model in ("toxic", "explosion") if found.get(model)}
    incident.zones["weather"], incident.zones["release"] = found["weather"], found["release"]
    incident.zones["notes"] = found["notes"]


# --- reporting ----------------------------------------------------------------------------------------------

def do_report(incident: Incident, *, user) -> Incident:
    """接报: a person records an incident; the grade and the reports due up the chain follow."""
    if not can(user, Incident, ADD):
        raise OutOfScope()
    incident.reported_by = user
    incident.state = IncidentState.REPORTED
    incident.full_clean()
    incident.grade = incident.compute_grade()
    _snapshot_zones(incident, assess(incident, user=user))
    with transaction.atomic(), audit.acting_as(user):
        incident.save()
        require(user, incident, ADD)
        _event(incident, "report", _("接报：%(title)s（%(grade)s）") % {"title": incident.title, "grade": incident.grade},
               user, incident.reported_at)
        _schedule_notices(incident)
        _tell_responders(incident, _("突发事件接报：%(title)s") % {"title": incident.title})
    return incident


def do_confirm(incident: Incident, *, user) -> Incident:
    """A person confirms the alarm's proposal; from now on it is a reported incident (release and weather are
    corrected on the board, `do_recompute`)."""
    require(user, incident, CHANGE)
    _check_government(user)
    if incident.state != IncidentState.PROPOSED:
        raise ValidationError(_("只有系统建议的事件可以确认接报。"))
    incident.reported_at, incident.reported_by = timezone.now(), user
    incident.full_clean()
    incident.grade = incident.compute_grade()
    _snapshot_zones(incident, assess(incident, user=user))
    with transaction.atomic(), audit.acting_as(user):
        _move(incident, IncidentState.PROPOSED, IncidentState.REPORTED)
        incident.save()
        _event(incident, "confirm", _("确认接报（由监测报警建议）"), user)
        _schedule_notices(incident)
    return incident


def do_dismiss(incident: Incident, *, user, reason: str) -> Incident:
    require(user, incident, CHANGE)
    _check_government(user)
    if not reason.strip():
        raise ValidationError({"reason": _("否决时须说明理由（如误报、已现场处置）。")})
    with transaction.atomic(), audit.acting_as(user):
        _move(incident, IncidentState.PROPOSED, IncidentState.DISMISSED)
        _event(incident, "dismiss", _("否决建议：%(reason)s") % {"reason": reason.strip()}, user)
    return incident


def _schedule_notices(incident: Incident) -> None:
    """Create the reports the grade needs that do not exist yet, and move the due times of those not made."""
    existing = {notice.authority: notice for notice in incident.notices.all()}
    reported = {code: notice.reported_at for code, notice in existing.items() if notice.reported_at}
    for authority, due in accidents.report_deadlines(incident.grade, incident.occurred_at, reported):
        notice = existing.get(authority.code)
        if notice is None:
            IncidentNotice.objects.create(incident=incident, authority=authority.code, due=due)
        elif notice.reported_at is None and notice.due != due:
            IncidentNotice.objects.filter(pk=notice.pk).update(due=due)


def do_add_update(incident: Incident, *, user, text: str, **figures) -> IncidentUpdate:
    """续报: the figures as they now stand; a higher grade adds the reports it needs."""
    require(user, incident, CHANGE)
    if incident.state not in (IncidentState.REPORTED, IncidentState.RESPONDING, IncidentState.ENDED):
        raise ValidationError(_("当前状态“%(state)s”下不能续报。") % {"state": incident.get_state_display()})
    missing = [name for name in CASUALTY_FIELDS if figures.get(name) is None]
    if missing or not text.strip():
        raise ValidationError(_("续报须填写内容和全部伤亡、损失数字（没有则填 0）。"))
    update = IncidentUpdate(incident=incident, author=user, text=text.strip(), **{n: figures[n] for n in CASUALTY_FIELDS})
    update.full_clean(exclude=["grade"])  # the figures are checked (not negative) before they are graded
    grade = update.grade = accidents.grade(int(update.deaths), int(update.serious_injuries),
                                           float(update.direct_loss_yuan))
    with transaction.atomic(), audit.acting_as(user):
        update.save()
        before = incident.grade
        for name in CASUALTY_FIELDS:
            setattr(incident, name, figures[name])
        incident.grade = grade
        incident.save(update_fields=[*CASUALTY_FIELDS, "grade"])
        _event(incident, "update", _("续报：%(text)s") % {"text": update.text}, user, update.at)
        if grade != before:
            _event(incident, "grade", _("事故等级由%(old)s调整为%(new)s") % {"old": before, "new": grade}, user)
            _schedule_notices(incident)
    return update


def do_mark_notice_reported(notice: IncidentNotice, *, user, at=None) -> IncidentNotice:
    """The report to this authority was made (at `at`, default now); the next level's deadline counts from it."""
    require(user, notice.incident, CHANGE)
    at = at or timezone.now()
    if at > timezone.now() + timedelta(minutes=1) or at < notice.incident.occurred_at:
        raise ValidationError({"at": _("报告时间须在事件发生之后、当前时间之前。")})
    with transaction.atomic(), audit.acting_as(user):
        if IncidentNotice.objects.filter(pk=notice.pk, reported_at__isnull=True).update(reported_at=at,
                                                                                      reported_by=user) != 1:
            raise ValidationError(_("该报告已登记。"))
        notice.refresh_from_db()
        _event(notice.incident, "notice", _("已报告%(to)s") % {"to": notice.get_authority_display()}, user, at)
        _schedule_notices(notice.incident)
    return notice


def do_recompute(incident: Incident, *, user, release: dict, weather: dict) -> Incident:
    """模拟推演 again with the release and weather a person entered on the board."""
    require(user, incident, CHANGE)
    incident.release, incident.weather = release, weather
    _snapshot_zones(incident, assess(incident, user=user))
    with transaction.atomic(), audit.acting_as(user):
        incident.save(update_fields=["release", "weather", "zones"])
        _event(incident, "model", _("重新计算影响区域"), user)
    return incident


# --- tasks --------------------------------------------------------------------------------------------------

def do_add_task(incident: Incident, *, user, title: str, assignee: str, team=None, due=None) -> IncidentTask:
    require(user, incident, CHANGE)
    if not incident.is_open:
        raise ValidationError(_("事件已处置结束，不能再下达任务。"))
    task = IncidentTask(incident=incident, title=title.strip(), assignee=assignee.strip(), team=team, due=due,
                        created_by=user)
    task.full_clean()
    with transaction.atomic(), audit.acting_as(user):
        task.save()
        _event(incident, "task", _("下达任务：%(title)s → %(who)s") % {"title": task.title, "who": task.assignee}, user)
    return task


def do_update_task(task: IncidentTask, *, user, state: str, note: str = "") -> IncidentTask:
    require(user, task.incident, CHANGE)
    if state not in TaskState.values:
        raise ValidationError({"state": _("未知的任务状态。")})
    if task.state == TaskState.DONE:
        raise ValidationError(_("任务已完成，不能再修改。"))
    changes = {"state": state, "note": note.strip() or task.note,
               "done_at": timezone.now() if state == TaskState.DONE else None}
    with transaction.atomic(), audit.acting_as(user):
        before = audit.snapshot(task)
        if IncidentTask.objects.filter(pk=task.pk, state=task.state).update(**changes) != 1:
            raise ValidationError(_("该任务已被他人更新，请刷新后查看。"))
        task.refresh_from_db()
        audit.record_changes(task, before)
        _event(task.incident, "task", _("任务“%(title)s”：%(state)s") % {"title": task.title,
                                                                     "state": task.get_state_display()}, user)
    return task


# --- review -------------------------------------------------------------------------------------------------

def do_review(incident: Incident, *, user, summary: str, lessons: str, actions: list[tuple[str, str]]) -> IncidentReview:
    """复盘: closes the incident; each action becomes a hazard of the enterprise (when there is one) or a task."""
    from worksafety.hazards.choices import HazardLevel, HazardType, Source
    from worksafety.hazards.models import Hazard
    from worksafety.hazards.services import do_register_hazard

    require(user, incident, CHANGE)
    if incident.state != IncidentState.ENDED:
        raise ValidationError(_("处置结束后才能复盘。"))
    if not summary.strip() or not lessons.strip():
        raise ValidationError(_("复盘须写明经过与原因、经验教训。"))
    for kind, text in actions:
        if kind not in ReviewActionKind.values or not text.strip():
            raise ValidationError(_("每条改进措施须选择类型并写明内容。"))
        if len(text.strip()) > ACTION_MAX_LENGTH:  # it becomes a hazard's or a task's name, not cut silently
            raise ValidationError(_("每条改进措施不超过 %(n)s 字，较长的说明请写入经过与原因。") % {"n": ACTION_MAX_LENGTH})
        if kind == ReviewActionKind.HAZARD and incident.enterprise_id is None:
            raise ValidationError(_("没有事发单位的事件不能登记隐患，请改为整改任务。"))
    with transaction.atomic(), audit.acting_as(user):
        review = IncidentReview.objects.create(incident=incident, summary=summary.strip(), lessons=lessons.strip(),
                                               author=user)
        for kind, text in actions:
            action = ReviewAction(review=review, kind=kind, text=text.strip())
            if kind == ReviewActionKind.HAZARD:
                action.hazard = do_register_hazard(Hazard(
                    enterprise=incident.enterprise, hazard_unit=incident.hazard_unit, source=Source.OTHER,
                    source_reference=_("事件复盘 #%(id)s") % {"id": incident.pk}, level=HazardLevel.GENERAL,
                    hazard_type=HazardType.SAFETY, title=text.strip(),
                    description=_("来自“%(title)s”复盘：%(text)s") % {"title": incident.title, "text": text.strip()},
                    found_on=date.today()), user=user, origin=incident)
            else:
                action.task = IncidentTask.objects.create(incident=incident, title=text.strip(),
                                                          assignee=_("事发单位") if incident.enterprise_id else _("区应急管理局"),
                                                          created_by=user)
            action.save()
        _move(incident, IncidentState.ENDED, IncidentState.REVIEWED)
        _event(incident, "review", _("完成复盘，形成改进措施 %(n)s 项") % {"n": len(actions)}, user)
    return review


# --- alarm to response --------------------------------------------------------------------------------------

def proposing_alarms():
    """Open HH alarms of gas sensors that have no incident yet."""
    from worksafety.monitoring.models import Alarm

    return (Alarm.objects.filter(closed=False, condition="HH", sensor__kind__in=PROPOSING_KINDS, incident__isnull=True)
            .select_related("sensor__hazard_unit", "enterprise__park", "enterprise__area"))


def propose_from_alarm(alarm) -> Incident | None:
    """A draft incident for an HH gas alarm, prefilled and modelled; a person confirms or dismisses it.
    Returns None when another worker proposed it first (the alarm is unique on the incident)."""
    sensor, enterprise = alarm.sensor, alarm.enterprise
    unit = sensor.hazard_unit
    substance = modelled_substance(unit, sensor.kind)
    lat, lon = (sensor.lat, sensor.lon) if sensor.lat is not None else (enterprise.lat, enterprise.lon)
    incident = Incident(
        title=_("%(enterprise)s %(sensor)s 二级报警") % {"enterprise": enterprise.name, "sensor": sensor.name},
        state=IncidentState.PROPOSED, occurred_at=alarm.raised_at, reported_at=timezone.now(),
        place=sensor.location_text or (unit.name if unit else enterprise.address), lat=lat, lon=lon,
        area=enterprise.area, park=enterprise.park, enterprise=enterprise, sector=enterprise.sector, hazard_unit=unit,
        accident_type="中毒和窒息" if sensor.kind == "toxic_gas" else "其他爆炸",
        chemical=substance.chemical if substance else None, origin_alarm=alarm,
        description=_("监测点 %(code)s 于 %(at)s 达到二级报警值，读数 %(value)s %(unit)s。") % {
            "code": sensor.code, "at": timezone.localtime(alarm.raised_at).strftime("%H:%M:%S"),
            "value": alarm.value, "unit": sensor.unit})
    _snapshot_zones(incident, assess(incident))
    try:
        with transaction.atomic():
            incident.save()
            _event(incident, "propose", _("系统根据二级报警生成处置建议，待人工确认"), None, incident.reported_at)
    except IntegrityError:
        return None
    _tell_responders(incident, _("二级报警处置建议待确认：%(title)s") % {"title": incident.title})
    return incident


def modelled_substance(unit, sensor_kind: str):
    """The unit's chemical to model: for a toxic-gas sensor the largest substance with toxic thresholds, for a
    combustible one the largest flammable substance (LEL known); else the largest."""
    from worksafety.consequence import thresholds
    from worksafety.consequence.inputs import ConsequenceInputError

    if unit is None:
        return None
    substances = list(unit.substances.select_related("chemical").order_by("-quantity_t"))

    def toxic(row) -> bool:
        try:
            thresholds.lookup(row.chemical.cas or row.chemical.name)
        except ConsequenceInputError:
            return False
        return True

    wanted = toxic if sensor_kind == "toxic_gas" else (lambda row: bool(row.chemical.lel_pct))
    return next((row for row in substances if wanted(row)), substances[0] if substances else None)


def _tell_responders(incident: Incident, title: str) -> None:
    """The district bureau and the park or street officers over the place."""
    who = Q(role=Role.DISTRICT) | street_officers_over(incident.area.code)
    if incident.park_id:
        who |= Q(role=Role.PARK, park_id=incident.park_id)
    notify(User.objects.filter(who, is_active=True).distinct(), title=title,
           url=reverse("incident_board", args=[incident.pk]), category="incident",
           key=f"incident:{incident.pk}:{incident.state}")
