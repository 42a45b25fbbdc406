"""The 403, 404 and 500 pages (and the CSRF failure) are Chinese, in the site's layout, with DEBUG off; the 500
page renders even when the database is down; the favicon is linked and /favicon.ico answers."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import include, path

from worksafety.registry.models import Enterprise


def forbidden(request):
    raise PermissionDenied


def reads_the_database(request):
    Enterprise.objects.count()


# The site's addresses plus two that fail on purpose (pytest's `urls` marker points here).
urlpatterns = [
    path("test/forbidden/", forbidden),
    path("test/database/", reads_the_database),
    path("", include("worksafety.urls")),
]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture(autouse=True)
def no_debug(settings):
    settings.DEBUG = False


def in_layout(html: str):
    assert 'lang="zh-CN"' in html and "安全生产风险防控与应急管理平台" in html
    assert "web/favicon.svg" in html and "web/app.css" in html


def test_404_is_chinese_in_the_layout_with_the_menu(world, client_for):
    response = client_for(world.district_user).get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html and "Not Found" not in html
    in_layout(html)
    assert 'class="sidebar' in html  # a logged-in reader keeps the navigation


def test_404_for_the_public(db, client):
    response = client.get("/public/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    in_layout(response.content.decode())


def test_403_is_chinese_in_the_layout(world, client_for):
    response = client_for(world.district_user).get("/test/forbidden/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in html and "Forbidden" not in html
    in_layout(html)


def test_a_failed_csrf_check_is_explained_in_chinese(db):
    response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in html and "CSRF verification failed" not in html
    in_layout(html)


def test_500_renders_without_the_database(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.district_user)
    failure = OperationalError("database is unavailable")
    with mock.patch.object(CursorWrapper, "execute", side_effect=failure) as execute, \
            mock.patch.object(CursorWrapper, "executemany", side_effect=failure):
        response = client.get("/test/database/")
    assert execute.called  # the page did reach for the database, and the error page did not need it
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器错误" in html and "Server Error" not in html
    in_layout(html)


def test_favicon(world, client_for, client):
    assert 'rel="icon" href="/static/web/favicon.svg"' in client_for(world.district_user).get("/").content.decode()
    assert 'rel="icon" href="/static/web/favicon.svg"' in client_for(world.district_user).get(
        "/bigscreen/").content.decode()
    assert 'rel="icon" href="/static/web/favicon.svg"' in Client().get("/public/tipoffs/").content.decode()
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain == [("/static/web/favicon.svg", 301)]
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
