"""Dates typed in the app's forms: day first or ISO; a month-first or impossible date is refused with
a message that says what to type, on every date field of the app's forms and on a page."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.urls import get_resolver, reverse

from lscb.dates import DAY_FIRST_MESSAGE, DateFormatError, DateInput, parse_uk_date


class DayForm(forms.Form):
    day = forms.DateField(widget=DateInput())


@pytest.mark.parametrize(
    ("typed", "day"),
    [("13/04/2026", date(2026, 4, 13)), ("9/4/2026", date(2026, 4, 9)), ("2026-04-13", date(2026, 4, 13))],
)
def test_a_day_first_or_iso_date_is_read(typed, day):
    form = DayForm({"day": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == day


def test_a_date_that_could_be_either_is_read_day_first():
    form = DayForm({"day": "04/12/2026"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == date(2026, 12, 4)


@pytest.mark.parametrize("typed", ["04/13/2026", "31/02/2026", "2026-13-45", "13 April", "27/11/26/1"])
def test_a_month_first_or_impossible_date_says_what_to_type(typed):
    form = DayForm({"day": typed})
    assert not form.is_valid()
    assert form.errors["day"] == ["Enter the date day first, as 27/11/2026."]
    assert DAY_FIRST_MESSAGE == "Enter the date day first, as 27/11/2026."


def all_subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *all_subclasses(sub)}
    return found


def test_every_date_field_of_the_apps_forms_says_what_to_type():
    """After the URLs are loaded (every view and so every form module imported), each date field
    of a form of ours carries the day-first message, model forms' included."""
    get_resolver().url_patterns  # noqa: B018 (loads every view, and so every form module)
    ours = ("governance", "businessplan", "challengelog", "yearend", "learning", "dataset", "training", "finance")
    checked = 0
    for form_class in all_subclasses(forms.BaseForm):
        if not form_class.__module__.startswith(ours):
            continue
        for name, field in getattr(form_class, "base_fields", {}).items():
            if isinstance(field, forms.DateField):
                assert field.error_messages["invalid"] == DAY_FIRST_MESSAGE, f"{form_class.__qualname__}.{name}"
                checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_a_month_first_date_on_a_page_says_what_to_type(client_for, manager, board):
    data = {"title": "Neglect: the graded care profile", "date": "04/13/2026", "kind": "course"}
    response = client_for(manager).post(reverse("training:event-create", args=[board.slug]), data)
    page = response.content.decode()
    assert "Enter the date day first, as 27/11/2026." in page
    assert "Enter a valid date." not in page
    assert 'value="04/13/2026"' in page  # what was typed is kept


def test_the_workbook_reading_refuses_a_month_first_date_by_name():
    with pytest.raises(DateFormatError, match="month-first"):
        parse_uk_date("04/13/2026")
