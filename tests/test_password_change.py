"""Changing one's own password in the app (lscb.password)."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

OLD = "a-long-test-password"
NEW = "heron-lantern-orchard-27"
URL = reverse("password-change")


def change(client, old: str, new1: str, new2: str | None = None):
    data = {"old_password": old, "new_password1": new1, "new_password2": new1 if new2 is None else new2}
    return client.post(URL, data, follow=True)


def test_a_member_changes_their_password_and_stays_signed_in_here_only(client_for, board_member):
    elsewhere = Client()
    elsewhere.force_login(board_member)
    assert elsewhere.get("/").status_code == 200

    client = client_for(board_member)
    page = client.get(URL).content.decode()
    assert "Change your password" in page and "at least 12 characters" in page

    done = change(client, OLD, NEW).content.decode()
    assert "Your password is changed." in done
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert elsewhere.get("/").url.startswith(reverse("login"))  # every other session ends

    member = get_user_model().objects.get(pk=board_member.pk)
    assert member.check_password(NEW) and not member.check_password(OLD)
    entry = LogEntry.objects.get(object_id=str(member.pk))
    assert entry.user == member and entry.change_message == "Changed their own password."

    fresh = Client()
    fresh.post(reverse("login"), {"username": member.username, "password": OLD})
    assert fresh.get("/").url.startswith(reverse("login"))
    fresh.post(reverse("login"), {"username": member.username, "password": NEW})
    assert fresh.get("/").status_code == 200


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("not-my-password", NEW, None, "Your old password was entered incorrectly."),
        (OLD, NEW, "heron-lantern-orchard-28", "The two password fields didn\u2019t match."),
        (OLD, "short-pw", None, "This password is too short. It must contain at least 12 characters."),
        (OLD, "password1234", None, "This password is too common."),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(client_for, board_member, old, new1, new2, message):
    client = client_for(board_member)
    response = change(client, old, new1, new2)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert get_user_model().objects.get(pk=board_member.pk).check_password(OLD)
    assert not LogEntry.objects.exists()


def test_signing_in_is_needed_to_change_a_password(client):
    assert client.get(URL).url.startswith(reverse("login"))


def test_guessing_the_old_password_is_paused_like_signing_in(client_for, board_member):
    # An unlocked screen must not be a way to guess someone's password without limit.
    client = client_for(board_member)
    for _ in range(4):
        assert "Your old password was entered incorrectly." in change(client, "a-wrong-guess", NEW).content.decode()
    fifth = change(client, "a-wrong-guess", NEW)
    assert fifth.status_code == 429 and "Signing in is paused" in fifth.content.decode()
    sixth = change(client, OLD, NEW)
    assert sixth.status_code == 429
    assert get_user_model().objects.get(pk=board_member.pk).check_password(OLD)


def test_a_failed_attempt_keeps_no_password_and_a_change_ends_the_count(client_for, board_member):
    from axes.models import AccessAttempt

    client = client_for(board_member)
    change(client, "a-wrong-guess", NEW)
    change(client, "", NEW)  # left blank: a mistake, not a guess
    attempt = AccessAttempt.objects.get(username=board_member.username)
    assert attempt.failures_since_start == 1
    assert "a-wrong-guess" not in attempt.post_data and NEW not in attempt.post_data
    change(client, OLD, NEW)
    assert not AccessAttempt.objects.filter(username=board_member.username).exists()
