"""The calendar, a meeting's page, and recording or cancelling a meeting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, FormView, RedirectView, UpdateView

from lscb import params
from lscb.caching import CachedFragmentMixin
from lscb.concurrency import RefuseStaleMixin, StaleEdit
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView
from lscb.years import ReportingYear

from .. import filters, forms, services, tables
from ..minutes import meeting_minutes
from ..models import Group, Meeting
from ..ordering import board_order
from ..papers import may_add_papers
from ..registers import RegisterPage, posted_version, search_people
from ..sharing import board_groups, mark_joint


class CurrentYearRedirect(RuleRequiredMixin, RedirectView):
    rule = "governance.view"
    pattern_name = ""

    def get_redirect_url(self, *args, **kwargs):
        return reverse(self.pattern_name, args=[self.request.board.slug, ReportingYear.current().label])


MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 16.4 times the
# floor, and the cache makes it 9.6 times faster (bench/cache_value.py, 04/12/2026).
class CalendarView(CachedFragmentMixin, TableView):
    rule = "governance.view"
    # The grid and the table are kept per board, year, state of the records, filter and sort
    # (lscb.caching); their links to add or change meetings follow the right to manage.
    fragment_rules = ("governance.manage",)
    fragment_by_day = False

    def fragment_parts(self) -> list[str]:
        return [self.kwargs["year"].label]

    model = Meeting
    table_class = tables.MeetingTable
    filterset_class = filters.MeetingFilter
    template_name = "governance/calendar.html"
    # One year of meetings (a couple of hundred at most) on one page: no count query, and the
    # grid is drawn from the table's own rows instead of reading them a second time.
    table_pagination = False

    def get_paginate_by(self, queryset):
        return None

    def get_queryset(self):
        year = self.kwargs["year"]
        # The meetings of the board's own groups and of its joint groups.
        return (
            Meeting.objects.in_period(year.start, year.end)
            .filter(group__in=board_groups(self.request.board))
            .select_related("group")
            .with_register_size()
            .order_by("date", "group__name")
        )

    @property
    def export_name(self):
        return f"meetings-{self.kwargs['year'].label}"

    def get_context_data(self, **kwargs):
        year, board = self.kwargs["year"], self.request.board
        context = super().get_context_data(**kwargs)

        def grid():
            rows: dict[Group, list[list[Meeting]]] = {}
            meetings = list(context["table"].data.data)
            # One record per group, so that each is marked once as joint with another board.
            groups = {meeting.group_id: meeting.group for meeting in meetings}
            mark_joint(groups.values(), board, self.request.boards)
            for meeting in meetings:
                meeting.group = groups[meeting.group_id]
            # The groups in the board's own order (governance.ordering), each group's meetings by date.
            place = {group.pk: n for n, group in enumerate(board_order({m.group for m in meetings}))}
            meetings.sort(key=lambda meeting: (place[meeting.group_id], meeting.date))
            for meeting in meetings:
                cells = rows.setdefault(meeting.group, [[] for _ in MONTHS])
                cells[MONTHS.index(meeting.date.month)].append(meeting)
            return rows.items()

        can_manage = allowed("governance.manage", self.request.user, board=board)
        context.update(
            year=year,
            title=f"Meeting calendar {year.label}",
            # The meetings are read only when the grid is drawn (a kept page is served without them).
            grid=SimpleLazyObject(grid),
            month_starts=[
                (year.start.replace(month=m) if m >= 4 else year.end.replace(month=m, day=1)) for m in MONTHS
            ],
            can_manage=can_manage,
        )
        return context


def board_meetings(board):
    """The meetings a board's pages show: those of its own groups and of its joint groups."""
    return Meeting.objects.filter(group__in=board_groups(board)).select_related("group")


