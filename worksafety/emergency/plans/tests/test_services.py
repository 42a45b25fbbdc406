"""Plan writes (plans.services): kinds suit owners, the life of a plan (发布、备案、废止、新版本), evaluations and
drills, and bad input refused with a clear message, nothing changed."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from worksafety.core.models import AuditEntry
from worksafety.core.scoping import OutOfScope
from worksafety.core.workflow import transition
from worksafety.emergency.plans import rules as plan_rules
from worksafety.emergency.plans import services as plans
from worksafety.emergency.plans.choices import (
    DrillRating,
    LinkKind,
    PlanKind,
    PlanStatus,
    ReviewConclusion,
)
from worksafety.emergency.plans.models import (
    DisposalCard,
    Drill,
    EmergencyPlan,
    PlanLink,
    PlanResponseStep,
    PlanReview,
)
from worksafety.emergency.plans.tests.helpers import card, days_ago, hold_drill, make_plan, steps_for
from worksafety.emergency.plans.workflow import lineage


def messages(error: ValidationError) -> str:
    return "；".join(error.messages)


# --- owners and kinds -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "allowed", "refused"), [
    ("district_user", [PlanKind.OVERALL, PlanKind.SPECIAL], [PlanKind.COMPREHENSIVE, PlanKind.ONSITE,
                                                             PlanKind.DEPARTMENT]),
    ("department_user", [PlanKind.DEPARTMENT, PlanKind.SPECIAL], [PlanKind.OVERALL, PlanKind.ONSITE]),
    ("enterprise_user", [PlanKind.COMPREHENSIVE, PlanKind.SPECIAL, PlanKind.ONSITE],
     [PlanKind.OVERALL, PlanKind.DEPARTMENT]),
])
def test_the_kind_must_suit_the_owner(world, role, allowed, refused):
    user = getattr(world, role)
    for kind in allowed:
        plan = make_plan(user, kind=kind, title=f"{kind}预案")
        assert plan.pk and plan.created_by == user and plan.status == PlanStatus.DRAFT
    for kind in refused:
        with pytest.raises(ValidationError) as error:
            make_plan(user, kind=kind, title="错误类型")
        assert "kind" in error.value.message_dict and "预案的类型只能是" in messages(error.value)
    assert not EmergencyPlan.objects.filter(title="错误类型").exists()


def test_a_login_writes_plans_for_its_own_unit_whatever_it_names(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, enterprise=world.ent_street_b,
                     department=world.dept_transport)
    assert plan.enterprise == world.ent_park and plan.department is None and plan.area == world.street_a
    district = make_plan(world.district_user, kind=PlanKind.OVERALL, enterprise=world.ent_park)
    assert district.enterprise is None and district.area == world.district
    department = make_plan(world.department_user, kind=PlanKind.DEPARTMENT)
    assert department.department == world.dept_transport and department.area == world.district


def test_a_plan_has_one_owner_and_at_least_one_response_level(world):
    with pytest.raises(ValidationError) as error:
        make_plan(world.admin, kind=PlanKind.SPECIAL, enterprise=world.ent_park, department=world.dept_transport)
    assert "只能属于一个编制单位" in messages(error.value)
    with pytest.raises(ValidationError) as error:
        make_plan(world.district_user, levels=())
    assert "请至少选择一个响应级别" in messages(error.value)
    assert not EmergencyPlan.objects.exists()


@pytest.mark.parametrize("role", ["street_a_user", "park_user", "expert_user"])
def test_roles_that_keep_no_plans_cannot_write_one(world, role):
    with pytest.raises(OutOfScope):
        make_plan(getattr(world, role))
    assert not EmergencyPlan.objects.exists()


# --- parts refused with row numbers, nothing saved ----------------------------------------------------------

def test_bad_steps_are_refused_by_row(world):
    plan = EmergencyPlan(title="火灾专项", version="1", kind=PlanKind.SPECIAL, response_levels=[3, 4])
    steps = [PlanResponseStep(response_level=3, order=1, action="", responsible="值班长"),
             PlanResponseStep(response_level=2, order=1, action="报告", responsible="值班长"),
             PlanResponseStep(response_level=4, order=1, action="报告", responsible="值班长"),
             PlanResponseStep(response_level=4, order=1, action="疏散", responsible="值班长")]
    with pytest.raises(ValidationError) as error:
        plans.do_save_plan(plan, user=world.district_user, steps=steps)
    text = messages(error.value)
    assert "响应步骤第 1 行" in text and "处置措施" in text
    assert "第 2 行：Ⅱ级响应不在本预案的响应分级内" in text
    assert "第 4 行：Ⅳ级响应的序号 1 重复" in text
    assert not EmergencyPlan.objects.exists() and not PlanResponseStep.objects.exists()
    assert plan.pk is None


def test_cards_belong_to_onsite_plans_only(world):
    with pytest.raises(ValidationError) as error:
        make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, cards=[card()])
    assert "应急处置卡属于现场处置方案" in messages(error.value)
    with pytest.raises(ValidationError) as error:
        make_plan(world.enterprise_user, kind=PlanKind.ONSITE, cards=[DisposalCard(post="操作工", scenario="泄漏",
                                                                                   steps="", contacts="")])
    assert "应急处置卡第 1 行" in messages(error.value)
    assert not EmergencyPlan.objects.exists() and not DisposalCard.objects.exists()
    onsite = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, cards=[card(), card("班长")])
    assert [c.post for c in onsite.cards.all()] == ["罐区操作工", "班长"]
    assert onsite.cards.first().step_lines == ["佩戴正压式空气呼吸器", "关闭进出口阀门", "启动水幕"]


def test_parts_of_another_plan_are_refused_not_moved(world):
    mine = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, cards=[card()])
    other = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="另一方案", cards=[card()])
    stolen = other.cards.get()
    with pytest.raises(ValidationError) as error:
        plans.do_save_plan(mine, user=world.enterprise_user, cards=[stolen])
    assert f"应急处置卡编号 {stolen.pk} 不属于本预案" in messages(error.value)
    assert other.cards.get().plan_id == other.pk and mine.cards.count() == 1


def test_links_are_checked(world):
    district = make_plan(world.district_user, kind=PlanKind.OVERALL, title="区总体预案", published_on=days_ago(30))
    district_draft = make_plan(world.district_user, kind=PlanKind.SPECIAL, title="区专项草稿")
    other = make_plan(world.admin, kind=PlanKind.COMPREHENSIVE, enterprise=world.ent_street_b, title="丙公司综合预案",
                      published_on=days_ago(10))
    plan = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, title="甲公司综合预案",
                     published_on=days_ago(20))
    cases = [([plan], "不能与自身衔接"), ([other], "不存在或您无权查看"), ([district_draft], "不存在或您无权查看"),
             ([district, district], "只能衔接一次")]
    for uppers, message in cases:
        with pytest.raises(ValidationError) as error:
            plans.do_save_plan(plan, user=world.enterprise_user, links=uppers)
        assert message in messages(error.value), uppers
    with pytest.raises(ValidationError) as error:  # seen by the superuser, still another enterprise's plan
        plans.do_save_plan(plan, user=world.admin, links=[other])
    assert "只能衔接本企业的预案或政府" in messages(error.value)
    with pytest.raises(ValidationError) as error:
        plans.do_save_plan(district, user=world.district_user, links=[plan])
    assert "不能以企业预案为上级预案" in messages(error.value)
    assert not PlanLink.objects.exists()
    plans.do_save_plan(plan, user=world.enterprise_user, links=[district])
    assert PlanLink.objects.get().kind == LinkKind.GOVERNMENT_ENTERPRISE
    with pytest.raises(ValidationError) as error:
        plans.do_save_plan(district, user=world.admin, links=[plan])
    assert "不能以企业预案为上级预案" in messages(error.value)
    onsite = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="罐区现场处置方案", links=[plan])
    assert onsite.links_out.get().kind == LinkKind.HIERARCHY


def test_two_plans_cannot_each_be_the_others_upper_plan(world):
    overall = make_plan(world.district_user, kind=PlanKind.OVERALL, published_on=days_ago(30))
    special = make_plan(world.district_user, kind=PlanKind.SPECIAL, links=[overall], published_on=days_ago(20))
    with pytest.raises(ValidationError) as error:
        plans.do_save_plan(overall, user=world.district_user, links=[special])
    assert "不能互为上级" in messages(error.value)


# --- the life of a plan ---------------------------------------------------------------------------------------

def test_publish_starts_the_review_clock_and_is_audited(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE)
    published = days_ago(100)
    transition(plan, "publish", world.enterprise_user, published_on=published)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and plan.published_on == published
    assert plan.next_review_due == plan_rules.add_months(published, 36)
    entry = AuditEntry.objects.filter(object_type="emergency.emergencyplan", object_id=str(plan.pk)).first()
    assert entry.after["status"] == PlanStatus.PUBLISHED and entry.actor == world.enterprise_user
    assert entry.enterprise_id == world.ent_park.pk  # filed in the enterprise's scope


def test_publish_needs_a_past_date_and_steps_for_every_level(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, levels=(3, 4))
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        transition(plan, "publish", world.enterprise_user, published_on=tomorrow)
    assert "发布日期不能晚于今天" in messages(error.value)
    plan.steps.filter(response_level=4).delete()
    with pytest.raises(ValidationError) as error:
        transition(plan, "publish", world.enterprise_user, published_on=days_ago(1))
    assert "Ⅳ级响应尚无响应步骤" in messages(error.value)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and plan.published_on is None


def test_a_published_plan_keeps_its_content_but_its_cards_and_links_change(world):
    district = make_plan(world.district_user, kind=PlanKind.OVERALL, published_on=days_ago(40))
    plan = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, cards=[card()], published_on=days_ago(10))
    plan.title = "改名"
    with pytest.raises(ValidationError) as error:
        plans.do_save_plan(plan, user=world.enterprise_user)
    assert "请起草新版本" in messages(error.value)
    plan.refresh_from_db()
    with pytest.raises(ValidationError):
        plans.do_save_plan(plan, user=world.enterprise_user, steps=steps_for([3, 4]))
    changed = plan.cards.get()
    changed.contacts = "值班长 王五 13900000000"
    plans.do_save_plan(plan, user=world.enterprise_user, cards=[changed, card("巡检工")], links=[district])
    assert plan.cards.count() == 2 and plan.cards.get(pk=changed.pk).contacts.startswith("值班长 王五")
    assert plan.links_out.get().to_plan == district
    assert EmergencyPlan.objects.get(pk=plan.pk).title == "液氨泄漏专项应急预案"


def test_filing_is_recorded_by_the_regulator_for_an_enterprise_plan(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, published_on=days_ago(40))
    for user in (world.enterprise_user, world.street_a_user, world.department_user):
        with pytest.raises((ValidationError, OutOfScope)):
            transition(plan, "file", user, filing_number="2101-001", filing_authority="金普新区应急管理局",
                               filed_on=days_ago(5))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED and not plan.filing_number
    transition(plan, "file", world.district_user, filing_number=" 210213-2024-001 ",
                       filing_authority="金普新区应急管理局", filed_on=days_ago(5))
    plan.refresh_from_db()
    assert (plan.status, plan.filing_number, plan.filed_on) == (PlanStatus.FILED, "210213-2024-001", days_ago(5))


def test_a_department_files_plans_of_enterprises_in_its_sectors_and_its_own_plan_is_its_own(world):
    plan = make_plan(world.admin, kind=PlanKind.COMPREHENSIVE, enterprise=world.ent_street_b,
                     published_on=days_ago(40))
    transition(plan, "file", world.department_user, filing_number="JT-01", filing_authority="区交通运输局",
                       filed_on=days_ago(3))
    own = make_plan(world.department_user, kind=PlanKind.DEPARTMENT, published_on=days_ago(40))
    with pytest.raises(ValidationError):  # the district does not record a department's filing with the government
        transition(own, "file", world.district_user, filing_number="1", filing_authority="区政府",
                           filed_on=days_ago(1))
    transition(own, "file", world.department_user, filing_number="ZF-2", filing_authority="金普新区人民政府",
                       filed_on=days_ago(1))
    assert EmergencyPlan.objects.filter(status=PlanStatus.FILED).count() == 2


def test_bad_filings_are_refused(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, published_on=days_ago(40))
    cases = [({"filing_number": " ", "filing_authority": "局", "filed_on": days_ago(1)}, "请填写备案编号"),
             ({"filing_number": "1", "filing_authority": "", "filed_on": days_ago(1)}, "请填写备案机关"),
             ({"filing_number": "1", "filing_authority": "局", "filed_on": days_ago(50)}, "不能早于发布日期"),
             ({"filing_number": "1", "filing_authority": "局", "filed_on": days_ago(-2)}, "不能晚于今天")]
    for data, message in cases:
        with pytest.raises(ValidationError) as error:
            transition(plan, "file", world.district_user, **data)
        assert message in messages(error.value)
    draft = make_plan(world.enterprise_user, kind=PlanKind.ONSITE)
    with pytest.raises(OutOfScope):  # a draft stays with its owner
        transition(draft, "file", world.district_user, filing_number="1", filing_authority="局",
                           filed_on=days_ago(1))
    with pytest.raises(ValidationError) as error:
        transition(draft, "file", world.admin, filing_number="1", filing_authority="局", filed_on=days_ago(1))
    assert "当前状态为“草稿”" in messages(error.value)
    assert not EmergencyPlan.objects.filter(status=PlanStatus.FILED).exists()


def test_two_people_publishing_at_once_publish_once(world):
    plan = make_plan(world.district_user, kind=PlanKind.OVERALL)
    stale = EmergencyPlan.objects.get(pk=plan.pk)
    transition(plan, "publish", world.district_user, published_on=days_ago(2))
    with pytest.raises(ValidationError) as error:
        transition(stale, "publish", world.district_user, published_on=days_ago(1))
    assert "已被他人处理" in messages(error.value)
    assert EmergencyPlan.objects.get(pk=plan.pk).published_on == days_ago(2)


def test_retiring_needs_a_reason(world):
    plan = make_plan(world.district_user, kind=PlanKind.OVERALL, published_on=days_ago(2))
    with pytest.raises(ValidationError) as error:
        transition(plan, "retire", world.district_user, reason="  ")
    assert "请说明废止原因" in messages(error.value)
    transition(plan, "retire", world.district_user, reason="机构调整，由新预案取代")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETIRED and plan.retired_on == timezone.localdate()
    with pytest.raises(ValidationError):
        plans.do_save_plan(plan, user=world.district_user)


# --- versions -------------------------------------------------------------------------------------------------

def test_a_new_version_copies_the_plan_and_supersedes_it_when_published(world):
    district = make_plan(world.district_user, kind=PlanKind.OVERALL, title="区总体预案", published_on=days_ago(400))
    old = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, cards=[card()], links=[district],
                    event_types=["hazchem_leak"], published_on=days_ago(300))
    lower = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="装车台现场处置方案", links=[old],
                      published_on=days_ago(200))
    transition(old, "file", world.district_user, filing_number="F-1", filing_authority="局", filed_on=days_ago(290))
    new = plans.do_new_version(old, user=world.enterprise_user, version="2025版")
    assert new.status == PlanStatus.DRAFT and new.replaces == old and new.version == "2025版"
    assert new.event_types == ["hazchem_leak"] and new.enterprise == world.ent_park
    assert new.steps.count() == old.steps.count() and new.cards.count() == 1
    assert new.links_out.get().to_plan == district
    assert EmergencyPlan.objects.get(pk=old.pk).status == PlanStatus.FILED  # in force until the new one is out
    assert [p.version for p in lineage(new)] == ["2024版", "2025版"]

    transition(new, "publish", world.enterprise_user, published_on=days_ago(1))
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == PlanStatus.SUPERSEDED and new.status == PlanStatus.PUBLISHED
    assert not new.filing_number  # a revision is filed again (管理办法)
    assert lower.links_out.get().to_plan == new  # links made to the old version moved to the new one
    assert old.steps.count() == new.steps.count()  # the old version stays readable, whole


def test_version_rules(world):
    plan = make_plan(world.district_user, kind=PlanKind.OVERALL, published_on=days_ago(10))
    draft = make_plan(world.district_user, kind=PlanKind.SPECIAL)
    with pytest.raises(ValidationError) as error:
        plans.do_new_version(draft, user=world.district_user, version="2")
    assert "当前状态为“草稿”" in messages(error.value)
    with pytest.raises(ValidationError) as error:
        plans.do_new_version(plan, user=world.district_user, version="2024版")
    assert "已被本预案的其他版本使用" in messages(error.value)
    first = plans.do_new_version(plan, user=world.district_user, version="2025版")
    with pytest.raises(ValidationError) as error:
        plans.do_new_version(plan, user=world.district_user, version="2026版")
    assert "已有新版本" in messages(error.value)
    transition(first, "retire", world.district_user, reason="放弃本次修订")
    second = plans.do_new_version(plan, user=world.district_user, version="2026版")
    assert second.replaces == plan
    with pytest.raises(ValidationError) as error:  # published before the version it replaces
        transition(second, "publish", world.district_user, published_on=days_ago(20))
    assert "不能早于被替代版本的发布日期" in messages(error.value)


# --- evaluations and drills -------------------------------------------------------------------------------------

def test_an_evaluation_moves_the_next_review_due(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.COMPREHENSIVE, published_on=days_ago(1000))
    review = PlanReview(plan=plan, reviewed_on=days_ago(10), conclusion=ReviewConclusion.VALID, summary="内容适用")
    transition(plan, "review", world.enterprise_user, review=review)
    plan.refresh_from_db()
    assert plan.next_review_due == plan_rules.add_months(days_ago(10), 36)
    assert review.recorded_by == world.enterprise_user
    with pytest.raises(ValidationError) as error:
        transition(plan, "review", world.enterprise_user, review=PlanReview(
            plan=plan, reviewed_on=days_ago(-1), conclusion=ReviewConclusion.REVISE, summary="x"))
    assert "评估日期不能晚于今天" in messages(error.value)
    with pytest.raises(ValidationError):  # a supervisor reads, the owner evaluates
        transition(plan, "review", world.district_user, review=PlanReview(
            plan=plan, reviewed_on=days_ago(1), conclusion=ReviewConclusion.VALID, summary="x"))
    assert plan.reviews.count() == 1


def test_bad_drills_are_refused_and_nothing_is_saved(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, published_on=days_ago(100))
    draft = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="草稿方案")
    cases = [({"held_on": days_ago(-1)}, "held_on", "演练日期不能晚于今天"),
             ({"held_on": days_ago(101)}, "held_on", "不能早于本版预案的发布日期"),
             ({"rating": DrillRating.POOR, "findings": " "}, "findings", "须写明存在的问题"),
             ({"participants": 0}, "participants", "大于或等于1"), ({"scenario": ""}, "scenario", "不能为空")]
    for changes, field, message in cases:
        with pytest.raises(ValidationError) as error:
            hold_drill(plan, world.enterprise_user, changes.pop("held_on", days_ago(3)), **changes)
        assert message in "".join(error.value.message_dict[field]), field
    with pytest.raises(ValidationError) as error:
        hold_drill(draft, world.enterprise_user, days_ago(1))
    assert "不能记录演练" in messages(error.value)
    with pytest.raises((ValidationError, OutOfScope)):
        hold_drill(plan, world.street_a_user, days_ago(1))
    assert not Drill.objects.exists()


def test_a_drill_is_corrected_but_stays_with_its_plan(world):
    plan = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, published_on=days_ago(100))
    other = make_plan(world.enterprise_user, kind=PlanKind.ONSITE, title="另一方案", published_on=days_ago(100))
    drill = hold_drill(plan, world.enterprise_user, days_ago(20))
    drill.participants, drill.plan = 35, other
    plans.do_record_drill(drill, user=world.enterprise_user)
    drill.refresh_from_db()
    assert drill.participants == 35 and drill.plan == plan
