"""The year's financial statement as the money pages show it: the lines with their notes, and the
totals as finance.selectors.year_finance computes them (the same figures as the year-end report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from lscb.years import ReportingYear

from .models import BudgetLine, Contribution, LineKind
from .selectors import year_contributions, year_finance
from .tables import spent_pct


@dataclass
class Statement:
    year: ReportingYear
    income: list[BudgetLine] = field(default_factory=list)
    expenditure: list[BudgetLine] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def has_lines(self) -> bool:
        return bool(self.income or self.expenditure)

    @property
    def contributions_total(self) -> Decimal:
        return sum((row.amount for row in self.contributions if row.amount is not None), Decimal("0.00"))

    @property
    def shares_only(self) -> int:
        """Contributions known only by their published share (not in the total)."""
        return sum(1 for row in self.contributions if row.amount is None and row.share is not None)

    @property
    def overspent(self) -> list[BudgetLine]:
        return [line for line in self.expenditure if line.remaining is not None and line.remaining < 0]


def year_statement(board, year: ReportingYear) -> Statement:
    lines = list(BudgetLine.objects.of_board(board).of_year(year).order_by("kind", "position", "pk"))
    for line in lines:
        line.spent = spent_pct(line)
    return Statement(
        year=year,
        income=[line for line in lines if line.kind == LineKind.INCOME],
        expenditure=[line for line in lines if line.kind == LineKind.EXPENDITURE],
        totals=year_finance(board, year),
        contributions=year_contributions(board, year),
    )


def board_years(board) -> tuple[ReportingYear | None, list[ReportingYear]]:
    """The latest year the board has lines for (None: none yet), and every year it has lines or
    contributions for, with the current one, newest first."""
    with_lines = set(BudgetLine.objects.of_board(board).values_list("year", flat=True).distinct())
    latest = max(with_lines, default=None)
    firsts = with_lines | set(Contribution.objects.of_board(board).values_list("year", flat=True).distinct())
    firsts.add(ReportingYear.current().first)
    return (
        ReportingYear(latest) if latest is not None else None,
        [ReportingYear(first) for first in sorted(firsts, reverse=True)],
    )
