"""Named reads for the dataset (counting rules: DOMAIN.md, "How the new figures are counted")."""

from __future__ import annotations

from django.db import models

from lscb.years import ReportingYear


class IndicatorQuerySet(models.QuerySet):
    def of_board(self, board) -> IndicatorQuerySet:
        return self if board is None else self.filter(board=board)

    def on_dashboard(self) -> IndicatorQuerySet:
        return self.filter(on_dashboard=True)


class IndicatorValueQuerySet(models.QuerySet):
    def of_board(self, board) -> IndicatorValueQuerySet:
        return self if board is None else self.filter(indicator__board=board)

    def in_year(self, year: ReportingYear) -> IndicatorValueQuerySet:
        """The periods inside the year: its months, its quarters, the year itself and snapshots in it."""
        return self.filter(starts_on__gte=year.start, ends_on__lte=year.end)

    def reported(self) -> IndicatorValueQuerySet:
        """Values a source gave: a blank is not reported, never zero."""
        return self.filter(value__isnull=False)
