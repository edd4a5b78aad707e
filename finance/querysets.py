"""Named reads for the board's money."""

from __future__ import annotations

from django.db import models

from lscb.years import ReportingYear


class BudgetLineQuerySet(models.QuerySet):
    def of_board(self, board) -> BudgetLineQuerySet:
        return self if board is None else self.filter(board=board)

    def of_year(self, year: ReportingYear) -> BudgetLineQuerySet:
        return self.filter(year=year.first)

    def income(self) -> BudgetLineQuerySet:
        return self.filter(kind="income")

    def expenditure(self) -> BudgetLineQuerySet:
        return self.filter(kind="expenditure")


class ContributionQuerySet(models.QuerySet):
    def of_board(self, board) -> ContributionQuerySet:
        return self if board is None else self.filter(board=board)

    def of_year(self, year: ReportingYear) -> ContributionQuerySet:
        return self.filter(year=year.first)
