"""The benchmark's synthetic data (bench_data, bench.builder) with several boards in one instance."""

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from bench.builder import LARGE, SMALL, add_figures, build, first_board
from bench.measure import targets
from businessplan.models import Plan
from challengelog.models import Challenge
from dataset.models import Frequency, Indicator, IndicatorValue
from dataset.periods import months_of
from dataset.selectors import year_dataset
from finance.models import BudgetLine, Contribution, LineKind, refuse_total
from finance.selectors import year_finance
from governance.models import Agency, Board, BoardKind, Group, Meeting, Membership, Person
from governance.statistics import year_figures
from learning.models import Audit, AuditResult, Evidence, Recommendation, RecommendationUpdate, Review
from lscb.years import ReportingYear
from training.models import TrainingAttendance, TrainingEvent
from training.selectors import year_training

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
        "indicators": Indicator.objects.of_board(board).count(),
        "indicator values": IndicatorValue.objects.of_board(board).count(),
        "training events": TrainingEvent.objects.of_board(board).count(),
        "budget lines": BudgetLine.objects.of_board(board).count(),
        "contributions": Contribution.objects.of_board(board).count(),
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


# The dataset, training and money of the large board, on the modest board's structure (quick to build).
FIGURES = dataclasses.replace(
    SMALL,
    **{
        name: getattr(LARGE, name)
        for name in (
            "indicators",
            "quarterly_indicators",
            "dashboard_indicators",
            "indicator_areas",
            "training_events",
            "budget_lines",
            "contributions",
        )
    },
)


def test_each_board_has_25_monthly_series_a_year():
    today = timezone.localdate()
    result = build(scale=2, today=today, dims=FIGURES, boards=2)
    for board in result.boards:
        indicators = Indicator.objects.of_board(board)
        assert indicators.filter(frequency=Frequency.MONTHLY).count() == 25
        assert indicators.filter(frequency=Frequency.QUARTERLY).count() == 4
        assert indicators.on_dashboard().count() == 4
        assert indicators.exclude(target=None).exists() and indicators.exclude(priority=None).exists()
        values = IndicatorValue.objects.of_board(board)
        for year in result.latest_full_year.previous, result.latest_full_year:
            in_year = values.in_year(year)
            # Every month of the 25, one of them in 3 areas as well, and the quarterly ones' 4 quarters.
            assert in_year.count() == 25 * 12 + 3 * 12 + 4 * 4
            monthly = in_year.filter(indicator__frequency=Frequency.MONTHLY, area="")
            assert set(monthly.values_list("period", flat=True)) == {f"{m:%Y-%m}" for m in _months(year)}
            assert in_year.exclude(area="").values("indicator").distinct().count() == 1
            assert in_year.exclude(area="").values("area").distinct().count() == 3
            dataset = year_dataset(board, year)
            assert len(dataset) == 29
            assert sum(len(row.series) for row in dataset) == 29 + 3
        # A few left blank (not reported, never zero), comparators on some, nothing reported ahead of today.
        assert 0 < values.filter(value=None).count() < values.count() / 10
        assert values.exclude(comparator=None).exclude(comparator_name="").exists()
        assert not values.filter(ends_on__gte=today).exists()
        assert values.in_year(result.current_year).exists() or today.month == 4
    assert result.counts["indicators"] == Indicator.objects.count() == 2 * 29
    assert result.counts["indicator values"] == IndicatorValue.objects.count()


def _months(year: ReportingYear):
    return [period.starts_on for period in months_of(year)]


