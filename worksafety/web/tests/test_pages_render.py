"""Every page a role can reach renders (200) with the small test district: a net under the templates."""

import pytest

DISTRICT_PAGES = [
    "/", "/map/", "/map/data/", "/enterprises/", "/enterprises/{ent}/", "/enterprises/add/", "/enterprises/{ent}/edit/",
    "/enterprises/import/", "/enterprises/import/?template=1", "/enterprises/?export=xlsx", "/parks/", "/parks/{park}/",
    "/parks/add/", "/areas/", "/areas/{area}/", "/areas/add/", "/departments/", "/departments/{dept}/",
    "/departments/add/", "/audit/", "/licences/add/?enterprise={ent}", "/password/", "/chemicals/", "/hazard-units/",
    "/hazard-units/add/", "/risk/events/", "/risk/gradings/", "/risk/supervision/", "/risk/supervision/?export=xlsx",
    "/risk/register/?enterprise={ent}", "/enterprises/{ent}/grade/hazchem/", "/api/v1/enterprises/",
    "/api/v1/enterprises/?format=xlsx", "/api/v1/areas/", "/api/v1/schema/", "/api/v1/docs/",
    "/api/v1/supervision-plan/", "/api/v1/risk-points/", "/risk/settings/", "/risk/settings/rules/add/", "/risk/overview/", "/users/", "/users/add/", "/hazards/", "/hazards/add/?enterprise={ent}", "/hazards/statistics/",
    "/hazards/quarterly/", "/hazards/checks/", "/hazards/checks/?export=xlsx", "/tipoffs/", "/tipoffs/?export=xlsx",
    "/tipoffs/settings/", "/inbox/", "/api/v1/tipoffs/", "/api/v1/check-records/", "/api/v1/notifications/",
    "/monitoring/", "/monitoring/alarms/live/", "/monitoring/map.json", "/monitoring/sensors/", "/monitoring/sensors/add/",
    "/monitoring/alarms/", "/monitoring/kpis/", "/monitoring/rejections/", "/api/v1/sensors/", "/api/v1/alarms/",
]
ENTERPRISE_PAGES = [
    "/", "/enterprises/{ent}/", "/chemicals/add/", "/hazard-units/add/", "/risk/register/?enterprise={ent}",
    "/risk/objects/add/?enterprise={ent}", "/risk/units/add/", "/risk/events/add/", "/risk/measures/add/",
    "/risk/tasks/add/", "/enterprises/{ent}/grade/hazchem/", "/hazards/", "/hazards/add/?enterprise={ent}", "/hazards/statistics/",
    "/hazards/checks/", "/inbox/", "/monitoring/", "/monitoring/sensors/", "/monitoring/sensors/add/",
    "/monitoring/alarms/",
]
PUBLIC_PAGES = ["/public/listed-hazards/", "/public/tipoffs/", "/public/tipoffs/status/", "/public/tipoffs/captcha.png", "/login/"]


def urls(world, pages):
    ids = {"ent": world.ent_park.pk, "park": world.park.pk, "area": world.street_a.pk, "dept": world.dept_transport.pk}
    return [page.format(**ids) for page in pages]


@pytest.mark.parametrize("user_attr,pages", [("district_user", DISTRICT_PAGES), ("enterprise_user", ENTERPRISE_PAGES)])
def test_pages_render(world, client_for, user_attr, pages):
    client = client_for(getattr(world, user_attr))
    for url in urls(world, pages):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_public_pages_render_without_login(world, client):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
