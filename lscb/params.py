"""Query parameters, parsed like any other input: each through a form's typed field.

A view that reads the address (``?meeting=12`` prefills a new challenge) names the parameters it
reads and their types, and `query_values` reads them through a form made of those fields. A value
its field refuses (not a number, no such record, a NUL byte, a date that is no date, a number past
any column's range) counts as not given: the page answers as it would without it, never with a
server error. Nothing from the query string reaches a query unparsed.
"""

from __future__ import annotations

from django import forms

from lscb.years import ReportingYear, YearFormatError

# The largest id or number a database column holds: beyond it, a lookup would be an error.
LARGEST = 2**63 - 1


def query_values(request, **fields: forms.Field) -> dict:
    """Each named field read from the request's query string: its cleaned value, or None when the
    parameter is absent or refused."""
    form = type("QueryForm", (forms.Form,), dict(fields))(request.GET)
    form.is_valid()
    return {name: form.cleaned_data.get(name) for name in fields}


def record(queryset) -> forms.ModelChoiceField:
    """The id of a record of `queryset`: the record itself."""
    return forms.ModelChoiceField(queryset, required=False)


def number(smallest: int = 1) -> forms.IntegerField:
    """A whole number (a record's id, a priority's number, a step)."""
    return forms.IntegerField(min_value=smallest, max_value=LARGEST, required=False)


def day() -> forms.DateField:
    """A date written as in the app's addresses, 2026-11-27."""
    return forms.DateField(input_formats=["%Y-%m-%d"], required=False)


def text() -> forms.CharField:
    return forms.CharField(required=False)


class _ReportingYearField(forms.CharField):
    """A reporting year written 2025-26 (a ReportingYear), or "all" where the page offers it."""

    def __init__(self, *, allow_all: bool, **kwargs) -> None:
        self.allow_all = allow_all
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value == "" or (self.allow_all and value == "all"):
            return value or None
        try:
            return ReportingYear.parse(value)
        except YearFormatError as error:
            raise forms.ValidationError(str(error)) from error


def reporting_year(*, allow_all: bool = False) -> forms.CharField:
    return _ReportingYearField(allow_all=allow_all)
