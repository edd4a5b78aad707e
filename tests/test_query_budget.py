"""The query budget of every main page: at most twelve queries, and the same number however much
history the board holds. Counted, never timed (the timings are `make bench`'s, see BENCHMARKS.md).

The fixture is the benchmark's synthetic board at a modest size (bench.builder.SMALL): one full
reporting year and the current one, every kind of row. Each page is counted, then a second board
with three more years of history is added (more groups, people, meetings, registers, plans,
updates and challenges, in this year and before), and the page must cost no more.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.builder import GROUPS, MANAGER, SMALL, build, first_board
from bench.measure import signed_in
from businessplan.models import Plan
from challengelog.models import Challenge
from governance.models import Meeting, MeetingStatus
from lscb.years import ReportingYear

pytestmark = pytest.mark.django_db

BUDGET = 12
PAGES = [
    "dashboard",
    "structure",
    "calendar",
    "record a meeting",
    "attendance",
    "plan",
    "what changed",
    "challenge log",
    "agency record",
    "year-end page",
]


def addresses(board) -> dict[str, str]:
    """The pages of the first board, as bench.measure picks them."""
    current = ReportingYear.containing(timezone.localdate())
    plan = Plan.objects.get(board=board, slug=current.label)
    meeting = (
        Meeting.objects.filter(
            group__board=board, group__name=GROUPS[0].name, status=MeetingStatus.HELD, date__gte=current.start
        )
        .order_by("-date")
        .first()
    )
    agency = Challenge.objects.filter(board=board, ref__startswith="CH-").order_by("raised_on").first().agency
    at = f"/{board.slug}"
    return {
        "dashboard": f"{at}/",
        "structure": f"{at}/structure/",
        "calendar": f"{at}/calendar/{current.label}/",
        "record a meeting": f"{at}/meetings/{meeting.pk}/record/",
        "attendance": f"{at}/attendance/{current.label}/",
        "plan": f"{at}/plan/{plan.slug}/",
        "what changed": f"{at}/plan/{plan.slug}/changes/",
        "challenge log": f"{at}/challenges/",
        "agency record": f"{at}/challenges/agency/{agency.pk}/",
        "year-end page": f"{at}/yearend/{current.previous.label}/",
    }


def count(client, path: str) -> int:
    """The second request's queries: the first draws what a page caches (lscb.freshness) until the
    records change; what drawing costs is pinned by each app's own page tests."""
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def bench_day():
    today = timezone.localdate()
    build(scale=1, today=today, dims=SMALL)
    return today


# "name", not "page": pytest-playwright would take a parameter called "page" for its browser page.
@pytest.mark.parametrize("name", PAGES)
def test_a_page_fits_the_budget_whatever_the_history(bench_day, name):
    client = signed_in(MANAGER)
    path = addresses(first_board())[name]
    small = count(client, path)
    assert small <= BUDGET, f"{name} now costs {small} queries"

    # Another instance's worth of rows of every kind, three more years of it, in two more boards
    # (one with a group joint with the first board): the first board's pages cost no more.
    build(scale=3, today=bench_day, dims=SMALL, prefix="B-", seed=7, boards=2)
    assert count(client, path) == small


@pytest.mark.urls("lscb.bench_urls")
def test_every_request_pays_four_queries_before_the_page_reads_anything(bench_day):
    # The session, the user, their two-factor device, and their roles with their permissions.
    assert count(signed_in(MANAGER), "/bench/bare/") == 4
