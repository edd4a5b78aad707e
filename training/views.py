"""Training pages."""

from __future__ import annotations

import django_tables2 as tables
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from lscb.permissions import RuleRequiredMixin
from lscb.views import TableView

from .models import TrainingEvent


class EventTable(tables.Table):
    title = tables.Column(linkify=True)

    class Meta:
        model = TrainingEvent
        fields = ("date", "title", "kind", "places", "booked", "attended", "cancelled")
        attrs = {"class": "table table-sm table-hover align-middle"}


class EventListView(TableView):
    rule = "training.view"
    model = TrainingEvent
    table_class = EventTable
    title = "Training"
    export_name = "training"

    def get_queryset(self):
        return TrainingEvent.objects.of_board(self.request.board)


class EventDetailView(RuleRequiredMixin, DetailView):
    rule = "training.view"
    model = TrainingEvent
    template_name = "training/event_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(TrainingEvent.objects.of_board(self.request.board), pk=self.kwargs["pk"])
