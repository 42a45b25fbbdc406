"""The public side, no login: the page `/public/warnings/` and `GET /api/v1/public/warnings/` show exactly
the messages in force (published, not expired, not replaced), with their colours; drafts, warnings awaiting
approval, expired, superseded and cancelled ones are never shown."""

from worksafety.core.workflow import transition
from worksafety.emergency.warnings import services
from worksafety.emergency.warnings.choices import MsgType, State
from worksafety.emergency.warnings.tests.helpers import expire, make_warning

PAGE = "/public/warnings/"
API = "/api/v1/public/warnings/"


def scenario(world):
    """One of everything; returns (the messages in force, the rest)."""
    red = make_warning(world, State.PUBLISHED, level=1, headline="松木岛化工园区火灾红色预警")
    blue = make_warning(world, State.PUBLISHED, level=4, headline="大风天气蓝色预警", area=world.district)
    hidden = [
        make_warning(world, headline="草稿中的预警"),
        make_warning(world, State.PENDING, headline="待审核的预警"),
        make_warning(world, State.DISCARDED, headline="作废的预警"),
        expire(make_warning(world, State.PUBLISHED, headline="已过期的预警")),
    ]
    replaced = make_warning(world, State.PUBLISHED, headline="将被更新的预警")
    update = services.do_draft_successor(replaced, MsgType.UPDATE, user=world.district_user)
    update.headline = "更新后的预警"
    services.do_update_draft(update, user=world.district_user)
    transition(update, "submit", world.district_user)
    transition(update, "approve", world.admin)
    ended = make_warning(world, State.PUBLISHED, headline="将被解除的预警")
    cancel = services.do_draft_successor(ended, MsgType.CANCEL, user=world.district_user)
    transition(cancel, "submit", world.district_user)
    transition(cancel, "approve", world.admin)
    return [red, blue, update, cancel], hidden + [replaced, ended]


def test_the_page_shows_the_warnings_in_force_with_colours_without_login(world, client):
    shown, hidden = scenario(world)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    for warning in shown:
        assert warning.identifier in page and warning.headline in page
    for warning in hidden:
        assert warning.identifier not in page
    for warning in hidden[:-1]:  # the Cancel's own wording names the warning it ends
        assert warning.headline not in page
    assert 'class="badge risk-red"' in page and 'class="badge risk-blue"' in page
    assert "Ⅰ级红色预警" in page and "Ⅳ级蓝色预警" in page
    assert [w.pk for w in response.context["warnings"]] == [shown[0].pk, shown[2].pk, shown[1].pk]  # by level
    assert [w.pk for w in response.context["cancellations"]] == [shown[3].pk]
    assert "/api/v1/public/warnings.cap" in page
    assert "/public/warnings/" in client.get("/public/tipoffs/").content.decode()  # in the public nav


def test_the_page_says_so_when_nothing_is_in_force(world, client):
    response = client.get(PAGE)
    assert response.status_code == 200 and "当前没有生效的预警信息" in response.content.decode()


def test_the_json_lists_the_same_messages(world, client):
    shown, hidden = scenario(world)
    response = client.get(API)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 4
    assert {row["identifier"] for row in data["results"]} == {w.identifier for w in shown}
    red = next(row for row in data["results"] if row["identifier"] == shown[0].identifier)
    assert (red["level"], red["colour"], red["severity"]) == (1, "red", "Extreme")
    assert red["level_name"] == "Ⅰ级红色预警"
    assert red["area"] == {"code": "210213001", "name": "大孤山街道"} and red["msg_type"] == "Alert"
    assert red["cap_url"] == f"http://testserver/api/v1/public/warnings/{shown[0].identifier}.cap"
    update = next(row for row in data["results"] if row["msg_type"] == "Update")
    assert update["references"] == hidden[-2].identifier
    assert not {"created_by", "approved_by", "status", "events"} & set(red)  # nothing internal


def test_the_public_json_ignores_credentials_and_never_shows_drafts(world, api_for):
    make_warning(world, headline="草稿中的预警")
    assert api_for(world.district_user).get(API).json() == {"count": 0, "results": []}
