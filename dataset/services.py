"""Every write to the dataset: validated, atomic, attributed (lscb.records.record_save)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from lscb.concurrency import StaleEdit
from lscb.records import record_delete, versioned_save

from .models import Indicator, IndicatorValue
from .periods import Period, PeriodError


def indicator_save(*, indicator: Indicator, by, version: int | None = None) -> Indicator:
    """Add or change an indicator; `version` is the one the form was opened at. Its plan priority
    must be one of its board's plans (Indicator.clean)."""
    indicator.name = " ".join((indicator.name or "").split())
    return versioned_save(indicator, by=by, version=version, noun="this indicator")


def read_period(value: IndicatorValue, text: str) -> Period:
    """Set the value's period from the text as written; a period that cannot be read is the
    period field's error, with the forms it may take."""
    try:
        return value.set_period(text)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None


def value_save(*, value: IndicatorValue, by, version: int | None = None, period: str | None = None) -> IndicatorValue:
    """Add or change one value. Its period is read (and normalised) from `period`, or from the
    value's own period as written; any period fits any indicator. A blank value is "not
    reported"; a negative one (a correction) is kept."""
    read_period(value, value.period if period is None else period)
    value.area = " ".join((value.area or "").split())
    value.comparator_name = (value.comparator_name or "").strip()
    if value.comparator is None and not value.comparator_name:
        value.comparator_name = ""
    return versioned_save(value, by=by, version=version, noun="this value")


def value_delete(*, value: IndicatorValue, by) -> None:
    record_delete(instance=value, by=by)


# --- the latest figures of a source agency, in one sitting -----------------------------------------


@dataclass
class FigureRow:
    """One indicator's figures for the period, as entered. `version`: the stored value's version
    the form was opened at (None when there was none)."""

    indicator: Indicator
    value: Decimal | None = None
    comparator: Decimal | None = None
    comparator_name: str = ""
    note: str = ""
    not_reported: bool = False
    version: int | None = None

    @property
    def blank(self) -> bool:
        return (
            self.value is None
            and self.comparator is None
            and not self.comparator_name.strip()
            and not self.note.strip()
            and not self.not_reported
        )


@dataclass
class RowErrors(Exception):
    """The rows that could not be saved (by their position), with their errors: nothing was saved."""

    errors: dict[int, ValidationError] = field(default_factory=dict)
    # For a row refused as stale, the stored value's version now: the form moves on to it, so that
    # saving again (after checking) goes through.
    versions: dict[int, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{len(self.errors)} row(s) could not be saved"


@dataclass
class SittingResult:
    saved: list[IndicatorValue]
    skipped: int  # rows left blank, with nothing stored for the period


def values_save_for_source(*, board, period: str, rows: list[FigureRow], by) -> SittingResult:
    """Save one period's values of many indicators (a source agency's) at once: all or nothing.
    A row left blank, with nothing stored for the period, is skipped; a stored value whose row is
    left blank becomes "not reported" only when that box is ticked (otherwise it stays as it is).
    Errors are raised per row (RowErrors) and nothing is saved."""
    try:
        parsed = Period.parse(period)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    errors: dict[int, ValidationError] = {}
    versions: dict[int, int] = {}
    saved: list[IndicatorValue] = []
    skipped = 0
    with transaction.atomic():
        ids = [row.indicator.pk for row in rows]
        stored = {
            value.indicator_id: value
            for value in IndicatorValue.objects.select_for_update().filter(
                indicator_id__in=ids, area="", period__in=_codes(period, parsed, rows)
            )
        }
        for position, row in enumerate(rows):
            if row.indicator.board_id != board.pk:
                errors[position] = ValidationError("This indicator is not one of this board's.")
                continue
            current = stored.get(row.indicator.pk)
            # Stale: the figure changed since the form was opened, or was entered meanwhile (the
            # form had none to show).
            moved = row.version is not None and current is not None and current.version != row.version
            added = row.version is None and current is not None and not row.blank
            if moved or added:
                errors[position] = StaleEdit(
                    "Someone else saved this figure while you were entering it: it is now "
                    f"{current.display}. Check it and save again."
                )
                versions[position] = current.version
                continue
            if row.blank and current is None:
                skipped += 1
                continue
            if row.blank and current is not None:
                continue  # left as it was
            value = current or IndicatorValue(indicator=row.indicator, area="")
            value.indicator = row.indicator
            value.value = None if row.not_reported else row.value
            value.comparator = row.comparator
            value.comparator_name = row.comparator_name.strip()
            value.note = row.note
            try:
                saved.append(value_save(value=value, by=by, period=period))
            except ValidationError as error:
                errors[position] = error
        if errors:
            raise RowErrors(errors, versions)  # leaving the block undoes every row saved above
    return SittingResult(saved, skipped)


def _codes(text: str, parsed: Period, rows: list[FigureRow]) -> set[str]:
    """The period's code as each row's indicator reads it (a yearly one reads "2010-11" as a year)."""
    codes = {parsed.code}
    for row in rows:
        with contextlib.suppress(PeriodError):
            codes.add(Period.parse(text, yearly=row.indicator.frequency == "yearly").code)
    return codes
