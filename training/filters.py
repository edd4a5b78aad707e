"""Filters of the training pages (an allow-list of fields, never raw request.GET)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Max, Min, Q
from django.http import QueryDict

from governance.models import Agency
from lscb.years import ReportingYear, YearFormatError

from .models import EventKind, TrainingEvent


def year_range(board) -> list[ReportingYear]:
    """From the year of the board's latest event (or this year, if later) back to its earliest."""
    days = TrainingEvent.objects.of_board(board).aggregate(first=Min("date"), last=Max("date"))
    current = ReportingYear.current()
    earliest = ReportingYear.containing(days["first"]) if days["first"] else current
    latest = ReportingYear.containing(days["last"]) if days["last"] else current
    return [ReportingYear(first) for first in range(max(latest, current).first, min(earliest, current).first - 1, -1)]


def year_choices(board) -> list[tuple[str, str]]:
    return [(year.label, year.label) for year in year_range(board)]


def chosen_year(value: str) -> ReportingYear | None:
    try:
        return ReportingYear.parse(value) if value else None
    except YearFormatError:
        return None


class EventFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(choices=[], method="filter_year", label="Reporting year", empty_label="Any year")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, empty_label="Any kind")
    cancelled = django_filters.ChoiceFilter(
        choices=[("no", "Held or still to come"), ("yes", "Cancelled")],
        method="filter_cancelled",
        label="Cancelled",
        empty_label="Either",
    )
    q = django_filters.CharFilter(method="filter_text", label="Title or topic contains")

    class Meta:
        model = TrainingEvent
        fields = ["year", "kind", "cancelled", "q"]

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = lambda: year_choices(board)

    def filter_year(self, queryset, name, value):
        year = chosen_year(value)
        return queryset.in_year(year) if year else queryset

    def filter_cancelled(self, queryset, name, value):
        return queryset.filter(cancelled=value == "yes")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(topic__icontains=value))


class AgencyAttendanceFilter(django_filters.FilterSet):
    """The year of the attendance by agency: always one (this year's unless another is chosen);
    the agencies that booked a place in it, or every agency."""

    year = django_filters.ChoiceFilter(choices=[], method="filter_year", label="Reporting year", empty_label=None)
    missed = django_filters.BooleanFilter(
        method="filter_missed", label="Only agencies that booked and did not come", widget=forms.CheckboxInput
    )
    every = django_filters.BooleanFilter(
        method="filter_every", label="Every agency, those that booked nothing too", widget=forms.CheckboxInput
    )

    class Meta:
        model = Agency
        fields = ["year", "missed", "every"]

    def __init__(self, data=None, *args, board=None, default_year: ReportingYear | None = None, **kwargs):
        choices = year_choices(board)
        if default_year is not None and (default_year.label, default_year.label) not in choices:
            choices.insert(0, (default_year.label, default_year.label))
        # Always bound, so that the filters below apply to the page as first opened too.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("year") and default_year is not None:
            data["year"] = default_year.label
        super().__init__(data, *args, **kwargs)
        self.filters["year"].extra["choices"] = choices

    def filter_year(self, queryset, name, value):
        return queryset  # the view counts within the year (training.reads.agency_attendance)

    def filter_missed(self, queryset, name, value):
        return queryset.filter(no_show__gt=0) if value else queryset

    def filter_every(self, queryset, name, value):
        return queryset if value else queryset.filter(lines__gt=0)
