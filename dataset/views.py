"""The dataset's pages, under the board's address (/<board>/dataset/...)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from governance.models import NO_CHILD_DATA
from lscb.caching import CachedFragmentMixin
from lscb.concurrency import RefuseStaleMixin
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView, add_service_errors
from lscb.years import ReportingYear, YearFormatError

from . import services
from .charts import svg_data_uri, trend_chart
from .filters import IndicatorFilter
from .formatting import number_text
from .forms import FigureFormSet, IndicatorForm, IndicatorValueForm, SittingForm, period_suggestions, plain
from .models import Indicator, IndicatorValue
from .periods import Period
from .reads import indicator_page, with_latest, years_with_values
from .tables import IndicatorTable


def board_indicators(request):
    """The page's board's indicators: another board's are not found under this board's address."""
    return Indicator.objects.of_board(request.board)


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 6.4 times the
# floor, and the cache makes it 4.2 times faster (bench/cache_value.py, 04/12/2026).
class IndicatorListView(CachedFragmentMixin, TableView):
    rule = "dataset.view"
    # Drawn, 29 indicators with their latest values took 35-40 ms (8 times an empty page at the
    # benchmark's scale 10); kept per board, state of the records and filter (lscb.caching).
    template_name = "includes/cached_table_page.html"
    fragment_rules = ("dataset.manage",)
    fragment_by_day = False
    model = Indicator
    table_class = IndicatorTable
    filterset_class = IndicatorFilter
    title = "Dataset"
    intro = (
        "The figures the board's partners report, each with its latest value for the whole area. "
        'A blank is "not reported", never 0.'
    )
    export_name = "indicators"
    table_pagination = {"per_page": TableView.paginate_by}

    def get_paginate_by(self, queryset):
        return None  # the table paginates itself

    def get_queryset(self):
        return with_latest(board_indicators(self.request).select_related("source")).order_by("name")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "board": self.request.board}

    def get_page_actions(self):
        board = self.request.board
        if allowed("dataset.manage", self.request.user, board=board):
            return [
                ("Enter the latest figures", reverse("dataset:sitting", args=[board.slug])),
                ("Add an indicator", reverse("dataset:indicator-create", args=[board.slug])),
            ]
        return []


class IndicatorMixin:
    """Views about one indicator of the page's board."""

    def get_indicator(self) -> Indicator:
        if not hasattr(self, "_indicator"):
            indicators = board_indicators(self.request).select_related("source", "priority__plan")
            key = self.kwargs.get("indicator", self.kwargs.get("pk"))
            indicator = get_object_or_404(indicators, pk=key)
            indicator.board = self.request.board  # its links carry the board: no second query for it
            self._indicator = indicator
        return self._indicator


class IndicatorDetailView(IndicatorMixin, RuleRequiredMixin, DetailView):
    rule = "dataset.view"
    model = Indicator
    template_name = "dataset/indicator_detail.html"
    context_object_name = "indicator"

    def get_object(self, queryset=None):
        return self.get_indicator()

    def get_context_data(self, **kwargs):
        indicator = self.object
        years = years_with_values(indicator)
        year = self._year(years)
        page = indicator_page(indicator, year)
        for series in page.series:
            # Each series its chart: the whole area's, then each area's, team's or cohort's.
            chart = trend_chart(page, series)
            series.chart = chart if chart is not None and chart.has_values else None
            series.chart_uri = svg_data_uri(series.chart) if series.chart is not None else ""
        unit = indicator.unit
        for series in page.series:
            for row in series.rows:
                row.value_text = number_text(row.value.value, unit)
                row.last_text = number_text(row.last_year.value, unit) if row.last_year else ""
                row.comparator_text = (
                    number_text(row.value.comparator, unit) if row.value.comparator is not None else ""
                )
        return super().get_context_data(
            page=page,
            year=year,
            years=years if year in years else [year, *years],
            target_text=number_text(indicator.target, unit) if indicator.target is not None else "",
            can_manage=allowed("dataset.manage", self.request.user, board=self.request.board),
            **kwargs,
        )

    def _year(self, years: list[ReportingYear]) -> ReportingYear:
        """The year asked for (?year=2025-26); else the latest with values; else this one."""
        text = self.request.GET.get("year", "")
        if text:
            try:
                return ReportingYear.parse(text)
            except YearFormatError:
                messages.warning(self.request, f"{text[:20]!r} is not a reporting year: showing the latest.")
        return years[0] if years else ReportingYear.current()


