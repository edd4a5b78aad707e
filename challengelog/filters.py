"""Filters of the challenge log (an allow-list of fields)."""

import django_filters
from django import forms
from django.utils import timezone

from businessplan.models import Priority
from governance.models import Agency
from lscb.years import ReportingYear

from .models import NOT_RECORDED, Challenge, OutcomeKind, RaisedBy, Status


def year_choices(board=None):
    dates = Challenge.objects.of_board(board).order_by().dates("raised_on", "month")
    years = sorted({ReportingYear.containing(d) for d in dates} | {ReportingYear.current()}, reverse=True)
    return [(y.label, y.label) for y in years]


class ChallengeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, empty_label="Any status")
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.order_by("name"), empty_label="Any agency")
    priority = django_filters.ModelChoiceFilter(
        queryset=Priority.objects.select_related("plan"), empty_label="Any priority"
    )
    year = django_filters.ChoiceFilter(
        choices=year_choices, method="filter_year", label="Raised in", empty_label="Any year"
    )
    raised_by = django_filters.ChoiceFilter(choices=RaisedBy.choices, empty_label="Anyone")
    # "Not recorded": closed before categories were kept.
    outcome_kind = django_filters.ChoiceFilter(
        choices=[*OutcomeKind.choices, ("not_recorded", NOT_RECORDED)],
        method="filter_outcome_kind",
        label="Outcome",
        empty_label="Any outcome",
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput)

    class Meta:
        model = Challenge
        fields = ["status", "agency", "priority", "year", "raised_by", "outcome_kind"]

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        if board is not None:
            # The board's own priorities, and the years its challenges were raised in.
            self.filters["priority"].queryset = Priority.objects.filter(plan__board=board).select_related("plan")
            self.filters["year"].extra["choices"] = lambda: year_choices(board)

    def filter_year(self, queryset, name, value):
        year = ReportingYear.parse(value)
        return queryset.in_period(year.start, year.end)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset

    def filter_outcome_kind(self, queryset, name, value):
        if value == "not_recorded":
            return queryset.filter(status=Status.CLOSED, outcome_kind="")
        return queryset.filter(outcome_kind=value)
