"""The board's money: income and expenditure lines per reporting year, and partners'
contributions. Money is exact (pence, never floats); totals are computed, never typed."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import MD5
from simple_history.models import HistoricalRecords

from governance.models import Agency, Board

from .querysets import BudgetLineQuerySet, ContributionQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}
YEAR_HELP = 'A reporting year, e.g. "2025-26".'
# A line named like a total would be counted twice: the report adds the lines up itself.
TOTAL_NAME = re.compile(r"^\s*(grand\s+|sub[\s-]?)?totals?\b", re.IGNORECASE)
TOTAL_MESSAGE = (
    'A line cannot be a total ("{line}"): the totals are added up from the lines, so it would be '
    "counted twice. Leave it out."
)


class LineKind(models.TextChoices):
    INCOME = "income", "Income"
    EXPENDITURE = "expenditure", "Expenditure"


def year_field() -> models.PositiveSmallIntegerField:
    """A reporting year kept as the calendar year it starts in (ReportingYear.first)."""
    return models.PositiveSmallIntegerField(
        verbose_name="reporting year",
        help_text=YEAR_HELP,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )


def refuse_total(line: str) -> None:
    if TOTAL_NAME.match(line or ""):
        raise ValidationError({"line": TOTAL_MESSAGE.format(line=line.strip())})


class BudgetLine(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="budget_lines")
    year = year_field()
    kind = models.CharField(max_length=12, choices=LineKind.choices)
    line = models.TextField(help_text='e.g. "Contributions from partner agencies", "Chair expenses".')
    budget = models.DecimalField(**MONEY, null=True, blank=True, help_text="For income: the amount expected.")
    actual = models.DecimalField(**MONEY, null=True, blank=True)
    note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within its year and kind.")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "kind", "position", "pk"]
        verbose_name = "budget line"
        constraints = [
            models.UniqueConstraint(
                "board",
                "year",
                "kind",
                MD5("line"),
                name="budget_line_once_per_year_kind",
                violation_error_message="This year already has a line with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.line

    def clean(self) -> None:
        refuse_total(self.line)

    @property
    def remaining(self):
        """Budget less actual; unknown when either is."""
        if self.budget is None or self.actual is None:
            return None
        return self.budget - self.actual


class Contribution(models.Model):
    """A partner's contribution in a year: an amount, or the published share when only that is known,
    and any support in kind."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="contributions")
    year = year_field()
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="contributions")
    amount = models.DecimalField(**MONEY, null=True, blank=True)
    share = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent of all contributions, when only the share is published.",
    )
    in_kind = models.TextField(
        blank=True, verbose_name="in kind", help_text="Support given in kind, e.g. a venue, staff time."
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ContributionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "year", "agency"],
                name="contribution_once_per_year_agency",
                violation_error_message="This agency already has a contribution for this year.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"
