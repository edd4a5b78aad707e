"""The challenge log, a challenge's timeline and steps, and an agency's record."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView

from governance.models import Agency
from learning.models import OPEN_STATUSES, Recommendation
from lscb import params
from lscb.backends import has_board_perm
from lscb.caching import CachedFragmentMixin
from lscb.concurrency import StaleEdit
from lscb.permissions import RuleRequiredMixin, allowed
from lscb.views import ServiceFormMixin, TableView, add_service_errors
from lscb.years import ReportingYear, reporting_year_of

from . import forms, services
from .filters import ChallengeFilter
from .models import Challenge, Status
from .tables import ChallengeTable, is_overdue


# The page cache (lscb.caching) stays: at scale 10 this page drawn afresh takes 14.1 times the
# floor, and the cache makes it 6.0 times faster (bench/cache_value.py, 04/12/2026).
class ChallengeListView(CachedFragmentMixin, TableView):
    rule = "challengelog.view"
    model = Challenge
    table_class = ChallengeTable
    filterset_class = ChallengeFilter
    title = "Challenge log"
    intro = "What the board asked of partner agencies and outside bodies, what came back, and what changed. Overdue rows are marked."
    export_name = "challenge-log"

    # The filters and the table are kept (lscb.caching); overdue rows follow the day.
    template_name = "includes/cached_table_page.html"
    # The table paginates itself; the list view's own paginator would count the rows a second time.
    table_pagination = {"per_page": TableView.paginate_by}

    def get_paginate_by(self, queryset):
        return None

    def get_queryset(self):
        return board_challenges(self.request).for_log().order_by("-raised_on", "raised_undated", "-ref")

    def get_export_filename(self, export_format: str) -> str:
        return f"{self.request.board.slug}-{self.export_name}.{export_format}"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "board": self.request.board}

    def get_page_actions(self):
        board = self.request.board
        return (
            [("Log a challenge", reverse("challengelog:challenge-create", args=[board.slug]))]
            if allowed("challengelog.write", self.request.user, board=board)
            else []
        )


class ChallengeCreateView(RuleRequiredMixin, ServiceFormMixin, CreateView):
    """Log a challenge; from a meeting (?meeting=) or an agency (?agency=&subject=) it comes prefilled."""

    rule = "challengelog.write"
    model = Challenge
    form_class = forms.ChallengeForm
    template_name = "includes/form_page.html"
    success_message = "Logged {object}."

    def get_initial(self):
        initial = {"raised_on": timezone.localdate(), "raised_by": "chair"}
        asked = params.query_values(
            self.request,
            meeting=params.record(services.board_meetings(self.request.board).select_related("group")),
            agency=params.record(Agency.objects.all()),
            subject=params.text(),
        )
        meeting = asked["meeting"]
        if meeting:
            initial.update(
                meeting=meeting,
                raised_on=min(meeting.date, timezone.localdate()),
                raised_by="board" if meeting.group.kind == "board" else "subgroup",
            )
        if asked["agency"]:
            initial["agency"] = asked["agency"]
        if asked["subject"]:
            initial["subject"] = asked["subject"][:200]
        user = self.request.user
        if has_board_perm(user, "challengelog.add_challenge", [self.request.board.pk]) and hasattr(user, "person"):
            initial["raised_by_person"] = user.person
        return initial

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def form_valid(self, form):
        self.raised = form.raised
        return super().form_valid(form)

    def save(self, instance):
        instance.board = self.request.board
        return services.challenge_log(challenge=instance, by=self.request.user, **self.raised)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Log a challenge",
            cancel_url=reverse("challengelog:challenge-list", args=[self.request.board.slug]),
            submit_label="Log the challenge",
            **kwargs,
        )

    def get_success_url(self):
        return self.object.get_absolute_url()


def board_challenges(request):
    """The page's board's challenges: another board's are not found under this board's address."""
    return Challenge.objects.filter(board=request.board)


class ChallengeObjectMixin:
    def get_object(self, queryset=None):
        challenges = board_challenges(self.request).for_log().select_related("meeting__group")
        challenge = get_object_or_404(challenges, ref=self.kwargs["ref"])
        challenge.board = self.request.board
        return challenge


class ChallengeUpdateView(ChallengeObjectMixin, RuleRequiredMixin, ServiceFormMixin, UpdateView):
    rule = "challengelog.write"
    model = Challenge
    form_class = forms.ChallengeForm
    template_name = "includes/form_page.html"
    success_message = "Saved {object}."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "board": self.request.board}

    def form_valid(self, form):
        # The version the user saw (blank: an old form, saved without the check).
        self.version = form.cleaned_data["version"]
        self.raised = form.raised
        return super().form_valid(form)

    def save(self, instance):
        return services.challenge_edit(challenge=instance, by=self.request.user, version=self.version, **self.raised)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=f"Edit {self.object}", cancel_url=self.object.get_absolute_url(), **kwargs
        )


# Each step: its form, its service, and which statuses offer it.
STEPS = {
    "sent": (forms.SentForm, "Mark as sent (awaiting response)", (Status.OPEN,)),
    "response": (
        forms.ResponseForm,
        "Record the response",
        (Status.OPEN, Status.AWAITING_RESPONSE, Status.ESCALATED, Status.RESPONDED),
    ),
    "escalate": (
        forms.EscalateForm,
        "Escalate",
        (Status.OPEN, Status.AWAITING_RESPONSE, Status.RESPONDED, Status.ESCALATED),
    ),
    "close": (
        forms.CloseForm,
        "Close with the outcome",
        (Status.OPEN, Status.AWAITING_RESPONSE, Status.RESPONDED, Status.ESCALATED),
    ),
    "reopen": (forms.ReopenForm, "Reopen", (Status.CLOSED,)),
    "note": (forms.NoteForm, "Add a note", tuple(Status.values)),
}


def run_step(step: str, challenge: Challenge, data: dict, by):
    common = {"challenge": challenge, "by": by, "version": data.get("version")}
    if step == "sent":
        return services.challenge_mark_sent(
            note=data["note"],
            sent_on=data["sent_on"],
            sent_to_person=data["sent_to_person"],
            sent_to=data["sent_to"],
            **common,
        )
    if step == "response":
        return services.challenge_record_response(
            response=data["response"], responded_on=data["responded_on"], **common
        )
    if step == "escalate":
        return services.challenge_escalate(escalated_to=data["escalated_to"], note=data["note"], **common)
    if step == "close":
        return services.challenge_close(
            outcome=data["outcome"],
            outcome_kind=data["outcome_kind"],
            closed_on=data["closed_on"],
            follow_up_on=data["follow_up_on"],
            **common,
        )
    if step == "reopen":
        return services.challenge_reopen(reason=data["reason"], **common)
    return services.challenge_add_note(challenge=challenge, text=data["text"], by=by)


def step_forms(challenge: Challenge, bound: tuple[str, object] | None = None) -> list[dict]:
    today = timezone.localdate()
    initial = {
        "version": challenge.version,
        "responded_on": today,
        "closed_on": today,
        "sent_on": today,
        "escalated_to": challenge.escalated_to,
    }
    offered = []
    for name, (form_class, label, statuses) in STEPS.items():
        # A step refused because the status moved on (another tab, another user) stays shown with its message.
        if challenge.status not in statuses and not (bound and bound[0] == name):
            continue
        form = bound[1] if bound and bound[0] == name else form_class(initial=initial, prefix=name)
        offered.append({"name": name, "label": label, "form": form, "open": bool(bound and bound[0] == name)})
    return offered


class ChallengeDetailView(ChallengeObjectMixin, RuleRequiredMixin, DetailView):
    rule = "challengelog.view"
    model = Challenge

    def get_context_data(self, **kwargs):
        challenge = self.object
        can_write = allowed("challengelog.write", self.request.user, challenge, board=self.request.board)
        return super().get_context_data(
            events=challenge.events.select_related("by"),
            steps=step_forms(challenge, kwargs.pop("bound", None)) if can_write else [],
            can_write=can_write,
            overdue=is_overdue(challenge),
            **kwargs,
        )


class ChallengeStepView(ChallengeObjectMixin, RuleRequiredMixin, View):
    """POST one step (response, escalate, close, reopen, sent, note); errors keep what was typed."""

    rule = "challengelog.write"

    def post(self, request, ref, step):
        if step not in STEPS:
            return redirect("challengelog:challenge-detail", request.board.slug, ref)
        challenge = self.get_object()
        form = STEPS[step][0](request.POST, prefix=step)
        if form.is_valid():
            try:
                run_step(step, challenge, form.cleaned_data, request.user)
            except StaleEdit as error:
                challenge.refresh_from_db()
                data = form.data.copy()
                data[form.add_prefix("version")] = challenge.version
                form.data = data
                form.add_error(None, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{STEPS[step][1]}: saved on {challenge.ref}.")
                return redirect(challenge)
        view = ChallengeDetailView()
        view.setup(request, ref=ref)
        view.object = self.get_object()
        return render(
            request,
            "challengelog/challenge_detail.html",
            view.get_context_data(object=view.object, bound=(step, form)),
            status=400,
        )


class AgencyRecordView(RuleRequiredMixin, DetailView):
    """Every challenge to one agency, with outcomes: read before meeting its director. Drawn on every
    request: at scale 10 it takes 3.5 times the floor without a page cache, within the target of 6
    (BENCHMARKS.md, "What the page cache buys", 04/12/2026)."""

    rule = "challengelog.view"
    model = Agency
    template_name = "challengelog/agency_record.html"
    context_object_name = "agency"

    paginate_by = 25

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_write=allowed("challengelog.write", self.request.user, board=self.request.board), **kwargs
        )

    @cached_property
    def record(self) -> dict:
        # Counted per reporting year and status in one query; shown a year or two at a time, so a
        # busy agency's ten years of record cost no more to read than its last two.
        challenges = (
            self.object.challenges.filter(board=self.request.board)
            .for_log()
            .order_by("-raised_on", "raised_undated", "-ref")
        )
        counts = list(
            challenges.order_by()
            .annotate(first=reporting_year_of("raised_on"))
            .values_list("first", "status")
            .annotate(n=Count("pk"))
        )
        per_year = Counter()
        for first, _status, n in counts:
            per_year[first] += n
        asked = params.query_values(self.request, year=params.reporting_year(allow_all=True), page=params.number())
        shown = self.shown_years(per_year, asked["year"])
        if shown is not None:
            challenges = challenges.filter(raised_on__gte=min(shown).start, raised_on__lte=max(shown).end)
        by_status = Counter()
        for first, status, n in counts:
            if shown is None or ReportingYear(first) in shown:
                by_status[status] += n
        paginator = Paginator(challenges, self.paginate_by)
        paginator.count = sum(by_status.values())  # known already: no COUNT query
        page = paginator.get_page(asked["page"])
        page.object_list = list(page.object_list)
        for challenge in page.object_list:
            challenge.is_overdue = is_overdue(challenge)
        return {
            "challenges": page.object_list,
            "page_obj": page,
            "total": paginator.count,
            "all_years_total": sum(per_year.values()),
            "years": [(ReportingYear(first), per_year[first]) for first in sorted(per_year, reverse=True)],
            "shown": sorted(shown, reverse=True) if shown is not None else None,
            "year_query": str(asked["year"] or ""),
            "counts": {status.label: by_status.get(status, 0) for status in Status},
            **recommendations_led(
                self.object, self.request.board, years=self.closed_years(asked["year"]), every_year_url="?year=all"
            ),
        }

    @staticmethod
    def closed_years(asked: ReportingYear | str | None) -> set[ReportingYear] | None:
        """The years whose closed recommendations are listed with the open ones: the year asked
        for, every year (None) for ?year=all, and by default this reporting year and the last."""
        if asked == "all":
            return None
        if isinstance(asked, ReportingYear):
            return {asked}
        return this_year_and_last()

    def shown_years(self, per_year: Counter, asked: ReportingYear | str | None) -> set[ReportingYear] | None:
        """?year=2024-25 for one year, ?year=all for every year (None); by default the latest year
        the agency was challenged in and the year before it."""
        if asked == "all":
            return None
        if isinstance(asked, ReportingYear):
            return {asked}
        latest = ReportingYear(max(per_year)) if per_year else ReportingYear.current()
        return {latest, latest.previous}


def this_year_and_last() -> set[ReportingYear]:
    """The years whose closed recommendations an agency's record and page list by default."""
    current = ReportingYear.current()
    return {current, current.previous}


def recommendations_led(agency: Agency, board, *, years=None, every_year_url: str = "") -> dict:
    """The board's recommendations (of its reviews and audits) that `agency` leads, in one query:
    the open ones, soonest due first, each marked `is_overdue`; then those implemented or decided
    against in `years` (a set of ReportingYears), or in any year when `years` is None. A busy
    agency's ten years of closed recommendations cost no more to read than its last two."""
    today = timezone.localdate()
    rows = Recommendation.objects.of_board(board).filter(lead_agency=agency)
    if years is not None:
        closed_in = (min(years).start, max(years).end)
        rows = rows.filter(Q(status__in=OPEN_STATUSES) | Q(decided_on__range=closed_in))
    rows = list(
        rows.with_source()
        .annotate(
            closed=Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("closed", F("due_date").asc(nulls_last=True), "pk")
    )
    for row in rows:
        row.is_overdue = not row.closed and row.due_date is not None and row.due_date < today
    return {
        "recommendations": rows,
        "closed_in": " and ".join(year.label for year in sorted(years)) if years is not None else "",
        "every_year_url": every_year_url,
    }
