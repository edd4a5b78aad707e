"""All the board's budget lines across years, as a sortable, exportable table: money shown as
£1,234.56 on the page and exact numbers in the exports."""

import django_tables2 as tables

from lscb.years import ReportingYear

from .models import BudgetLine
from .money import PENNY, percent, pounds, remaining_text


class MoneyColumn(tables.Column):
    """An amount: £1,234.56 on the page, the exact number (1234.56) in CSV and Excel."""

    def __init__(self, **kwargs):
        super().__init__(attrs={"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}, **kwargs)

    def render(self, value):
        return pounds(value)

    def value(self, value, **kwargs):
        return value


class BudgetLineTable(tables.Table):
    year = tables.Column(verbose_name="Year", attrs={"td": {"class": "text-nowrap"}})
    kind = tables.Column(verbose_name="Kind")
    line = tables.Column(verbose_name="Line")
    budget = MoneyColumn(verbose_name="Budget")
    actual = MoneyColumn(verbose_name="Actual")
    remaining = MoneyColumn(verbose_name="Remaining", orderable=False, empty_values=())
    spent = tables.Column(
        verbose_name="Share spent", orderable=False, empty_values=(), attrs={"td": {"class": "text-end"}}
    )
    note = tables.Column(verbose_name="Note", orderable=False)

    class Meta:
        model = BudgetLine
        fields = ["year", "kind", "line", "budget", "actual", "remaining", "spent", "note"]
        attrs = {"class": "table table-sm table-hover align-top"}

    def render_year(self, value):
        return ReportingYear(value).label

    def value_year(self, value):
        return ReportingYear(value).label

    def render_remaining(self, record):
        if record.kind != "expenditure":
            return "—"
        return remaining_text(record.remaining, blank="—")

    def value_remaining(self, record):
        return record.remaining if record.kind == "expenditure" else None

    def render_spent(self, record):
        return percent(spent_pct(record), blank="—")

    def value_spent(self, record):
        return spent_pct(record)

    def render_note(self, value):
        return value if len(value) <= 120 else f"{value[:119]}…"

    def value_note(self, value):
        return value


def spent_pct(line):
    """Actual as a percentage of the budget, for an expenditure line with both (None otherwise)."""
    if line.kind != "expenditure" or not line.budget or line.actual is None:
        return None
    return (line.actual * 100 / line.budget).quantize(PENNY)
