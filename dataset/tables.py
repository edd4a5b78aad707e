"""The dataset's list: each indicator with its latest reported value (for the whole area)."""

import django_tables2 as tables
from django.urls import reverse

from .formatting import number_text
from .models import Indicator, as_number
from .reads import latest_period


def indicator_url(record, table) -> str:
    return reverse("dataset:indicator-detail", args=[table.request.board.slug, record.pk])


class IndicatorTable(tables.Table):
    name = tables.Column(linkify=indicator_url)
    source = tables.Column(verbose_name="Source agency", order_by=("source__name",))
    latest = tables.Column(
        accessor="latest_value",
        verbose_name="Latest value",
        order_by=("latest_value",),
        empty_values=(),
        attrs={"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}},
    )
    latest_period = tables.Column(
        accessor="latest_ends",
        verbose_name="Period",
        order_by=("latest_ends", "latest_starts"),
        empty_values=(),
        attrs={"td": {"class": "text-nowrap"}},
    )
    on_dashboard = tables.BooleanColumn(verbose_name="On the dashboard", yesno="Yes,No")

    class Meta:
        model = Indicator
        fields = ("name", "unit", "frequency", "source", "better", "latest", "latest_period", "on_dashboard")
        sequence = ("name", "latest", "latest_period", "unit", "frequency", "source", "better", "on_dashboard")
        attrs = {"class": "table table-sm table-hover align-middle"}
        order_by = "name"

    def render_source(self, value):
        return value.short_name or value.name

    def value_source(self, value):
        return value.name

    def render_latest(self, record):
        return number_text(record.latest_value, record.unit)

    def value_latest(self, record):
        return as_number(record.latest_value)  # a number in a spreadsheet; blank when not reported

    def render_latest_period(self, record):
        period = latest_period(record)
        return period.label if period else "—"

    def value_latest_period(self, record):
        period = latest_period(record)
        return period.code if period else ""
