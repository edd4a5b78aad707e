"""The database server stops during requests and starts again: the app says so calmly (503),
leaves nothing half-written, and works again on its own once the server is back.

PostgreSQL only: it stops and starts the throwaway server of .ci/with-postgres, which holds the
test database (a fast stop flushes everything, so the test database is there after the restart).
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.db import connections

from governance import services
from governance.models import Agency, Meeting
from tests.factories import GroupFactory, MeetingFactory, MembershipFactory, PersonFactory
from tests.fuzz.harness import row_counts
from tests.pgcluster import Cluster

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FRIENDLY = "The board's records are unavailable for a moment; nothing you entered was half-saved; try again shortly"
RECOVERY_LIMIT_SECONDS = 30


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


class Browser:
    """A signed-in browser talking HTTP to the live server (no test client: real sockets, real server)."""

    def __init__(self, base_url: str, session_key: str) -> None:
        self.base_url = base_url
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}
        self.opener = urllib.request.build_opener(_NoRedirect)
        self.requests = 0

    def request(self, path: str, data: dict | None = None) -> Answer:
        self.requests += 1
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body)
        request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx
            response = error
        with response:
            headers = dict(response.headers.items())
            answer = Answer(response.status, headers, response.read().decode())
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return answer

    def csrf_token(self, path: str) -> str:
        page = self.request(path)
        assert page.status == 200, page.status
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)[1]


def assert_unavailable(answer: Answer) -> None:
    assert answer.status == 503, (answer.status, answer.body[:300])
    assert answer.headers.get("Retry-After") == "30"
    assert FRIENDLY in answer.body
    assert "Traceback" not in answer.body and "OperationalError" not in answer.body


@pytest.fixture
def cluster():
    cluster = Cluster.from_environment()
    yield cluster
    # Whatever happened, the rest of the run needs its database.
    if not cluster.is_running():
        cluster.start()
    connections.close_all()


def test_the_app_answers_503_while_the_database_is_down_and_recovers_on_its_own(
    live_server, client_for, manager, cluster, monkeypatch, board
):
    at = f"/{board.slug}"
    group = GroupFactory(name="Safeguarding Board")
    alice, bob = PersonFactory(name="Alice"), PersonFactory(name="Bob")
    for person in (alice, bob):
        MembershipFactory(group=group, person=person, start=date(2015, 4, 1))
    meeting = MeetingFactory(group=group, date=date(2025, 6, 10))
    browser = Browser(live_server.url, client_for(manager).cookies[settings.SESSION_COOKIE_NAME].value)
    assert browser.request(f"{at}/agencies/").status == 200
    token = browser.csrf_token(f"{at}/agencies/new/")
    before = row_counts()

    # The server stops in the middle of a request that is writing: both attendance rows of the
    # register are written, then the server goes as the meeting is about to be marked held.
    save = services.record_save

    def stop_then_save(*, instance, by):
        if isinstance(instance, Meeting):
            cluster.stop()
        return save(instance=instance, by=by)

    register = {
        "csrfmiddlewaretoken": token,
        "version": meeting.version,
        f"p{alice.pk}-status": "present",
        f"p{bob.pk}-status": "apologies",
    }
    with monkeypatch.context() as patch:
        patch.setattr(services, "record_save", stop_then_save)
        during = [browser.request(f"{at}/meetings/{meeting.pk}/record/", register)]
    assert not cluster.is_running()

    # While it is down: pages, a form, the register again.
    for path in (
        f"{at}/agencies/",
        f"{at}/",
        f"{at}/people/",
        f"{at}/meetings/{meeting.pk}/",
        f"{at}/calendar/2025-26/",
    ):
        during.append(browser.request(path))
    during.append(
        browser.request(f"{at}/agencies/new/", {"csrfmiddlewaretoken": token, "name": "Outage", "sector": "other"})
    )
    during.append(browser.request(f"{at}/meetings/{meeting.pk}/record/", register))
    for answer in during:
        assert_unavailable(answer)

    # Back: the app answers again without being restarted.
    started = time.monotonic()
    cluster.start()
    server_up = time.monotonic() - started
    polls = 0
    while True:
        polls += 1
        answer = browser.request(f"{at}/agencies/")
        if answer.status == 200:
            break
        assert answer.status == 503, answer.status
        assert time.monotonic() - started < RECOVERY_LIMIT_SECONDS, "the app did not recover"
        time.sleep(0.05)
    recovery = time.monotonic() - started

    # Nothing half-written: no attendance row, the meeting still planned, no agency, no history.
    connections.close_all()  # this thread's connection died with the server
    assert row_counts() == before
    assert Meeting.objects.get(pk=meeting.pk).status == "planned"
    # And writing works again.
    assert browser.request(f"{at}/meetings/{meeting.pk}/record/", register).status == 302
    assert Meeting.objects.get(pk=meeting.pk).attendances.count() == 2
    assert (
        browser.request(
            f"{at}/agencies/new/", {"csrfmiddlewaretoken": token, "name": "After", "sector": "other"}
        ).status
        == 302
    )
    assert Agency.objects.filter(name="After").exists() and not Agency.objects.filter(name="Outage").exists()
    print(
        f"\noutage: {len(during)} requests during the outage, all 503; server start {server_up:.2f}s, "
        f"first 200 after {recovery:.2f}s ({polls} polls)"
    )
