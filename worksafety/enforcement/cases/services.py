"""Penalty case writes: filing, editing while under investigation, every step of `case_workflow`, and the
records kept within a step (statements, the hearing, 移送司法, publication) — the only code that changes cases.

A step is checked against the table, the actor's part in the case and scope, and what it must bring; it is
applied by a conditional UPDATE on the state it starts from, so two people acting at once cannot both succeed;
the step's CaseEvent, its documents (告知书, 决定书) and the audit entry are written in the same transaction.
A closed case is read-only.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction, Role
from worksafety.core.models import User
from worksafety.core.notifications import notify
from worksafety.core.scoping import CHANGE, VIEW, OutOfScope, require
from worksafety.core.services import do_save_object
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.choices import (
    CASE_NUMBER_CODE,
    CASE_NUMBER_KEY,
    CaseOutcome,
    CaseState,
    MeasureKind,
    PartyKind,
    ReviewConclusion,
    StatementKind,
)
from worksafety.enforcement.cases.models import (
    CaseEvent,
    CaseMeasure,
    CaseStatement,
    JudicialTransfer,
    LegalReview,
    PenaltyCase,
)
from worksafety.enforcement.inspections import documents
from worksafety.enforcement.inspections.choices import DocumentKind, InspectionStatus
from worksafety.enforcement.inspections.documents import plain
from worksafety.enforcement.inspections.services import inspector_errors
from worksafety.standards import workdays

# 《行政处罚法》(2021) 第六十四条: a hearing is asked for within five days of the notice, and by 第八十五条 those
# are working days; the notice gives the same period for 陈述申辩.
STATEMENT_WORKDAYS = 5
EDITABLE_FIELDS = ("cause", "source", "party_kind", "party_name", "party_id_number", "party_phone", "party_address",
                   "facts", "violated_provisions", "penalty_basis")
EDITABLE_STATES = (CaseState.FILED, CaseState.INVESTIGATING)
PUBLISHABLE_STATES = (CaseState.DECIDED, CaseState.EXECUTING, CaseState.CLOSED)


def _closed_refusal() -> ValidationError:
    return ValidationError(_("案件已结案，不能再修改或办理。"))


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


# --- steps -------------------------------------------------------------------------------------------------


def do_transition(case: PenaltyCase, action: str, *, user, comment: str = "", data: dict | None = None) \
        -> PenaltyCase:
    """Take one step of the case. `data` carries the proposal (告知: fine, measures, facts and basis), the
    service date (送达) or the payment (结案)."""
    require(user, case, CHANGE)
    case.refresh_from_db()
    if case.state == CaseState.CLOSED:
        raise _closed_refusal()
    step = case_workflow.find(case, action)
    if step is None:
        raise ValidationError(_("当前状态“%(state)s”下不能执行此操作。") % {"state": case.get_state_display()})
    if not step.may_act(user, case):
        raise ValidationError(_("您在本案中不能执行“%(action)s”：%(who)s。")
                              % {"action": step.label, "who": _who_may(step)})
    comment = comment.strip()
    changes, measures = _step_changes(case, step, comment, data or {}, user)
    with transaction.atomic(), audit.acting_as(user):
        updated = PenaltyCase.objects.filter(pk=case.pk, state=step.source).update(state=step.target, **changes)
        if updated != 1:
            raise ValidationError(_("该案件已被他人办理，请刷新后查看。"))
        if measures is not None:
            case.measures.all().delete()
            CaseMeasure.objects.bulk_create([CaseMeasure(case=case, **m) for m in measures])
        case.refresh_from_db()
        _event(case, action, user, comment, from_state=step.source)
        audit.record(AuditAction.UPDATE, instance=case, before={"state": step.source},
                     after=audit.jsonable({"state": step.target, **changes}))
        _after_step(case, step, user, comment)
    return case


def _who_may(step) -> str:
    return {
        case_workflow.investigator: _("须由本案承办人员办理"),
        case_workflow.legal_reviewer: _("须由本机关法制审核人员办理，且不得是本案承办人员"),
        case_workflow.deciding_official: _("须由本机关行政执法负责人办理"),
    }[step.may_act]


def _step_changes(case: PenaltyCase, step, comment: str, data: dict, user) -> tuple[dict, list | None]:
    """What a step must bring, checked field by field, and what it changes on the case."""
    errors: dict[str, str] = {}
    changes: dict = {}
    measures = None
    today = timezone.localdate()
    if "comment" in step.needs and not comment:
        errors["comment"] = _("请填写意见或理由。")
    if "proposal" in step.needs:
        measures = _proposal(case, data, errors, changes)
        # A new notice opens a new period: what was said or heard on an earlier one does not count.
        changes.update(notified_on=today, statement_deadline=workdays.add_workdays(today, STATEMENT_WORKDAYS),
                       hearing_held_on=None, hearing_record="")
    if "statements_done" in step.needs:
        _check_statements(case, today)
    if "review" in step.needs:
        _check_review(case)
        changes.update(outcome=CaseOutcome.PENALISED, decided_on=today, decided_by_id=user.pk,
                       publish_by=workdays.add_workdays(today, settings.WORKSAFETY_PENALTY_PUBLISH_WORKDAYS))
    if "served" in step.needs:
        served_on = data.get("served_on")
        if not served_on or served_on > today or served_on < case.decided_on:
            errors["served_on"] = _("请填写送达日期（不早于决定日期、不晚于今天）。")
        changes["served_on"] = served_on
    if "paid" in step.needs and case.fine_yuan:
        _payment(case, data, errors, changes, today)
    if step.target == CaseState.CLOSED:
        changes["closed_on"] = today
        if step.action == "drop":
            changes["outcome"] = CaseOutcome.NOT_PENALISED
    if errors:
        raise ValidationError(errors)
    return changes, measures


def _proposal(case: PenaltyCase, data: dict, errors: dict, changes: dict) -> list[dict]:
    """告知 fixes what is proposed: the facts and basis, the fine and the measures."""
    for name in ("facts", "violated_provisions", "penalty_basis"):
        value = (data.get(name) or getattr(case, name) or "").strip()
        if not value:
            errors[name] = _("告知前须写明违法事实、违反的规定和处罚依据。")
        changes[name] = value
    try:
        fine = Decimal(str(data["fine_yuan"])) if data.get("fine_yuan") not in (None, "") else None
    except (InvalidOperation, ValueError):
        fine = Decimal("-1")
    if fine is not None and (fine < 0 or fine.as_tuple().exponent < -2 or fine >= Decimal("1e12")):
        errors["fine_yuan"] = _("罚款金额须是不小于 0 的金额（元，最多两位小数）。")
    measures = []
    for item in data.get("measures") or ():
        if item.get("kind") not in MeasureKind.values:
            errors["measures"] = _("请从列表中选择处罚种类或措施。")
            continue
        start, end = item.get("start_on"), item.get("end_on")
        if start and end and end < start:
            errors["measures"] = _("措施的截止日期不能早于起始日期。")
        measures.append({"kind": item["kind"], "detail": (item.get("detail") or "").strip()[:300],
                         "start_on": start, "end_on": end})
    if not fine and not measures:
        errors.setdefault("fine_yuan", _("拟处罚内容须有罚款或至少一项处罚种类、措施；不予处罚的，请撤销立案。"))
    changes["fine_yuan"] = fine
    return measures


def current_statements(case: PenaltyCase):
    """The party's statements on the latest notice (a case sent back for more investigation is notified again)."""
    notified = case.events.filter(action="notify").order_by("-at", "-id").values_list("at", flat=True).first()
    return case.statements.filter(recorded_at__gte=notified) if notified else case.statements.none()


