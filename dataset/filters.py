"""Filters of the dataset's list (an allow-list of fields, never raw request.GET)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from businessplan.models import Priority
from governance.models import Agency

from .forms import PriorityChoiceField
from .models import Indicator, Unit


class PriorityFilter(django_filters.ModelChoiceFilter):
    field_class = PriorityChoiceField


class IndicatorFilter(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.none(), label="Source agency", empty_label="Any agency"
    )
    unit = django_filters.ChoiceFilter(choices=Unit.choices, empty_label="Any unit")
    priority = PriorityFilter(queryset=Priority.objects.none(), label="Plan priority", empty_label="Any priority")
    on_dashboard = django_filters.ChoiceFilter(
        choices=[("yes", "On the dashboard"), ("no", "Not on the dashboard")],
        method="filter_dashboard",
        label="Dashboard",
        empty_label="Either",
    )
    q = django_filters.CharFilter(method="filter_text", label="Name or description contains")

    class Meta:
        model = Indicator
        fields = ["source", "unit", "priority", "on_dashboard", "q"]

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["source"].queryset = Agency.objects.filter(indicators__board=board).distinct().order_by("name")
        priorities = Priority.objects.filter(plan__board=board).select_related("plan").order_by("plan__start", "number")
        self.filters["priority"].queryset = priorities

    def filter_dashboard(self, queryset, name, value):
        return queryset.filter(on_dashboard=value == "yes")

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))
