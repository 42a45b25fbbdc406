"""Penalty case writes besides the steps: filing, editing while under investigation, and the records kept
within a step (statements, the hearing, 移送司法, publication). The steps themselves are taken by
`core.workflow.transition` on the table of `enforcement.cases.workflow`. A closed case is read-only.
"""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction, Role
from worksafety.core.scoping import CHANGE, VIEW, OutOfScope, require
from worksafety.core.services import do_save_object
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.choices import (
    CASE_NUMBER_CODE,
    CASE_NUMBER_KEY,
    CaseOutcome,
    CaseState,
    PartyKind,
    StatementKind,
)
from worksafety.enforcement.cases.models import (
    CaseEvent,
    CaseStatement,
    JudicialTransfer,
    PenaltyCase,
)
from worksafety.enforcement.inspections import documents
from worksafety.enforcement.inspections.choices import InspectionStatus
from worksafety.enforcement.inspections.services import inspector_errors

EDITABLE_FIELDS = ("cause", "source", "party_kind", "party_name", "party_id_number", "party_phone", "party_address",
                   "facts", "violated_provisions", "penalty_basis")
EDITABLE_STATES = (CaseState.FILED, CaseState.INVESTIGATING)
PUBLISHABLE_STATES = (CaseState.DECIDED, CaseState.EXECUTING, CaseState.CLOSED)


def _closed_refusal() -> ValidationError:
    return ValidationError(str(case_workflow.CLOSED_REFUSAL))


def _event(case: PenaltyCase, action: str, user, comment: str = "", from_state: str = "") -> None:
    CaseEvent.objects.create(case=case, action=action, from_state=from_state or case.state, to_state=case.state,
                             actor=user, comment=comment)


# --- filing and editing ------------------------------------------------------------------------------------


def _filing_errors(case: PenaltyCase, investigators) -> dict:
    errors: dict[str, list] = {}
    if case.filed_on and case.filed_on > timezone.localdate():
        errors.setdefault("filed_on", []).append(_("立案日期不能晚于今天。"))
    if case.inspection_id and (case.inspection.enterprise_id != case.enterprise_id
                               or case.inspection.status != InspectionStatus.COMPLETED):
        errors.setdefault("inspection", []).append(_("来源检查须是该企业已完成的检查。"))
    if case.party_kind == PartyKind.INDIVIDUAL and not (case.party_name.strip() and case.party_id_number.strip()):
        errors.setdefault("party_name", []).append(_("当事人为个人时须填写姓名和身份证件号码。"))
    messages = inspector_errors(investigators, case.enterprise if case.enterprise_id else None,
                                case.filed_on or timezone.localdate())
    foreign = [i.name for i in investigators if i.department_id != case.department_id]
    if foreign:
        messages.append(_("承办人员须是办案机关的执法人员：%(names)s 不是。") % {"names": "、".join(foreign)})
    if investigators and not any(i.user_id for i in investigators):
        messages.append(_("承办人员中至少一人须有平台账号，才能办理案件。"))
    if messages:
        errors["investigators"] = messages
    return errors


def do_file_case(case: PenaltyCase, *, user, investigators) -> PenaltyCase:
    """立案: the district bureau or a department opens a case with its own inspectors as investigators; the
    case number (案号) is drawn from the organ's counter."""
    if not (user.is_superuser or user.role in case_workflow.HANDLING_ROLES):
        raise OutOfScope()
    issuer = documents.issuer_for(user, case.department)
    case.department, case.organ, case.issuer_key = issuer.department, issuer.organ, issuer.key
    investigators = list(investigators)
    errors = _filing_errors(case, investigators)
    if errors:
        raise ValidationError(errors)
    case.state, case.outcome, case.created_by = CaseState.FILED, "", user
    with transaction.atomic():
        _serial, case.number = documents.take_number(issuer, CASE_NUMBER_KEY, CASE_NUMBER_CODE, case.filed_on.year)
        do_save_object(case, user=user, m2m={"investigators": investigators})
        CaseEvent.objects.create(case=case, action="file", to_state=CaseState.FILED, actor=user)
    return case


def do_update_case(case: PenaltyCase, *, user, data: dict) -> PenaltyCase:
    """Change the facts, basis or party while the case is still being investigated."""
    require(user, case, CHANGE)
    case.refresh_from_db()
    if case.state == CaseState.CLOSED:
        raise _closed_refusal()
    if case.state not in EDITABLE_STATES:
        raise ValidationError(_("已告知当事人，案件事实和处罚内容不能再修改；如需变更，须经法制审核退回补充调查后重新告知。"))
    if not case_workflow.may_handle(user, case):
        raise ValidationError(_("只有本案承办人员和行政执法负责人可以修改案件。"))
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    if case.party_kind == PartyKind.INDIVIDUAL and not (case.party_name.strip() and case.party_id_number.strip()):
        raise ValidationError({"party_name": _("当事人为个人时须填写姓名和身份证件号码。")})
    return do_save_object(case, user=user)


# --- records within a step ---------------------------------------------------------------------------------


