"""Signing in: lockout after wrong passwords (django-axes), password rules, sessions and their cookies."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.utils import get_random_secret_key
from django.test import RequestFactory
from django.urls import reverse

from lscb.signin import client_ip
from tests.test_settings import manage

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def attempt(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- lockout ------------------------------------------------------------------------------------


def test_five_wrong_passwords_pause_signing_in_even_with_the_right_one(client, board_member):
    for _ in range(4):
        response = attempt(client, "member", "not-the-password")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    fifth = attempt(client, "member", "not-the-password")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "Signing in is paused" in page
    assert "locked for 15 minutes" in page
    assert "contact the board's business manager" in page

    sixth = attempt(client, "member", PASSWORD)
    assert sixth.status_code == 429
    assert client.get("/")["Location"].startswith(reverse("login"))


def test_a_lockout_holds_one_username_at_one_address(client, board_member, chair):
    for _ in range(5):
        attempt(client, "member", "not-the-password")
    assert attempt(client, "member", PASSWORD).status_code == 429
    # A colleague behind the same office address still signs in...
    assert attempt(client, "chair", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    # ...and so does the member from another address.
    elsewhere = client.post(reverse("login"), {"username": "member", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


def test_the_right_password_starts_the_count_again(client, board_member):
    for _ in range(4):
        attempt(client, "member", "not-the-password")
    assert attempt(client, "member", PASSWORD)["Location"] == "/"
    client.post(reverse("logout"))
    for _ in range(4):
        assert attempt(client, "member", "not-the-password").status_code == 200
    assert attempt(client, "member", PASSWORD).status_code == 302


def test_the_lockout_is_configured_as_django_axes_8_needs(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left entry was written by the client
        (1, "", "10.0.0.1"),
    ],
)
def test_the_lockout_counts_the_address_the_trusted_proxy_saw(settings, proxies, forwarded, expected):
    settings.LSCB_TRUSTED_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **headers)
    assert client_ip(request) == expected


# --- passwords ----------------------------------------------------------------------------------


@pytest.mark.parametrize("password", ["short-pass", "password1234", "12345678901234"])
def test_weak_passwords_are_refused(board_member, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=board_member)


def test_a_long_uncommon_password_is_accepted(board_member):
    validate_password("correct horse battery staple", user=board_member)


# --- sessions and cookies -----------------------------------------------------------------------


def test_a_session_ends_after_eight_hours_without_a_request(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_every_request_renews_the_session_cookie_http_only_and_same_site_lax(client_for, board_member):
    client = client_for(board_member)
    response = client.get("/")
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == 8 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # The next request renews it again: expiry counts from the last request, not the sign-in.
    assert "sessionid" in client.get("/structure/").cookies


def test_the_csrf_cookie_is_same_site_lax_and_out_of_scripts_reach(client, settings):
    response = client.get(reverse("login"))
    cookie = response.cookies["csrftoken"]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]


def test_production_cookies_are_secure_only():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)",
        DJANGO_SECRET_KEY=get_random_secret_key() * 2,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "Lax"]
