"""Filters of the budget lines list: an allow-list of fields, never raw request.GET."""

from __future__ import annotations

import django_filters

from lscb.years import ReportingYear

from .models import BudgetLine, LineKind


def year_choices(board) -> list[tuple[str, str]]:
    """The years the board has lines for, newest first."""
    years = BudgetLine.objects.of_board(board).order_by("-year").values_list("year", flat=True).distinct()
    return [(ReportingYear(year).label, ReportingYear(year).label) for year in years]


class BudgetLineFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(choices=[], method="filter_year", label="Year", empty_label="Any year")
    kind = django_filters.ChoiceFilter(choices=LineKind.choices, label="Kind", empty_label="Income and expenditure")
    q = django_filters.CharFilter(method="filter_text", label="Line or note contains")

    class Meta:
        model = BudgetLine
        fields = ["year", "kind", "q"]

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = lambda: year_choices(board)

    def filter_year(self, queryset, name, value):
        return queryset.of_year(ReportingYear.parse(value))

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(line__icontains=value) | queryset.filter(note__icontains=value)
