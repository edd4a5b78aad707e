"""The benchmark's synthetic data (bench_data, bench.builder) with several boards in one instance."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from bench.builder import SMALL, build, first_board
from bench.measure import targets
from businessplan.models import Plan
from challengelog.models import Challenge
from governance.models import Agency, Board, BoardKind, Group, Meeting, Membership, Person
from governance.statistics import year_figures
from learning.models import Audit, AuditResult, Evidence, Recommendation, RecommendationUpdate, Review
from lscb.years import ReportingYear

pytestmark = pytest.mark.django_db


def shape(board: Board) -> dict[str, int]:
    """How much the board holds of its own."""
    return {
        "groups": Group.objects.filter(board=board).count(),
        "meetings": Meeting.objects.filter(group__board=board).count(),
        "plans": Plan.objects.filter(board=board).count(),
        "challenges": Challenge.objects.filter(board=board).count(),
        "reviews": Review.objects.of_board(board).count(),
        "recommendations": Recommendation.objects.of_board(board).count(),
        "audits": Audit.objects.of_board(board).count(),
        "evidence": Evidence.objects.of_board(board).count(),
    }


def test_two_boards_of_one_shape_share_the_agencies_and_people():
    today = timezone.localdate()
    result = build(scale=1, today=today, dims=SMALL, boards=2)

    first, second = result.boards
    assert list(Board.objects.order_by("pk")) == [first, second]
    assert (first.kind, second.kind) == (BoardKind.CHILDREN, BoardKind.ADULTS)
    assert first == first_board()
    assert shape(first) == shape(second)
    assert all(shape(first).values())
    # One set of agencies and people, seated on both boards' groups.
    assert result.counts["agencies"] == Agency.objects.count()
    assert result.counts["people"] == Person.objects.count()
    on_both = set(Membership.objects.filter(group__board=first).values_list("person", flat=True)) & set(
        Membership.objects.filter(group__board=second).values_list("person", flat=True)
    )
    assert on_both
    # Group names are each board's own: unique within a board, the first board's bare.
    for board in (first, second):
        names = list(Group.objects.filter(board=board).values_list("name", flat=True))
        assert len(names) == len(set(names))
    # The second board holds one group jointly with the first: it counts in both boards' figures.
    (joint,) = Group.objects.exclude(joint_boards=None)
    assert joint.board == second
    assert list(joint.joint_boards.all()) == [first]
    year = ReportingYear.containing(today).previous
    for board in (first, second):
        assert joint in [row.group for row in year_figures(year, board=board).groups]


def test_each_board_has_its_learning_and_assurance_year_by_year():
    today = timezone.localdate()
    result = build(scale=2, today=today, dims=SMALL, boards=2)
    year = result.latest_full_year
    for board in result.boards:
        reviews = Review.objects.of_board(board)
        assert reviews.concluded_in(year.start, year.end).exists() or reviews.ongoing_at(year.end).exists()
        assert set(reviews.values_list("board", flat=True)) == {board.pk}
        recommendations = Recommendation.objects.of_board(board)
        assert recommendations.exists()
        assert RecommendationUpdate.objects.filter(recommendation__in=recommendations, date__gte=today).count() == 0
        results = AuditResult.objects.filter(audit__board=board)
        assert results.values("stage").distinct().count() == 2
        assert Evidence.objects.of_board(board).in_period(year.start, year.end).exists()
    assert result.counts["reviews"] == Review.objects.count()
    assert result.counts["recommendation updates"] == RecommendationUpdate.objects.count()
    assert result.counts["audit results"] == AuditResult.objects.count()


def test_the_first_board_is_the_same_whatever_the_number_of_boards():
    today = timezone.localdate()
    build(scale=1, today=today, dims=SMALL)
    alone = shape(first_board())
    pages = targets()
    assert all(path.startswith(f"/{first_board().slug}/") for name, path in pages.items() if "floor" not in name)

    build(scale=1, today=today, dims=SMALL, prefix="B-", boards=3)
    assert shape(first_board()) == alone
    assert shape(first_board("B-")) == alone
    assert Board.objects.count() == 4
    # The pages measured stay the first board's.
    assert targets() == pages


def test_bench_data_takes_the_number_of_boards():
    out = StringIO()
    call_command("bench_data", "--scale", "1", "--boards", "2", "--force", stdout=out)
    assert Board.objects.count() == 2
    assert "/bscp/" in out.getvalue() and "/bsab/" in out.getvalue()
    with pytest.raises(CommandError, match="--boards must be 1 or more"):
        call_command("bench_data", "--scale", "1", "--boards", "0", "--force", stdout=StringIO())
