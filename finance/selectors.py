"""Reads of the board's money that other apps use (the year-end report). Amounts stay Decimal;
`money_text` writes them as the JSON does ("259418.00")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from lscb.years import ReportingYear

from .models import BudgetLine, Contribution, LineKind

PENNY = Decimal("0.01")


def money_text(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount.quantize(PENNY))


def _sum(amounts) -> Decimal:
    return sum((amount for amount in amounts if amount is not None), Decimal("0.00"))


def year_finance(board, year: ReportingYear) -> dict:
    """The year's income and expenditure with totals computed from the lines (DOMAIN.md). An income
    line's amount is its actual, or its budget (the amount expected) when no actual is recorded.
    Remaining = budget - actual; share spent = actual / budget of the expenditure, in percent."""
    lines = list(BudgetLine.objects.of_board(board).of_year(year).order_by("kind", "position", "pk"))
    income = [line for line in lines if line.kind == LineKind.INCOME]
    spending = [line for line in lines if line.kind == LineKind.EXPENDITURE]
    income_amounts = [line.actual if line.actual is not None else line.budget for line in income]
    budget_total = _sum(line.budget for line in spending)
    actual_total = _sum(line.actual for line in spending)
    spent = (actual_total * 100 / budget_total).quantize(PENNY, ROUND_HALF_UP) if budget_total else None
    return {
        "income": [{"line": line.line, "amount": amount} for line, amount in zip(income, income_amounts, strict=True)],
        "income_total": _sum(income_amounts),
        "expenditure": [
            {"line": line.line, "budget": line.budget, "actual": line.actual, "remaining": line.remaining}
            for line in spending
        ],
        "budget_total": budget_total,
        "actual_total": actual_total,
        "remaining_total": budget_total - actual_total,
        "spent_pct": spent,
    }


def finance_json(finance: dict) -> dict:
    """`year_finance` with amounts as two-decimal strings and the share spent as a number."""
    text = money_text
    return {
        "income": [{"line": row["line"], "amount": text(row["amount"])} for row in finance["income"]],
        "income_total": text(finance["income_total"]),
        "expenditure": [
            {key: row[key] if key == "line" else text(row[key]) for key in ("line", "budget", "actual", "remaining")}
            for row in finance["expenditure"]
        ],
        "budget_total": text(finance["budget_total"]),
        "actual_total": text(finance["actual_total"]),
        "remaining_total": text(finance["remaining_total"]),
        "spent_pct": None if finance["spent_pct"] is None else float(finance["spent_pct"]),
    }


def year_contributions(board, year: ReportingYear) -> list[Contribution]:
    return list(Contribution.objects.of_board(board).of_year(year).select_related("agency").order_by("agency__name"))


def contributions_json(contributions: list[Contribution]) -> list[dict]:
    return [
        {
            "agency": row.agency.name,
            "amount": money_text(row.amount),
            "share": None if row.share is None else float(row.share),
        }
        for row in contributions
    ]
