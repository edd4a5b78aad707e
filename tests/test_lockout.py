"""Wrong passwords where the app is reached directly: the client's own X-Forwarded-For is never
believed unless proxies are declared, and a per-account delay holds whatever the address."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.core.management.utils import get_random_secret_key
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lscb import signin
from tests.factories import UserFactory
from tests.test_settings import manage

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
WAIT_PAGE = "Too many attempts for this account: wait"


def attempt(client, username: str, password: str, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def spoofed(n: int) -> dict[str, str]:
    """A client writing its own X-Forwarded-For, a new address every time."""
    return {"HTTP_X_FORWARDED_FOR": f"198.51.{n // 250}.{n % 250 + 1}"}


def from_address(n: int) -> dict[str, str]:
    """A real new connection address every time (a botnet)."""
    return {"REMOTE_ADDR": f"203.0.{n // 250}.{n % 250 + 1}"}


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, moved by clock.move(seconds) instead of sleeping: the records of wrong
    passwords and sign-ins are stamped by it, and the delays are measured by it."""
    real_now = timezone.now

    class Clock:
        offset = timedelta(0)

        def move(self, seconds: float) -> None:
            self.offset += timedelta(seconds=seconds)

    clock = Clock()
    moved = lambda: real_now() + clock.offset  # noqa: E731
    monkeypatch.setattr(timezone, "now", moved)
    # django-axes reads the clock through its own names.
    monkeypatch.setattr("axes.handlers.proxy.now", moved)
    monkeypatch.setattr("axes.attempts.now", moved)
    return clock


@pytest.fixture
def chair_user(db):
    return UserFactory(username="Siân Ó Briain-Llewellyn, chair", roles=[])


# --- the reproduction ---------------------------------------------------------------------------


def test_production_trusts_no_proxy_unless_told():
    code = "from django.conf import settings; print(settings.LSCB_TRUSTED_PROXIES)"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY=get_random_secret_key() * 2)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_a_client_writing_its_own_forwarded_for_is_locked_out_as_anyone_else(client, board_member):
    answers = [attempt(client, "member", "not-the-password", **spoofed(n)) for n in range(12)]
    assert [answer.status_code for answer in answers] == [200] * 4 + [429] * 8
    assert "Signing in is paused" in answers[4].content.decode()
    assert attempt(client, "member", PASSWORD, **spoofed(12)).status_code == 429
    assert client.get("/")["Location"].startswith(reverse("login"))


def test_even_trusting_a_proxy_that_is_not_there_twelve_spoofed_addresses_end_in_the_account_delay(
    client, settings, board_member
):
    # The old production default: one proxy trusted, the app reached directly.
    settings.LSCB_TRUSTED_PROXIES = 1
    answers = [attempt(client, "member", "not-the-password", **spoofed(n)).status_code for n in range(12)]
    assert answers == [200] * 10 + [429, 429]
    right = attempt(client, "member", PASSWORD, **spoofed(12))
    assert right.status_code == 429
    assert WAIT_PAGE in right.content.decode()
    assert client.get("/")["Location"].startswith(reverse("login"))


# --- the per-account delay ----------------------------------------------------------------------


def test_wrong_passwords_from_ever_new_addresses_slow_the_account_down(client, clock, chair_user):
    name = chair_user.username
    for n in range(10):
        assert attempt(client, name, "not-the-password", **from_address(n)).status_code == 200
    assert AccessFailureLog.objects.filter(username=name).count() == 10

    waiting = attempt(client, name, PASSWORD, **from_address(10))
    assert waiting.status_code == 429
    assert waiting["Retry-After"] == "30"
    page = waiting.content.decode()
    assert "Too many attempts for this account: wait 30 seconds." in page
    assert "Siân Ó Briain-Llewellyn, chair" in page
    # Not checked, not counted: waiting does not make the wait longer.
    assert AccessFailureLog.objects.filter(username=name).count() == 10
    clock.move(20)
    assert "wait 10 seconds" in attempt(client, name, "x", **from_address(11)).content.decode()

    # After the wait the right password signs in, from yet another address.
    clock.move(10)
    assert attempt(client, name, PASSWORD, **from_address(12))["Location"] == "/"


