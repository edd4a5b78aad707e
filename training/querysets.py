"""Named reads for training (counting rules: DOMAIN.md, "How the new figures are counted")."""

from __future__ import annotations

from django.db import models

from lscb.years import ReportingYear


class TrainingEventQuerySet(models.QuerySet):
    def of_board(self, board) -> TrainingEventQuerySet:
        return self if board is None else self.filter(board=board)

    def in_year(self, year: ReportingYear) -> TrainingEventQuerySet:
        return self.filter(date__gte=year.start, date__lte=year.end)

    def held(self) -> TrainingEventQuerySet:
        """Not cancelled: the events the attendance rate counts."""
        return self.filter(cancelled=False)
