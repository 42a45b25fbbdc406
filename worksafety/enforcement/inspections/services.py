"""Inspection writes: starting one, recording its items on site, findings, evidence, and completing it — the
only code that changes inspections (ARCHITECTURE.md rule 2).

Completing an inspection is one transaction: the status moves by a conditional UPDATE (two people pressing
完成 at once cannot both succeed), the 现场检查记录 is issued, every failed item becomes a hazard through
hazards.services (source 执法检查, origin the inspection, a 重大 item a 重大隐患) with the 责令限期整改指令书
that orders its rectification, and a 复查 moves the rechecked hazards along their own closed loop.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.attachments import CleanUpload, attachments_for, open_attachment, store_attachments
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import CHANGE, require
from worksafety.core.services import do_save_object
from worksafety.core.workflow import transition
from worksafety.enforcement.inspections import documents
from worksafety.enforcement.inspections.choices import (
    DocumentKind,
    InspectionKind,
    InspectionStatus,
    ItemResult,
)
from worksafety.enforcement.inspections.documents import plain
from worksafety.enforcement.inspections.models import Inspection, InspectionResult
from worksafety.hazards import services as hazard_services
from worksafety.hazards import workflow as hazard_workflow
from worksafety.hazards.choices import HazardLevel, Source, State
from worksafety.hazards.models import Hazard

MIN_INSPECTORS = 2  # 《行政处罚法》(2021) 第四十二条: 执法人员不得少于两人


# --- starting ---------------------------------------------------------------------------------------------


def inspector_errors(inspectors, enterprise, day) -> list[str]:
    """Why these inspectors may not inspect this enterprise on this day: fewer than two, a 执法证 not in force
    that day, or a declared conflict with the enterprise (回避)."""
    inspectors = list({i.pk: i for i in inspectors}.values())
    errors = []
    if len(inspectors) < MIN_INSPECTORS:
        errors.append(_("执法人员不得少于两人（《行政处罚法》第四十二条），请选择至少两名持有效执法证的执法人员。"))
    for inspector in inspectors:
        if not inspector.is_valid_on(day):
            errors.append(_("%(name)s的执法证（%(number)s，有效期 %(start)s 至 %(end)s）在 %(day)s 无效或不在岗，"
                            "不能参加执法。") % {"name": inspector.name, "number": inspector.certificate_number,
                                            "start": inspector.valid_from, "end": inspector.valid_until, "day": day})
        elif enterprise is not None and inspector.conflicts.filter(pk=enterprise.pk).exists():
            errors.append(_("%(name)s已申报与该企业回避，不能参加检查。") % {"name": inspector.name})
    return errors


def hazards_of(inspection: Inspection):
    """The hazards an inspection registered or rechecked: what a 复查 of it checks."""
    return Hazard.objects.filter(Q(inspection_result__inspection=inspection) | Q(rechecks__inspection=inspection)) \
        .distinct().order_by("pk")


def _start_errors(inspection: Inspection, inspectors, joint_departments) -> dict:
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    enterprise = inspection.enterprise if inspection.enterprise_id else None
    day = inspection.inspected_on
    if day is None:
        add("inspected_on", _("请填写检查日期。"))
        return errors
    if day > timezone.localdate():
        add("inspected_on", _("检查日期不能晚于今天：检查在现场进行并当场记录。"))
    for message in inspector_errors(inspectors, enterprise, day):
        add("inspectors", message)
    if inspection.template_id and not inspection.template.active:
        add("template", _("该检查表已停用。"))
    if (inspection.kind == InspectionKind.RANDOM) != (inspection.pick_id is not None):
        add("pick", _("双随机抽查须对应一条抽取结果，抽取结果只能用于双随机抽查。"))
    elif inspection.pick_id and inspection.pick.enterprise_id != inspection.enterprise_id:
        add("pick", _("抽取结果不是该企业。"))
    if inspection.plan_target_id and inspection.plan_target.enterprise_id != inspection.enterprise_id:
        add("plan_target", _("年度计划检查对象不是该企业。"))
    if inspection.kind == InspectionKind.JOINT and not joint_departments:
        add("joint_departments", _("联合检查须选择至少一个联合检查部门。"))
    if (inspection.kind == InspectionKind.FOLLOW_UP) != (inspection.follow_up_of_id is not None):
        add("follow_up_of", _("复查须对应一次原检查，原检查只能由复查引用。"))
    elif inspection.follow_up_of_id:
        original = inspection.follow_up_of
        if original.enterprise_id != inspection.enterprise_id or original.status != InspectionStatus.COMPLETED:
            add("follow_up_of", _("只能复查同一企业已完成的检查。"))
        elif not hazards_of(original).exclude(state=State.CLOSED).exists():
            add("follow_up_of", _("原检查发现的隐患均已销号（或未发现隐患），无需复查。"))
    return errors


def do_start_inspection(inspection: Inspection, *, user, inspectors, joint_departments=(), files=()) -> Inspection:
    """Open an inspection for recording: checked, saved with its inspectors, and given one result row per item
    of its checklist — or, for a 复查, one per open hazard of the original inspection."""
    errors = _start_errors(inspection, inspectors, joint_departments)
    if errors:
        raise ValidationError(errors)
    issuer = documents.issuer_for(user, inspection.department)
    inspection.department, inspection.organ, inspection.issuer_key = issuer.department, issuer.organ, issuer.key
    inspection.status = InspectionStatus.RECORDING
    inspection.created_by = user
    joint = [d for d in joint_departments if d != issuer.department]
    with transaction.atomic():
        do_save_object(inspection, user=user, m2m={"inspectors": list(inspectors), "joint_departments": joint})
        InspectionResult.objects.bulk_create(_result_rows(inspection))
        if files:
            store_attachments(files, owner=inspection, user=user)
    return inspection


def _result_rows(inspection: Inspection) -> list[InspectionResult]:
    if inspection.follow_up_of_id:
        return [InspectionResult(inspection=inspection, order=index, text=hazard.title[:300],
                                 legal_basis=hazard.major_criterion or hazard.checklist_item[:300],
                                 is_major=hazard.level == HazardLevel.MAJOR, hazard_type=hazard.hazard_type,
                                 rechecked_hazard=hazard)
                for index, hazard in enumerate(hazards_of(inspection.follow_up_of).exclude(state=State.CLOSED), 1)]
    if inspection.template_id is None:
        return []
    return [InspectionResult(inspection=inspection, item=item, order=item.order, text=item.text,
                             legal_basis=item.legal_basis, is_major=item.is_major, hazard_type=item.hazard_type)
            for item in inspection.template.items.all()]


# --- recording on site -------------------------------------------------------------------------------------


def _check_recording(inspection: Inspection, user) -> None:
    require(user, inspection, CHANGE)
    if inspection.status != InspectionStatus.RECORDING:
        raise ValidationError(_("检查已完成，记录不能再修改；如需补充，请另行检查或复查。"))


def do_record_result(result: InspectionResult, *, user, outcome: str, note: str = "", files=()) -> InspectionResult:
    """合格 / 不合格 / 不适用 for one item, with what was seen and its photos."""
    inspection = result.inspection
    _check_recording(inspection, user)
    if outcome not in (ItemResult.PASSED, ItemResult.FAILED, ItemResult.NOT_APPLICABLE):
        raise ValidationError({"result": _("请选择合格、不合格或不适用。")})
    if result.rechecked_hazard_id and outcome == ItemResult.NOT_APPLICABLE:
        raise ValidationError({"result": _("复查项须判定是否整改到位（合格或不合格）。")})
    before = {"result": result.result, "note": result.note}
    with transaction.atomic(), audit.acting_as(user):
        # Only while the inspection is still being recorded: completing it at the same moment wins or loses
        # as a whole.
        updated = InspectionResult.objects.filter(pk=result.pk, inspection__status=InspectionStatus.RECORDING) \
            .update(result=outcome, note=note.strip())
        if updated != 1:
            raise ValidationError(_("检查已完成，记录不能再修改；如需补充，请另行检查或复查。"))
        result.result, result.note = outcome, note.strip()
        audit.record(AuditAction.UPDATE, instance=result, before=before, after={"result": outcome,
                                                                               "note": result.note})
        if files:
            store_attachments(files, owner=result, user=user)
    return result


def do_add_finding(inspection: Inspection, *, user, text: str, legal_basis: str = "", is_major: bool = False,
                   hazard_type: str = "", note: str = "", files=()) -> InspectionResult:
    """A problem found outside the checklist: recorded as a failed item of its own."""
    _check_recording(inspection, user)
    errors = {}
    if not text.strip():
        errors["text"] = _("请填写发现的问题。")
    if is_major and not legal_basis.strip():
        errors["legal_basis"] = _("重大事故隐患须注明判定依据。")
    if errors:
        raise ValidationError(errors)
    last = inspection.results.order_by("-order").values_list("order", flat=True).first() or 0
    result = InspectionResult(inspection=inspection, order=last + 1, text=text.strip()[:300],
                              legal_basis=legal_basis.strip()[:300], is_major=is_major, result=ItemResult.FAILED,
                              note=note.strip(), **({"hazard_type": hazard_type} if hazard_type else {}))
    with transaction.atomic(), audit.acting_as(user):
        result.full_clean()
        result.save()
        if files:
            store_attachments(files, owner=result, user=user)
    return result


def do_attach_evidence(inspection: Inspection, *, user, files) -> list:
    """全过程记录: photos and documents of the inspection, also after it is completed (the record is
    append-only: files are added, never replaced)."""
    require(user, inspection, CHANGE)
    if not files:
        raise ValidationError({"attachments": _("请选择要上传的文件。")})
    with transaction.atomic():
        return store_attachments(files, owner=inspection, user=user)


# --- completing --------------------------------------------------------------------------------------------


def do_complete_inspection(inspection: Inspection, *, user, summary: str = "", rectification_deadline=None) \
        -> Inspection:
    _check_recording(inspection, user)
    results = list(inspection.results.select_related("rechecked_hazard"))
    findings = [r for r in results if r.result == ItemResult.FAILED and r.rechecked_hazard_id is None]
    errors = {}
    pending = sum(r.result == ItemResult.PENDING for r in results)
    if pending:
        errors["results"] = _("还有 %(n)s 项未检查，请逐项判定后再完成。") % {"n": pending}
    if not results and not summary.strip():
        errors["summary"] = _("没有检查项时，请填写检查情况。")
    if findings and rectification_deadline is None:
        errors["rectification_deadline"] = _("发现问题时须确定责令整改期限。")
    elif rectification_deadline is not None and rectification_deadline < inspection.inspected_on:
        errors["rectification_deadline"] = _("整改期限不能早于检查日期。")
    if errors:
        raise ValidationError(errors)
    issuer = documents.Issuer(inspection.issuer_key, inspection.organ, inspection.department)
    with transaction.atomic(), audit.acting_as(user):
        completed = Inspection.objects.filter(pk=inspection.pk, status=InspectionStatus.RECORDING).update(
            status=InspectionStatus.COMPLETED, completed_at=timezone.now(), summary=summary.strip(),
            rectification_deadline=rectification_deadline if findings else None)
        if completed != 1:
            raise ValidationError(_("该检查已被他人完成，请刷新后查看。"))
        inspection.refresh_from_db()
        audit.record(AuditAction.UPDATE, instance=inspection, before={"status": InspectionStatus.RECORDING},
                     after={"status": InspectionStatus.COMPLETED})
        context = document_context(inspection, results, findings)
        documents.issue(DocumentKind.INSPECTION_RECORD, user=user, issuer=issuer,
                                 enterprise=inspection.enterprise, inspection=inspection, context=context)
        if findings:
            order = documents.issue(DocumentKind.RECTIFICATION_ORDER, user=user, issuer=issuer,
                                    enterprise=inspection.enterprise, inspection=inspection, context=context)
            for result in findings:
                _register_finding(inspection, result, user, reference=order.number)
        rechecks = [r for r in results if r.rechecked_hazard_id]
        if rechecks:
            opinion = documents.issue(DocumentKind.RECHECK_OPINION, user=user, issuer=issuer,
                                      enterprise=inspection.enterprise, inspection=inspection,
                                      context=recheck_context(inspection, rechecks, context))
            for result in rechecks:
                _apply_recheck(result, user, opinion.number)
    return inspection


def _finding_title(result: InspectionResult) -> str:
    """What a failed item's hazard is called: the defect, never the requirement it breaks. A finding outside
    the checklist names the problem itself; a checklist item's is the inspector's note (on one line) when given,
    else the item marked as not met (the item itself stays on the hazard as its 检查项)."""
    note = " ".join(result.note.split())
    if result.item_id is None:
        title = result.text
    elif note:
        title = note
    else:
        title = _("不符合：%(item)s") % {"item": result.text}
    return title[:200]


def _register_finding(inspection: Inspection, result: InspectionResult, user, reference: str) -> Hazard:
    major = result.is_major
    hazard = Hazard(enterprise=inspection.enterprise, source=Source.ENFORCEMENT, source_reference=reference,
                    checklist_item=result.text[:300], level=HazardLevel.MAJOR if major else HazardLevel.GENERAL,
                    major_criterion=(result.legal_basis or result.text)[:200] if major else "",
                    hazard_type=result.hazard_type, title=_finding_title(result),
                    description=result.note or result.text, found_on=inspection.inspected_on,
                    deadline=inspection.rectification_deadline)
    hazard_services.do_register_hazard(hazard, user=user, origin=inspection, files=_copies(result))
    InspectionResult.objects.filter(pk=result.pk).update(hazard=hazard)
    result.hazard = hazard
    return hazard


def _copies(owner) -> list[CleanUpload]:
    """The owner's files again, for the hazard a finding becomes (stored once: same content, same hash)."""
    uploads = []
    for attachment in attachments_for(owner):
        with open_attachment(attachment) as stored:
            uploads.append(CleanUpload(name=attachment.name, kind=attachment.kind, mime_type=attachment.mime_type,
                                       content=stored.read(), sha256=attachment.sha256))
    return uploads