def _check_statements(case: PenaltyCase, today) -> None:
    """The party's rights come first (《行政处罚法》(2021) 第四十四条、第六十四条): the period has run out or the
    party waived it, and a hearing asked for has been held."""
    kinds = set(current_statements(case).values_list("kind", flat=True))
    if StatementKind.HEARING in kinds and case.hearing_held_on is None:
        raise ValidationError(_("当事人已申请听证，须组织听证并记录听证情况后才能继续办理。"))
    if StatementKind.WAIVER not in kinds and case.statement_deadline and today <= case.statement_deadline:
        raise ValidationError(_("陈述申辩/听证申请期限至 %(date)s 未届满，当事人也未放弃，不能继续办理。")
                              % {"date": case.statement_deadline})


def review_matches(case: PenaltyCase) -> bool:
    """The latest legal review passed, and passed exactly the fine and measures now proposed."""
    review = case.reviews.order_by("-at", "-id").first()
    return (review is not None and review.conclusion == ReviewConclusion.PASSED
            and review.reviewed_fine_yuan == case.fine_yuan
            and sorted(review.reviewed_measures) == sorted(case.measure_kinds()))


def _check_review(case: PenaltyCase) -> None:
    if case.is_major() and not review_matches(case):
        raise ValidationError(_(
            "本案拟作出的是重大执法决定（罚款 %(threshold)s 元以上，或责令停产停业、三停、查封扣押、吊销许可证件、责令关闭），"
            "未经法制审核或者审核未通过的，不得作出决定（《行政处罚法》第五十八条）。请先提交法制审核。")
            % {"threshold": f"{settings.WORKSAFETY_MAJOR_DECISION_FINE_YUAN:,}"})


