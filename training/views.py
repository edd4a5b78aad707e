"""Training pages: the events with the year's summary, an event's page, adding and editing an
event, its attendance by agency, and the year's attendance by agency."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView

from governance.models import Agency
from lscb.caching import CachedFragmentMixin
from lscb.concurrency import RefuseStaleMixin, StaleEdit
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView
from lscb.years import ReportingYear

from . import forms, reads, services
from .filters import AgencyAttendanceFilter, EventFilter, chosen_year
from .models import TrainingAttendance, TrainingEvent
from .selectors import rate
from .tables import AgencyAttendanceTable, EventTable


def board_events(request):
    """The page's board's events: another board's is not found under this board's address."""
    return TrainingEvent.objects.of_board(request.board)


def may_manage(request) -> bool:
    return allowed("training.manage", request.user, board=request.board)


def the_year(request):
    """The year the page is about: the one chosen, else the current reporting year."""
    return chosen_year(request.GET.get("year", "")) or ReportingYear.current()


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 12.2 times the
# floor, and the cache makes it 5.4 times faster (bench/cache_value.py, 04/12/2026).
class EventListView(CachedFragmentMixin, TableView):
    rule = "training.view"
    # Drawn, the year's summary and 50 events took 50-58 ms (11 times an empty page at the
    # benchmark's scale 10); kept per board, state of the records, day and filter (lscb.caching).
    fragment_rules = ("training.manage",)
    model = TrainingEvent
    table_class = EventTable
    filterset_class = EventFilter
    template_name = "training/event_list.html"
    title = "Training"
    intro = (
        "The courses, workshops, conferences, e-learning and briefings the board ran: places, bookings, "
        "attendance and evaluations. The year's figures count the events not cancelled."
    )
    export_name = "training"
    table_pagination = {"per_page": TableView.paginate_by}

    def get_paginate_by(self, queryset):
        return None  # the table paginates itself

    def get_queryset(self):
        return board_events(self.request).order_by("-date", "title")

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "board": self.request.board}

    def get_context_data(self, **kwargs):
        board, year = self.request.board, the_year(self.request)
        # Read only when the summary is drawn (a kept page is served without it).
        summary = SimpleLazyObject(lambda: reads.year_summary(board, year))
        return super().get_context_data(summary=summary, **kwargs)

    def get_page_actions(self):
        slug = self.request.board.slug
        year = the_year(self.request)
        actions = [("Attendance by agency", reverse("training:by-agency", args=[slug]) + f"?year={year.label}")]
        if may_manage(self.request):
            actions.append(("Add an event", reverse("training:event-create", args=[slug])))
        return actions


class EventMixin:
    """Views of one event: looked up once among the board's, before the rule is asked about it."""

    def event_object(self) -> TrainingEvent:
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(board_events(self.request), pk=self.kwargs["pk"])
            self._event.board = self.request.board  # its links carry the board: no second query for it
        return self._event

    def get_rule_object(self):
        return self.event_object()

    def get_object(self, queryset=None):
        return self.event_object()


class EventDetailView(EventMixin, RuleRequiredMixin, DetailView):
    rule = "training.view"
    template_name = "training/event_detail.html"
    context_object_name = "event"

    def get_context_data(self, **kwargs):
        event = self.object
        lines = list(TrainingAttendance.objects.filter(event=event).select_related("agency").order_by("agency__name"))
        for line in lines:
            line.rate = reads.percent(rate(line.attended, line.booked))
            line.missed = bool(line.booked) and not line.attended and not event.cancelled
        rates = {name: reads.percent(value) for name, value in reads.event_rates(event).items()}
        return super().get_context_data(
            lines=lines,
            rates=rates,
            line_totals={
                "booked": sum(line.booked or 0 for line in lines),
                "attended": sum(line.attended or 0 for line in lines),
            },
            missed=[line for line in lines if line.missed],
            warnings=services.event_warnings(event, lines),
            can_manage=may_manage(self.request),
            **kwargs,
        )


class EventFormPage(RefuseStaleMixin, RuleRequiredMixin, ServiceFormMixin):
    rule = "training.manage"
    model = TrainingEvent
    form_class = forms.EventForm
    template_name = "training/event_form.html"
    success_message = "Saved {object}."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def save(self, instance):
        instance.board = self.request.board
        event = services.event_save(event=instance, by=self.request.user, version=self.get_form_version())
        for warning in services.event_warnings(event):
            messages.warning(self.request, warning)
        return event

    def get_success_url(self):
        return reverse("training:event-detail", args=[self.request.board.slug, self.object.pk])