# The steps of the hazard's closed loop a 复查 takes, from where the hazard stands: a rectified hazard is
# submitted (if the enterprise has not) and accepted; one not rectified is sent back if it awaited acceptance.
RECHECK_PATHS = {
    ItemResult.PASSED: {State.RECTIFYING: (State.AWAITING_ACCEPTANCE, State.CLOSED),
                        State.AWAITING_ACCEPTANCE: (State.CLOSED,)},
    ItemResult.FAILED: {State.AWAITING_ACCEPTANCE: (State.RECTIFYING,)},
}


def _apply_recheck(result: InspectionResult, user, reference: str) -> None:
    """Take the steps the 复查 result calls for, as far as this user may (a major hazard is delisted only by
    its regulator: the result stays on record for them)."""
    hazard = Hazard.objects.get(pk=result.rechecked_hazard_id)
    outcome = _("复查合格") if result.result == ItemResult.PASSED else _("复查不合格")
    comment = f"{outcome}（{reference}）{result.note}".strip()
    for target in RECHECK_PATHS.get(result.result, {}).get(hazard.state, ()):
        action = hazard_workflow.action_for_target(hazard, target)
        step = hazard_workflow.HAZARDS.find(hazard, action) if action else None
        if step is None or not hazard_workflow.HAZARDS.allows(step, user, hazard):
            return
        hazard = transition(hazard, action, user, comment=comment)


