"""Filters of the reviews register (an allow-list of fields, never raw request.GET), and where a
review stands: notified, decided, ongoing, concluded or published."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, CharField, Min, Q, Value, When

from governance.models import BoardKind, Group
from lscb.years import ReportingYear

from .models import Decision, Review, ReviewKind

# Where a review stands, from its latest date (a decision counts once it is made, review or not).
STAGES = [
    ("notified", "Notified"),
    ("decided", "Decided"),
    ("ongoing", "Ongoing"),
    ("concluded", "Concluded"),
    ("published", "Published"),
]
STAGE_LABELS = dict(STAGES)

# The kinds of review each kind of board holds (a review of another kind stays shown when it has one).
KINDS_BY_BOARD = {
    BoardKind.CHILDREN: [
        ReviewKind.RAPID_REVIEW,
        ReviewKind.CSPR,
        ReviewKind.SCR,
        ReviewKind.LEARNING_REVIEW,
        ReviewKind.DHR,
        ReviewKind.NATIONAL,
    ],
    BoardKind.ADULTS: [ReviewKind.SAR, ReviewKind.LEARNING_REVIEW, ReviewKind.DHR, ReviewKind.NATIONAL],
}


def review_kinds(board, also: str = "") -> list[tuple[str, str]]:
    """The kinds of review `board` holds (every kind without a board), and `also` if given."""
    kinds = KINDS_BY_BOARD.get(getattr(board, "kind", None), list(ReviewKind))
    return [(kind.value, kind.label) for kind in ReviewKind if kind in kinds or kind.value == also]


def with_stage(reviews):
    """Each review annotated with `stage`, a key of STAGES."""
    decided = Q(decided_on__isnull=False) | Q(decision__in=[Decision.REVIEW, Decision.NO_REVIEW])
    return reviews.annotate(
        stage=Case(
            When(published_on__isnull=False, then=Value("published")),
            When(concluded_on__isnull=False, then=Value("concluded")),
            When(started_on__isnull=False, then=Value("ongoing")),
            When(decided, then=Value("decided")),
            default=Value("notified"),
            output_field=CharField(),
        )
    )


def year_choices(board) -> list[tuple[str, str]]:
    """From the year of the board's earliest review to this one, newest first."""
    firsts = Review.objects.of_board(board).aggregate(
        notified=Min("notified_on"), decided=Min("decided_on"), started=Min("started_on")
    )
    days = [day for day in firsts.values() if day is not None]
    current = ReportingYear.current()
    earliest = ReportingYear.containing(min(days)) if days else current
    earliest = min(earliest, current)
    return [
        (ReportingYear(year).label, ReportingYear(year).label) for year in range(current.first, earliest.first - 1, -1)
    ]


class ReviewFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ReviewKind.choices, empty_label="Any kind")
    decision = django_filters.ChoiceFilter(choices=Decision.choices, empty_label="Any decision")
    status = django_filters.ChoiceFilter(
        choices=STAGES, method="filter_status", label="Where it stands", empty_label="Anywhere"
    )
    group = django_filters.ModelChoiceFilter(
        queryset=Group.objects.none(), label="Overseeing group", empty_label="Any group"
    )
    year = django_filters.ChoiceFilter(choices=[], method="filter_year", label="Live in", empty_label="Any year")
    q = django_filters.CharFilter(method="filter_text", label="Reference, title or findings contain")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="With overdue recommendations", widget=forms.CheckboxInput
    )

    class Meta:
        model = Review
        fields = ["kind", "decision", "status", "group", "year", "q", "overdue"]

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kind"].extra["choices"] = review_kinds(board)
        self.filters["group"].queryset = Group.objects.for_board(board).order_by("name")
        self.filters["year"].extra["choices"] = lambda: year_choices(board)

    def filter_status(self, queryset, name, value):
        return with_stage(queryset).filter(stage=value)

    def filter_year(self, queryset, name, value):
        year = ReportingYear.parse(value)
        return queryset.live_during(year.start, year.end)

    def filter_overdue(self, queryset, name, value):
        # The register's rows come counted (learning.views.reviews.with_counts).
        return queryset.filter(overdue_count__gt=0) if value else queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(ref__icontains=value)
            | Q(title__icontains=value)
            | Q(findings__icontains=value)
            | Q(decision_reason__icontains=value)
        )
