"""The board's money: the year's statement, editing a year's lines and contributions (formsets,
all or nothing), and every budget line across years."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from lscb.concurrency import StaleEdit
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import TableView, add_service_errors
from lscb.years import ReportingYear

from . import forms, services
from .filters import BudgetLineFilter
from .models import BudgetLine, Contribution, LineKind
from .statement import board_years, year_statement
from .tables import BudgetLineTable

KIND_WORDS = {LineKind.INCOME: "income", LineKind.EXPENDITURE: "expenditure"}


def statement_url(board, year: ReportingYear) -> str:
    return f"{reverse('finance:budget', args=[board.slug])}?year={year.label}"


class BudgetView(RuleRequiredMixin, TemplateView):
    """The year's statement (?year=2025-26; by default the latest year with lines, else this one)."""

    rule = "finance.view"
    template_name = "finance/budget.html"

    def get_context_data(self, **kwargs):
        board = self.request.board
        latest, years = board_years(board)
        form = forms.YearForm(self.request.GET or None, years=years)
        year = form.chosen(latest or ReportingYear.current())
        if year not in years:
            form.years = years = sorted([*years, year], reverse=True)
            form.fields["year"].widget.choices = [(y.label, y.label) for y in years]
        form.initial["year"] = year.label
        return super().get_context_data(
            year_form=form,
            statement=year_statement(board, year),
            can_manage=allowed("finance.manage", self.request.user, board=board),
            **kwargs,
        )


class YearEditMixin(RuleRequiredMixin):
    """A page that edits one year's money (the year in its address, within the years kept)."""

    rule = "finance.manage"

    def dispatch(self, request, *args, **kwargs):
        year = kwargs["year"]
        if not 1990 <= year.first <= 2100:
            raise Http404("No such reporting year.")
        self.year = year
        return super().dispatch(request, *args, **kwargs)

    def render_refused(self, context):
        return self.render_to_response(self.get_context_data(**context), status=400)

    def saved(self, message: str):
        messages.success(self.request, message)
        return HttpResponseRedirect(statement_url(self.request.board, self.year))


def rows_of(formset) -> list[services.Row]:
    """The formset's rows as the service takes them: the kept ones in the order given (a row's
    position box), then those marked for deletion."""
    kept = [services.Row(form.instance, form.cleaned_data.get("version")) for form in in_order(formset)]
    deleted = [
        services.Row(form.instance, form.cleaned_data.get("version"), delete=True)
        for form in formset.deleted_forms
        if form.instance.pk
    ]
    return kept + deleted


def in_order(formset) -> list:
    """The rows kept, by their position box; a row moved to a place another holds comes before it
    (typing 1 puts a row first), and a row without a number keeps its place after the numbered."""
    deleted = {id(form) for form in formset.deleted_forms}
    rows = []
    for index, form in enumerate(formset.forms):
        if id(form) in deleted or (index >= formset.initial_form_count() and not form.has_changed()):
            continue
        order = form.cleaned_data.get("ORDER")
        moved = "ORDER" in form.changed_data
        rows.append(((order is None, order or 0, not moved, index), form))
    return [form for _key, form in sorted(rows, key=lambda pair: pair[0])]


STALE_ROWS = (
    "Someone else saved some of these rows while you were editing them: what they saved is shown on "
    "those rows. Nothing was saved; your entries are kept in the form: check them and save again."
)


def show_refusal(formset, rows, error) -> None:
    """A service's refusal on the rows it was about (each error under its own row), or on top."""
    if not isinstance(error, services.RowErrors):
        formset._non_form_errors.extend(error.messages)
        return
    by_record = {id(row.record): index for index, row in enumerate(rows)}
    for form in formset.forms:
        index = by_record.get(id(form.instance))
        row_error = error.rows.get(index) if index is not None else None
        if isinstance(row_error, StaleEdit) and "version" in form.fields:
            form.refuse_stale(row_error)  # the row moves on to the stored version, theirs listed
        elif row_error is not None:
            add_service_errors(form, row_error)
    if error.stale:
        formset._non_form_errors.append(STALE_ROWS)


