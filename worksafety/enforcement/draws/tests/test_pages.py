"""The draw pages, the public 公示 pages (no personal data of enterprise staff), scoping 404s and the API."""

import json
from datetime import timedelta

from django.utils import timezone

from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.models import Draw
from worksafety.enforcement.tests.draw_helpers import TODAY, announce, inspector


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_announcing_on_the_page_refuses_bad_input_and_saves_nothing(world, inspectors, client_for):
    client = client_for(world.district_user)
    assert client.get("/enforcement/draws/add/").status_code == 200
    form = {"title": "三月抽查", "scheduled_at": local(timezone.now()), "count": 9, "inspectors_per_pick": 2,
            "exclude_key_targets": "on", "avoid_previous": "on"}
    page = client.post("/enforcement/draws/add/", form).content.decode()
    assert "抽查对象数（3）" in page and not Draw.objects.exists()
    page = client.post("/enforcement/draws/add/", {**form, "count": 1, "inspectors_per_pick": 1}).content.decode()
    assert not Draw.objects.exists()
    page = client.post("/enforcement/draws/add/", {**form, "count": 1, "extra_avoidances": "99999 X"}).content.decode()
    assert "第 1 行" in page and not Draw.objects.exists()
    expired = inspector("过期", "21020999", valid_until=TODAY - timedelta(days=1))
    page = client.post("/enforcement/draws/add/", {**form, "count": 1, "roster": [inspectors[0].pk, expired.pk]})
    assert not Draw.objects.exists()  # an expired inspector is not even offered
    response = client.post("/enforcement/draws/add/", {
        **form, "count": 1, "sectors": ["hazchem"], "extra_avoidances": f"{inspectors[0].certificate_number} "
                                                                          f"{world.ent_park.uscc}"})
    draw = Draw.objects.get()
    assert response.url == f"/enforcement/draws/{draw.pk}/"
    assert draw.published["filters"]["sectors"] == ["hazchem"]
    assert [world.ent_park.pk, inspectors[0].pk] in draw.published["avoid"]


def test_drawing_and_verifying_on_the_page(world, inspectors, client_for):
    draw = announce(world)
    client = client_for(world.district_user)
    assert "公开随机数并抽取" in client.get(f"/enforcement/draws/{draw.pk}/").content.decode()
    client.post(f"/enforcement/draws/{draw.pk}/run/")
    client.post(f"/enforcement/draws/{draw.pk}/run/")  # a second click is refused, not a second draw
    draw.refresh_from_db()
    assert draw.picks.count() == 2
    page = client.get(f"/enforcement/draws/{draw.pk}/?verify=1").content.decode()
    assert "复核一致" in page


def test_the_public_pages_show_the_record_and_no_personal_data(world, inspectors, client):
    draw = announce(world)
    before = client.get(f"/public/draws/{draw.pk}/").content.decode()
    assert draw.commitment in before and draw.nonce not in before and "抽取后公开" in before
    assert inspectors[0].certificate_number in before  # the roster is published (执法公示)
    assert draw.title in client.get("/public/draws/").content.decode()
    draws.do_run_draw(draw, user=world.district_user)
    after = client.get(f"/public/draws/{draw.pk}/").content.decode()
    assert draw.nonce in after
    picked = list(draw.picks.select_related("enterprise"))
    assert all(pick.enterprise.name in after for pick in picked)
    for enterprise in (world.ent_park, world.ent_street_a, world.ent_street_b):
        assert enterprise.legal_representative not in after
    for person in (world.district_user, world.enterprise_user):
        assert person.username not in after
    download = client.get(f"/public/draws/{draw.pk}/parameters.json")
    assert download.content.decode() == draw.parameters
    assert json.loads(download.content)["roster"] == sorted(i.pk for i in inspectors)


def test_staff_see_picks_in_their_scope_only(world, inspectors, client_for):
    draw = draws.do_run_draw(announce(world, count=3), user=world.district_user)
    street_b = client_for(world.street_b_user).get(f"/enforcement/draws/{draw.pk}/").content.decode()
    assert world.ent_street_b.name in street_b and world.ent_park.name not in street_b
    assert "公开随机数并抽取" not in street_b
    assert client_for(world.street_b_user).post(f"/enforcement/draws/{draw.pk}/cancel/",
                                                {"reason": "x"}).status_code == 404
    for user in (world.enterprise_user, world.expert_user):
        assert client_for(user).get(f"/enforcement/draws/{draw.pk}/").status_code == 404
        assert client_for(user).get("/enforcement/draws/").status_code == 404


def test_draw_api(world, inspectors, api_for):
    api = api_for(world.district_user)
    body = {"title": "API 抽查", "scheduled_at": timezone.now().isoformat(), "count": 2,
            "sectors": ["hazchem", "industry_trade"], "extra_avoidances": [[inspectors[0].pk, world.ent_park.pk]]}
    assert api.post("/api/v1/draws/", {**body, "count": 5}, format="json").status_code == 400
    assert api.post("/api/v1/draws/", {**body, "inspectors_per_pick": 1}, format="json").status_code == 400
    created = api.post("/api/v1/draws/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["nonce"] == "" and data["commitment"] and data["pool_size"] == 2
    ran = api.post(f"/api/v1/draws/{data['id']}/run/", format="json").json()
    assert ran["status"] == "drawn" and len(ran["picks"]) == 2 and ran["nonce"]
    assert api.post(f"/api/v1/draws/{data['id']}/run/", format="json").status_code == 400
    assert api.get(f"/api/v1/draws/{data['id']}/verify/").json() == {"consistent": True, "differences": []}
    department = api_for(world.department_user)
    assert department.post("/api/v1/draws/", body, format="json").status_code == 404
    assert department.get(f"/api/v1/draws/{data['id']}/").json()["picks"] == []  # nothing of its sectors drawn
    assert api_for(world.enterprise_user).get(f"/api/v1/draws/{data['id']}/").status_code == 404
    assert api.get("/api/v1/inspectors/?valid=true").json()["count"] == len(inspectors)
