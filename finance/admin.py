"""Django admin for the board's money; changes there are kept in the history too, a stale change is
refused, and a line named like a total is refused as in the app (the model's own check)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.admin import OneLineAdminMixin
from lscb.concurrency import VersionedAdminMixin
from lscb.years import ReportingYear

from .models import BudgetLine, Contribution
from .money import pounds, remaining_text


@admin.display(description="reporting year", ordering="year")
def reporting_year(record) -> str:
    return ReportingYear(record.year).label


@admin.register(BudgetLine)
class BudgetLineAdmin(VersionedAdminMixin, OneLineAdminMixin, SimpleHistoryAdmin):
    """A year's income or expenditure line (the year kept as the calendar year it starts in: 2025 is 2025-26)."""

    one_line = ("line",)
    list_display = [
        "line",
        "board",
        reporting_year,
        "kind",
        "position",
        "budget_shown",
        "actual_shown",
        "remaining_shown",
    ]
    list_filter = ["board", "kind", "year"]
    list_select_related = ["board"]
    search_fields = ["line", "note"]
    ordering = ["board", "-year", "kind", "position"]

    @admin.display(description="budget", ordering="budget")
    def budget_shown(self, line):
        return pounds(line.budget, blank="—")

    @admin.display(description="actual", ordering="actual")
    def actual_shown(self, line):
        return pounds(line.actual, blank="—")

    @admin.display(description="remaining")
    def remaining_shown(self, line):
        return remaining_text(line.remaining, blank="—") if line.kind == "expenditure" else "—"


@admin.register(Contribution)
class ContributionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["agency", "board", reporting_year, "amount_shown", "share", "in_kind"]
    list_filter = ["board", "year"]
    list_select_related = ["board", "agency"]
    search_fields = ["agency__name", "in_kind"]
    autocomplete_fields = ["agency"]

    @admin.display(description="amount", ordering="amount")
    def amount_shown(self, contribution):
        return pounds(contribution.amount, blank="—")