# --- document contents -------------------------------------------------------------------------------------


def document_context(inspection: Inspection, results, findings) -> dict:
    """What the 现场检查记录 and the 责令限期整改指令书 say, as plain strings (documents.plain)."""
    enterprise = inspection.enterprise

    def row(r):
        return {"text": plain(r.text), "legal_basis": plain(r.legal_basis), "result": plain(r.get_result_display()),
                "note": plain(r.note), "is_major": r.is_major}

    return {
        "enterprise": {"name": plain(enterprise.name), "uscc": enterprise.uscc, "address": plain(enterprise.address),
                       "legal_representative": plain(enterprise.legal_representative)},
        "inspection": {
            "location": plain(inspection.location or enterprise.address),
            "inspected_on": documents.date_text(inspection.inspected_on), "kind": inspection.get_kind_display(),
            "joint": plain("、".join(d.name for d in inspection.joint_departments.all())),
            "inspectors": plain(documents.inspectors_text(inspection.inspectors.all())),
            "agency": plain(inspection.agency) if inspection.agency_id else "", "summary": plain(inspection.summary),
        },
        "results": [row(r) for r in results],
        "findings": [row(r) for r in findings],
        "major_count": sum(r.is_major for r in findings),
        "deadline": documents.date_text(inspection.rectification_deadline),
    }


def recheck_context(inspection: Inspection, rechecks, context: dict) -> dict:
    original = inspection.follow_up_of
    order = original.documents.filter(kind=DocumentKind.RECTIFICATION_ORDER).values_list("number", flat=True).first()
    return {**context,
            "original": {"inspected_on": documents.date_text(original.inspected_on), "order": order or ""},
            "results": [{"text": plain(r.text), "result": _("已整改到位") if r.result == ItemResult.PASSED
                         else _("未整改到位"), "note": plain(r.note)} for r in rechecks],
            "failed_count": sum(r.result == ItemResult.FAILED for r in rechecks)}
