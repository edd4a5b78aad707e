"""The reads of learning and assurance that other parts of the app use (the year-end report, its
JSON and the dashboard): one module, each read a fixed number of queries however many reviews,
audits or recommendations a board holds (recommendations and their updates are prefetched).

Counting rules: DOMAIN.md, "How the new figures are counted"; a review's status word:
docs/yearend-learning.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q

from governance.models import Board

from .models import (
    OPEN_STATUSES,
    Audit,
    AuditResult,
    Evidence,
    EvidenceKind,
    Judgement,
    Recommendation,
    RecommendationStatus,
    RecommendationUpdate,
    Review,
    ReviewKind,
)

# The order the report lists the kinds of review in.
KIND_ORDER = {kind: n for n, kind in enumerate(ReviewKind.values)}
JUDGEMENTS = tuple(Judgement.values)  # red, amber, green, none


def review_status(review: Review, day: date) -> str:
    """Where a review stood on `day`, in one word: published, concluded, ongoing (started),
    not_reviewed (decided not to review), decided (to review, not yet started) or notified."""
    if review.published_on and review.published_on <= day:
        return "published"
    if review.concluded_on and review.concluded_on <= day:
        return "concluded"
    if review.started_on and review.started_on <= day:
        return "ongoing"
    if review.decided_on and review.decided_on <= day:
        return "not_reviewed" if review.decision == "no_review" else "decided"
    return "notified"


REVIEW_STATUS_WORDS = {
    "published": "Published",
    "concluded": "Concluded",
    "ongoing": "Ongoing",
    "not_reviewed": "Decided not to review",
    "decided": "Decided to review, not started",
    "notified": "Notified",
}


def status_at(recommendation: Recommendation, day: date) -> str:
    """A recommendation's status as it stood on `day`: its decision (implemented, not to
    implement) once dated by then; before that, the open status its last update by then gave
    (in progress when an update gave none), else its open status now, else not started."""
    if recommendation.status not in OPEN_STATUSES and recommendation.decided_on and recommendation.decided_on <= day:
        return recommendation.status
    before = [u for u in recommendation.updates.all() if u.date <= day]  # prefetched, in date order
    stated = [u.status for u in before if u.status in OPEN_STATUSES]
    if stated:
        return stated[-1]
    if recommendation.status in OPEN_STATUSES:
        return recommendation.status
    return RecommendationStatus.IN_PROGRESS if before else RecommendationStatus.NOT_STARTED


def _updates() -> Prefetch:
    return Prefetch("updates", queryset=RecommendationUpdate.objects.select_related("author").order_by("date", "pk"))


def reviews_live(board: Board, first: date, last: date) -> list[Review]:
    """The board's reviews live in the period (known by its end, not concluded before its start),
    by kind, then date, then reference: one query (their recommendations: review_recommendations)."""
    return sorted(
        Review.objects.of_board(board).live_during(first, last).select_related("group"),
        key=lambda r: (KIND_ORDER.get(r.kind, 99), r.notified_on or r.started_on or date.max, r.ref),
    )


def review_recommendations(board: Board, first: date, last: date) -> list[Recommendation]:
    """The recommendations of the board's reviews a year's report speaks of: every one of a review
    live in the year, and those decided in it, updated in it, or still open (of a review known by
    the year's end). Two queries, each with its review and its updates."""
    known = Review.objects.of_board(board).live_during(date.min, last).values("pk")
    live = Review.objects.of_board(board).live_during(first, last).values("pk")
    in_year = (
        Q(review__in=live)
        | Q(decided_on__gte=first, decided_on__lte=last)
        | Q(updates__date__gte=first, updates__date__lte=last)
        | Q(status__in=OPEN_STATUSES)
    )
    ids = Recommendation.objects.filter(review__in=known).filter(in_year).values("pk")
    rows = (
        Recommendation.objects.filter(pk__in=ids)
        .select_related("review", "lead_agency", "lead_group")
        .prefetch_related(_updates())
    )
    return sorted(rows, key=lambda r: (KIND_ORDER.get(r.review.kind, 99), r.review.ref, ref_key(r.ref)))


def ref_key(ref: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in ref.replace("-", ".").split(".")), ref


@dataclass(frozen=True)
class Stage:
    """One stage of an audit: answers per judgement summed over agencies and standards."""

    name: str
    date: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {"stage": self.name, "date": self.date.isoformat(), "counts": dict(self.counts), "total": self.total}


def audit_stages(audit: Audit) -> list[Stage]:
    """The audit's stages in date order (a stage's date: the earliest its results give), from its
    prefetched results."""
    counts: dict[str, dict[str, int]] = {}
    dates: dict[str, date] = {}
    for result in audit.results.all():
        per = counts.setdefault(result.stage, dict.fromkeys(JUDGEMENTS, 0))
        per[result.judgement] = per.get(result.judgement, 0) + result.count
        dates[result.stage] = min(dates.get(result.stage, result.date), result.date)
    return [Stage(name, dates[name], counts[name]) for name in sorted(counts, key=lambda s: (dates[s], s))]


def audits_ran(board: Board, first: date, last: date) -> list[Audit]:
    """The board's audits that ran in the period, each with every stage recorded for it (a
    follow-up stage after the period's end included) and its recommendations with their updates:
    four queries."""
    recommendations = Recommendation.objects.select_related("lead_agency", "lead_group").prefetch_related(_updates())
    return list(
        Audit.objects.of_board(board)
        .ran_during(first, last)
        .select_related("group", "agency")
        .prefetch_related(
            Prefetch("results", queryset=AuditResult.objects.order_by("date", "stage")),
            Prefetch("recommendations", queryset=recommendations),
        )
        .order_by("started_on", "name")
    )


def evidence_received(board: Board, first: date, last: date) -> list[Evidence]:
    """What the board and its groups received in the period, oldest first: one query."""
    return list(
        Evidence.objects.of_board(board)
        .in_period(first, last)
        .select_related("group", "agency")
        .order_by("date", "title")
    )


def is_survey(evidence: Evidence) -> bool:
    return evidence.kind == EvidenceKind.SURVEY


@dataclass
class OpenRecommendations:
    """The dashboard's tile: recommendations still open, the overdue ones listed, reviews ongoing."""

    open: int
    overdue: list[Recommendation]
    reviews_ongoing: int


def open_recommendations(board: Board, today: date) -> OpenRecommendations:
    """Three queries, whatever the board holds."""
    mine = Recommendation.objects.of_board(board)
    overdue = list(mine.overdue(today).with_source().order_by("due_date", "pk"))
    return OpenRecommendations(
        open=mine.still_open().count(),
        overdue=overdue,
        reviews_ongoing=Review.objects.of_board(board).ongoing_at(today).count(),
    )


def by_review(recommendations: list[Recommendation]) -> dict[int, list[Recommendation]]:
    grouped: dict[int, list[Recommendation]] = defaultdict(list)
    for recommendation in recommendations:
        grouped[recommendation.review_id].append(recommendation)
    return grouped
