"""What can be done to a plan, in which status, by whom, as an explicit table (ARCHITECTURE.md rule 3), taken by
the one engine (`core.workflow.transition`).

草稿 → 已发布 (签署发布 and 公布, 管理办法) → 已备案 (管理办法 第二十六条); 废止 from any of them (a draft that is
废止 is simply abandoned). A published plan is changed by a new version (管理办法: revision and filing again), whose
publication turns the old one into 已被新版本替代. Evaluations (第三十五条) and drills (第三十三条) are recorded on
plans in force: those steps, and drafting a new version, leave the plan's status as it is.

The owner's side acts on its plans. 备案 is recorded by whoever receives the filing: for an enterprise plan the
district bureau or a department supervising the enterprise (应急管理部门和其他负有安全生产监督管理职责的部门);
a government plan is filed with the government above, so its owner records the filing it received. Scope is
therefore checked at VIEW, and who may act by each row.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.core import audit
from worksafety.core.attachments import store_attachments
from worksafety.core.choices import AuditAction, Role
from worksafety.core.scoping import CHANGE, VIEW, may
from worksafety.core.workflow import Transition, Workflow, register
from worksafety.emergency.plans import rules
from worksafety.emergency.plans.choices import IN_FORCE, PlanStatus, ResponseLevel
from worksafety.emergency.plans.models import EmergencyPlan, PlanLink

# What only a draft may change; the owner never changes after creation.
CONTENT_FIELDS = ("title", "code", "version", "kind", "scope_text", "event_types", "response_levels")
# What a new version starts from.
COPIED_FIELDS = (*CONTENT_FIELDS, "enterprise_id", "department_id", "area_id")


def is_owner(user, plan) -> bool:
    return may(user, plan, CHANGE)


def receives_filing(user, plan) -> bool:
    if plan.enterprise_id is None:
        return is_owner(user, plan)
    regulator = user.is_superuser or user.role in (Role.DISTRICT, Role.DEPARTMENT)
    return regulator and may(user, plan, VIEW)


# Steps on a plan in force that leave its status: they bring a new version, an evaluation or a drill.
STAYING = (("new_version", gettext_lazy("起草新版本")), ("review", gettext_lazy("记录评估")),
           ("drill", gettext_lazy("记录演练")))

TRANSITIONS = (
    Transition("publish", gettext_lazy("签署发布"), PlanStatus.DRAFT, PlanStatus.PUBLISHED, is_owner),
    Transition("file", gettext_lazy("登记备案"), PlanStatus.PUBLISHED, PlanStatus.FILED, receives_filing),
    *(Transition("retire", gettext_lazy("废止"), source, PlanStatus.RETIRED, is_owner)
      for source in (PlanStatus.DRAFT, *IN_FORCE)),
    *(Transition(action, label, source, source, is_owner) for action, label in STAYING for source in IN_FORCE),
)


def lineage(plan: EmergencyPlan) -> list[EmergencyPlan]:
    """Every version of this plan, oldest first (the versions it replaces, itself, and those replacing it)."""
    versions = [plan]
    while versions[0].replaces_id:
        versions.insert(0, versions[0].replaces)
    while True:
        successor = versions[-1].successors.order_by("-id").first()
        if successor is None:
            return versions
        versions.append(successor)


# --- what each step brings (`prepare`: checked before anything is written) -------------------------------------

def _not_in_future(value, field: str, label: str) -> None:
    if value is None:
        raise ValidationError({field: _("请填写%(label)s。") % {"label": label}})
    if value > timezone.localdate():
        raise ValidationError({field: _("%(label)s不能晚于今天。") % {"label": label}})


def _publish(plan, step) -> dict:
    """签署发布 on the given day: the evaluation clock starts (第三十五条)."""
    published_on = step.data.get("published_on")
    _not_in_future(published_on, "published_on", _("发布日期"))
    previous = plan.replaces
    if previous is not None and previous.published_on and published_on < previous.published_on:
        raise ValidationError({"published_on": _("新版本的发布日期不能早于被替代版本的发布日期（%(date)s）。")
                               % {"date": previous.published_on}})
    levels_with_steps = set(plan.steps.values_list("response_level", flat=True))
    missing = [str(ResponseLevel(level).label) for level in sorted(plan.response_levels)
               if level not in levels_with_steps]
    if missing:
        raise ValidationError(_("%(levels)s尚无响应步骤，请补充后再发布。") % {"levels": "、".join(missing)})
    return {"published_on": published_on, "next_review_due": rules.review_due(published_on)}


def _file(plan, step) -> dict:
    """The 备案 (第二十六条) as the receiving department's 备案登记表 gives it: number, authority and date. A filing
    later than 20 working days after publication is still recorded, and shown as late."""
    filing_number, filing_authority = step.data.get("filing_number"), step.data.get("filing_authority")
    filed_on = step.data.get("filed_on")
    errors = {}
    if not (filing_number or "").strip():
        errors["filing_number"] = _("请填写备案编号。")
    if not (filing_authority or "").strip():
        errors["filing_authority"] = _("请填写备案机关。")
    if errors:
        raise ValidationError(errors)
    _not_in_future(filed_on, "filed_on", _("备案日期"))
    if filed_on < plan.published_on:
        raise ValidationError({"filed_on": _("备案日期不能早于发布日期（%(date)s）。") % {"date": plan.published_on}})
    return {"filing_number": filing_number.strip()[:60], "filing_authority": filing_authority.strip()[:100],
            "filed_on": filed_on}


def _retire(plan, step) -> dict:
    reason = step.data.get("reason")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明废止原因。")})
    return {"retired_on": timezone.localdate(), "retire_reason": reason.strip()[:2000]}


def _new_version(plan, step) -> dict:
    """起草新版本: checks the version number; the copy is made in the step's transaction (`_draft`)."""
    version = (step.data.get("version") or "").strip()
    if not version:
        raise ValidationError({"version": _("请填写新版本号。")})
    if version in {p.version for p in lineage(plan)}:
        raise ValidationError({"version": _("版本号“%(version)s”已被本预案的其他版本使用。") % {"version": version}})
    pending = plan.successors.exclude(status=PlanStatus.RETIRED).first()
    if pending is not None:
        raise ValidationError(_("已有新版本“%(plan)s”，请编辑它，或将其废止后再起草。") % {"plan": pending})
    return {}