def test_each_board_has_its_training_and_money_year_by_year():
    today = timezone.localdate()
    result = build(scale=2, today=today, dims=FIGURES, boards=2)
    year = result.latest_full_year
    for board in result.boards:
        for each in year.previous, year, result.current_year:
            events = TrainingEvent.objects.of_board(board).in_year(each)
            assert events.count() == 20
            lines = BudgetLine.objects.of_board(board).of_year(each)
            assert lines.count() == 15
            assert lines.filter(kind=LineKind.INCOME).count() == 5
            assert Contribution.objects.of_board(board).of_year(each).count() == 6
        events = TrainingEvent.objects.of_board(board).in_year(year)
        # Most events have their bookings and attendance by agency, adding up to the event's.
        with_lines = events.exclude(attendance=None).distinct()
        assert with_lines.count() >= 10
        for event in with_lines:
            lines = TrainingAttendance.objects.filter(event=event)
            assert sum(line.booked for line in lines) == event.booked
            if event.attended is not None:
                assert sum(line.attended for line in lines) == event.attended
        assert not events.filter(date__lt=today, cancelled=False, attended=None).exists()
        training = year_training(board, year)
        assert training["events"] == 20 and training["attended"] > 0 and training["by_agency"]
        finance = year_finance(board, year)
        assert finance["income_total"] > 0 and finance["actual_total"] > 0 and finance["spent_pct"] is not None
        for line in BudgetLine.objects.of_board(board):
            refuse_total(line.line)  # no line is named like a total
        contributions = Contribution.objects.of_board(board).of_year(year)
        assert contributions.filter(amount=None).exclude(share=None).count() == 1
        assert contributions.exclude(in_kind="").exists()
    assert result.counts["training events"] == TrainingEvent.objects.count() == 2 * 3 * 20
    assert result.counts["training attendance"] == TrainingAttendance.objects.count()
    assert result.counts["budget lines"] == BudgetLine.objects.count()
    assert result.counts["contributions"] == Contribution.objects.count()


def _figures() -> tuple:
    """The dataset, training and money as built, without their ids."""
    return (
        list(
            Indicator.objects.values_list(
                "name", "unit", "better", "frequency", "source__name", "target", "on_dashboard"
            )
        ),
        list(
            IndicatorValue.objects.order_by("indicator__name", "area", "starts_on").values_list(
                "indicator__name", "area", "period", "value", "comparator", "comparator_name", "note"
            )
        ),
        list(
            TrainingEvent.objects.order_by("date").values_list(
                "title", "date", "places", "booked", "attended", "cancelled", "evaluations", "rated_good"
            )
        ),
        list(
            TrainingAttendance.objects.order_by("event__date", "agency__name").values_list(
                "event__date", "agency__name", "booked", "attended"
            )
        ),
        list(BudgetLine.objects.order_by("year", "kind", "position").values_list("year", "line", "budget", "actual")),
        list(
            Contribution.objects.order_by("year", "agency__name").values_list("year", "agency__name", "amount", "share")
        ),
    )


def test_the_figures_are_the_same_for_a_seed_and_a_day():
    today = timezone.localdate()
    built = []
    for seed in (2026, 2026, 7):
        with transaction.atomic():
            build(scale=1, today=today, dims=SMALL, seed=seed)
            built.append(_figures())
            transaction.set_rollback(True)
    assert built[0] == built[1]
    assert built[0] != built[2]
    assert all(built[0])


def test_the_figures_can_be_added_to_a_board():
    today = timezone.localdate()
    result = build(scale=1, today=today, dims=SMALL)
    board = result.boards[0]
    Indicator.objects.of_board(board).delete()
    year = result.latest_full_year
    counts = add_figures(board, today=today, years=[year.previous, year], parts=("dataset",))
    assert counts == {"indicators": 29, "indicator values": 2 * (25 * 12 + 3 * 12 + 4 * 4)}
    assert Indicator.objects.of_board(board).on_dashboard().count() == 4
    TrainingEvent.objects.of_board(board).delete()
    BudgetLine.objects.of_board(board).delete()
    Contribution.objects.of_board(board).delete()
    counts = add_figures(board, today=today, years=[year], parts=("training", "money"))
    assert counts["training events"] == TrainingEvent.objects.of_board(board).count() == 20
    assert counts["budget lines"] == BudgetLine.objects.of_board(board).count() == 15
    with pytest.raises(ValueError, match="No such part: budget"):
        add_figures(board, today=today, years=[year], parts=("budget",))
