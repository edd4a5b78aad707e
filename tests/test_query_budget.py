"""The query budget of every main page: at most twelve queries, and the same number however much
history the board holds. Counted, never timed (the timings are `make bench`'s, see BENCHMARKS.md).

The fixture is the benchmark's synthetic board at a modest size (bench.builder.SMALL): one full
reporting year and the current one, every kind of row. Each page is counted, then a second board
with three more years of history is added (more groups, people, meetings, registers, plans,
updates and challenges, in this year and before), and the page must cost no more.
"""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.builder import GROUPS, LARGE, MANAGER, SMALL, add_figures, build, first_board
from bench.measure import signed_in
from businessplan.models import Plan
from challengelog.models import Challenge
from dataset.models import Indicator
from finance.models import BudgetLine, Contribution
from governance.models import Meeting, MeetingStatus
from lscb.years import ReportingYear
from training.models import TrainingEvent

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
    assert count(client, path) == small + SEVERAL_BOARDS.get(name, 0)


# Pages drawn on every request (no page cache: BENCHMARKS.md, "What the page cache buys") that read
# once more when the instance holds several boards: the structure marks the groups joint with
# another board (governance.sharing.mark_joint: one query, none with one board).
SEVERAL_BOARDS = {"structure": 1}


@pytest.mark.urls("lscb.bench_urls")
def test_every_request_pays_four_queries_before_the_page_reads_anything(bench_day):
    # The session, the user, their two-factor device, and their roles with their permissions.
    assert count(signed_in(MANAGER), "/bench/bare/") == 4


# --- dataset, training and money
# The dashboard's chosen indicators, the dataset's list and an indicator's page cost the same
# however many indicators and months the board holds; the training list and the money page the
# same however many events and lines. Each is counted with a small set of records, then again
# with the large board's (25 monthly series, 4 on the dashboard, over two years and more).

# What the dashboard's indicators may add to its cost with none at all (read them, their values).
DASHBOARD_DATASET = 2


def last_years(today, count: int) -> list[ReportingYear]:
    """The current reporting year and the `count` - 1 full years before it, oldest first."""
    current = ReportingYear.containing(today)
    return [ReportingYear(current.first - n) for n in range(count - 1, -1, -1)]


def regrow(board, today, *, dims, years: int, part: str) -> None:
    """The board's dataset, training or money made again: `dims`' size over the last `years` years."""
    if part == "dataset":
        Indicator.objects.of_board(board).delete()
    elif part == "training":
        TrainingEvent.objects.of_board(board).delete()
    else:
        BudgetLine.objects.of_board(board).delete()
        Contribution.objects.of_board(board).delete()
    add_figures(board, today=today, years=last_years(today, years), dims=dims, parts=(part,))


def fullest_indicator(board) -> Indicator:
    """The indicator with the most values (the one broken down by area), as bench.measure picks it."""
    return Indicator.objects.of_board(board).annotate(n=Count("values")).order_by("-n", "pk").first()


def test_the_dashboard_costs_the_same_whatever_the_dataset(bench_day):
    client, board = signed_in(MANAGER), first_board()
    path = f"/{board.slug}/"
    Indicator.objects.of_board(board).delete()
    none = count(client, path)
    # 5 indicators, 2 on the dashboard, this year and last; then 25 (4 on the dashboard) and
    # 4 quarterly ones, over three years (more than 24 months each).
    regrow(board, bench_day, dims=SMALL, years=2, part="dataset")
    few = count(client, path)
    regrow(board, bench_day, dims=LARGE, years=3, part="dataset")
    assert Indicator.objects.of_board(board).on_dashboard().count() == 4
    many = count(client, path)
    assert many == few, f"the dashboard costs {few} queries with 5 indicators and {many} with 25"
    assert many <= none + DASHBOARD_DATASET, f"the dashboard's indicators cost {many - none} queries"
    assert many <= BUDGET


@pytest.mark.parametrize("name", ["dataset", "indicator"])
def test_the_dataset_pages_cost_the_same_whatever_the_dataset(bench_day, name):
    client, board = signed_in(MANAGER), first_board()

    def path() -> str:
        if name == "dataset":
            return f"/{board.slug}/dataset/"
        return f"/{board.slug}/dataset/indicators/{fullest_indicator(board).pk}/"

    regrow(board, bench_day, dims=SMALL, years=2, part="dataset")
    few = count(client, path())
    regrow(board, bench_day, dims=LARGE, years=3, part="dataset")
    many = count(client, path())
    assert many == few, f"{name} costs {few} queries with 5 indicators and {many} with 25"
    assert few <= BUDGET, f"{name} now costs {few} queries"


@pytest.mark.parametrize(("name", "part"), [("training", "training"), ("money", "money")])
def test_training_and_money_cost_the_same_whatever_the_years(bench_day, name, part):
    client, board = signed_in(MANAGER), first_board()
    path = f"/{board.slug}/{name}/"
    regrow(board, bench_day, dims=SMALL, years=1, part=part)
    few = count(client, path)
    # Twenty events, fifteen lines and six contributions a year, over three years.
    regrow(board, bench_day, dims=LARGE, years=3, part=part)
    many = count(client, path)
    assert many == few, f"{name} costs {few} queries with a small year and {many} with three large ones"
    assert few <= BUDGET, f"{name} now costs {few} queries"
