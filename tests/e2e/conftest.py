"""Browser tests: Chromium against the live server, every visited page checked by axe."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "a-long-test-password"


@pytest.fixture
def axe_clean():
    """axe_clean(page): assert axe finds no accessibility violation on the page as it stands."""
    axe = Axe()

    def check(page):
        results = axe.run(page)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def sign_in(live_server, axe_clean):
    """sign_in(page, username): through the real sign-in page."""

    def go(page, username: str):
        page.goto(f"{live_server.url}/accounts/login/")
        axe_clean(page)
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, "sign-in failed"

    return go
