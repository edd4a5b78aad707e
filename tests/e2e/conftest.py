"""Browser tests: Chromium against the live server, every visited page checked by axe."""

import os
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lscb.two_factor import middleware as two_factor
from tests.factories import TOTPDeviceFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "a-long-test-password"


def next_code(device: TOTPDevice) -> str:
    """A code the app would show that the device has not accepted yet (each is accepted once),
    waiting for the next 30-second step if this one and the one after are used up."""
    device.refresh_from_db()
    now = int(time.time() // device.step)
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        time.sleep((step - device.tolerance) * device.step - time.time() + 0.2)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = step * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture(autouse=True)
def no_content_security_policy_violations(request):
    """Every page a test opens: the browser refuses nothing under the Content Security Policy."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    yield refused
    assert not refused, "\n".join(refused)


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
    """sign_in(page, username): through the real sign-in page, then the code page for those who
    must use two-factor sign-in (they get an authenticator app here if they have none)."""

    def go(page, username: str):
        user = get_user_model().objects.get(username=username)
        device = None
        if two_factor.required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDeviceFactory(user=user)
        page.goto(f"{live_server.url}/accounts/login/")
        axe_clean(page)
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, "sign-in failed"
        if device is not None:
            assert "/account/two-factor/verify/" in page.url, f"no code asked of {username}"
            axe_clean(page)
            page.get_by_label("Code").fill(next_code(device))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()
            assert "/account/two-factor/" not in page.url, "the code was refused"

    return go