class EventCreateView(EventFormPage, CreateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Add a training event",
            cancel_url=reverse("training:event-list", args=[self.request.board.slug]),
            submit_label="Add the event",
            **kwargs,
        )


class EventUpdateView(EventMixin, EventFormPage, UpdateView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Edit the event",
            cancel_url=reverse("training:event-detail", args=[self.request.board.slug, self.kwargs["pk"]]),
            **kwargs,
        )


class EventDeleteView(EventMixin, RuleRequiredMixin, DeleteView):
    rule = "training.manage"
    template_name = "training/event_confirm_delete.html"
    context_object_name = "event"

    def form_valid(self, form):
        services.event_delete(event=self.object, by=self.request.user)
        messages.success(self.request, f"Deleted the event {self.object}.")
        return redirect("training:event-list", self.request.board.slug)


class EventAttendanceView(EventMixin, RuleRequiredMixin, TemplateView):
    """The event's attendance by agency: one row per agency, all saved together or none."""

    rule = "training.manage"
    template_name = "training/event_attendance.html"

    def formset(self, data=None, initial=None):
        return forms.AttendanceFormSet(
            data, initial=initial, prefix="rows", agencies=Agency.objects.order_by("name").only("pk", "name")
        )

    def stored(self):
        return list(TrainingAttendance.objects.filter(event=self.event_object()))

    def get(self, request, *args, **kwargs):
        stored = self.stored()
        rows = [{"agency": line.agency_id, "booked": line.booked, "attended": line.attended} for line in stored]
        rows.sort(key=lambda row: row["booked"] is None)  # keeps the stored (agency name) order otherwise
        formset = self.formset(initial=rows + [{}] * forms.EXTRA_ROWS)
        seen = services.attendance_fingerprint(stored)
        return self.render_to_response(self.get_context_data(formset=formset, seen=seen))

    def post(self, request, *args, **kwargs):
        event, seen = self.event_object(), request.POST.get("seen", "")
        if "more" in request.POST:
            return self.render_to_response(self.get_context_data(formset=self.more_rows(), seen=seen))
        formset, problems = self.formset(request.POST), []
        if formset.is_valid():
            try:
                services.event_attendance_save(event=event, lines=formset.entered(), by=request.user, seen=seen)
            except StaleEdit as error:
                problems = error.messages
                seen = services.attendance_fingerprint(self.stored())  # saving again, having checked, goes through
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, f"Saved the attendance by agency of {event}.")
                return redirect(event.get_absolute_url() + "#by-agency")
        context = self.get_context_data(formset=formset, seen=seen, problems=problems)
        return self.render_to_response(context, status=400)

    def more_rows(self):
        """The rows as typed (unchecked: nothing is saved yet), and more blank ones under them."""
        data = self.request.POST
        try:
            total = min(int(data.get("rows-TOTAL_FORMS", 0)), 300 - forms.EXTRA_ROWS)
        except ValueError:
            total = 0
        names = ("agency", "booked", "attended")
        rows = [{name: data.get(f"rows-{number}-{name}", "") for name in names} for number in range(max(total, 0))]
        return self.formset(initial=rows + [{}] * forms.EXTRA_ROWS)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event_object(), **kwargs)


class AgencyAttendanceView(TableView):
    """Every agency that booked a place at the board's training in a year: booked, attended, its
    rate (sortable worst first), and the events it booked and did not come to."""

    rule = "training.view"
    model = Agency
    table_class = AgencyAttendanceTable
    filterset_class = AgencyAttendanceFilter
    template_name = "training/agency_attendance.html"
    title = "Training attendance by agency"
    export_name = "training-by-agency"
    table_pagination = {"per_page": 100}

    def get_paginate_by(self, queryset):
        return None  # the table paginates itself

    def get_queryset(self):
        return reads.agency_attendance(self.request.board, the_year(self.request))

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        return {**kwargs, "board": self.request.board, "default_year": the_year(self.request)}

    def get_context_data(self, **kwargs):
        year = the_year(self.request)
        self.intro = (
            f"Places booked and taken up by each agency's staff at the board's training in {year} (events not "
            "cancelled), from the events' attendance by agency. Sort by the attendance rate to see the worst first."
        )
        return super().get_context_data(
            year=year,
            missed=reads.missed_lines(self.request.board, year),
            worst_first=f"?year={year.label}&sort=rate",
            **kwargs,
        )

    def get_page_actions(self):
        return [("All events", reverse("training:event-list", args=[self.request.board.slug]))]
