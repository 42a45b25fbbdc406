import pytest


@pytest.mark.django_db
def test_smoke(world, client_for):
    c = client_for(world.district_user)
    for url in ["/", "/map/", "/map/data/", "/enterprises/", f"/enterprises/{world.ent_park.pk}/", "/enterprises/add/",
                f"/enterprises/{world.ent_park.pk}/edit/", "/enterprises/import/", "/enterprises/import/?template=1",
                "/enterprises/?export=xlsx", "/parks/", f"/parks/{world.park.pk}/", "/areas/", f"/areas/{world.street_a.pk}/",
                "/departments/", f"/departments/{world.dept_transport.pk}/", "/departments/add/", "/audit/",
                "/api/v1/enterprises/", "/api/v1/enterprises/?format=xlsx", "/api/v1/areas/", "/api/v1/schema/", "/api/v1/docs/",
                f"/licences/add/?enterprise={world.ent_park.pk}", "/password/", "/parks/add/", "/areas/add/", "/risk/events/", "/risk/gradings/", "/risk/supervision/", "/risk/supervision/?export=xlsx", f"/risk/register/?enterprise={world.ent_park.pk}", f"/enterprises/{world.ent_park.pk}/grade/hazchem/", "/hazard-units/", "/hazard-units/add/", "/chemicals/", "/chemicals/1/"]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content[:3000])


@pytest.mark.django_db
def test_smoke_enterprise(world, client_for):
    c = client_for(world.enterprise_user)
    for url in ["/", "/risk/events/add/", f"/risk/objects/add/?enterprise={world.ent_park.pk}", "/risk/units/add/",
                "/risk/measures/add/", "/risk/tasks/add/", f"/enterprises/{world.ent_park.pk}/", f"/enterprises/{world.ent_park.pk}/grade/hazchem/",
                f"/risk/register/?enterprise={world.ent_park.pk}", "/chemicals/add/", "/hazard-units/add/"]:
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content[:3000])
