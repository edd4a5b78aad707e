"""The board's money in the board workbook (WORKBOOK.md, format 2): the `budget` sheet (income and
expenditure lines per reporting year) and the `contributions` sheet (partners' contributions).

Amounts are pounds and pence, exact: "118878.00", "£1,234.56" or a number cell; more than two
figures after the point is refused. A line named like a total is refused with the app's message:
the totals are computed from the lines."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from lscb.workbook import CellError, Choice, Column, ImportRun, Ref, RowProblem, Sheet, Text, register
from lscb.workbook.columns import cell_text
from lscb.years import ReportingYear, YearFormatError

from .models import TOTAL_MESSAGE, TOTAL_NAME, BudgetLine, Contribution
from .money import PENNY, MoneyError, parse_money
from .services import budget_line_save, contribution_save

# A board that keeps no money in the app gets neither sheet in its export.
MONEY_PART = ("budget", "contributions")


class YearCell(Column):
    """A reporting year written "2015-16", kept as the calendar year it starts in."""

    kind = "reporting year"

    def parse(self, raw: Any) -> int:
        try:
            return ReportingYear.parse(cell_text(raw)).first
        except YearFormatError as exc:
            raise CellError(str(exc)) from None

    def to_cell(self, value: int | None) -> str | None:
        return None if value is None else ReportingYear(value).label


class Money(Column):
    """Pounds and pence, exact: a number cell, or text such as 118878.00 or £1,234.56."""

    kind = "amount"

    def parse(self, raw: Any) -> Decimal:
        try:
            return parse_money(raw if isinstance(raw, int | float | Decimal) else cell_text(raw))
        except MoneyError as exc:
            shown = cell_text(raw)
            raise CellError(f"{shown!r}: {str(exc)[0].lower()}{str(exc)[1:]}") from None

    def to_cell(self, value: Decimal | None) -> Decimal | None:
        return value


class Percent(Column):
    """A share in percent, 0 to 100, at most two figures after the point ("12.5" or "12.5%")."""

    kind = "percentage"

    def parse(self, raw: Any) -> Decimal:
        text = repr(raw) if isinstance(raw, float) else cell_text(raw)
        text = text.strip().removesuffix("%").strip()
        try:
            share = Decimal(text)
        except InvalidOperation:
            share = None
        if share is None or not share.is_finite():
            raise CellError(f"{cell_text(raw)!r} is not a percentage: write it like 12.5.")
        if share != share.quantize(PENNY):
            raise CellError(f"{cell_text(raw)!r}: give the share with at most two figures after the point.")
        if not 0 <= share <= 100:
            raise CellError(f"{cell_text(raw)!r}: a share is between 0 and 100 percent.")
        return share.quantize(PENNY)

    def to_cell(self, value: Decimal | None) -> Decimal | None:
        return value


@register
class Budget(Sheet):
    """A board's income and expenditure lines, keyed by board, year, kind and line. The rows of one
    year and kind keep the order they are given in (the statement's order)."""

    name = "budget"
    model = BudgetLine
    key = ("board", "year", "kind", "line")
    # Income before expenditure ("-kind"), each in its order.
    ordering = ("board__name", "year", "-kind", "position", "pk")
    exported_with = MONEY_PART
    duplicate_column = "line"
    board_path = "board"
    noun = "budget line"
    columns = [
        Ref("board", to="boards"),
        YearCell("year", required=True),
        Choice("kind", required=True),
        Text("line", required=True, one_line=True),
        Money("budget"),
        Money("actual"),
        Text("note"),
    ]

    def describe(self, cells: dict[str, Any]) -> str:
        year = cells.get("year")
        year = ReportingYear(year).label if isinstance(year, int) else year
        return " / ".join(str(part) for part in (year, cells.get("kind"), cells.get("line")) if part)

    def check(self, line: BudgetLine, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if TOTAL_NAME.match(line.line or ""):
            yield "line", TOTAL_MESSAGE.format(line=line.line.strip())
            return
        # The rows' order within their year and kind is the lines' order.
        counts = run.cache.setdefault("budget_positions", {})
        place = (line.board_id, line.year, line.kind)
        counts[place] = counts.get(place, 0) + 1
        line.position = counts[place]

    def save(self, instance: BudgetLine, by: Any) -> BudgetLine:
        return budget_line_save(line=instance, by=by)


@register
class Contributions(Sheet):
    """Partners' contributions, keyed by board, year and agency: an amount, the published share
    when only that is known, and any support in kind."""

    name = "contributions"
    model = Contribution
    key = ("board", "year", "agency")
    ordering = ("board__name", "year", "agency__name")
    exported_with = MONEY_PART
    duplicate_column = "agency"
    board_path = "board"
    noun = "contribution"
    columns = [
        Ref("board", to="boards"),
        YearCell("year", required=True),
        Ref("agency", to="agencies", required=True),
        Money("amount"),
        Percent("share"),
        Text("in_kind"),
    ]

    def describe(self, cells: dict[str, Any]) -> str:
        year = cells.get("year")
        year = ReportingYear(year).label if isinstance(year, int) else year
        return " / ".join(str(part) for part in (year, cells.get("agency")) if part)

    def check(self, contribution: Contribution, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        if contribution.amount is None and contribution.share is None and not contribution.in_kind:
            yield "amount", "give the amount, the published share or the support given in kind (in_kind)."

    def save(self, instance: Contribution, by: Any) -> Contribution:
        return contribution_save(contribution=instance, by=by)
