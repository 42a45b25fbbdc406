"""Accident services — the only code that changes accidents (ARCHITECTURE.md rule 2): 录入 (also drafted from an
incident of the response), editing what is not a figure, 续报 and corrections of the figures, the reports up
the chain, and the investigation whose measures become hazards or tasks.
"""

import copy
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import CHANGE, VIEW, require
from worksafety.core.services import do_save_object
from worksafety.emergency.incidents.models import Incident, IncidentState
from worksafety.hazards.choices import HazardLevel, HazardType, Source
from worksafety.hazards.models import Hazard
from worksafety.hazards.services import do_register_hazard
from worksafety.indicators.accidents import reporting
from worksafety.indicators.accidents.choices import MeasureKind, RevisionKind
from worksafety.indicators.accidents.models import (
    CASUALTIES,
    FIGURES,
    Accident,
    AccidentReport,
    AccidentRevision,
    Investigation,
    InvestigationMeasure,
)
from worksafety.standards import accidents

# Incidents that became known accidents: a proposal or a dismissed one never was.
ACCIDENT_STATES = (IncidentState.REPORTED, IncidentState.RESPONDING, IncidentState.ENDED, IncidentState.REVIEWED)


# --- recording ----------------------------------------------------------------------------------------------

def do_record_accident(accident: Accident, *, user) -> Accident:
    """录入. An accident drafted from an incident takes over the reports already made for the incident."""
    if accident.incident_id:
        require(user, accident.incident, VIEW)
    accident.recorded_by = user
    with transaction.atomic(), audit.acting_as(user):
        do_save_object(accident, user=user)
        if accident.incident_id:
            for notice in accident.incident.notices.filter(reported_at__isnull=False):
                AccidentReport.objects.create(accident=accident, authority=notice.authority,
                                              reported_at=notice.reported_at, recorded_by=notice.reported_by or user)
    return accident


def do_save_accident(accident: Accident, *, user) -> Accident:
    """Edit the description, place, classification or the 瞒报/谎报 finding. The figures change only by a 续报
    or a correction, which keep what they were; a change to them here is refused."""
    require(user, accident, CHANGE)
    stored = Accident.objects.get(pk=accident.pk)
    changed = [name for name in FIGURES if getattr(stored, name) != getattr(accident, name)]
    if changed:
        raise ValidationError({name: _("伤亡人数和直接经济损失请通过“续报/更正”变更。") for name in changed})
    if stored.incident_id != accident.incident_id:  # the reports taken over from it would belong elsewhere
        raise ValidationError({"incident": _("事故记录的来源事件不能更改。")})
    return do_save_object(accident, user=user)


def draft_from_incident(incident) -> Accident:
    """从事件生成: an accident prefilled from an incident of the response, for a person to check and save."""
    enterprise = incident.enterprise
    return Accident(
        title=incident.title, occurred_at=incident.occurred_at, place=incident.place, area=incident.area,
        park=incident.park, enterprise=enterprise, sector=incident.sector or (enterprise.sector if enterprise else None),
        accident_type=incident.accident_type, road_traffic=False, description=incident.description,
        incident=incident, **{name: getattr(incident, name) for name in FIGURES})


def incidents_to_record(user):
    """Incidents the user may see that became accidents of the response and are not recorded yet."""
    return Incident.objects.restrict(user, VIEW).filter(state__in=ACCIDENT_STATES, accident__isnull=True)


# --- figures ------------------------------------------------------------------------------------------------

def _snapshot(figures: dict) -> dict:
    return audit.jsonable({**{name: figures[name] for name in FIGURES},
                           "grade": accidents.grade(int(figures["deaths"]), int(figures["serious_injuries"]),
                                                    float(figures["direct_loss_yuan"]))})


