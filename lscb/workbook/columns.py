"""Columns of a workbook sheet: how one cell is read, checked and written back."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db.models import NOT_PROVIDED

from lscb.dates import UK_FORM, DateFormatError, parse_uk_date
from lscb.text import control_character_problem, one_line
from lscb.years import ReportingYear, YearFormatError

if TYPE_CHECKING:
    from .sheet import Sheet

# A text cell starting with one of these is a formula to a spreadsheet program.
FORMULA_START = frozenset("=+-@")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}
# Excel day serials from 1950 to 2200: a bare number in a date column is only read as a date
# when Excel lost the cell's date format, and then it lies in this range; a year typed as 2016
# would otherwise become a day in 1905.
_SERIAL_RANGE = (18264, 109939)


class CellError(ValueError):
    """A cell's value cannot be read; the message is for the person who typed it."""


def quote(text: str) -> str:
    """Neutralise a text that a spreadsheet would run as a formula (undone exactly by unquote)."""
    return "'" + text if text.lstrip("'")[:1] in FORMULA_START else text


def unquote(text: str) -> str:
    """Strip the quote that `quote` added, and only that one."""
    return text[1:] if text[:1] == "'" and text.lstrip("'")[:1] in FORMULA_START else text


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def cell_text(raw: Any) -> str:
    """Any cell as trimmed text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(sep=" ")
    if isinstance(raw, date):
        return raw.isoformat()
    return unquote(str(raw).strip())


def resolve_path(obj: Any, path: str) -> Any:
    """Follow a dotted attribute path ("meeting.group"), stopping at None."""
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


class Column:
    """A column of a sheet, stored in model field `field` (None: used only by the sheet's hooks)."""

    kind = "text"

    def __init__(self, name: str, *, required: bool = False, field: Any = NOT_PROVIDED, source: str = "") -> None:
        self.name = name
        self.required = required
        self.field_name: str | None = name if field is NOT_PROVIDED else field
        # Where export reads the value from; defaults to the model field.
        self.source = source or self.field_name or ""
        self.sheet: Sheet | None = None
        self.model_field = None

    def bind(self, sheet: Sheet) -> None:
        self.sheet = sheet
        if self.field_name:
            self.model_field = sheet.model._meta.get_field(self.field_name)
        if not self.source:
            raise TypeError(f"{sheet.name}.{self.name}: a column without a field needs a source for export.")

    @property
    def attname(self) -> str | None:
        return self.model_field.attname if self.model_field is not None else None

    def blank_value(self) -> Any:
        """What a blank cell stores: the model field's default, else NULL or the empty string."""
        field = self.model_field
        if field is None:
            return None
        if field.default is not NOT_PROVIDED:
            return field.get_default()
        return None if field.null else ""

    def read(self, raw: Any) -> Any:
        """The value of a cell; raises CellError."""
        # NUL cannot be stored (PostgreSQL refuses it) and no control character can be exported.
        problem = control_character_problem(raw)
        if problem:
            raise CellError(f"the cell {problem}")
        if is_blank(raw):
            if self.required:
                raise CellError("a value is required.")
            return self.blank_value()
        return self.parse(raw)

    def parse(self, raw: Any) -> Any:
        return cell_text(raw)

    def stored_key(self, value: Any) -> Any:
        """A stored value as a key part, as a row's cell would give it (see Text's one_line)."""
        return value

    def assign(self, instance: Any, value: Any) -> None:
        setattr(instance, self.field_name, value)

    def export(self, instance: Any) -> Any:
        return self.to_cell(resolve_path(instance, self.source))

    def to_cell(self, value: Any) -> Any:
        """A stored value as written to a cell: text, a whole number, or None for blank."""
        if value in (None, ""):
            return None
        return quote(str(value))


class Text(Column):
    """Free text, trimmed.

    `one_line`: a name or title, which the app's forms keep on one line. A spreadsheet cell often
    carries a stray line break (Alt+Enter, or text pasted from a document): each line break, with
    the spaces around it, is folded to a single space rather than refused, and the preview shows
    the folded text. Every other text column keeps its line breaks exactly as written."""

    def __init__(self, name: str, *, one_line: bool = False, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.one_line = one_line

    def parse(self, raw: Any) -> str:
        text = cell_text(raw)
        return one_line(text) if self.one_line else text

    def stored_key(self, value: Any) -> Any:
        # A name stored on two lines (imported before names were kept on one) is matched by the
        # same row folded, which then stores it folded: nothing is duplicated.
        return one_line(value) if self.one_line else value


class Date(Column):
    """A date: a real date cell of a spreadsheet, or text written day first (09/04/2026, 9/4/2026,
    09-04-2026) or ISO (2026-04-09); a month-first date is refused, never guessed (lscb.dates).

    `undated`: the model's flag for a record the source gives no day for; such a record's stored
    day stands in for its reporting year (see Year), so the cell is exported blank."""

    kind = "date"

    def __init__(self, name: str, *, undated: str = "", **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.undated = undated

    def export(self, instance: Any) -> str | None:
        if self.undated and getattr(instance, self.undated):
            return None
        return super().export(instance)

    def parse(self, raw: Any) -> date:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if float(raw).is_integer() and _SERIAL_RANGE[0] <= raw <= _SERIAL_RANGE[1]:
                from openpyxl.utils.datetime import from_excel

                return from_excel(int(raw)).date()
            raise CellError(f"{cell_text(raw)!r} is not a date: write it as {UK_FORM} (or 2026-04-09).")
        text = cell_text(raw)
        # A date-and-midnight text is how some programs write a date cell saved as CSV.
        match = _ISO_DATE.match(text)
        try:
            return parse_uk_date(f"{match[1]}-{match[2]}-{match[3]}" if match else text)
        except DateFormatError as error:
            raise CellError(str(error)) from None

    def to_cell(self, value: date | None) -> str | None:
        return value.isoformat() if value else None


class Year(Column):
    """A reporting year written "2015-16": where a record the source gives no day for belongs.

    It stores nothing itself: the sheet turns it into the day the model keeps (see `dating`), and
    export writes it only for an undated record (its `undated` flag), blank for a dated one."""

    kind = "reporting year"

    def __init__(self, name: str, *, day: str, undated: str, **kwargs: Any) -> None:
        super().__init__(name, field=None, source=day, **kwargs)
        self.undated = undated

    def parse(self, raw: Any) -> ReportingYear:
        try:
            return ReportingYear.parse(cell_text(raw))
        except YearFormatError as exc:
            raise CellError(str(exc)) from None

    def export(self, instance: Any) -> str | None:
        if not getattr(instance, self.undated):
            return None
        return ReportingYear.containing(resolve_path(instance, self.source)).label


def dating(
    values: dict[str, Any], day_column: str, year_column: str, *, at_end: bool
) -> tuple[date | None, bool, list]:
    """The day a row is kept on and whether it is undated, from its date cell and its year cell.

    A date wins (and must lie in the year, when both are given); a year alone stands for its first
    day, or its last with `at_end`. Returns (day, undated, problems as (column, message))."""
    day = values.get(day_column) or None
    year: ReportingYear | None = values.get(year_column) or None
    if day is not None and year is not None and day not in year:
        message = (
            f"{day.isoformat()} is not in {year} (which runs from {year.start.isoformat()} to {year.end.isoformat()}): "
            f"give the date, or leave {day_column} blank and give the year only."
        )
        return None, False, [(year_column, message)]
    if day is not None:
        return day, False, []
    if year is not None:
        return (year.end if at_end else year.start), True, []
    message = f"give the date, or when the source gives none, the reporting year in {year_column} (e.g. 2015-16)."
    return None, False, [(day_column, message)]


class Bool(Column):
    """yes / no (also true / false, 1 / 0)."""

    kind = "yes/no"

    def parse(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = cell_text(raw).lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellError(f"{cell_text(raw)!r} is not yes or no.")

    def to_cell(self, value: bool | None) -> str | None:
        return None if value is None else ("yes" if value else "no")


class Int(Column):
    """A whole number."""

    kind = "whole number"

    def __init__(self, name: str, *, min_value: int | None = None, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.min_value = min_value

    def parse(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise CellError(f"{cell_text(raw)!r} is not a whole number.")
        try:
            number = Decimal(cell_text(raw))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise CellError(f"{cell_text(raw)!r} is not a whole number.")
        if self.min_value is not None and number < self.min_value:
            raise CellError(f"{int(number)} is too small: the least allowed is {self.min_value}.")
        return int(number)

    def to_cell(self, value: int | None) -> int | None:
        return value


class Choice(Column):
    """One of a list of values (case-insensitive); the choices default to the model field's."""

    kind = "choice"

    def __init__(self, name: str, choices: Any = None, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self._choices = choices

    def bind(self, sheet: Sheet) -> None:
        super().bind(sheet)
        choices = self._choices
        if choices is None:
            choices = self.model_field.choices
        elif hasattr(choices, "choices"):  # a TextChoices class
            choices = choices.choices
        self.values = [value for value, _label in choices]
        # Accept the value in any case, with spaces for underscores, or the label shown in the app.
        self.lookup = {}
        for value, label in choices:
            for alias in (value, value.replace("_", " "), label):
                self.lookup.setdefault(alias.casefold(), value)

    def parse(self, raw: Any) -> str:
        text = cell_text(raw)
        value = self.lookup.get(" ".join(text.split()).casefold())
        if value is None:
            raise CellError(f"{text!r} is not one of: {', '.join(self.values)}.")
        return value


class Ref(Column):
    """A reference to a row of another sheet (or the same one) by its natural key."""

    kind = "reference"

    def __init__(self, name: str, *, to: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.to = to

    def parse(self, raw: Any) -> str:
        # Resolved later, once the sheet it refers to has been written. Every sheet's key is kept
        # on one line (a name, a title, an email, a reference), so a reference is folded as it is.
        return one_line(cell_text(raw))

    def blank_value(self) -> None:
        return None

    def export(self, instance: Any) -> str | None:
        from .registry import get_sheet

        target = resolve_path(instance, self.source)
        return None if target is None else quote(get_sheet(self.to).ref_text(target))

    def to_cell(self, value: Any) -> str | None:
        from .registry import get_sheet

        return None if value is None else quote(get_sheet(self.to).ref_text(value))


def follows_board(source: str) -> Ref:
    """The optional `board` column of a sheet whose rows follow a board's group or plan (meetings,
    actions): in which board to look for it when two boards have one of that name. Export writes
    the board it belongs to, read from `source` ("group.board")."""
    return Ref("board", to="boards", field=None, source=source)
