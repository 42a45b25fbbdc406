"""Every role follows the links of its pages, breadth-first from its home page, and none of them is dead: a link
that answers 403, 404 or 500 (or any error), or that lands on the login page, is a bug where the link is drawn,
not where it lands. The addresses the page scripts fetch (hx-get, data-source, data-outlines) are visited like
links; the patterns they build addresses from ({% url 'name' 0 %} in a data-…-url) and the event streams (which
stay open) must resolve to a view."""

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import Resolver404, resolve

from conftest import DEMO_PASSWORD

# One login of each kind in the small demo (not every enterprise or street).
ROLES = ["admin", "district", "dept_transport", "street_{street}", "park_dagushan", "ent_{uscc}", "expert1"]
PER_URL_NAME = 2  # a url name's first two addresses stand for it: one detail page is like the next
# Another order or page of a list already fetched draws the same links (sorting and paging have their own tests).
PRESENTATION_ONLY = {"sort", "page", "per_page"}
SKIP_PREFIXES = ("/logout/", "/static/", "/admin/")
PUBLIC_PREFIX = "/public/"
FILE_FORMATS = {"xlsx", "pdf", "docx", "csv", "cap"}


# The attributes whose address a script fetches (HTMX, and the maps and charts: grep the static JS for fetch(
# and dataset), and those only resolved: an event stream stays open for minutes (monitoring.views.STREAM_SECONDS).
FETCHED = {"hx-get", "data-source", "data-outlines"}
RESOLVED = {"data-stream"}
PATTERN = "0"  # data-…-url holds {% url 'name' 0 %}; ws.url (web/static/web/app.js) puts the id in its place


class Links(HTMLParser):
    """The addresses of a page: (kind, address) with kind "link", "fetched", "resolved" or "pattern"."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if tag == "a" and name == "href":
                self.found.append(("link", value))
            elif name in FETCHED:
                self.found.append(("fetched", value))
            elif name in RESOLVED:
                self.found.append(("resolved", value))
            elif name.startswith("data-") and name.endswith("-url"):
                self.found.append(("pattern", value))


def links_of(url, html):
    parser = Links()
    parser.feed(html)
    for kind, href in parser.found:
        parts = urlsplit(urljoin(url, href))
        if parts.scheme not in ("http", "") or parts.netloc not in ("testserver", ""):
            continue  # another site, mailto:, tel:, javascript:
        yield kind, parts.path + (f"?{parts.query}" if parts.query else "")


def resolves(address, pattern=False) -> bool:
    path = address.partition("?")[0]
    if pattern and not path.endswith(f"/{PATTERN}/"):
        return False
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def skipped(url, public_pages):
    path, _, query = url.partition("?")
    params = parse_qs(query)
    if path.startswith(SKIP_PREFIXES) or (path.startswith(PUBLIC_PREFIX) and not public_pages):
        return True
    if params and set(params) <= PRESENTATION_ONLY:
        return True
    # Downloads: exports and files, not pages with links.
    return "export" in params or FILE_FORMATS & set(params.get("format", [])) or \
        path.rsplit(".", 1)[-1] in FILE_FORMATS


def crawl(client, start, public_pages=False):
    """Breadth-first over same-site links and fetched addresses; returns the dead ones as (url, status, found on).
    A redirect is followed to where it lands: another page is fine, the login page is dead."""
    seen, per_name, dead = {start}, Counter(), []
    login = resolve_url(settings.LOGIN_URL)
    queue = deque([(start, "")])
    while queue:
        url, found_on = queue.popleft()
        try:
            response = client.get(url, follow=True)
        except Exception as error:  # a 500: record it and go on, so one run lists every dead link
            dead.append((url, f"500 {type(error).__name__}: {error}", found_on))
            continue
        if any(urlsplit(hop).path == login for hop, _ in response.redirect_chain):
            dead.append((url, "redirected to the login page", found_on))
            continue
        if response.status_code >= 400:
            dead.append((url, response.status_code, found_on))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for kind, link in links_of(url, response.content.decode()):
            if kind in ("resolved", "pattern"):
                if not resolves(link, pattern=kind == "pattern"):
                    dead.append((link, f"{kind}: no view", url))
                continue
            if link in seen or skipped(link, public_pages):
                continue
            seen.add(link)
            try:
                name = resolve(link.partition("?")[0]).view_name
            except Resolver404:
                dead.append((link, 404, url))
                continue
            per_name[name] += 1
            if per_name[name] <= PER_URL_NAME:
                queue.append((link, url))
    return dead


@pytest.fixture(autouse=True)
def attachment_dir():
    """Unlike other tests, keep the demo's attachment folder (set by `small_demo`): its pages link the files."""


@pytest.fixture(scope="module")
def logins(small_demo):
    street = next(login for login in small_demo.logins if login.username.startswith("street_"))
    uscc = next(login.enterprise_uscc for login in small_demo.logins if login.username.startswith("ent_"))
    return {"street": street.username.removeprefix("street_"), "uscc": uscc}


@pytest.mark.parametrize("login", ROLES)
def test_no_dead_links(small_demo, db, logins, login):
    client = Client()
    assert client.login(username=login.format(**logins), password=DEMO_PASSWORD)
    dead = crawl(client, "/")
    assert not dead, "\n".join(map(str, dead))


def test_public_pages_have_no_dead_links(small_demo, db):
    dead = crawl(Client(), "/public/tipoffs/", public_pages=True)
    assert not dead, "\n".join(map(str, dead))


def test_the_crawl_reads_what_the_scripts_fetch_and_the_address_patterns_they_fill_in():
    html = ('<a href="/a/">a</a><div hx-get="/b/" data-source="/c/?x=1" data-outlines="/d/" data-stream="/e/" '
            'data-unit-url="/hazard-units/0/" data-tiles="https://tiles.example/{z}/{x}/{y}.png"></div>')
    assert list(links_of("/", html)) == [("link", "/a/"), ("fetched", "/b/"), ("fetched", "/c/?x=1"),
                                         ("fetched", "/d/"), ("resolved", "/e/"), ("pattern", "/hazard-units/0/")]
    assert resolves("/hazard-units/0/", pattern=True)
    assert not resolves("/hazard-units/", pattern=True) and not resolves("/no-such-page/0/", pattern=True)


def test_a_link_that_lands_on_the_login_page_is_dead(db):
    assert crawl(Client(), "/") == [("/", "redirected to the login page", "")]
