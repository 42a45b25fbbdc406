"""The roster pages: the bureau keeps the roster; a department may not add to it, an enterprise not see it."""

from datetime import timedelta

from worksafety.enforcement.tests.draw_helpers import TODAY


def test_the_bureau_keeps_the_roster(world, client_for):
    client = client_for(world.district_user)
    response = client.post("/enforcement/inspectors/add/", {
        "name": "吴执法", "certificate_number": "21021234", "valid_from": str(TODAY),
        "valid_until": str(TODAY - timedelta(days=1)), "active": "on"})
    assert "不能早于有效期起" in response.content.decode()
    response = client.post("/enforcement/inspectors/add/", {
        "name": "吴执法", "certificate_number": "21021234", "valid_from": str(TODAY),
        "valid_until": str(TODAY + timedelta(days=30)), "active": "on", "conflicts": [world.ent_park.pk]})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "21021234" in page and world.ent_park.name in page
    assert client.get("/enforcement/inspectors/?valid=true").status_code == 200
    assert client_for(world.department_user).post("/enforcement/inspectors/add/", {}).status_code == 404
    assert client_for(world.enterprise_user).get("/enforcement/inspectors/").status_code == 404
