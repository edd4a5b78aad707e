"""Shared fixtures: users per role, a small board, and Chromium for browser tests."""

import os
import shutil

import pytest

from lscb import roles
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory


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


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


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