class MeetingDetailView(RuleRequiredMixin, DetailView):
    rule = "governance.view"
    model = Meeting

    def get_queryset(self):
        return board_meetings(self.request.board).select_related("chair", "chair__agency")

    def get_context_data(self, **kwargs):
        rows = list(
            self.object.attendances.select_related("person", "person__agency", "on_behalf_of").order_by("person__name")
        )
        # The saved register as minutes (governance.minutes), by surname or by agency.
        order = self.request.GET.get("order", "surname")
        return super().get_context_data(
            rows=rows,
            minutes=meeting_minutes(self.object, rows, order) if rows else None,
            papers=list(self.object.papers.select_related("added_by")),
            can_add_papers=may_add_papers(self.request.user, self.object, self.request.board),
            **kwargs,
        )


class MeetingFormView(RefuseStaleMixin, RuleRequiredMixin, ServiceFormMixin):
    rule = "governance.schedule-meeting"
    model = Meeting
    form_class = forms.MeetingForm
    template_name = "includes/form_page.html"
    success_message = "Saved the meeting {object}."

    def get_queryset(self):
        return board_meetings(self.request.board)

    def get_rule_object(self):
        # Moving a meeting is decided against that meeting; adding one, against the groups offered.
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "groups": schedulable_groups(self.request.user, self.request.board)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # A group not offered (another group's, as a crafted request would send) is refused in words.
        form.fields["group"].error_messages["invalid_choice"] = (
            "Choose one of the groups offered: you may add and move meetings only of the groups you chair."
        )
        return form

    def save(self, instance):
        return services.meeting_save(meeting=instance, by=self.request.user, version=self.get_form_version())

    def get_context_data(self, **kwargs):
        board = self.request.board
        title = f"Reschedule {self.object}" if self.object else "Add a meeting"
        cancel_url = (
            self.object.get_absolute_url(board)
            if self.object
            else reverse("governance:calendar-current", args=[board.slug])
        )
        return super().get_context_data(title=title, cancel_url=cancel_url, **kwargs)

    def get_success_url(self):
        return self.object.get_absolute_url(self.request.board)


class MeetingCreateView(MeetingFormView, CreateView):
    def get_initial(self):
        return params.query_values(self.request, group=params.number(), date=params.day())


class MeetingUpdateView(MeetingFormView, UpdateView):
    pass


class MeetingDeleteView(RuleRequiredMixin, DeleteView):
    rule = "governance.delete-meeting"
    model = Meeting
    template_name = "governance/meeting_confirm_delete.html"

    def get_queryset(self):
        return board_meetings(self.request.board)

    def get_rule_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def form_valid(self, form):
        board = self.request.board
        try:
            services.meeting_delete(meeting=self.object, by=self.request.user)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.object.get_absolute_url(board))
        messages.success(self.request, f"Deleted the meeting {self.object}.")
        return redirect("governance:calendar", board.slug, ReportingYear.containing(self.object.date).label)


class MeetingObjectMixin:
    """Views about one meeting of the board's groups, whose rule is decided against that meeting."""

    def get_rule_object(self):
        if not hasattr(self, "_meeting"):
            self._meeting = get_object_or_404(board_meetings(self.request.board), pk=self.kwargs["pk"])
        return self._meeting

    def meeting_url(self) -> str:
        return self.get_rule_object().get_absolute_url(self.request.board)


class MeetingRecordView(MeetingObjectMixin, RuleRequiredMixin, View):
    """The register: everyone expected that day, a status each, saved at once."""

    rule = "governance.record-meeting"
    template_name = "governance/meeting_record.html"

    def get(self, request, pk):
        meeting = self.get_rule_object()
        refusal = services.register_not_yet(meeting)
        if refusal:
            # Not a form to fill that could not be saved: say when it will be possible, on the meeting.
            messages.info(request, refusal)
            return HttpResponseRedirect(self.meeting_url())
        page = RegisterPage(meeting, new_guest="new_guest" in request.GET)
        # Without scripts, the guest search is a plain GET of this page: the people found come
        # back as boxes to tick, saved with the register.
        search = request.GET.get("guest_search", "").strip()
        found = search_people(search, exclude=page.on_register()) if search else None
        return render(request, self.template_name, page.context(search=search, found=found))

    def post(self, request, pk):
        page = RegisterPage(self.get_rule_object(), data=request.POST, version=posted_version(request.POST))
        if page.is_valid():
            try:
                services.meeting_record_register(
                    meeting=page.meeting, entries=page.entries(), by=request.user, version=page.version
                )
            except StaleEdit as error:
                page.stale(error)
                return render(request, self.template_name, page.context(), status=409)
            except ValidationError as error:
                page.add_errors(error)
            else:
                messages.success(request, f"Recorded the register of {page.meeting}.")
                return HttpResponseRedirect(self.meeting_url())
        return render(request, self.template_name, page.context(), status=400)


