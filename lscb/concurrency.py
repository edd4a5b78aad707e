"""Optimistic concurrency for records two people may edit at once.

Each such record carries a `version` that every save increments. A form remembers the version
it was opened at; the save locks the row and refuses when the version has moved on, so the
second person is told, sees the other change, and keeps their own input.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet


class StaleEdit(ValidationError):
    """Someone else saved the record after this form was opened."""


def lock_current(queryset: QuerySet, pk: int, version: int | None, message: str) -> Model:
    """The row, locked until the transaction ends; StaleEdit if `version` is not its version."""
    current = queryset.select_for_update().get(pk=pk)
    if version is not None and current.version != version:
        raise StaleEdit(message)
    return current


class VersionField(forms.IntegerField):
    """The hidden field with the version a form was opened at. A damaged one (not a number, or
    missing when required) counts as stale: the save is refused with the message above, never
    with an error on a field nobody can see."""

    widget = forms.HiddenInput

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return 0  # no record has version 0: the save is refused as stale
