"""The per-account delay as the account's owner meets it: told how long to wait, then signed in."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NAME = "Siân Ó Briain-Llewellyn"


def test_after_a_strangers_wrong_passwords_the_owner_waits_then_signs_in(page, live_server, axe_clean):
    UserFactory(username=NAME, roles=[])
    # A stranger's wrong passwords from ten addresses elsewhere, just now.
    for n in range(10):
        AccessFailureLog.objects.create(username=NAME, ip_address=f"203.0.113.{n + 1}", user_agent="x")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(NAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts")
    expect(page.get_by_text(re.compile(r"Too many attempts for this account: wait [0-9]+ seconds\."))).to_be_visible()
    expect(page.get_by_text(NAME)).to_be_visible()
    axe_clean(page)
    page.screenshot(path="/tmp/lockout-account-wait.png", full_page=True)

    # The wait is over.
    AccessFailureLog.objects.update(attempt_time=timezone.now() - timedelta(seconds=31))
    page.get_by_role("link", name="Back to signing in").click()
    page.get_by_label("Username").fill(NAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