# --- an indicator: adding and editing ------------------------------------------------------------------


class IndicatorFormView(RefuseStaleMixin, RuleRequiredMixin, ServiceFormMixin):
    rule = "dataset.manage"
    model = Indicator
    form_class = IndicatorForm
    template_name = "dataset/form.html"
    success_message = "Saved the indicator."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def save(self, instance):
        instance.board = self.request.board
        return services.indicator_save(indicator=instance, by=self.request.user, version=self.get_form_version())

    def get_success_url(self):
        return reverse("dataset:indicator-detail", args=[self.request.board.slug, self.object.pk])


class IndicatorCreateView(IndicatorFormView, CreateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Add an indicator",
            cancel_url=reverse("dataset:indicator-list", args=[self.request.board.slug]),
            submit_label="Add the indicator",
            **kwargs,
        )


class IndicatorUpdateView(IndicatorMixin, IndicatorFormView, UpdateView):
    def get_object(self, queryset=None):
        return self.get_indicator()

    def get_context_data(self, **kwargs):
        indicator = self.get_indicator()
        return super().get_context_data(
            title="Edit the indicator",
            parent=indicator,
            cancel_url=reverse("dataset:indicator-detail", args=[self.request.board.slug, indicator.pk]),
            **kwargs,
        )


# --- one value: adding and editing --------------------------------------------------------------------


class ValueFormView(IndicatorMixin, RefuseStaleMixin, RuleRequiredMixin, ServiceFormMixin):
    rule = "dataset.manage"
    model = IndicatorValue
    form_class = IndicatorValueForm
    template_name = "dataset/form.html"
    success_message = "Saved the value for {object.period_obj.label}."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.get_indicator()}

    def save(self, instance):
        instance.indicator = self.get_indicator()
        return services.value_save(value=instance, by=self.request.user, version=self.get_form_version())

    def get_success_url(self):
        indicator = self.get_indicator()
        url = reverse("dataset:indicator-detail", args=[self.request.board.slug, indicator.pk])
        return f"{url}?{urlencode({'year': self.object.period_obj.year.label})}"

    def get_context_data(self, **kwargs):
        indicator = self.get_indicator()
        return super().get_context_data(
            parent=indicator,
            cancel_url=reverse("dataset:indicator-detail", args=[self.request.board.slug, indicator.pk]),
            **kwargs,
        )


