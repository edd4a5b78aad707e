"""The challenge log as a sortable, exportable table; overdue rows stand out."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone

from governance.tables import PlainDateColumn
from lscb.years import ReportingYear

from .models import WAITING, Challenge


def is_overdue(record) -> bool:
    return (
        record.status in WAITING
        and record.responded_on is None
        and record.response_due is not None
        and record.response_due < timezone.localdate()
    )


class ChallengeTable(tables.Table):
    ref = tables.Column(linkify=True, verbose_name="Ref")
    agency = tables.Column(
        linkify=lambda record: reverse("challengelog:agency-record", args=[record.board.slug, record.agency_id]),
        verbose_name="Agency challenged",
    )
    # An undated challenge (kept on 1 April) opens its year, before one dated 1 April.
    raised_on = PlainDateColumn(verbose_name="Raised on", order_by=("raised_on", "-raised_undated"))
    # Exports only: the reporting year of every challenge, the one thing known of an undated one.
    raised_year = tables.Column(
        accessor="raised_on", verbose_name="Reporting year raised", visible=False, orderable=False
    )
    response_due = PlainDateColumn(verbose_name="Response due")
    status = tables.Column()
    # "Not recorded" for a challenge closed before categories were kept.
    outcome_kind = tables.Column(
        accessor="outcome_kind_label", verbose_name="Outcome category", order_by=("outcome_kind",), default="—"
    )
    outcome = tables.Column(verbose_name="Outcome")
    # Exports only: the follow-up and when and to whom it was sent.
    follow_up_on = PlainDateColumn(verbose_name="Follow up on", visible=False)
    sent_on = PlainDateColumn(verbose_name="Sent on", visible=False)
    sent_to = tables.Column(verbose_name="Sent to", visible=False)

    class Meta:
        model = Challenge
        fields = [
            "ref",
            "raised_on",
            "raised_year",
            "agency",
            "subject",
            "raised_by",
            "response_due",
            "status",
            "escalated_to",
            "outcome_kind",
            "outcome",
            "follow_up_on",
            "sent_on",
            "sent_to",
        ]
        order_by = "-raised_on"
        row_attrs = {"class": lambda record: "table-danger overdue" if is_overdue(record) else ""}

    def render_raised_on(self, value, record):
        return record.raised_when  # "undated (2015-16)", never the 1 April it is stored on

    def value_raised_on(self, value, record):
        return "" if record.raised_undated else value.isoformat()

    def value_raised_year(self, value):
        return ReportingYear.containing(value).label

    def render_status(self, value, record):
        return f"{value} (overdue)" if is_overdue(record) else value

    def render_outcome(self, value):
        return value if len(value) < 120 else value[:117] + "…"

    def value_outcome(self, value):
        return value
