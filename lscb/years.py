"""The UK financial year (1 April - 31 March) as the reporting year, written "2025-26"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

_YEAR = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")
# The years any record may be dated in: a date outside them is a slip of the keyboard.
FIRST_YEAR, LAST_YEAR = 1900, 2200


class YearFormatError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class ReportingYear:
    """A reporting year, named by the calendar year in which it starts."""

    first: int

    @classmethod
    def parse(cls, text: str) -> ReportingYear:
        match = _YEAR.match(text or "")
        if not match:
            raise YearFormatError(f'"{text}" is not a reporting year: write it like 2025-26.')
        first, second = int(match[1]), int(match[2])
        if (len(match[2]) == 2 and second != (first + 1) % 100) or (len(match[2]) == 4 and second != first + 1):
            raise YearFormatError(
                f'"{text}" is not a reporting year: the second year must follow the first, as in 2025-26.'
            )
        if not FIRST_YEAR <= first <= LAST_YEAR:
            raise YearFormatError(f'"{text}" is out of range.')
        return cls(first)

    @classmethod
    def containing(cls, day: date) -> ReportingYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls) -> ReportingYear:
        return cls.containing(timezone.localdate())

    @property
    def start(self) -> date:
        return date(self.first, 4, 1)

    @property
    def end(self) -> date:
        return date(self.first + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.first}-{(self.first + 1) % 100:02d}"

    @property
    def previous(self) -> ReportingYear:
        return ReportingYear(self.first - 1)

    @property
    def next(self) -> ReportingYear:
        return ReportingYear(self.first + 1)

    def __str__(self) -> str:
        return self.label

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def reporting_year_of(field: str):
    """The database's reckoning of ReportingYear.containing(day).first for a date field: for
    counting or grouping rows by reporting year in one query."""
    return ExtractYear(field) - Case(When(**{f"{field}__month__lt": 4}, then=Value(1)), default=Value(0))


def refuse_implausible_dates(**days: date | None) -> None:
    """Raise one ValidationError naming every field (keyword) dated outside FIRST_YEAR-LAST_YEAR."""
    errors = {
        name: ValidationError(
            f"{day.day:02d}/{day.month:02d}/{day.year:04d} is outside the years records are kept for ({FIRST_YEAR} to {LAST_YEAR}): check the year.",
            code="implausible_date",
        )
        for name, day in days.items()
        if isinstance(day, date) and not FIRST_YEAR <= day.year <= LAST_YEAR
    }
    if errors:
        raise ValidationError(errors)


class ReportingYearConverter:
    """URL converter: /calendar/2025-26/."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> ReportingYear:
        try:
            return ReportingYear.parse(value)
        except YearFormatError as exc:
            raise ValueError(str(exc)) from exc

    def to_url(self, value: ReportingYear | str) -> str:
        return value.label if isinstance(value, ReportingYear) else str(value)
