"""Security headers on every response, and pages that the Content Security Policy does not break.

The policy allows no inline script or style, so no page may carry a <script> without src, a
<style> element, a style="" attribute or an on...="" handler: a crawl of the demo board checks.
"""

import re
from collections import deque
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponseNotFound

from lscb.headers import SecurityHeadersMiddleware
from tests.factories import TOTPDeviceFactory, ensure_roles

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

INLINE = {
    "an inline <script>": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an inline event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE),
    "a javascript: URL": re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE),
}

# Links a crawl does not follow: downloads, exports, signing out, Django's admin.
NOT_PAGES = re.compile(r"^/(static/|admin/|accounts/logout/)|\.(pdf|docx|xlsx|csv|json|svg)$|[?&]_export=")


def inline_code(html: str) -> list[str]:
    found = []
    for what, pattern in INLINE.items():
        for match in pattern.finditer(html):
            found.append(f"{what}: {html[max(0, match.start() - 60) : match.end() + 60]!r}")
    return found


def test_a_page_carries_every_security_header(client_for, board_member):
    response = client_for(board_member).get("/")
    assert response.status_code == 200
    for name, value in HEADERS.items():
        assert response[name] == value, name


@pytest.mark.parametrize("path", ["/accounts/login/", "/privacy/", "/no-such-page/"])
def test_pages_for_anyone_carry_them_too(client, path):
    response = client.get(path)
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Frame-Options"] == "DENY"
    assert not inline_code(response.content.decode())


def test_htmx_leaves_its_indicator_styles_to_our_stylesheet(client):
    html = client.get("/accounts/login/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in html


def test_the_two_factor_pages_have_no_inline_script_or_style(client, board_member, manager):
    client.force_login(board_member)
    assert not inline_code(client.get("/account/two-factor/").content.decode())
    TOTPDeviceFactory(user=manager)
    client.force_login(manager)
    assert not inline_code(client.get("/account/two-factor/verify/").content.decode())


# --- a crawl of the demo board -----------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_board(django_db_setup, django_db_blocker):
    """The demo board and its sign-ins, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        ensure_roles()  # an earlier browser test's flush may have removed them
        call_command("demo_data", "--today", date(2026, 11, 27).isoformat(), "--force", stdout=StringIO())
        call_command("demo_logins", "--force", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def crawl(client, start: str = "/", limit: int = 80) -> dict[str, str]:
    """The HTML of every page reachable by links from `start` (up to `limit` pages)."""
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        pages[path] = html
        for link in re.findall(r'href="(/[^"#]*)', html):
            link = link.replace("&amp;", "&")
            if link not in seen and not NOT_PAGES.search(link):
                seen.add(link)
                queue.append(link)
    return pages


@pytest.mark.parametrize("username", ["manager", "subchair"])
def test_no_page_of_the_demo_board_has_inline_script_or_style(demo_board, client_for, username):
    client = client_for(get_user_model().objects.get(username=username))
    # The front page lists the manager's two boards, and sends the sub-group chair on to theirs.
    front = client.get("/")
    pages = crawl(client, front["Location"] if front.status_code == 302 else "/")
    assert len(pages) >= 30, sorted(pages)
    problems = {path: found for path, html in pages.items() if (found := inline_code(html))}
    assert not problems, "\n".join(f"{path}: {found[0]}" for path, found in problems.items())


def test_with_debug_on_djangos_error_pages_stay_readable(client, settings):
    settings.DEBUG = True
    middleware = SecurityHeadersMiddleware(lambda request: HttpResponseNotFound("technical 404"))
    assert "Content-Security-Policy" not in middleware(None)
    settings.DEBUG = False
    assert SecurityHeadersMiddleware(lambda request: HttpResponseNotFound())(None)["Content-Security-Policy"] == CSP