class ValueCreateView(ValueFormView, CreateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(title="Add a value", submit_label="Add the value", **kwargs)


class ValueUpdateView(ValueFormView, UpdateView):
    def get_object(self, queryset=None):
        values = IndicatorValue.objects.filter(indicator=self.get_indicator())
        return get_object_or_404(values, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        # The period as stored: the form may be changing it.
        stored = IndicatorValue.objects.get(pk=self.object.pk) if self.request.method == "POST" else self.object
        return super().get_context_data(
            title=f"Edit the value for {stored.period_obj.label}",
            delete_url=reverse(
                "dataset:value-delete", args=[self.request.board.slug, self.get_indicator().pk, self.object.pk]
            ),
            **kwargs,
        )


# --- the latest figures of a source agency, in one sitting ------------------------------------------


class SittingView(RuleRequiredMixin, TemplateView):
    """Pick an agency and a period (by GET), then one row per indicator of that agency, prefilled
    with what is recorded; saved together, all or nothing."""

    rule = "dataset.manage"
    template_name = "dataset/sitting.html"

    def get_choice(self) -> SittingForm:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        bound = "agency" in data or "period" in data
        return SittingForm(data if bound else None, board=self.request.board, prefix=None)

    def get_indicators(self, agency) -> list[Indicator]:
        return list(board_indicators(self.request).filter(source=agency).order_by("name", "pk"))

    def initial_rows(self, indicators: list[Indicator], period: str) -> list[dict]:
        codes = {Period.parse(period, yearly=i.frequency == "yearly").code for i in indicators}
        stored = {
            v.indicator_id: v
            for v in IndicatorValue.objects.filter(indicator__in=indicators, area="", period__in=codes)
        }
        rows = []
        for indicator in indicators:
            value = stored.get(indicator.pk)
            row = {"indicator": indicator.pk}
            if value is not None:
                row.update(
                    version=value.version,
                    value=plain(value.value),
                    not_reported=value.value is None,
                    comparator=plain(value.comparator),
                    comparator_name=value.comparator_name,
                    note=value.note,
                )
            rows.append(row)
        return rows

    def get(self, request, *args, **kwargs):
        choice = self.get_choice()
        formset = None
        indicators: list[Indicator] = []
        if choice.is_bound and choice.is_valid():
            indicators = self.get_indicators(choice.cleaned_data["agency"])
            formset = FigureFormSet(
                initial=self.initial_rows(indicators, choice.cleaned_data["period"]), indicators=indicators
            )
        return self.render_to_response(self.context(choice, formset, indicators))

    def post(self, request, *args, **kwargs):
        choice = self.get_choice()
        if not choice.is_valid():
            return self.render_to_response(self.context(choice, None, []))
        agency, period = choice.cleaned_data["agency"], choice.cleaned_data["period"]
        indicators = self.get_indicators(agency)
        formset = FigureFormSet(request.POST, indicators=indicators)
        if formset.is_valid():
            rows = [
                services.FigureRow(
                    indicator=indicator,
                    value=form.cleaned_data.get("value"),
                    comparator=form.cleaned_data.get("comparator"),
                    comparator_name=form.cleaned_data.get("comparator_name") or "",
                    note=form.cleaned_data.get("note") or "",
                    not_reported=bool(form.cleaned_data.get("not_reported")),
                    version=form.cleaned_data.get("version") if form["version"].value() not in (None, "") else None,
                )
                for form, indicator in zip(formset.forms, indicators, strict=True)
            ]
            try:
                result = services.values_save_for_source(board=request.board, period=period, rows=rows, by=request.user)
            except services.RowErrors as errors:
                for position, error in errors.errors.items():
                    add_service_errors(formset.forms[position], error)
                if errors.versions:
                    data = request.POST.copy()
                    for position, version in errors.versions.items():
                        data[formset.forms[position].add_prefix("version")] = version
                    formset.data = data
                    for form in formset.forms:
                        form.data = data
            except ValidationError as error:
                add_service_errors(choice, error)
            else:
                label = Period.parse(period).label
                messages.success(
                    request,
                    f"Saved {len(result.saved)} figure{'s' if len(result.saved) != 1 else ''} of "
                    f"{agency.name} for {label}." + (f" {result.skipped} left blank." if result.skipped else ""),
                )
                url = reverse("dataset:indicator-list", args=[request.board.slug])
                return HttpResponseRedirect(f"{url}?{urlencode({'source': agency.pk})}")
        return self.render_to_response(self.context(choice, formset, indicators))

    def context(self, choice, formset, indicators) -> dict:
        rows = list(zip(formset.forms, indicators, strict=False)) if formset is not None else []
        period_label = ""
        if choice.is_bound and not choice.errors:
            period_label = Period.parse(choice.cleaned_data["period"]).label
        return self.get_context_data(
            choice=choice,
            formset=formset,
            rows=rows,
            period_label=period_label,
            suggestions=period_suggestions(),
            title="Enter the latest figures",
            no_child_data=NO_CHILD_DATA,
        )


class ValueDeleteView(IndicatorMixin, RuleRequiredMixin, TemplateView):
    """Take away a value entered by mistake (asked first). A value not reported is kept as a blank
    value, not deleted: this is for a period or an area that should not be there at all."""

    rule = "dataset.manage"
    template_name = "dataset/value_delete.html"

    def get_value(self) -> IndicatorValue:
        values = IndicatorValue.objects.filter(indicator=self.get_indicator())
        value = get_object_or_404(values, pk=self.kwargs["pk"])
        value.indicator = self.get_indicator()
        return value

    def get_context_data(self, **kwargs):
        value = self.get_value()
        indicator = value.indicator
        return super().get_context_data(
            value=value,
            parent=indicator,
            value_text=number_text(value.value, indicator.unit),
            title=f"Delete the value for {value.period_obj.label}",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        value = self.get_value()
        label = value.period_obj.label + (f" ({value.area})" if value.area else "")
        services.value_delete(value=value, by=request.user)
        messages.success(request, f"Deleted the value for {label}.")
        url = reverse("dataset:indicator-detail", args=[request.board.slug, value.indicator.pk])
        return HttpResponseRedirect(f"{url}?{urlencode({'year': value.period_obj.year.label})}")
