"""The training events and the attendance by agency as sortable, exportable tables."""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from governance.tables import PlainDateColumn

from .models import TrainingEvent
from .reads import percent
from .selectors import rate


class NumberColumn(tables.Column):
    def __init__(self, **kwargs):
        super().__init__(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}, **kwargs)


def event_url(record, table) -> str:
    return reverse("training:event-detail", args=[table.request.board.slug, record.pk])


class EventTable(tables.Table):
    date = PlainDateColumn()
    title = tables.Column(linkify=event_url, attrs={"td": {"class": "text-break"}})
    places = NumberColumn()
    booked = NumberColumn()
    attended = NumberColumn()
    attendance_rate = NumberColumn(verbose_name="Attendance rate", empty_values=(), orderable=False)
    evaluations = NumberColumn(verbose_name="Evaluations")
    rated_good = NumberColumn(verbose_name="Rated good or better")
    cancelled = tables.Column(verbose_name="Cancelled")

    class Meta:
        model = TrainingEvent
        fields = [
            "date",
            "title",
            "kind",
            "topic",
            "places",
            "booked",
            "attended",
            "attendance_rate",
            "evaluations",
            "rated_good",
            "cancelled",
        ]
        order_by = "-date"
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "text-body-secondary cancelled" if record.cancelled else ""}

    def render_attendance_rate(self, record):
        return "—" if record.cancelled else percent(rate(record.attended, record.booked))

    def value_attendance_rate(self, record):
        value = None if record.cancelled else rate(record.attended, record.booked)
        return "" if value is None else value

    def render_cancelled(self, value):
        return mark_safe('<span class="badge text-bg-secondary">Cancelled</span>') if value else ""

    def value_cancelled(self, value):
        return "yes" if value else "no"


class AgencyAttendanceTable(tables.Table):
    name = tables.Column(verbose_name="Agency", attrs={"td": {"class": "text-break"}})
    lines = NumberColumn(verbose_name="Events booked")
    booked = NumberColumn(verbose_name="Booked")
    attended = NumberColumn(verbose_name="Attended")
    rate = NumberColumn(verbose_name="Attendance rate")
    no_show = NumberColumn(verbose_name="Booked, nobody came")

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle"}
        row_attrs = {"class": lambda record: "table-warning missed" if record.booked and not record.attended else ""}

    def order_rate(self, queryset, is_descending):
        # Worst first puts agencies with no bookings (no rate) last, whichever way it is sorted.
        field = F("rate").desc(nulls_last=True) if is_descending else F("rate").asc(nulls_last=True)
        return queryset.order_by(field, "name"), True

    def render_rate(self, value):
        return percent(value)

    def value_rate(self, value):
        return "" if value is None else round(value, 2)

    def render_no_show(self, value):
        if not value:
            return "0"
        return format_html('<span class="badge text-bg-warning">{} event{}</span>', value, "" if value == 1 else "s")

    def value_no_show(self, value):
        return value
