"""A licence number is unique per enterprise (issue 14 item 6): registering a number another enterprise holds
must not tell the registrant that it exists, or whose it is; the enterprise's own duplicate is refused with a
message about its own register only."""

from worksafety.registry.models import Licence


def post(api, enterprise, number, kind="road_transport"):
    return api.post("/api/v1/licences/", {"enterprise": enterprise.pk, "kind": kind, "number": number,
                                          "expires_on": "2027-01-01"}, format="json")


def test_another_enterprises_number_reveals_nothing(world, api_for):
    other = world.licence_b  # ent_street_b's road transport licence, out of ent_park's scope
    response = post(api_for(world.enterprise_user), world.ent_park, other.number)
    assert response.status_code == 201, response.content.decode()
    body = response.content.decode()
    assert world.ent_street_b.name not in body and "已" not in body
    assert Licence.objects.filter(number=other.number).count() == 2


def test_the_page_form_reveals_nothing_either(world, client_for):
    response = client_for(world.enterprise_user).post("/licences/add/", {
        "enterprise": world.ent_park.pk, "kind": "road_transport", "number": world.licence_b.number,
        "expires_on": "2027-01-01"})
    assert response.status_code == 302
    assert Licence.objects.filter(number=world.licence_b.number, enterprise=world.ent_park).exists()


def test_an_enterprises_own_duplicate_is_refused_with_a_message_about_its_own_register(world, api_for):
    own = world.licence_park
    response = post(api_for(world.enterprise_user), world.ent_park, own.number, kind=own.kind)
    assert response.status_code == 400
    body = response.content.decode()
    assert "本企业已登记" in body
    assert Licence.objects.filter(number=own.number).count() == 1
