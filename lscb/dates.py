"""Dates as a UK user writes them: day first (09/04/2026, 9/4/2026, 09-04-2026) or ISO (2026-04-09).

A month-first date is never guessed: 04/13/2026 is refused, naming the UK form, rather than read
as 13 April (and 04/12/2026 is always 4 December)."""

from __future__ import annotations

import re
from datetime import date

from django import forms

UK_FORM = "dd/mm/yyyy, e.g. 09/04/2026"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# A spreadsheet saved as CSV may add the midnight of a date cell: "09/04/2026 00:00".
_DAY_FIRST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:\s+00:00(?::00)?)?$")


class DateFormatError(ValueError):
    """A text that is not a date; the message is for the person who typed it."""


def parse_uk_date(text: str) -> date:
    """The day that `text` names, day first or ISO; raises DateFormatError."""
    text = text.strip()
    if match := _ISO.match(text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DAY_FIRST.match(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
        if month > 12 and day <= 12:
            raise DateFormatError(
                f"{text!r} looks like a month-first date: write the day first, as {UK_FORM} (9 April 2026)."
            )
    else:
        raise DateFormatError(f"{text!r} is not a date: write it as {UK_FORM} (or 2026-04-09).")
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"{text!r} is not a real date: write it as {UK_FORM}.") from None


class DateInput(forms.DateInput):
    """A day-first text box (27/11/2026), whatever the browser's locale; the form field reads the
    formats of lscb/formats/en_GB (dd/mm/yyyy, dd/mm/yy, ISO)."""

    input_type = "text"

    def __init__(self, attrs=None, **kwargs):
        attrs = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "spellcheck": "false",
            "size": 10,
            **(attrs or {}),
        }
        kwargs.setdefault("format", "%d/%m/%Y")
        super().__init__(attrs=attrs, **kwargs)


# What a date box says when its text is not a date: month first (04/13/2026) or impossible
# (31/02/2026). Every date box of the app is a DateInput from this module, and every form module
# imports it before it defines its forms, so each DateField made after this line (model forms' as
# much as those written out) says what to type; lscb/formats/en_GB never reads a month first.
DAY_FIRST_MESSAGE = "Enter the date day first, as 27/11/2026."
forms.DateField.default_error_messages = {**forms.DateField.default_error_messages, "invalid": DAY_FIRST_MESSAGE}
