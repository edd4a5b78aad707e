"""The plan page's filters: an allow-list of fields."""

import django_filters
from django import forms
from django.utils import timezone

from governance.forms import DateInput
from governance.models import Group

from .models import Action


class ActionFilter(django_filters.FilterSet):
    priority = django_filters.ChoiceFilter(
        field_name="objective__priority__number", label="Priority", empty_label="All"
    )
    rating = django_filters.ChoiceFilter(method="filter_rating", empty_label="Any")
    lead_group = django_filters.ModelChoiceFilter(queryset=Group.objects.all(), empty_label="Any group")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Overdue only", widget=forms.CheckboxInput)
    not_updated_since = django_filters.DateFilter(
        method="filter_not_updated", label="Not updated since", widget=DateInput()
    )

    class Meta:
        model = Action
        fields = ["priority", "rating", "lead_group"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.filters["lead_group"].queryset = Group.objects.for_board(plan.board_id).order_by("name")
        self.filters["priority"].extra["choices"] = [
            (p.number, f"{p.number}. {p.title}") for p in plan.priorities.all()
        ]
        # The plan's own levels, in its words; "none" finds the actions not rated.
        self.filters["rating"].extra["choices"] = [
            *[(level.code, level.label) for level in plan.scale_levels],
            ("none", "Not rated"),
        ]

    def filter_rating(self, queryset, name, value):
        return queryset.rated(value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate(), plans=[self.plan]) if value else queryset

    def filter_not_updated(self, queryset, name, value):
        return queryset.not_updated_since(value)


class ReviewFilter(ActionFilter):
    """Review mode's choice of actions: the plan page's filters, the board meeting the review
    prepares ("as at") and whether completed actions are stepped through. The last two are read by
    the view (businessplan/review.py), not applied here."""

    as_at = django_filters.DateFilter(
        method="keep",
        label="Board meeting being prepared (as at)",
        widget=DateInput(),
        help_text="Updates dated since the board meeting before it count as done.",
    )
    include_completed = django_filters.BooleanFilter(
        method="keep", label="Include completed actions", widget=forms.CheckboxInput
    )

    def keep(self, queryset, name, value):
        return queryset