def do_add_statement(case: PenaltyCase, *, user, kind: str, text: str = "", submitted_on=None) -> CaseStatement:
    """陈述申辩, a hearing request or a waiver: by the enterprise itself on the platform, or recorded by the
    handlers from paper, within the period the notice gave."""
    require(user, case, VIEW)
    case.refresh_from_db()
    if case.state == CaseState.CLOSED:
        raise _closed_refusal()
    own = getattr(user, "role", "") == Role.ENTERPRISE
    if not (own or case_workflow.may_handle(user, case)):
        raise ValidationError(_("只有当事单位或本案承办人员可以登记陈述申辩。"))
    today = timezone.localdate()
    submitted_on = today if own or submitted_on is None else submitted_on
    if case.state != CaseState.NOTIFIED:
        raise ValidationError(_("只有在告知后、作出决定前可以陈述申辩或申请听证。"))
    errors = {}
    if kind not in StatementKind.values:
        errors["kind"] = _("请选择陈述申辩、申请听证或放弃。")
    elif kind == StatementKind.HEARING and not case.hearing_eligible():
        errors["kind"] = _("本案拟作出的处罚不属于听证范围（《行政处罚法》第六十三条）。")
    if kind == StatementKind.STATEMENT and not text.strip():
        errors["text"] = _("请填写陈述申辩的内容。")
    if submitted_on > today or submitted_on > case.statement_deadline or submitted_on < case.notified_on:
        errors["submitted_on"] = _("已超过陈述申辩/听证申请期限（%(date)s）。") % {"date": case.statement_deadline}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), audit.acting_as(user):
        statement = CaseStatement.objects.create(case=case, kind=kind, text=text.strip(), submitted_on=submitted_on,
                                                 recorded_by=user)
        _event(case, "statement", user, f"{statement.get_kind_display()} {statement.text}".strip())
    return statement


def _check_handler(case: PenaltyCase, user) -> None:
    require(user, case, CHANGE)
    case.refresh_from_db()
    if case.state == CaseState.CLOSED:
        raise _closed_refusal()
    if not case_workflow.may_handle(user, case):
        raise ValidationError(_("只有本案承办人员和行政执法负责人可以办理。"))


def do_record_hearing(case: PenaltyCase, *, user, held_on, record: str) -> PenaltyCase:
    _check_handler(case, user)
    if case.state != CaseState.NOTIFIED or not case_workflow.current_statements(case).filter(kind=StatementKind.HEARING).exists():
        raise ValidationError(_("当事人申请听证后，才能登记听证情况。"))
    if not held_on or held_on > timezone.localdate() or held_on < case.notified_on or not record.strip():
        raise ValidationError({"hearing_record": _("请填写听证日期（告知后、不晚于今天）和听证情况。")})
    with transaction.atomic(), audit.acting_as(user):
        PenaltyCase.objects.filter(pk=case.pk).update(hearing_held_on=held_on, hearing_record=record.strip())
        case.refresh_from_db()
        audit.record(AuditAction.UPDATE, instance=case, before={"hearing_held_on": None},
                     after={"hearing_held_on": held_on.isoformat()})
        _event(case, "hearing", user, record.strip())
    return case


def do_record_transfer(case: PenaltyCase, *, user, transfer: JudicialTransfer) -> JudicialTransfer:
    """移送司法 (行刑衔接): the case, or part of it, sent on as a suspected crime."""
    _check_handler(case, user)
    if transfer.transferred_on and (transfer.transferred_on > timezone.localdate()
                                    or transfer.transferred_on < case.filed_on):
        raise ValidationError({"transferred_on": _("移送日期须在立案之后、不晚于今天。")})
    transfer.case, transfer.recorded_by = case, user
    with transaction.atomic(), audit.acting_as(user):
        transfer.full_clean()
        transfer.save()
        _event(case, "transfer", user, _("移送%(organ)s，涉嫌%(offence)s") % {
            "organ": transfer.receiving_organ, "offence": transfer.suspected_offence})
    return transfer


def do_publish(case: PenaltyCase, *, user) -> PenaltyCase:
    """执法公示 now, ahead of `publish_by` (when the decision becomes public anyway)."""
    require(user, case, CHANGE)
    if not (case_workflow.investigator(user, case) or case_workflow.deciding_official(user, case)):
        raise ValidationError(_("只有本案承办人员和行政执法负责人可以公示。"))
    if case.state not in PUBLISHABLE_STATES or case.outcome != CaseOutcome.PENALISED:
        raise ValidationError(_("只有已作出的行政处罚决定可以公示。"))
    with transaction.atomic(), audit.acting_as(user):
        if PenaltyCase.objects.filter(pk=case.pk, published_at__isnull=True).update(published_at=timezone.now()) != 1:
            raise ValidationError(_("该决定已公示。"))
        case.refresh_from_db()
        audit.record(AuditAction.UPDATE, instance=case, before={"published_at": None},
                     after=audit.jsonable({"published_at": case.published_at}))
        _event(case, "publish", user)
    return case