class LinesEditView(YearEditMixin, TemplateView):
    """A year's income or expenditure lines, as one formset: add, reorder, delete; saved together."""

    template_name = "finance/lines_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in LineKind.values:
            raise Http404("No such kind of line.")
        self.kind = kwargs["kind"]
        return super().dispatch(request, *args, **kwargs)

    def formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        lines = BudgetLine.objects.of_board(self.request.board).of_year(self.year).filter(kind=self.kind)
        return forms.line_formset(data, lines=lines.order_by("position", "pk"), kind=self.kind)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset())
        kwargs.update(year=self.year, kind=self.kind, words=KIND_WORDS[self.kind])
        return super().get_context_data(cancel_url=statement_url(self.request.board, self.year), **kwargs)

    def post(self, request, *args, **kwargs):
        formset = self.formset()
        if not formset.is_valid():
            return self.render_refused({"formset": formset})
        rows = rows_of(formset)
        try:
            services.budget_lines_save(board=request.board, year=self.year, kind=self.kind, rows=rows, by=request.user)
        except ValidationError as error:
            show_refusal(formset, rows, error)
            return self.render_refused({"formset": formset})
        return self.saved(f"Saved the {KIND_WORDS[self.kind]} lines of {self.year}.")


class ContributionsEditView(YearEditMixin, TemplateView):
    """A year's contributions by agency, as one formset; saved together."""

    template_name = "finance/contributions_form.html"

    def formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        contributions = (
            Contribution.objects.of_board(self.request.board)
            .of_year(self.year)
            .select_related("agency")
            .order_by("agency__name")
        )
        return forms.contribution_formset(data, contributions=contributions, choices=self.agency_choices())

    def agency_choices(self) -> list[tuple]:
        # Read once for every row's list (each row's own field would read the agencies again).
        if not hasattr(self, "_choices"):
            self._choices = forms.agency_choices()
        return self._choices

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.formset())
        kwargs["year"] = self.year
        return super().get_context_data(
            agency_choices=self.agency_choices(),
            cancel_url=statement_url(self.request.board, self.year),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        formset = self.formset()
        if not formset.is_valid():
            return self.render_refused({"formset": formset})
        rows = rows_of_contributions(formset)
        try:
            services.contributions_save(board=request.board, year=self.year, rows=rows, by=request.user)
        except ValidationError as error:
            show_refusal(formset, rows, error)
            return self.render_refused({"formset": formset})
        return self.saved(f"Saved the contributions of {self.year}.")


def rows_of_contributions(formset) -> list[services.Row]:
    deleted = {id(form) for form in formset.deleted_forms}
    rows = []
    for index, form in enumerate(formset.forms):
        if index >= formset.initial_form_count() and not form.has_changed():
            continue
        if id(form) in deleted and not form.instance.pk:
            continue
        rows.append(services.Row(form.instance, form.cleaned_data.get("version"), delete=id(form) in deleted))
    return rows


class BudgetLineListView(TableView):
    rule = "finance.view"
    model = BudgetLine
    table_class = BudgetLineTable
    filterset_class = BudgetLineFilter
    export_name = "budget-lines"
    title = "Budget lines"
    intro = (
        "Every income and expenditure line the board has kept, year by year. Remaining and the share "
        "spent are computed from the budget and the actual."
    )
    table_pagination = {"per_page": TableView.paginate_by}

    def get_paginate_by(self, queryset):
        return None

    def get_queryset(self):
        # Newest year first; in each, income before expenditure ("-kind"), each line in its place.
        return BudgetLine.objects.of_board(self.request.board).order_by("-year", "-kind", "position", "pk")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "board": self.request.board}

    def get_page_actions(self):
        return [("The year's statement", reverse("finance:budget", args=[self.request.board.slug]))]