def _payment(case: PenaltyCase, data: dict, errors: dict, changes: dict, today) -> None:
    paid_on, paid = data.get("fine_paid_on"), data.get("fine_paid_yuan")
    if not paid_on or paid_on > today or paid_on < case.decided_on:
        errors["fine_paid_on"] = _("罚款未缴纳不能结案：请填写缴纳日期（不早于决定日期、不晚于今天）。")
    if paid is None or Decimal(str(paid)) < case.fine_yuan:
        errors["fine_paid_yuan"] = _("已缴金额不能少于决定的罚款 %(fine)s 元。") % {"fine": case.fine_yuan}
    changes.update(fine_paid_on=paid_on, fine_paid_yuan=paid)


def _after_step(case: PenaltyCase, step, user, comment: str) -> None:
    """What a step writes besides the case: the review, the documents, who is told."""
    if step.action in case_workflow.REVIEW_ACTIONS:
        LegalReview.objects.create(
            case=case, reviewer=user, opinion=comment, reviewed_fine_yuan=case.fine_yuan,
            reviewed_measures=sorted(case.measure_kinds()),
            conclusion=ReviewConclusion.PASSED if step.action == "pass_review" else ReviewConclusion.RETURNED)
    elif step.action == "decide":
        _issue(case, DocumentKind.PENALTY_DECISION, user)
        _tell_enterprise(case, _("行政处罚决定书已作出：%(number)s") % {"number": case.number})
    elif step.action == "notify":
        _issue(case, DocumentKind.PENALTY_NOTICE, user)
        _tell_enterprise(case, _("行政处罚告知：%(number)s，请于 %(date)s 前陈述申辩") % {
            "number": case.number, "date": case.statement_deadline})
    elif step.action == "submit_review":
        reviewers = organ_users(case).filter(groups__name=case_workflow.LEGAL_REVIEWERS)
        notify(reviewers, title=_("待法制审核：%(case)s") % {"case": case}, url=_case_url(case),
               category="case_review")


def _case_url(case: PenaltyCase) -> str:
    return reverse("penaltycase_detail", args=[case.pk])


def _tell_enterprise(case: PenaltyCase, title: str) -> None:
    notify(User.objects.filter(role=Role.ENTERPRISE, enterprise=case.enterprise_id), title=title,
           url=_case_url(case), category="penalty_case")


def organ_users(case: PenaltyCase):
    """The logins of the organ handling the case."""
    if case.department_id:
        return User.objects.filter(role=Role.DEPARTMENT, department=case.department_id, is_active=True)
    return User.objects.filter(role=Role.DISTRICT, is_active=True)


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
    if case.state != CaseState.NOTIFIED or not current_statements(case).filter(kind=StatementKind.HEARING).exists():
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


# --- document contents -------------------------------------------------------------------------------------


def penalty_text(case: PenaltyCase) -> str:
    parts = [_("罚款人民币 %(fine)s 元") % {"fine": f"{case.fine_yuan:,.2f}"}] if case.fine_yuan else []
    for measure in case.measures.all():
        period = ""
        if measure.start_on or measure.end_on:
            period = _("（%(start)s 至 %(end)s）") % {"start": measure.start_on or "—", "end": measure.end_on or "—"}
        parts.append(f"{measure.get_kind_display()}{('：' + measure.detail) if measure.detail else ''}{period}")
    return "；".join(parts)


def _issue(case: PenaltyCase, kind: str, user) -> None:
    enterprise = case.enterprise
    individual = case.party_kind == PartyKind.INDIVIDUAL
    statements = [f"{s.get_kind_display()}：{s.text}" if s.text else str(s.get_kind_display())
                  for s in current_statements(case).exclude(kind=StatementKind.WAIVER)]
    context = {
        "party": {"name": plain(case.party_display), "word": _("个人") if individual else _("单位"),
                  "individual": individual, "id_number": plain(case.party_id_number),
                  "address": plain(case.party_address)},
        "enterprise": {"name": plain(enterprise.name), "uscc": enterprise.uscc, "address": plain(enterprise.address),
                       "legal_representative": plain(enterprise.legal_representative)},
        "case": {"number": case.number, "facts": plain(case.facts),
                 "violated_provisions": plain(case.violated_provisions), "penalty_basis": plain(case.penalty_basis),
                 "investigators": plain(documents.inspectors_text(case.investigators.all()))},
        "penalty": plain(penalty_text(case)), "fine": bool(case.fine_yuan), "hearing": case.hearing_eligible(),
        "deadline": documents.date_text(case.statement_deadline),
        "statements": plain("；".join(statements)), "reviewed": case.reviews.exists(),
    }
    issuer = documents.Issuer(case.issuer_key, case.organ, case.department)
    documents.issue(kind, user=user, issuer=issuer, enterprise=enterprise, case=case, context=context)
