"""`match_plans`, the plans the incident command board shows: which apply, in what order, and why."""

from worksafety.core.workflow import transition
from worksafety.emergency.plans import services as plans
from worksafety.emergency.plans.choices import PlanKind
from worksafety.emergency.plans.models import EmergencyPlan
from worksafety.emergency.plans.tests.helpers import days_ago, make_plan
from worksafety.registry.models import Chemical


def titles(results) -> list[str]:
    return [row["title"] for row in results]


def setup_plans(world):
    ammonia = Chemical.objects.get(name="氨")
    chlorine = Chemical.objects.get(name="氯")
    published = days_ago(30)
    district, ent = world.district_user, world.enterprise_user
    overall = make_plan(district, kind=PlanKind.OVERALL, title="区生产安全事故总体应急预案", levels=(1, 2, 3, 4),
                        published_on=published)
    make_plan(district, kind=PlanKind.SPECIAL, title="区危险化学品事故专项应急预案", levels=(2, 3),
              event_types=["hazchem_leak", "toxic_gas"], chemicals=[ammonia, chlorine], sectors=[world.hazchem],
              published_on=published)
    make_plan(district, kind=PlanKind.SPECIAL, title="区火灾事故专项应急预案", event_types=["fire_explosion"],
              published_on=published)
    make_plan(world.department_user, kind=PlanKind.SPECIAL, title="区道路运输事故专项应急预案",
              event_types=["车辆伤害", "hazchem_leak"], sectors=[world.transport], published_on=published)
    make_plan(ent, kind=PlanKind.COMPREHENSIVE, title="甲公司综合应急预案", published_on=published)
    make_plan(ent, kind=PlanKind.ONSITE, title="甲公司液氨罐区泄漏现场处置方案", levels=(3, 4),
              event_types=["hazchem_leak"], chemicals=[ammonia], published_on=published)
    make_plan(ent, kind=PlanKind.ONSITE, title="甲公司触电现场处置方案", event_types=["触电"], published_on=published)
    make_plan(ent, kind=PlanKind.SPECIAL, title="甲公司未发布的氨泄漏专项", event_types=["hazchem_leak"])
    make_plan(world.admin, kind=PlanKind.ONSITE, enterprise=world.ent_street_b, title="丙公司氨泄漏现场处置方案",
              event_types=["hazchem_leak"], chemicals=[ammonia], published_on=published)
    return overall, ammonia


def test_the_enterprises_own_plans_come_first_then_the_governments_by_score(world):
    overall, ammonia = setup_plans(world)
    found = plans.match_plans(event_type="hazchem_leak", chemical_ids=[ammonia.pk], sector_id=world.hazchem.pk,
                              level=3, enterprise_id=world.ent_park.pk, limit=10)
    assert titles(found) == [
        "甲公司液氨罐区泄漏现场处置方案",  # 40 event + 25 ammonia + 10 level + 5 onsite
        "甲公司综合应急预案",  # 10 general + 10 level
        "区危险化学品事故专项应急预案",  # 40 + 25 + 15 sector + 10 level + 3 special
        "区火灾事故专项应急预案",  # 20 related (a leak can catch fire) + 10 level + 3
        "区生产安全事故总体应急预案",  # 10 general + 10 level
    ]
    first, special = found[0], found[2]
    assert first["score"] == 80 and special["score"] == 93
    assert first["reasons"] == ["事发单位本单位预案", "适用事件类型：危险化学品泄漏", "涉及危险化学品：氨", "含Ⅲ级响应程序"]
    assert special["reasons"] == ["适用事件类型：危险化学品泄漏", "涉及危险化学品：氨", "适用行业领域：危险化学品",
                                  "含Ⅲ级响应程序"]
    assert first["kind"] == "现场处置方案" and first["kind_code"] == "onsite" and first["owner"] == "大连甲化工有限公司"
    assert first["url"] == f"/emergency-plans/{first['id']}/"
    assert first["steps"] == [{"order": 1, "action": "3级响应：启动预案，报告值班室", "responsible": "应急办公室",
                               "time_limit": "接报后 10 分钟内"}]


def test_what_never_applies(world):
    setup_plans(world)
    found = titles(plans.match_plans(event_type="hazchem_leak", chemical_ids=[], sector_id=world.hazchem.pk,
                                     level=None, enterprise_id=world.ent_park.pk, limit=20))
    assert "丙公司氨泄漏现场处置方案" not in found  # another enterprise's plan
    assert "甲公司未发布的氨泄漏专项" not in found  # not in force
    assert "甲公司触电现场处置方案" not in found  # written for another event
    assert "区道路运输事故专项应急预案" not in found  # restricted to another sector


def test_an_accident_type_finds_plans_written_for_its_warning_category(world):
    setup_plans(world)
    found = plans.match_plans(event_type="火灾", enterprise_id=None, level=None)
    assert titles(found)[0] == "区火灾事故专项应急预案"
    assert found[0]["reasons"][0] == "适用事件类型：火灾爆炸"  # the category the accident type belongs to
    assert found[1]["reasons"][0] == "适用相关事件类型：危险化学品泄漏"  # a leak can catch fire
    assert found[0]["steps"] == []  # no level, no steps


def test_a_chemical_alone_is_enough_and_the_limit_holds(world):
    overall, ammonia = setup_plans(world)
    found = plans.match_plans(event_type=None, chemical_ids=[ammonia.pk], enterprise_id=world.ent_street_b.pk,
                              limit=2)
    assert titles(found) == ["丙公司氨泄漏现场处置方案", "区危险化学品事故专项应急预案"]


def test_a_superseded_version_gives_way_to_the_new_one(world):
    overall, _ammonia = setup_plans(world)
    new = plans.do_new_version(overall, user=world.district_user, version="2025版")
    transition(new, "publish", world.district_user, published_on=days_ago(1))
    found = plans.match_plans(event_type="other", enterprise_id=None, limit=10)
    assert [(row["title"], row["version"]) for row in found] == [("区生产安全事故总体应急预案", "2025版")]


def test_the_search_sees_only_what_the_user_may_see(world):
    setup_plans(world)
    as_street_b = titles(plans.match_plans(event_type="hazchem_leak", enterprise_id=world.ent_park.pk,
                                           user=world.street_b_user, limit=10))
    assert as_street_b and not any(title.startswith("甲公司") for title in as_street_b)
    as_enterprise = titles(plans.match_plans(event_type="hazchem_leak", enterprise_id=world.ent_park.pk,
                                             user=world.enterprise_user, limit=10))
    assert "甲公司液氨罐区泄漏现场处置方案" in as_enterprise
    assert EmergencyPlan.objects.count() == 9
