"""The bell in every page's header (web/context_processors.py): the unread count of one's own inbox, one query
when a page shows it and none for anonymous users."""

from django.contrib.auth.models import AnonymousUser

from worksafety.core.tests.test_notifications import make
from worksafety.web.context_processors import platform


def test_the_bell_shows_the_unread_count(world, client_for):
    make(world.street_a_user, 3)
    page = client_for(world.street_a_user).get("/").content.decode()
    assert 'href="/inbox/"' in page and "消息（3 条未读）" in page


def test_the_bell_costs_one_query_and_nothing_for_anonymous_users(world, rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert "unread_notifications" not in platform(request)
    request.user = world.street_a_user
    make(world.street_a_user, 2)
    count = platform(request)["unread_notifications"]
    with django_assert_num_queries(1):
        assert count() == 2 and count() == 2