def _review(plan, step) -> dict:
    """A periodic evaluation (第三十五条); the next one is due three years after the latest."""
    review = step.data["review"]
    review.plan, review.recorded_by = plan, step.user
    review.full_clean()
    latest = max([*plan.reviews.values_list("reviewed_on", flat=True), review.reviewed_on])
    return {"next_review_due": rules.review_due(plan.published_on, latest)}


def _drill(plan, step) -> dict:
    """A drill held on the plan, or corrected (第三十三条), with its evaluation; who recorded it stays."""
    drill = step.data["drill"]
    drill.plan = plan
    if drill._state.adding:
        drill.recorded_by = step.user
    drill.full_clean()
    return {}


PREPARE = {"publish": _publish, "file": _file, "retire": _retire, "new_version": _new_version, "review": _review,
           "drill": _drill}


def _prepare(plan, step) -> dict:
    return PREPARE[step.transition.action](plan, step)


# --- what each step writes besides the plan (`after`, in the step's transaction) ------------------------------

def _supersede(previous: EmergencyPlan, successor: EmergencyPlan) -> None:
    """A new version in force replaces the one it copies, and links made to that one move to it."""
    if EmergencyPlan.objects.filter(pk=previous.pk, status__in=IN_FORCE).update(
            status=PlanStatus.SUPERSEDED) == 1:
        audit.record(AuditAction.UPDATE, instance=previous, before={"status": previous.status},
                     after={"status": PlanStatus.SUPERSEDED, "by": successor.pk})
    for link in previous.links_in.select_related("from_plan"):
        if PlanLink.objects.filter(from_plan=link.from_plan_id, to_plan=successor).exists():
            link.delete()
        else:
            link.to_plan = successor
            link.save()


def _draft(plan: EmergencyPlan, user, version: str) -> EmergencyPlan:
    """A draft copy of a plan in force (content, applicability, steps, cards, links) that replaces it once
    published; the plan stays in force until then."""
    draft = EmergencyPlan(**{name: getattr(plan, name) for name in COPIED_FIELDS}, replaces=plan,
                          status=PlanStatus.DRAFT, created_by=user)
    draft.version = version.strip()
    draft.full_clean()
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError as error:  # someone drafted a version at the same moment (one successor per plan)
        raise ValidationError(_("已有新版本草稿，请刷新后查看。")) from error
    draft.chemicals.set(plan.chemicals.all())
    draft.sectors.set(plan.sectors.all())
    for part in (*plan.steps.all(), *plan.cards.all()):
        part.pk, part._state.adding, part.plan = None, True, draft
        part.save()
    for link in plan.links_out.all():
        PlanLink.objects.create(from_plan=draft, to_plan_id=link.to_plan_id, kind=link.kind)
    return draft


def _after(plan, step, _record) -> None:
    action, user, data = step.transition.action, step.user, step.data
    if action == "publish" and plan.replaces_id is not None:
        _supersede(plan.replaces, plan)
    elif action == "new_version":
        _draft(plan, user, data["version"])
    elif action in ("review", "drill"):
        record = data[action]
        record.save()
        if data.get("files"):
            store_attachments(data["files"], owner=record, user=user)


PLANS = register(Workflow(
    EmergencyPlan, TRANSITIONS, state_field="status", prepare=_prepare, after=_after, scope_action=VIEW,
    conflict=gettext_lazy("该预案已被他人处理，请刷新后查看。"),
    refusal=lambda row: _("您不能对此预案执行“%(action)s”。") % {"action": row.label},
    wrong_state=gettext_lazy("预案当前状态为“%(state)s”，不能%(action)s。"),
))
