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
"""


from django.utils.translation import gettext_lazy as _

from worksafety.core import workflow
from worksafety.core.choices import Role
from worksafety.core.workflow import Transition
from worksafety.enforcement.cases.choices import CaseState

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


def find(case, action: str) -> Transition | None:
    return workflow.find(TRANSITIONS, action, case.state)


def available(case, user) -> list[Transition]:
    """The steps this user may take on this case now (buttons on its page)."""
    return [t for t in workflow.leaving(TRANSITIONS, case.state) if t.may_act(user, case)]


def may_handle(user, case) -> bool:
    """Records within a step (statements taken on paper, the hearing, payment, 移送司法) are kept by the
    investigators and the deciding officials of the case."""
    return case.state != S.CLOSED and (investigator(user, case) or deciding_official(user, case))
