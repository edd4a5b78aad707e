"""Filters of the audits list and the evidence register (an allow-list of fields)."""

import django_filters
from django.db.models import Q

from governance.models import Agency, Group
from lscb.years import ReportingYear

from .models import Audit, AuditKind, Evidence, EvidenceKind


def _years(dates) -> list[tuple[str, str]]:
    years = sorted({ReportingYear.containing(d) for d in dates} | {ReportingYear.current()}, reverse=True)
    return [(year.label, year.label) for year in years]


def audit_years(board):
    audits = Audit.objects.of_board(board).order_by()
    return _years([*audits.dates("started_on", "month"), *audits.dates("completed_on", "month")])


def evidence_years(board):
    return _years(Evidence.objects.of_board(board).order_by().dates("date", "month"))


class BoardFilterSet(django_filters.FilterSet):
    """The board's own groups (and joint ones) to choose from, and the years its records cover."""

    years = staticmethod(audit_years)

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["group"].queryset = Group.objects.for_board(board).order_by("name")
        self.filters["year"].extra["choices"] = lambda: self.years(board)


def agency_filter():
    return django_filters.ModelChoiceFilter(queryset=Agency.objects.order_by("name"), empty_label="Any agency")


class AuditFilter(BoardFilterSet):
    kind = django_filters.ChoiceFilter(choices=AuditKind.choices, empty_label="Any kind")
    group = django_filters.ModelChoiceFilter(queryset=Group.objects.none(), empty_label="Any group")
    agency = agency_filter()
    year = django_filters.ChoiceFilter(choices=[], method="filter_year", label="Ran in", empty_label="Any year")

    class Meta:
        model = Audit
        fields = ["kind", "group", "agency", "year"]

    def filter_year(self, queryset, name, value):
        year = ReportingYear.parse(value)
        return queryset.ran_during(year.start, year.end)


class EvidenceFilter(BoardFilterSet):
    years = staticmethod(evidence_years)

    search = django_filters.CharFilter(method="filter_search", label="Search")
    kind = django_filters.ChoiceFilter(choices=EvidenceKind.choices, empty_label="Any kind")
    group = django_filters.ModelChoiceFilter(queryset=Group.objects.none(), empty_label="Any group")
    agency = agency_filter()
    year = django_filters.ChoiceFilter(choices=[], method="filter_year", label="Received in", empty_label="Any year")

    class Meta:
        model = Evidence
        fields = ["search", "kind", "group", "agency", "year"]

    def filter_year(self, queryset, name, value):
        year = ReportingYear.parse(value)
        return queryset.in_period(year.start, year.end)

    def filter_search(self, queryset, name, value):
        words = value.split()[:10]
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(scope__icontains=word) | Q(note__icontains=word))
        return queryset
