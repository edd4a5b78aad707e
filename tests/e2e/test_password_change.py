"""A board member changes their password from the account menu, and signs in with the new one."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEW = "heron-lantern-orchard-27"
# "New password" with the required mark, not "New password confirmation".
NEW_LABEL = re.compile(r"New password\W*$")


def test_a_member_changes_their_password_from_the_account_menu(page, live_server, sign_in, axe_clean, board_member):
    sign_in(page, "member")
    page.get_by_role("button", name="member").click()
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    axe_clean(page)

    # A mistake first: the page says what is wrong, field by field.
    page.get_by_label("Old password").fill("not-my-password")
    page.get_by_label(NEW_LABEL).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your old password was entered incorrectly.").first).to_be_visible()
    axe_clean(page)

    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label(NEW_LABEL).fill(NEW)
    page.get_by_label("New password confirmation").fill(NEW)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your password is changed.")).to_be_visible()
    axe_clean(page)

    page.get_by_role("button", name="member").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("member")
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="member")).to_be_visible()
