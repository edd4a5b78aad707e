"""Named reads for reviews, recommendations, audits and evidence (counting rules: DOMAIN.md,
"How the new figures are counted")."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q


class ReviewQuerySet(models.QuerySet):
    def of_board(self, board) -> ReviewQuerySet:
        return self if board is None else self.filter(board=board)

    def concluded_in(self, first: date, last: date) -> ReviewQuerySet:
        """Concluded in the period, whenever they started."""
        return self.filter(concluded_on__gte=first, concluded_on__lte=last)

    def ongoing_at(self, day: date) -> ReviewQuerySet:
        """Started on or before `day` and not concluded by then."""
        return self.filter(started_on__lte=day).filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=day))

    def live_during(self, first: date, last: date) -> ReviewQuerySet:
        """Known by the period's end (notified, decided or started by then) and not concluded
        before it began: the reviews a year's report speaks of."""
        known = Q(notified_on__lte=last) | Q(decided_on__lte=last) | Q(started_on__lte=last)
        return self.filter(known).exclude(concluded_on__lt=first)


class RecommendationQuerySet(models.QuerySet):
    def of_board(self, board) -> RecommendationQuerySet:
        if board is None:
            return self
        return self.filter(Q(review__board=board) | Q(audit__board=board))

    def still_open(self) -> RecommendationQuerySet:
        return self.filter(status__in=["not_started", "in_progress"])

    def overdue(self, today: date) -> RecommendationQuerySet:
        """Still open and past their due date (due today is not overdue)."""
        return self.still_open().filter(due_date__lt=today)

    def not_to_implement_in(self, first: date, last: date) -> RecommendationQuerySet:
        """Decisions not to implement, counted in the year of their decision date."""
        return self.filter(status="not_to_implement", decided_on__gte=first, decided_on__lte=last)

    def with_source(self) -> RecommendationQuerySet:
        return self.select_related("review__board", "audit__board", "lead_agency", "lead_group")


class AuditQuerySet(models.QuerySet):
    def of_board(self, board) -> AuditQuerySet:
        return self if board is None else self.filter(board=board)

    def ran_during(self, first: date, last: date) -> AuditQuerySet:
        """Ran at any time in the period: started by its end, not completed before its start. An
        audit with no dates at all is left out (nothing says when it ran)."""
        return self.filter(Q(started_on__lte=last) | Q(started_on__isnull=True, completed_on__isnull=False)).exclude(
            completed_on__lt=first
        )


class EvidenceQuerySet(models.QuerySet):
    def of_board(self, board) -> EvidenceQuerySet:
        return self if board is None else self.filter(board=board)

    def in_period(self, first: date, last: date) -> EvidenceQuerySet:
        return self.filter(date__gte=first, date__lte=last)