def do_revise_figures(accident: Accident, *, user, kind: str, note: str, **figures) -> AccidentRevision:
    """续报 or correction: all the figures as they now stand (0 where none).

    A change in casualties after the 续报 window (493号令 第十三条: 30 days, 7 for road traffic and fire) is
    refused as a 续报; as a correction — a recording error, or figures established later such as a 瞒报 found —
    it is accepted and stays flagged on the record.
    """
    require(user, accident, CHANGE)
    if kind not in RevisionKind.values:
        raise ValidationError({"kind": _("请选择续报或更正。")})
    if not note.strip():
        raise ValidationError({"note": _("请写明变化的情况和依据。")})
    if any(figures.get(name) is None for name in FIGURES):
        raise ValidationError(_("须填写全部伤亡人数和直接经济损失（没有则填 0）。"))
    figures = {**{name: int(figures[name]) for name in CASUALTIES},
               "direct_loss_yuan": Decimal(figures["direct_loss_yuan"])}
    before = accident.figures
    casualties_changed = any(figures[name] != before[name] for name in CASUALTIES)
    if not casualties_changed and figures["direct_loss_yuan"] == before["direct_loss_yuan"]:
        raise ValidationError(_("数字与当前记录相同，无需续报。"))
    deadline = reporting.supplement_deadline(accident)
    after_window = casualties_changed and timezone.now() > deadline
    if after_window and kind == RevisionKind.SUPPLEMENT:
        raise ValidationError(_(
            "续报期已过：伤亡人数的变化须自事故发生之日起 %(days)s 日内续报（《生产安全事故报告和调查处理条例》第十三条），"
            "截至 %(deadline)s。如系录入错误或经核查认定的数字，请选择“更正”并写明依据。") % {
            "days": reporting.supplement_days(accident),
            "deadline": timezone.localtime(deadline - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")})
    candidate = copy.copy(accident)
    for name, value in figures.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    with transaction.atomic(), audit.acting_as(user):
        # On the figures as they were read: two people revising at once cannot both win.
        if Accident.objects.filter(pk=accident.pk, **before).update(**figures, grade=candidate.compute_grade()) != 1:
            raise ValidationError(_("该事故已被他人更新，请刷新后查看。"))
        revision = AccidentRevision.objects.create(
            accident=accident, kind=kind, author=user, note=note.strip(), before=_snapshot(before),
            after=_snapshot(figures), after_window=after_window)
        audit.record(AuditAction.UPDATE, instance=accident, before=revision.before, after=revision.after)
    accident.refresh_from_db()
    return revision


# --- reports up the chain -----------------------------------------------------------------------------------

def do_record_report(accident: Accident, *, user, authority: str, at: datetime) -> AccidentReport:
    """The report to `authority` was made at `at`; a report once recorded keeps its time."""
    require(user, accident, CHANGE)
    chain = [a.code for a in accidents.reporting_chain(accident.grade)]
    if authority not in chain:
        raise ValidationError({"authority": _("%(grade)s事故无需报告至该级。") % {"grade": accident.grade}})
    if at < accident.occurred_at or at > timezone.now() + timedelta(minutes=1):
        raise ValidationError({"at": _("报告时间须在事故发生之后、当前时间之前。")})
    try:  # the unique (accident, authority) decides between two people registering the same report at once
        with transaction.atomic(), audit.acting_as(user):
            return AccidentReport.objects.create(accident=accident, authority=authority, reported_at=at,
                                                 recorded_by=user)
    except IntegrityError:
        raise ValidationError({"authority": _("该级报告已登记。")}) from None


# A measure becomes a hazard's name (200 characters; InvestigationMeasure.text holds 300).
MEASURE_MAX_LENGTH = 200


# --- investigation ------------------------------------------------------------------------------------------

def do_record_investigation(accident: Accident, *, user, report_date: date, cause: str, responsibility: str,
                            measures: list[tuple[str, str]]) -> Investigation:
    """事故调查报告 (493号令 第三十条). Each measure becomes a hazard of the enterprise (source 其他, origin the
    accident), followed in the hazards' closed loop, or — without an enterprise — a task tracked here."""
    require(user, accident, CHANGE)
    if Investigation.objects.filter(accident=accident).exists():
        raise ValidationError(_("该事故的调查报告已录入。"))
    errors = {}
    if not cause.strip():
        errors["cause"] = _("请填写事故原因。")
    if not responsibility.strip():
        errors["responsibility"] = _("请填写责任认定。")
    if report_date > timezone.localdate() or report_date < timezone.localtime(accident.occurred_at).date():
        errors["report_date"] = _("报告日期须在事故发生之后、今天之前。")
    if any(kind not in MeasureKind.values or not text.strip() for kind, text in measures):
        errors["measures"] = _("每条措施须选择类型并写明内容。")
    elif any(len(text.strip()) > MEASURE_MAX_LENGTH for _kind, text in measures):
        errors["measures"] = _("每条措施不超过 %(n)s 字（它会成为隐患名称），较长的说明请写入调查报告。") % {
            "n": MEASURE_MAX_LENGTH}
    elif accident.enterprise_id is None and any(kind == MeasureKind.HAZARD for kind, _text in measures):
        errors["measures"] = _("没有事发单位的事故不能登记隐患，请改为整改任务。")
    if errors:
        raise ValidationError(errors)
    assignee = accident.enterprise.name if accident.enterprise_id else _("行业主管部门")
    try:
        with transaction.atomic(), audit.acting_as(user):
            investigation = Investigation.objects.create(accident=accident, report_date=report_date,
                                                         cause=cause.strip(), responsibility=responsibility.strip(),
                                                         author=user)
            for kind, text in measures:
                measure = InvestigationMeasure(investigation=investigation, kind=kind, text=text.strip())
                if kind == MeasureKind.HAZARD:
                    measure.hazard = do_register_hazard(Hazard(
                        enterprise=accident.enterprise, source=Source.OTHER, level=HazardLevel.GENERAL,
                        source_reference=_("事故调查 #%(id)s") % {"id": accident.pk}, hazard_type=HazardType.SAFETY,
                        title=text.strip(), found_on=report_date,
                        description=_("“%(title)s”调查报告提出的措施：%(text)s") % {"title": accident.title,
                                                                            "text": text.strip()}),
                        user=user, origin=accident)
                else:
                    measure.assignee = assignee
                measure.save()
    except IntegrityError:
        # The one-to-one accident decides between two people entering the report at the same moment.
        if Investigation.objects.filter(accident=accident).exists():
            raise ValidationError(_("该事故的调查报告已录入。")) from None
        raise
    return investigation


def do_complete_measure(measure: InvestigationMeasure, *, user) -> InvestigationMeasure:
    """A task measure is done; a hazard measure is done when its hazard is closed, in the hazards' loop."""
    require(user, measure.investigation.accident, CHANGE)
    if measure.kind != MeasureKind.TASK:
        raise ValidationError(_("登记为隐患的措施随隐患销号完成。"))
    with transaction.atomic(), audit.acting_as(user):
        if InvestigationMeasure.objects.filter(pk=measure.pk, done_on__isnull=True).update(
                done_on=timezone.localdate()) != 1:
            raise ValidationError(_("该措施已完成。"))
        measure.refresh_from_db()
        audit.record(AuditAction.UPDATE, instance=measure, after={"done_on": measure.done_on.isoformat()})
    return measure
