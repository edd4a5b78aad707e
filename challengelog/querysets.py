"""Named reads for the challenge log."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import Q


class ChallengeQuerySet(models.QuerySet):
    def awaiting(self) -> ChallengeQuerySet:
        """Still owed an answer: not responded, not closed."""
        return self.filter(status__in=["open", "awaiting_response", "escalated"], responded_on__isnull=True)

    def overdue(self, today: date) -> ChallengeQuerySet:
        """The response date has passed (due today is not overdue) and no response has come."""
        return self.awaiting().filter(response_due__lt=today)

    def due_within(self, today: date, days: int) -> ChallengeQuerySet:
        return self.awaiting().filter(response_due__gte=today, response_due__lte=today + timedelta(days=days))

    def in_period(self, first: date, last: date) -> ChallengeQuerySet:
        return self.filter(raised_on__gte=first, raised_on__lte=last)

    def live_during(self, first: date, last: date) -> ChallengeQuerySet:
        """Raised in the period, or raised before it and still open at its start."""
        return self.filter(
            Q(raised_on__gte=first, raised_on__lte=last)
            | Q(raised_on__lt=first) & (Q(closed_on__isnull=True) | Q(closed_on__gte=first))
        )

    def for_log(self) -> ChallengeQuerySet:
        return self.select_related("board", "agency", "priority", "priority__plan", "raised_by_person")

    def of_board(self, board) -> ChallengeQuerySet:
        """The challenges of one board (None: of every board, for the instance's own reads)."""
        return self if board is None else self.filter(board=board)
