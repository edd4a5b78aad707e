"""The periods a dataset value is reported for, written as in the workbook:

- ``2025-04``: a calendar month;
- ``2025-26 Q1``: a quarter of a reporting year (Q1 is April to June);
- ``2025-26``: a reporting year;
- ``2026-03-31``: a snapshot on one day.

A reporting year's dataset holds the periods inside it (DOMAIN.md, "How the new figures are
counted"): its twelve months, its four quarters, the year itself and snapshots within it.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models

from lscb.dates import DateFormatError, parse_uk_date
from lscb.years import ReportingYear, YearFormatError


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"
    YEAR = "year", "Reporting year"
    SNAPSHOT = "snapshot", "Snapshot"


class PeriodError(ValueError):
    pass


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4}-\d{2,4})\s*Q([1-4])$", re.IGNORECASE)
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A snapshot's day as a UK user writes it (31/03/2026), read by lscb.dates (never month first).
_DAY_FIRST = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$")
HELP = "Write a period as 2025-04 (a month), 2025-26 Q1 (a quarter), 2025-26 (a year) or 31/03/2026 (a snapshot)."


@dataclass(frozen=True)
class Period:
    kind: str
    starts_on: date
    ends_on: date

    @classmethod
    def parse(cls, text: str, *, yearly: bool = False) -> Period:
        """`yearly`: read "2010-11" as the reporting year 2010-11, not November 2010 (only years
        before 2012 can be read both ways; the indicator's frequency decides)."""
        text = (text or "").strip()
        if re.match(r"^\d{4}-\d{2}$", text) and (yearly or int(text[5:]) > 12):
            year = _year(text, text)
            return cls(PeriodKind.YEAR, year.start, year.end)
        if _DAY_FIRST.match(text):
            try:
                day = parse_uk_date(text)
            except DateFormatError as error:
                raise PeriodError(f"{error} {HELP}") from None
            return cls(PeriodKind.SNAPSHOT, day, day)
        if match := _DAY.match(text):
            try:
                day = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise PeriodError(f'"{text}" is not a date. {HELP}') from None
            return cls(PeriodKind.SNAPSHOT, day, day)
        if match := _MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12 or year < 1:
                raise PeriodError(f'"{text}" is not a month. {HELP}')
            return cls.month(year, month)
        if match := _QUARTER.match(text):
            return cls.quarter(_year(match[1], text), int(match[2]))
        if re.match(r"^\d{4}-\d{2,4}$", text):
            year = _year(text, text)
            return cls(PeriodKind.YEAR, year.start, year.end)
        raise PeriodError(f'"{text}" is not a period. {HELP}')

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(PeriodKind.MONTH, date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: ReportingYear, number: int) -> Period:
        first_month = 4 + 3 * (number - 1)
        start_year = year.first + (first_month - 1) // 12
        first_month = (first_month - 1) % 12 + 1
        start = date(start_year, first_month, 1)
        last_month = first_month + 2
        return cls(
            PeriodKind.QUARTER, start, date(start_year, last_month, calendar.monthrange(start_year, last_month)[1])
        )

    @property
    def year(self) -> ReportingYear:
        return ReportingYear.containing(self.starts_on)

    @property
    def code(self) -> str:
        """As written in the workbook and keyed in the JSON."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.starts_on:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year.label} Q{(self.starts_on.month - 4) % 12 // 3 + 1}"
        if self.kind == PeriodKind.YEAR:
            return self.year.label
        return self.starts_on.isoformat()

    @property
    def label(self) -> str:
        """As a reader says it: "April 2025", "2025-26 Q1", "2025-26", "31/03/2026"."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.starts_on:%B %Y}"
        if self.kind == PeriodKind.SNAPSHOT:
            return f"{self.starts_on:%d/%m/%Y}"
        return self.code

    @property
    def short_label(self) -> str:
        """For a chart's axis: "Apr", "Q1", "2025-26", "31/03"."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.starts_on:%b}"
        if self.kind == PeriodKind.QUARTER:
            return self.code.split()[-1]
        if self.kind == PeriodKind.SNAPSHOT:
            return f"{self.starts_on:%d/%m}"
        return self.code


def _year(text: str, whole: str) -> ReportingYear:
    try:
        return ReportingYear.parse(text)
    except YearFormatError as error:
        raise PeriodError(f'"{whole}": {error}') from None


def months_of(year: ReportingYear) -> list[Period]:
    """The twelve months of a reporting year, April first."""
    return [Period.month(year.first + (m > 12), (m - 1) % 12 + 1) for m in range(4, 16)]


def quarters_of(year: ReportingYear) -> list[Period]:
    return [Period.quarter(year, n) for n in range(1, 5)]
