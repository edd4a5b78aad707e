"""The dataset's pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from lscb.permissions import RuleRequiredMixin
from lscb.views import TableView

from .models import Indicator
from .tables import IndicatorTable


class IndicatorListView(TableView):
    rule = "dataset.view"
    model = Indicator
    table_class = IndicatorTable
    title = "Dataset"
    export_name = "indicators"

    def get_queryset(self):
        return Indicator.objects.of_board(self.request.board).select_related("source")


class IndicatorDetailView(RuleRequiredMixin, DetailView):
    rule = "dataset.view"
    model = Indicator
    template_name = "dataset/indicator_detail.html"

    def get_object(self, queryset=None):
        return get_object_or_404(Indicator.objects.of_board(self.request.board), pk=self.kwargs["pk"])
