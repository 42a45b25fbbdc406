"""A penalty case's steps as an explicit table of transitions (ARCHITECTURE.md rule 3).

    立案 → 调查取证 → 告知 → 法制审核 → 审核通过 → 决定 → 执行 → 结案
                        ↘──────────────(not major)──↗
    法制审核 → 调查取证 (审核不通过，退回补充调查); 立案 / 调查取证 → 结案 (不予处罚/撤销立案)

Who acts is part of each row, and is a person's part in the case, not only a role: the district bureau's or
the department's staff who handle cases of the organ the case belongs to (a department its own cases, the
district bureau those with no department), and among them

- the investigators (承办人员) named on the case, through their roster entry's login;
- the legal reviewers (法制审核人员, members of the group LEGAL_REVIEWERS), never an investigator of the case
  — not even the superuser (审查与调查分离);
- the deciding officials (行政机关负责人, members of the group DECIDING_OFFICIALS), who approve the filing,
  decide, and close.

A major decision (PenaltyCase.is_major) can only be made from 审核通过; from 告知 only a decision that is not
major skips the review (《行政处罚法》(2021) 第五十八条).

Each step is taken by `core.workflow.transition(case, action, user, comment=…, **data)`: 告知 brings the proposal
(facts and basis, `fine_yuan`, `measures`), 送达 `served_on`, 结案 the payment (`fine_paid_on`, `fine_paid_yuan`).
Its record is a CaseEvent; 告知 and 决定 issue their documents (告知书, 决定书) in the same transaction, and the
enterprise (or, for 法制审核, the organ's legal reviewers) is told once it has committed. A closed case is read-only.
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import Role
from worksafety.core.models import User
from worksafety.core.notifications import notify
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.enforcement.cases.choices import (
    CaseOutcome,
    CaseState,
    MeasureKind,
    PartyKind,
    ReviewConclusion,
    StatementKind,
)
from worksafety.enforcement.cases.models import CaseEvent, CaseMeasure, LegalReview, PenaltyCase
from worksafety.enforcement.inspections import documents
from worksafety.enforcement.inspections.choices import DocumentKind
from worksafety.enforcement.inspections.documents import plain
from worksafety.standards import workdays

LEGAL_REVIEWERS = "法制审核人员"
# The steps whose comment is the 法制审核 opinion: it shows only to those who may view legal reviews.
REVIEW_ACTIONS = frozenset({"pass_review", "return_review"})
DECIDING_OFFICIALS = "行政执法负责人"
HANDLING_ROLES = frozenset({Role.DISTRICT, Role.DEPARTMENT})


def same_organ(user, case) -> bool:
    """The user works for the organ handling the case: its department, or the district bureau for cases
    without one."""
    if user.is_superuser:
        return True
    if user.role == Role.DEPARTMENT:
        return case.department_id is not None and case.department_id == user.department_id
    return user.role == Role.DISTRICT and case.department_id is None


def in_group(user, name: str) -> bool:
    return user.groups.filter(name=name).exists()


def is_investigator(user, case) -> bool:
    return case.investigators.filter(user_id=user.pk).exists()


def investigator(user, case) -> bool:
    return same_organ(user, case) and (user.is_superuser or is_investigator(user, case))


def legal_reviewer(user, case) -> bool:
    return (same_organ(user, case) and (user.is_superuser or in_group(user, LEGAL_REVIEWERS))
            and not is_investigator(user, case))


def deciding_official(user, case) -> bool:
    return same_organ(user, case) and (user.is_superuser or in_group(user, DECIDING_OFFICIALS))


S = CaseState
TRANSITIONS = (
    Transition("approve_filing", _("批准立案，开始调查"), S.FILED, S.INVESTIGATING, deciding_official),
    Transition("notify", _("告知拟处罚（陈述申辩/听证）"), S.INVESTIGATING, S.NOTIFIED, investigator, ("proposal",)),
    Transition("submit_review", _("提交法制审核"), S.NOTIFIED, S.REVIEWING, investigator, ("statements_done",)),
    Transition("pass_review", _("法制审核通过"), S.REVIEWING, S.REVIEWED, legal_reviewer, ("comment",)),
    Transition("return_review", _("审核不通过，退回补充调查"), S.REVIEWING, S.INVESTIGATING, legal_reviewer,
               ("comment",)),
    Transition("decide", _("作出处罚决定"), S.REVIEWED, S.DECIDED, deciding_official, ("review",)),
    Transition("decide", _("作出处罚决定"), S.NOTIFIED, S.DECIDED, deciding_official, ("statements_done", "review")),
    Transition("serve", _("送达决定书，进入执行"), S.DECIDED, S.EXECUTING, investigator, ("served",)),
    Transition("close", _("执行完毕，结案"), S.EXECUTING, S.CLOSED, deciding_official, ("paid", "comment")),
    Transition("drop", _("不予处罚/撤销立案并结案"), S.FILED, S.CLOSED, deciding_official, ("comment",)),
    Transition("drop", _("不予处罚/撤销立案并结案"), S.INVESTIGATING, S.CLOSED, deciding_official, ("comment",)),
)


# 《行政处罚法》(2021) 第六十四条: a hearing is asked for within five days of the notice, and by 第八十五条 those
# are working days; the notice gives the same period for 陈述申辩.
STATEMENT_WORKDAYS = 5
CLOSED_REFUSAL = _("案件已结案，不能再修改或办理。")


def _refusal(row) -> str:
    who = {
        investigator: gettext("须由本案承办人员办理"),
        legal_reviewer: gettext("须由本机关法制审核人员办理，且不得是本案承办人员"),
        deciding_official: gettext("须由本机关行政执法负责人办理"),
    }[row.may_act]
    return gettext("您在本案中不能执行“%(action)s”：%(who)s。") % {"action": row.label, "who": who}


# --- what a step brings ------------------------------------------------------------------------------------


def _prepare(case: PenaltyCase, step) -> dict:
    """What a step must bring, checked field by field, and what it changes on the case: the proposal (告知: fine,
    measures, facts and basis, kept in step.data["measures"] for `_after`), the service date (送达) or the payment
    (结案)."""
    row, data, today = step.transition, step.data, timezone.localdate()
    errors: dict[str, str] = {}
    changes: dict = {}
    if "comment" in row.needs and not step.comment:
        errors["comment"] = gettext("请填写意见或理由。")
    if "proposal" in row.needs:
        data["measures"] = _proposal(case, data, errors, changes)
        # A new notice opens a new period: what was said or heard on an earlier one does not count.
        changes.update(notified_on=today, statement_deadline=workdays.add_workdays(today, STATEMENT_WORKDAYS),
                       hearing_held_on=None, hearing_record="")
    if "statements_done" in row.needs:
        _check_statements(case, today)
    if "review" in row.needs:
        _check_review(case)
        changes.update(outcome=CaseOutcome.PENALISED, decided_on=today, decided_by_id=step.user.pk,
                       publish_by=workdays.add_workdays(today, settings.WORKSAFETY_PENALTY_PUBLISH_WORKDAYS))
    if "served" in row.needs:
        served_on = data.get("served_on")
        if not served_on or served_on > today or served_on < case.decided_on:
            errors["served_on"] = gettext("请填写送达日期（不早于决定日期、不晚于今天）。")
        changes["served_on"] = served_on
    if "paid" in row.needs and case.fine_yuan:
        _payment(case, data, errors, changes, today)
    if row.target == CaseState.CLOSED:
        changes["closed_on"] = today
        if row.action == "drop":
            changes["outcome"] = CaseOutcome.NOT_PENALISED
    if errors:
        raise ValidationError(errors)
    return changes


def _proposal(case: PenaltyCase, data: dict, errors: dict, changes: dict) -> list[dict]:
    """告知 fixes what is proposed: the facts and basis, the fine and the measures."""
    for name in ("facts", "violated_provisions", "penalty_basis"):
        value = (data.get(name) or getattr(case, name) or "").strip()
        if not value:
            errors[name] = gettext("告知前须写明违法事实、违反的规定和处罚依据。")
        changes[name] = value
    try:
        fine = Decimal(str(data["fine_yuan"])) if data.get("fine_yuan") not in (None, "") else None
    except (InvalidOperation, ValueError):
        fine = Decimal("-1")
    if fine is not None and (fine < 0 or fine.as_tuple().exponent < -2 or fine >= Decimal("1e12")):
        errors["fine_yuan"] = gettext("罚款金额须是不小于 0 的金额（元，最多两位小数）。")
    measures = []
    for item in data.get("measures") or ():
        if item.get("kind") not in MeasureKind.values:
            errors["measures"] = gettext("请从列表中选择处罚种类或措施。")
            continue
        start, end = item.get("start_on"), item.get("end_on")
        if start and end and end < start:
            errors["measures"] = gettext("措施的截止日期不能早于起始日期。")
        measures.append({"kind": item["kind"], "detail": (item.get("detail") or "").strip()[:300],
                         "start_on": start, "end_on": end})
    if not fine and not measures:
        errors.setdefault("fine_yuan", gettext("拟处罚内容须有罚款或至少一项处罚种类、措施；不予处罚的，请撤销立案。"))
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
        raise ValidationError(gettext("当事人已申请听证，须组织听证并记录听证情况后才能继续办理。"))
    if StatementKind.WAIVER not in kinds and case.statement_deadline and today <= case.statement_deadline:
        raise ValidationError(gettext("陈述申辩/听证申请期限至 %(date)s 未届满，当事人也未放弃，不能继续办理。")
                              % {"date": case.statement_deadline})


def review_matches(case: PenaltyCase) -> bool:
    """The latest legal review passed, and passed exactly the fine and measures now proposed."""
    review = case.reviews.order_by("-at", "-id").first()
    return (review is not None and review.conclusion == ReviewConclusion.PASSED
            and review.reviewed_fine_yuan == case.fine_yuan
            and sorted(review.reviewed_measures) == sorted(case.measure_kinds()))


def _check_review(case: PenaltyCase) -> None:
    if case.is_major() and not review_matches(case):
        raise ValidationError(gettext(
            "本案拟作出的是重大执法决定（罚款 %(threshold)s 元以上，或责令停产停业、三停、查封扣押、吊销许可证件、责令关闭），"
            "未经法制审核或者审核未通过的，不得作出决定（《行政处罚法》第五十八条）。请先提交法制审核。")
            % {"threshold": f"{settings.WORKSAFETY_MAJOR_DECISION_FINE_YUAN:,}"})


def _payment(case: PenaltyCase, data: dict, errors: dict, changes: dict, today) -> None:
    paid_on, paid = data.get("fine_paid_on"), data.get("fine_paid_yuan")
    if not paid_on or paid_on > today or paid_on < case.decided_on:
        errors["fine_paid_on"] = gettext("罚款未缴纳不能结案：请填写缴纳日期（不早于决定日期、不晚于今天）。")
    if paid is None or Decimal(str(paid)) < case.fine_yuan:
        errors["fine_paid_yuan"] = gettext("已缴金额不能少于决定的罚款 %(fine)s 元。") % {"fine": case.fine_yuan}
    changes.update(fine_paid_on=paid_on, fine_paid_yuan=paid)


# --- what a step writes ------------------------------------------------------------------------------------


def _record(case: PenaltyCase, step) -> CaseEvent:
    return CaseEvent.objects.create(case=case, action=step.transition.action, from_state=step.transition.source,
                                    to_state=step.transition.target, actor=step.user, comment=step.comment)


def _after(case: PenaltyCase, step, event) -> None:
    """What a step writes besides the case and its record: the measures proposed, the review, the documents."""
    row = step.transition
    if "proposal" in row.needs:
        case.measures.all().delete()
        CaseMeasure.objects.bulk_create([CaseMeasure(case=case, **m) for m in step.data["measures"]])
    case.refresh_from_db()
    if row.action in REVIEW_ACTIONS:
        LegalReview.objects.create(
            case=case, reviewer=step.user, opinion=step.comment, reviewed_fine_yuan=case.fine_yuan,
            reviewed_measures=sorted(case.measure_kinds()),
            conclusion=ReviewConclusion.PASSED if row.action == "pass_review" else ReviewConclusion.RETURNED)
    elif row.action == "decide":
        _issue(case, DocumentKind.PENALTY_DECISION, step.user)
    elif row.action == "notify":
        _issue(case, DocumentKind.PENALTY_NOTICE, step.user)


def _notify(case: PenaltyCase, step) -> None:
    """Who is told: the enterprise of the notice and the decision, the organ's legal reviewers of a case to review."""
    action = step.transition.action
    if action == "decide":
        _tell_enterprise(case, gettext("行政处罚决定书已作出：%(number)s") % {"number": case.number})
    elif action == "notify":
        _tell_enterprise(case, gettext("行政处罚告知：%(number)s，请于 %(date)s 前陈述申辩") % {
            "number": case.number, "date": case.statement_deadline})
    elif action == "submit_review":
        reviewers = organ_users(case).filter(groups__name=LEGAL_REVIEWERS)
        notify(reviewers, title=gettext("待法制审核：%(case)s") % {"case": case}, url=_case_url(case),
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


# --- the documents a step issues ---------------------------------------------------------------------------


def penalty_text(case: PenaltyCase) -> str:
    parts = [gettext("罚款人民币 %(fine)s 元") % {"fine": f"{case.fine_yuan:,.2f}"}] if case.fine_yuan else []
    for measure in case.measures.all():
        period = ""
        if measure.start_on or measure.end_on:
            period = gettext("（%(start)s 至 %(end)s）") % {"start": measure.start_on or "—", "end": measure.end_on or "—"}
        parts.append(f"{measure.get_kind_display()}{('：' + measure.detail) if measure.detail else ''}{period}")
    return "；".join(parts)


def _issue(case: PenaltyCase, kind: str, user) -> None:
    enterprise = case.enterprise
    individual = case.party_kind == PartyKind.INDIVIDUAL
    statements = [f"{s.get_kind_display()}：{s.text}" if s.text else str(s.get_kind_display())
                  for s in current_statements(case).exclude(kind=StatementKind.WAIVER)]
    context = {
        "party": {"name": plain(case.party_display), "word": gettext("个人") if individual else gettext("单位"),
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


CASES = register(Workflow(PenaltyCase, TRANSITIONS, record=_record, prepare=_prepare, after=_after, notify=_notify,
                          conflict=_("该案件已被他人办理，请刷新后查看。"), refusal=_refusal,
                          read_only={CaseState.CLOSED: CLOSED_REFUSAL}, refresh=True, superuser_acts=False))


def may_handle(user, case) -> bool:
    """Records within a step (statements taken on paper, the hearing, payment, 移送司法) are kept by the
    investigators and the deciding officials of the case."""
    return case.state != S.CLOSED and (investigator(user, case) or deciding_official(user, case))
