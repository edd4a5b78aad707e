"""The audits list and the evidence register as sortable, exportable tables."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from governance.tables import PlainDateColumn, board_link

from .models import Audit, Evidence


def _short(value: str, length: int = 160) -> str:
    return value if len(value) <= length else value[: length - 1] + "…"


class AuditTable(tables.Table):
    name = tables.Column(linkify=board_link("learning:audit-detail"), verbose_name="Audit")
    group = tables.Column(verbose_name="Group")
    agency = tables.Column(verbose_name="Agency")
    started_on = PlainDateColumn(verbose_name="Started")
    completed_on = PlainDateColumn(verbose_name="Completed")
    stages = tables.Column(verbose_name="Stages", accessor="stage_count", attrs={"td": {"class": "text-end"}})
    recommendations = tables.Column(
        verbose_name="Recommendations", accessor="recommendation_count", attrs={"td": {"class": "text-end"}}
    )
    open_recommendations = tables.Column(
        verbose_name="Still open", accessor="open_count", attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        model = Audit
        fields = ["name", "kind", "group", "agency", "started_on", "completed_on"]
        order_by = "-started_on"


class EvidenceTable(tables.Table):
    date = PlainDateColumn(verbose_name="Date")
    title = tables.Column(verbose_name="Title")
    group = tables.Column(verbose_name="Received by")
    agency = tables.Column(verbose_name="Presented by")
    note = tables.Column(verbose_name="What the board concluded")
    # Left out of the table by the view for those who may not change evidence.
    edit = tables.Column(empty_values=(), orderable=False, verbose_name="Change", exclude_from_export=True)

    class Meta:
        model = Evidence
        fields = ["date", "title", "kind", "scope", "group", "agency", "note", "edit"]
        order_by = "-date"
        # Each row is where the record's own address points (Evidence.get_absolute_url).
        row_attrs = {"id": lambda record: f"evidence-{record.pk}"}

    def render_edit(self, record):
        url = reverse("learning:evidence-edit", args=[self.request.board.slug, record.pk])
        return format_html('<a href="{}">Edit<span class="visually-hidden"> {}</span></a>', url, record.title)

    def render_note(self, value):
        return _short(value)

    def value_note(self, value):
        return value
