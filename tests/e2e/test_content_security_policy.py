"""The main pages of the demo board, with their scripts, htmx and charts, break no rule of the
Content Security Policy (the autouse fixture in conftest.py listens to the browser's console)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from governance.models import Board

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# "{board}": the demo's children's board; the list of boards and the adults' board's home too.
PAGES = [
    "/",
    "/{board}/",
    "/{adults}/",
    "/{board}/structure/",
    "/{board}/calendar/",
    "/{board}/attendance/",
    "/{board}/plan/",
    "/{board}/challenges/",
    "/{board}/agencies/",
    "/{board}/people/",
    "/{board}/memberships/",
    "/{board}/yearend/",
    "/{board}/import/",
    "/account/two-factor/",
    "/privacy/",
]


@pytest.fixture
def demo_board(manager):
    call_command("demo_data", "--force", stdout=StringIO())


def test_the_main_pages_keep_to_the_content_security_policy(
    page, live_server, sign_in, demo_board, no_content_security_policy_violations
):
    refused = no_content_security_policy_violations
    sign_in(page, "manager")
    # The listener hears a violation when there is one: an inline style added to the page.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')")
    page.wait_for_timeout(200)
    assert any("style-src" in message for message in refused), refused
    refused.clear()

    slugs = {"board": Board.objects.get(kind="children").slug, "adults": Board.objects.get(kind="adults").slug}
    for path in PAGES:
        page.goto(f"{live_server.url}{path.format(**slugs)}")
        page.wait_for_load_state("networkidle")
        expect(page.get_by_role("heading", level=1).first).to_be_visible()

    # The pages with charts, scripts and htmx: a plan, an action's update form in place, the report.
    page.goto(f"{live_server.url}/{slugs['board']}/plan/")
    page.get_by_role("link", name=re.compile(r"^Business Plan ")).first.click()
    page.get_by_role("link", name=re.compile(r"^Update ")).first.click()
    expect(page.get_by_role("link", name="Cancel").first).to_be_visible()  # the form, swapped in by htmx
    page.goto(f"{live_server.url}/{slugs['board']}/yearend/")
    page.get_by_role("link", name=re.compile(r"^Read ")).first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("img.chart-image").first).to_be_visible()
    assert not refused, "\n".join(refused)