def test_each_further_wrong_password_doubles_the_wait_up_to_fifteen_minutes(client, clock, board_member):
    for n in range(10):
        attempt(client, "member", "not-the-password", **from_address(n))
    waits = []
    for n in range(10, 18):
        response = attempt(client, "member", "not-the-password", **from_address(n))
        waits.append(int(response["Retry-After"]))
        clock.move(waits[-1])
        # The wait is over: this wrong password is checked and counted.
        assert attempt(client, "member", "not-the-password", **from_address(n + 100)).status_code == 200
    assert waits == [30, 60, 120, 240, 480, 900, 900, 900]
    page = attempt(client, "member", PASSWORD, **from_address(200)).content.decode()
    assert "Too many attempts for this account: wait 15 minutes." in page


def test_the_delay_holds_one_account_only(client, clock, board_member, chair):
    for n in range(10):
        attempt(client, "member", "not-the-password", **from_address(n))
    assert attempt(client, "member", PASSWORD, **from_address(10)).status_code == 429
    assert attempt(client, "chair", PASSWORD, **from_address(11)).status_code == 302


def test_the_right_password_starts_the_account_count_again(client, clock, board_member):
    for n in range(9):
        attempt(client, "member", "not-the-password", **from_address(n))
    clock.move(1)
    assert attempt(client, "member", PASSWORD, **from_address(9)).status_code == 302
    client.post(reverse("logout"))
    clock.move(1)
    for n in range(20, 29):
        assert attempt(client, "member", "not-the-password", **from_address(n)).status_code == 200
    assert attempt(client, "member", PASSWORD, **from_address(30)).status_code == 302


def test_wrong_passwords_older_than_a_day_no_longer_count(client, clock, board_member):
    for n in range(10):
        attempt(client, "member", "not-the-password", **from_address(n))
    clock.move(24 * 60 * 60 + 1)
    assert attempt(client, "member", PASSWORD, **from_address(10)).status_code == 302


def test_wrong_passwords_are_deleted_once_older_than_a_day(client, clock, board_member, chair):
    for n in range(3):
        attempt(client, "member", "not-the-password", **from_address(n))
    attempt(client, "chair", "not-the-password")
    clock.move(24 * 60 * 60 + 1)
    attempt(client, "member", "not-the-password", **from_address(3))
    # Every username's old rows go with the next wrong password.
    assert list(AccessFailureLog.objects.values_list("username", flat=True)) == ["member"]


def test_the_owner_at_an_address_it_signed_in_from_is_not_slowed_by_strangers(client, clock, board_member):
    home = {"REMOTE_ADDR": "2001:db8:0:0:0:0:0:7"}
    assert attempt(client, "member", PASSWORD, **home).status_code == 302
    client.post(reverse("logout"))
    clock.move(60)
    for n in range(12):
        attempt(client, "member", "not-the-password", **from_address(n))
    assert attempt(client, "member", PASSWORD, **from_address(50)).status_code == 429
    # The same address written another way is the same address.
    assert attempt(client, "member", PASSWORD, REMOTE_ADDR="2001:db8::7").status_code == 302


def test_the_admin_sign_in_is_delayed_too(client, clock, manager):
    for n in range(10):
        client.post(reverse("admin:login"), {"username": "manager", "password": "nope"}, **from_address(n))
    response = client.post(reverse("admin:login"), {"username": "manager", "password": PASSWORD}, **from_address(10))
    assert response.status_code == 429


def test_a_delayed_try_costs_a_few_queries_and_no_password_check(
    client, clock, board_member, django_assert_max_num_queries, monkeypatch
):
    for n in range(10):
        attempt(client, "member", "not-the-password", **from_address(n))
    monkeypatch.setattr("django.contrib.auth.forms.authenticate", lambda *a, **k: pytest.fail("password checked"))
    # The account's count, the session, and the boards (the page bears the board's or the site's name).
    with django_assert_max_num_queries(3):
        assert attempt(client, "member", PASSWORD, **from_address(10)).status_code == 429


def test_a_wrong_password_costs_a_bounded_number_of_queries(client, board_member, django_assert_max_num_queries):
    # django-axes's own (its records, their savepoints), then one to read the account's count, and
    # one to write the failure and delete the account's old ones; one for the boards (the page's name).
    with django_assert_max_num_queries(17):
        assert attempt(client, "member", "not-the-password").status_code == 200


