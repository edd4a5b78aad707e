"""The reviews register as a sortable, exportable table: each review with its recommendations
counted (open and overdue marked) and a rapid review's decision time against the 15 working days."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from governance.tables import PlainDateColumn

from .filters import STAGE_LABELS
from .models import RAPID_REVIEW_WORKING_DAYS, Review, ReviewKind


def decision_days_text(review) -> str:
    """ "12 working days", "18 working days: over the 15 expected" (a rapid review's only)."""
    days = review.decision_working_days
    if review.kind != ReviewKind.RAPID_REVIEW or days is None:
        return ""
    text = f"{days} working day{'' if days == 1 else 's'}"
    return f"{text}: over the {RAPID_REVIEW_WORKING_DAYS} expected" if review.decision_late else text


def review_url(record, table) -> str:
    return reverse("learning:review-detail", args=[table.request.board.slug, record.ref])


class NumberColumn(tables.Column):
    def __init__(self, **kwargs):
        super().__init__(attrs={"td": {"class": "text-end"}}, **kwargs)


class ReviewTable(tables.Table):
    ref = tables.Column(linkify=review_url, verbose_name="Ref", attrs={"td": {"class": "text-nowrap"}})
    group = tables.Column(verbose_name="Overseeing group", order_by=("group__name",))
    notified_on = PlainDateColumn(verbose_name="Notified")
    decided_on = PlainDateColumn(verbose_name="Decided")
    decision_days = tables.Column(
        accessor="decision_working_days", verbose_name="Decision time", orderable=False, empty_values=()
    )
    stage = tables.Column(verbose_name="Where it stands")
    recommendations = NumberColumn(accessor="recommendation_count", verbose_name="Recommendations")
    open = NumberColumn(accessor="open_count", verbose_name="Open")
    overdue = NumberColumn(accessor="overdue_count", verbose_name="Overdue")

    class Meta:
        model = Review
        fields = [
            "ref",
            "kind",
            "title",
            "group",
            "notified_on",
            "decision",
            "decided_on",
            "decision_days",
            "stage",
            "recommendations",
            "open",
            "overdue",
        ]
        order_by = "-notified_on"
        row_attrs = {"class": lambda record: "table-danger overdue" if record.overdue_count else ""}

    def render_group(self, value):
        return value.short_name or value.name

    def value_group(self, value):
        return value.name

    def render_decision_days(self, record):
        text = decision_days_text(record)
        if record.decision_late:
            return format_html('<span class="badge text-bg-warning">{}</span>', text)
        return text or "—"

    def value_decision_days(self, record):
        return record.decision_working_days if record.kind == ReviewKind.RAPID_REVIEW else ""

    def render_stage(self, value):
        return STAGE_LABELS.get(value, value)

    def value_stage(self, value):
        return STAGE_LABELS.get(value, value)

    def render_overdue(self, value):
        return format_html('<span class="badge text-bg-danger">{} overdue</span>', value) if value else "0"

    def value_overdue(self, value):
        return value
