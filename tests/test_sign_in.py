"""Signing in: lockout after wrong passwords (django-axes), password rules, sessions and their cookies."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management.utils import get_random_secret_key
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

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


def test_a_session_lasts_eight_hours_from_its_last_renewal(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.LSCB_SESSION_RENEW_SECONDS == 5 * 60


def test_the_session_cookie_is_http_only_and_same_site_lax(client, board_member):
    cookie = attempt(client, "member", PASSWORD).cookies["sessionid"]
    assert cookie["max-age"] == 8 * 60 * 60
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_requests_renew_the_session_every_few_minutes_not_every_time(board, client_for, board_member, monkeypatch):
    client = client_for(board_member)
    now = [time.time()]
    monkeypatch.setattr("lscb.sessions.time.time", lambda: now[0])
    client.get("/")  # renewed: the first request after signing in
    session = Session.objects.get()
    first_expiry = session.expire_date

    now[0] += 4 * 60
    assert "sessionid" not in client.get(f"/{board.slug}/structure/").cookies
    assert Session.objects.get().expire_date == first_expiry

    # The first request after five minutes renews it: expiry counts again from then.
    now[0] += 2 * 60
    assert client.get(f"/{board.slug}/structure/").cookies["sessionid"]["max-age"] == 8 * 60 * 60
    assert Session.objects.get().expire_date > first_expiry


def test_a_session_idle_past_its_expiry_signs_the_user_out(client_for, board_member):
    client = client_for(board_member)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


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


def test_an_unknown_session_cookie_makes_no_session(client):
    client.cookies["sessionid"] = "a" * 32
    for _ in range(3):
        response = client.get(reverse("login"))
        assert response.status_code == 200
    assert not Session.objects.exists()
