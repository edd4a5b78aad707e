"""Shared fixtures: users per role, a small board, and Chromium for browser tests."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from lscb import roles
from lscb.two_factor import middleware as two_factor
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    TOTPDeviceFactory,
    UserFactory,
    default_board,
    ensure_roles,
)


@pytest.fixture(autouse=True)
def _roles_after_flush(request):
    """Every database test starts with the roles: a transactional test's flush removes them
    (data migrations made them), and browser tests do not always run last."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    ensure_roles()


@pytest.fixture
def board(db):
    """The board every factory's records belong to unless a test names another."""
    return default_board()


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", roles=[roles.BUSINESS_MANAGER])


@pytest.fixture
def chair(db):
    return UserFactory(username="chair", roles=[roles.CHAIR])


@pytest.fixture
def board_member(db):
    return UserFactory(username="member", roles=[roles.BOARD_MEMBER])


@pytest.fixture
def chaired_group(db):
    return GroupFactory(name="Quality and Effectiveness Group", short_name="QEG")


@pytest.fixture
def subgroup_chair(db, chaired_group):
    """A sub-group chair whose person chairs `chaired_group` (and nothing else)."""
    user = UserFactory(username="subchair", roles=[roles.SUBGROUP_CHAIR])
    person = PersonFactory(name="Sam Chair", user=user)
    MembershipFactory(group=chaired_group, person=person, role="chair")
    return user


def complete_second_step(client, user) -> None:
    """Mark the client's session as signed in with a code too, as django-otp does after one is typed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDeviceFactory(user=user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user (None: anonymous).

    Users who must use two-factor sign-in get an app and a session that has used it, so tests of
    pages test the pages (tests/test_two_factor.py tests the second step itself).
    """

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
            # A fresh copy: role_names() caches on the instance, and tests change roles later.
            if two_factor.required(get_user_model().objects.get(pk=user.pk)):
                complete_second_step(client, user)
        return client

    return sign_in


# --- the permission matrix's tally (tests/test_permission_matrix.py) -------------------------

MATRIX_TALLY = pytest.StashKey[list]()


@pytest.fixture
def matrix_tally(request) -> list:
    """Each matrix test appends (kind, what it checked, how many answers); the summary adds them up."""
    return request.config.stash.setdefault(MATRIX_TALLY, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    tally = config.stash.get(MATRIX_TALLY, [])
    if not tally:
        return

    def total(kind: str) -> tuple[int, int]:
        rows = [count for row_kind, _, count in tally if row_kind == kind]
        return len(rows), sum(rows)

    (urls, answers), (swaps, swapped), (sweeps, swept) = total("matrix"), total("scope"), total("two-factor")
    callers = answers // urls if urls else 0
    terminalreporter.write_line(
        f"Permission matrix: {urls} URL patterns x {callers} callers (anonymous, 4 roles, no role) = {answers} "
        f"answers checked; object scope: {swaps} swapped-id checks ({swapped} answers); two-factor sweep: "
        f"{sweeps} users x every URL ({swept} answers)."
    )


# --- PostgreSQL-only tests --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """A test marked postgres_only (stopping the server, pg_dump) runs in the PostgreSQL run;
    .ci/test-all deselects it on SQLite. Run by hand on SQLite it is skipped, never in CI."""
    if request.node.get_closest_marker("postgres_only") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        if os.environ.get("CI") == "true":
            pytest.fail("A postgres_only test ran on SQLite: the SQLite run must deselect it (-m 'not postgres_only').")
        pytest.skip("needs PostgreSQL: run it through .ci/with-postgres")


# --- browser tests ---------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    browser_tests = [item for item in items if "e2e" in item.nodeid.split("/")]
    for item in browser_tests:
        item.add_marker(pytest.mark.browser)
    if browser_tests and not os.path.exists(CHROMIUM):
        # In CI a missing Chromium is an error, never a skip.
        raise pytest.UsageError(f"Chromium not found at {CHROMIUM}: browser tests cannot run (make test installs it).")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _uploads_in_a_tmp_dir(settings, tmp_path_factory):
    """Uploaded files (a meeting's papers) go to a directory of the test run, never the project's."""
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
