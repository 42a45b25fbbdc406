"""The enterprise list renders 600 rows in one request with a bounded number of SQL queries, and the count
does not grow with the number of rows (no N+1)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_uscc
from worksafety.registry.models import Enterprise, Licence

MAX_QUERIES = 15


def add_enterprises(world, count, start):
    sectors = [world.hazchem, world.trade, world.transport]
    enterprises = Enterprise.objects.bulk_create(
        Enterprise(name=f"大连批量企业{start + i:05d}有限公司", uscc=make_uscc(start + i), sector=sectors[i % 3],
                   area=world.street_a, park=world.park if i % 2 else None, address="地址", lat=39.02, lon=121.83,
                   legal_representative="李四")
        for i in range(count)
    )
    Licence.objects.bulk_create(
        Licence(enterprise=e, kind="other", number=f"N{e.pk}", expires_on="2027-01-01") for e in enterprises
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_600_enterprise_list_uses_a_bounded_number_of_queries(world, client_for):
    client = client_for(world.district_user)
    add_enterprises(world, 60, start=1000)
    small, _ = queries_for(client, "/enterprises/?per_page=600")
    add_enterprises(world, 540, start=2000)
    large, response = queries_for(client, "/enterprises/?per_page=600")
    assert response.content.decode().count('<tr><td><a href="/enterprises/') == 600
    assert large == small <= MAX_QUERIES


def test_api_list_and_map_data_do_not_grow_with_rows(world, client_for):
    client = client_for(world.district_user)
    add_enterprises(world, 50, start=1000)
    api_small, _ = queries_for(client, "/api/v1/enterprises/?page_size=600")
    map_small, _ = queries_for(client, "/map/data/")
    add_enterprises(world, 550, start=2000)
    api_large, response = queries_for(client, "/api/v1/enterprises/?page_size=600")
    map_large, _ = queries_for(client, "/map/data/")
    assert len(response.json()["results"]) == 600
    assert api_large == api_small <= MAX_QUERIES
    assert map_large == map_small <= MAX_QUERIES
