"""The Content-Security-Policy (issue 14): every response carries it, the tile server of WORKSAFETY_TILE_URL may
serve images, and no template holds what the policy would block (inline script, inline event handlers,
javascript: URLs, HTMX attributes that evaluate code). The browser check of the pages is web/tests/test_xss_browser.py."""

import re
from pathlib import Path

import pytest

from worksafety.core.middleware import content_security_policy, tile_source

# Every app's templates and those of its sub-domain packages (settings.TEMPLATES DIRS).
TEMPLATES = sorted(path for pattern in ("*/templates/**/*.html", "*/*/templates/**/*.html")
                   for path in Path(__file__).resolve().parents[2].glob(pattern))


@pytest.mark.parametrize(("url", "source"), [
    ("", ""),
    ("/tiles/{z}/{x}/{y}.png", ""),  # the platform's own origin: 'self'
    ("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}", "https://*.tianditu.gov.cn"),
    ("http://10.1.2.3:8080/tiles/{z}/{x}/{y}.png", "http://10.1.2.3:8080"),
    ("http://tiles.{s}.example/{z}/{x}/{y}.png", "http:"),  # a placeholder CSP cannot express: the scheme
])
def test_the_tile_server_is_an_image_source(url, source):
    assert tile_source(url) == source
    images = next(d for d in content_security_policy(url).split("; ") if d.startswith("img-src "))
    assert images == " ".join(filter(None, ["img-src 'self' data: blob:", source]))


def test_every_response_carries_the_policy(db, client, settings):
    settings.WORKSAFETY_TILE_URL = "https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}"
    for path in ("/login/", "/public/tipoffs/", "/no-such-page/"):
        policy = client.get(path)["Content-Security-Policy"]
        directives = dict(d.split(" ", 1) for d in policy.split("; "))
        assert directives["script-src"] == "'self'" and directives["object-src"] == "'none'", path
        assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'", path
        assert directives["img-src"] == "'self' data: blob: https://*.tianditu.gov.cn", path


def test_the_api_docs_load_their_script_from_a_url(client, world):
    client.force_login(world.district_user)
    page = client.get("/api/v1/docs/").content.decode()
    assert re.search(r'<script src="[^"]*\?script=', page) and "<script>" not in page
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


BLOCKED = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an inline event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\shx-on[:-]"), "hx-on (inline script)"),
    # hx-vals with js:, or a trigger filter `event[condition]` (not a `from:input[type=text]` selector)
    (re.compile(r"hx-vals=['\"]\s*js:|hx-trigger=\"(?:[^\"]*[\s,])?[\w.-]+\s*\["), "HTMX code evaluation"),
]


def test_no_template_holds_what_the_policy_blocks():
    assert len(TEMPLATES) > 50
    found = [f"{path.relative_to(path.parents[3])}: {what}" for path in TEMPLATES for pattern, what in BLOCKED
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == []
