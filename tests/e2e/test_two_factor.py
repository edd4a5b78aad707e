"""The chair sets up two-factor sign-in, keeps the backup codes, and signs in again with a code."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, next_code

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in_with_password(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_the_chair_sets_up_two_factor_sign_in_and_signs_in_with_a_code(page, live_server, axe_clean, chair, board):
    sign_in_with_password(page, live_server, "chair")

    # Nothing else opens before the app is set up.
    expect(page).to_have_url(re.compile(r"/account/two-factor/\?next=%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Business plan")).to_have_count(0)
    qr = page.get_by_role("img", name=re.compile("QR code for your authenticator app"))
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0, "the QR code did not load"
    axe_clean(page)

    # No phone here: read the key as a person would type it into the app, and work out its code.
    secret = page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    expect(page.get_by_text("Print or save these codes now")).to_be_visible()
    codes = page.get_by_role("list", name="Backup codes").get_by_role("listitem")
    expect(codes).to_have_count(10)
    axe_clean(page)
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/{board.slug}/")

    page.get_by_role("button", name="chair").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/accounts/login/"))

    # Password, then a code: a wrong one is refused, the app's current one lets the chair in.
    sign_in_with_password(page, live_server, "chair")
    expect(page).to_have_url(re.compile(r"/account/two-factor/verify/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    axe_clean(page)
    device = TOTPDevice.objects.get(user=chair, confirmed=True)
    right = next_code(device)
    page.get_by_label("Code").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("That code is not right").first).to_be_visible()
    axe_clean(page)
    page.wait_for_timeout(1100)  # one wrong code makes the next try wait a second
    page.get_by_label("Code").fill(right)
    page.get_by_role("button", name="Continue").click()
    # The front page sends the reader of one board straight to it.
    expect(page).to_have_url(f"{live_server.url}/{board.slug}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/{board.slug}/challenges/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Challenge log")

    # The user menu leads back to the settings, which now say it is on.
    page.get_by_role("button", name="chair").click()
    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is on")
    expect(page.get_by_text("10 backup codes left")).to_be_visible()
    axe_clean(page)
