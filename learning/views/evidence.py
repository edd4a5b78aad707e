"""The evidence register: the reports and data the board and its groups received."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import CreateView, UpdateView

from lscb.caching import CachedFragmentMixin
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView

from ..filters_audits import EvidenceFilter
from ..forms_audits import EvidenceForm
from ..models import Evidence
from ..services import evidence_save
from ..tables_audits import EvidenceTable


def board_evidence(request):
    return Evidence.objects.of_board(request.board).select_related("group", "agency")


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 6.1 times the
# floor, and the cache makes it 3.7 times faster (bench/cache_value.py, 04/12/2026).
class EvidenceListView(CachedFragmentMixin, TableView):
    rule = "learning.view"
    # Kept like the reviews list; the edit column shows to those who may manage, so that answer
    # is part of the key.
    template_name = "includes/cached_table_page.html"
    fragment_rules = ("learning.manage",)
    fragment_by_day = False
    model = Evidence
    table_class = EvidenceTable
    filterset_class = EvidenceFilter
    title = "Evidence received"
    intro = (
        "Reports and data presented to the board and its groups, who presented them and what the board concluded: "
        "the sources of assurance of the annual report."
    )
    export_name = "evidence"
    table_pagination = {"per_page": TableView.paginate_by}

    def get_paginate_by(self, queryset):
        return None  # the table paginates itself

    def get_queryset(self):
        return board_evidence(self.request)

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "board": self.request.board}

    def may_manage(self) -> bool:
        return allowed("learning.manage", self.request.user, board=self.request.board)

    def get_table_kwargs(self):
        return {} if self.may_manage() else {"exclude": ("edit",)}

    def get_page_actions(self):
        if self.may_manage():
            return [("Add evidence", reverse("learning:evidence-create", args=[self.request.board.slug]))]
        return []


class EvidenceFormPage(RuleRequiredMixin, ServiceFormMixin):
    rule = "learning.manage"
    model = Evidence
    form_class = EvidenceForm
    template_name = "includes/form_page.html"
    success_message = "Saved {object}."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def save(self, instance):
        return evidence_save(evidence=instance, by=self.request.user)

    def get_success_url(self):
        return self.object.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=reverse("learning:evidence-list", args=[self.request.board.slug]), **kwargs
        )


class EvidenceCreateView(EvidenceFormPage, CreateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Add evidence the board received", submit_label="Add", **kwargs)


class EvidenceUpdateView(EvidenceFormPage, UpdateView):
    def get_object(self, queryset=None):
        evidence = get_object_or_404(board_evidence(self.request), pk=self.kwargs["pk"])
        evidence.board = self.request.board
        return evidence

    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Edit evidence", **kwargs)
