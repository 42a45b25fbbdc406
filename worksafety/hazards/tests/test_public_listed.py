"""The public 挂牌督办公告: listed major hazards and their delisting, without login, and nothing more."""

from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.tests.test_workflow import PLAN, make_hazard


def test_listed_major_hazards_are_public_with_their_outcome(world, client):
    listed = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, State.LISTED, title="液氨储罐未设紧急切断")
    delisted = make_hazard(world, world.ent_street_b, HazardLevel.MAJOR, State.CLOSED, title="控制室未抗爆")
    reported = make_hazard(world, world.ent_park, HazardLevel.MAJOR, State.REPORTED, title="尚未挂牌的隐患")
    general = make_hazard(world, world.ent_park, HazardLevel.GENERAL, State.RECTIFYING, title="灭火器压力不足")

    response = client.get("/public/listed-hazards/")

    assert response.status_code == 200
    page = response.content.decode()
    assert listed.title in page and delisted.title in page and world.dept_transport.name in page
    assert "已摘牌" in page and "督办中" in page
    assert reported.title not in page and general.title not in page
    # The enterprise's plan is not part of a public notice.
    assert PLAN["measures"] not in page and PLAN["responsible_person"] not in page
