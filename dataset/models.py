"""The board's dataset: indicators its partners report, and their values per period."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import MD5
from django.urls import reverse
from simple_history.models import HistoricalRecords

from businessplan.models import Priority
from governance.models import NO_CHILD_DATA, Agency, Board

from .periods import Period, PeriodError, PeriodKind
from .querysets import IndicatorQuerySet, IndicatorValueQuerySet

# Figures as sources print them: up to 12 digits before the point and 4 after (a rate per 10,000
# to two places, a percentage to four, money to the penny).
NUMBER = {"max_digits": 16, "decimal_places": 4}


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    RATE = "rate_per_10000", "Rate per 10,000"
    PERCENT = "percent", "Percentage"
    DAYS = "days", "Days"
    MONEY = "money", "Money (£)"
    OTHER = "other", "Other"


class Better(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"
    NEITHER = "neither", "Neither"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    YEARLY = "yearly", "Yearly"
    SNAPSHOT = "snapshot", "Snapshot"


class Indicator(models.Model):
    """One figure a partner reports to the board, e.g. "Children missing from home: episodes"."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="indicators")
    name = models.TextField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    better = models.CharField(
        max_length=10, choices=Better.choices, default=Better.NEITHER, verbose_name="which way is better"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    source = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text="The agency that reports it.",
    )
    target = models.DecimalField(**NUMBER, null=True, blank=True)
    priority = models.ForeignKey(
        Priority,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
        help_text="The plan priority it informs.",
    )
    on_dashboard = models.BooleanField(default=False, verbose_name="show on the dashboard")
    description = models.TextField(blank=True, help_text="What it counts and how. " + NO_CHILD_DATA)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "board",
                MD5("name"),
                name="indicator_name_unique_in_board",
                violation_error_message="Another indicator of this board has this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dataset:indicator-detail", args=[self.board.slug, self.pk])

    def clean(self) -> None:
        if self.priority_id and self.board_id and self.priority.plan.board_id != self.board_id:
            raise ValidationError({"priority": "Choose a priority of this board's plans."})

    @property
    def sums(self) -> bool:
        """Only counts add up over a year (DOMAIN.md): a rate or a percentage has no year total."""
        return self.unit == Unit.COUNT


class IndicatorValue(models.Model):
    """An indicator's value for one period and, optionally, one area, team or cohort. A blank value
    is "not reported", never zero; a negative one (a correction a source prints) is kept."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.TextField(blank=True, help_text="Area, team or cohort; blank for the whole area.")
    period = models.CharField(max_length=20, help_text="As written: 2025-04, 2025-26 Q1, 2025-26 or 2026-03-31.")
    period_kind = models.CharField(max_length=10, choices=PeriodKind.choices, editable=False)
    starts_on = models.DateField(editable=False)
    ends_on = models.DateField(editable=False)
    value = models.DecimalField(**NUMBER, null=True, blank=True, help_text="Blank: not reported.")
    comparator = models.DecimalField(**NUMBER, null=True, blank=True)
    comparator_name = models.TextField(blank=True, help_text='e.g. "statistical neighbours", "England".')
    note = models.TextField(blank=True, verbose_name="commentary", help_text=NO_CHILD_DATA)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "area", "starts_on", "ends_on"]
        constraints = [
            models.UniqueConstraint(
                "indicator",
                MD5("area"),
                "period",
                name="indicator_value_once_per_area_period",
                violation_error_message="This indicator already has a value for this area and period.",
            )
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"])]

    def __str__(self) -> str:
        where = f" ({self.area})" if self.area else ""
        return f"{self.indicator}{where} {self.period}: {self.display}"

    def set_period(self, text: str) -> Period:
        """Read the period as written, normalise it and keep its dates for counting by year."""
        yearly = self.indicator_id is not None and self.indicator.frequency == Frequency.YEARLY
        period = Period.parse(text, yearly=yearly)
        self.period, self.period_kind = period.code, period.kind
        self.starts_on, self.ends_on = period.starts_on, period.ends_on
        return period

    @property
    def period_obj(self) -> Period:
        return Period(self.period_kind, self.starts_on, self.ends_on)

    @property
    def reported(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        return "not reported" if self.value is None else f"{self.value.normalize():f}"

    def clean(self) -> None:
        if self.period and not self.starts_on:
            try:
                self.set_period(self.period)
            except PeriodError as error:
                raise ValidationError({"period": str(error)}) from None


def as_number(value: Decimal | None) -> int | float | None:
    """A value for JSON: a whole number as an int, otherwise a float; None stays None."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