class MeetingCancelView(MeetingObjectMixin, RuleRequiredMixin, FormView):
    rule = "governance.schedule-meeting"
    form_class = forms.CancelForm
    template_name = "governance/meeting_cancel.html"

    def get_initial(self):
        meeting = self.get_rule_object()
        return {"version": meeting.version, "cancel_reason": meeting.cancel_reason}

    def get_context_data(self, **kwargs):
        meeting = self.get_rule_object()
        return super().get_context_data(meeting=meeting, register_size=meeting.attendances.count(), **kwargs)

    def form_valid(self, form):
        meeting = self.get_rule_object()
        try:
            services.meeting_cancel(
                meeting=meeting,
                reason=form.cleaned_data["cancel_reason"],
                note=form.cleaned_data["note"],
                by=self.request.user,
                version=form.cleaned_data["version"],
            )
        except StaleEdit as error:
            # The reason and note stay as typed; saving again, after checking, goes through.
            data = form.data.copy()
            data["version"] = Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)
            form.data = data
            form.add_error(None, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Cancelled the meeting {meeting}.")
        return redirect(self.meeting_url())


class MeetingReinstateView(MeetingObjectMixin, RuleRequiredMixin, View):
    rule = "governance.schedule-meeting"

    def post(self, request, pk):
        meeting = self.get_rule_object()
        try:
            services.meeting_reinstate(meeting=meeting, by=request.user)
            messages.success(request, f"The meeting {meeting} is planned again.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(self.meeting_url())


class ScheduleYearView(RuleRequiredMixin, FormView):
    """Generate a year of planned meetings from the group's frequency, to adjust afterwards."""

    rule = "governance.manage"
    form_class = forms.ScheduleForm
    template_name = "governance/schedule_year.html"

    def dispatch(self, request, *args, **kwargs):
        self.group = get_object_or_404(board_groups(request.board), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        current = ReportingYear.current()
        return {**super().get_form_kwargs(), "years": [current.previous, current, current.next]}

    def get_initial(self):
        return {"year": ReportingYear.current().label}

    def get_context_data(self, **kwargs):
        try:
            months = services.schedule_months(self.group)
            problem = ""
        except ValidationError as error:
            months, problem = [], " ".join(error.messages)
        return super().get_context_data(group=self.group, month_count=len(months), problem=problem, **kwargs)

    def form_valid(self, form):
        year = ReportingYear.parse(form.cleaned_data["year"])
        try:
            created = services.meetings_schedule_year(
                group=self.group,
                year=year,
                weekday=form.cleaned_data["weekday"],
                week=form.cleaned_data["week"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        if created:
            messages.success(
                self.request, f"Planned {len(created)} meetings of {self.group} in {year}. Adjust any date below."
            )
        else:
            messages.info(
                self.request, f"{self.group} already has a meeting in every month it meets in {year}: nothing added."
            )
        calendar = reverse("governance:calendar", args=[self.request.board.slug, year.label])
        return redirect(f"{calendar}?group={self.group.pk}")


def schedulable_groups(user, board):
    """The board's groups (its own and its joint ones) to which `user` may add a meeting: all of
    them for the business manager, the groups they chair for a sub-group chair. A meeting posted
    for any other group is refused by the form as a choice not offered."""
    groups = board_groups(board)
    allowed_ids = [group.pk for group in groups if allowed("governance.schedule-meeting", user, group, board=board)]
    return groups.filter(pk__in=allowed_ids)