@pytest.mark.parametrize(
    ("failures", "seconds"), [(0, 0), (9, 0), (10, 30), (11, 60), (13, 240), (15, 900), (40, 900), (10**6, 900)]
)
def test_the_delay_after_wrong_passwords(failures, seconds):
    assert signin.delay_after(failures).total_seconds() == seconds


@pytest.mark.parametrize(
    ("seconds", "text"), [(1, "1 second"), (30, "30 seconds"), (119, "119 seconds"), (121, "3 minutes")]
)
def test_the_wait_is_said_in_seconds_then_minutes(seconds, text):
    assert signin.wait_text(seconds) == text


# --- X-Forwarded-For ----------------------------------------------------------------------------


@pytest.fixture
def fresh_warning(monkeypatch):
    monkeypatch.setattr(signin, "_warned", False)


def test_a_forwarded_for_without_a_trusted_proxy_is_ignored_with_one_warning(client, caplog, fresh_warning):
    with caplog.at_level(logging.WARNING, logger="lscb.signin"):
        for n in range(3):
            client.get(reverse("login"), **spoofed(n))
            attempt(client, "nobody", "not-the-password", **spoofed(n))
    warnings = [record.getMessage() for record in caplog.records if record.name == "lscb.signin"]
    assert warnings == [
        "X-Forwarded-For received but LSCB_TRUSTED_PROXIES is 0: the client address is the connection's; "
        "set it to the number of proxies in front of the app"
    ]
    # Counted at the connection's address.
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_no_warning_without_the_header_or_with_a_proxy_declared(client, settings, caplog, fresh_warning):
    with caplog.at_level(logging.WARNING, logger="lscb.signin"):
        client.get(reverse("login"))
        settings.LSCB_TRUSTED_PROXIES = 1
        client.get(reverse("login"), **spoofed(1))
    assert not [record for record in caplog.records if record.name == "lscb.signin"]


def test_one_trusted_proxy_counts_the_address_it_appended(client, settings, board_member):
    settings.LSCB_TRUSTED_PROXIES = 1
    for n in range(5):
        # The client's own entries on the left change every time; the proxy's entry does not.
        forwarded = f"{spoofed(n)['HTTP_X_FORWARDED_FOR']}, 192.0.2.44"
        attempt(client, "member", "not-the-password", HTTP_X_FORWARDED_FOR=forwarded)
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"192.0.2.44"}
    assert attempt(client, "member", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.44").status_code == 429
    assert attempt(client, "member", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.45").status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.1", "10.0.0.1"),  # fewer entries than proxies: not through them
        (1, "not-an-address", "10.0.0.1", "10.0.0.1"),
        (1, "203.0.113.9:51234", "10.0.0.1", "203.0.113.9"),
        (1, "[2001:DB8::0:1]:443", "10.0.0.1", "2001:db8::1"),
        (1, "::ffff:203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (1, "fe80::1%eth0", "10.0.0.1", "fe80::1"),
        (1, " , ,", "10.0.0.1", "10.0.0.1"),
        (0, "203.0.113.9", "", None),
        (0, "", "2001:0db8:0000::0001", "2001:db8::1"),
    ],
)
def test_the_address_is_one_address_or_the_connections(settings, proxies, forwarded, remote, expected):
    settings.LSCB_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert signin.client_ip(request) == expected


def test_a_trusted_proxy_count_that_is_not_a_number_stops_the_start_with_the_reason():
    result = manage("check", DJANGO_SECRET_KEY=get_random_secret_key() * 2, LSCB_TRUSTED_PROXIES="one")
    assert result.returncode != 0
    assert 'LSCB_TRUSTED_PROXIES is the number of proxies in front of the app (0 for none), not "one"' in result.stderr


def test_the_deployment_check_says_when_no_proxy_is_trusted_and_passes():
    key = get_random_secret_key() * 2
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=key)
    assert result.returncode == 0, result.stderr
    assert "lscb.I001" in result.stdout + result.stderr
    declared = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=key, LSCB_TRUSTED_PROXIES="1")
    assert declared.returncode == 0, declared.stderr
    assert "lscb.I001" not in declared.stdout + declared.stderr


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_an_over_long_username_is_refused_by_the_form_and_never_recorded(client, path):
    from axes.models import AccessAttempt

    response = client.post(path, {"username": "Zoë Ångström-Ørsted " * 20, "password": "x"})
    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
