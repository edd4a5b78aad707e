"""Review mode: step through the plan's actions for the board meeting being prepared, one at a time.

The review is "as at" the board meeting being prepared (by default the board's next planned meeting,
else today). An action is done when it has an update dated on or after the board meeting before
that one (the start of the board cycle): updates cannot be dated ahead, so the cycle's start, not
the meeting itself, is what an update is counted against. Completed actions not updated in the
cycle are left out unless asked for; the plan page's filters narrow the list further.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from governance.models import GroupKind, Meeting, MeetingStatus
from lscb import params
from lscb.permissions import RuleRequiredMixin, allowed

from ..filters import ReviewFilter
from ..models import Action, ProgressUpdate
from ..selectors import rag_totals
from .editing import board_plan
from .progress import describe, progress_form, save_progress

# The query parameters that say where the reader is in a review, not which review it is.
PLACE = ("step", "done", "restart")


@dataclass(frozen=True)
class Cycle:
    """The board meeting a review prepares and the day its updates count from."""

    as_at: date
    meeting: date | None  # the board meeting on as_at, when as_at is one
    since: date
    previous: date | None  # the board meeting the cycle starts after, when there is one


def board_meetings(board):
    """The meetings of the board itself (its group of kind board), cancelled ones left out."""
    return Meeting.objects.filter(group__board=board, group__kind=GroupKind.BOARD).exclude(
        status=MeetingStatus.CANCELLED
    )


def board_cycle(board, today: date, as_at: date | None = None) -> Cycle:
    """The cycle of the board meeting being prepared: the next planned board meeting on or after
    today (or `as_at` when given, else today), counted from the board meeting before it. One query:
    a board meets a handful of times a year."""
    meetings = list(board_meetings(board).order_by("date").values_list("date", "status"))
    if as_at is None:
        as_at = next((day for day, status in meetings if day >= today and status == MeetingStatus.PLANNED), today)
    meeting = as_at if any(day == as_at for day, _ in meetings) else None
    previous = max((day for day, _ in meetings if day < as_at and day <= today), default=None)
    return Cycle(as_at=as_at, meeting=meeting, since=previous or min(as_at, today), previous=previous)


def updated_since(day: date) -> Exists:
    return Exists(ProgressUpdate.objects.filter(action=OuterRef("pk"), date__gte=day))


class ReviewView(RuleRequiredMixin, View):
    """The review's filters, the action at hand with its rating form, a jump list and progress."""

    rule = "businessplan.rate-action"
    template_name = "businessplan/review.html"
    filterset_class = ReviewFilter

    def dispatch(self, request, *args, **kwargs):
        self.plan = board_plan(request, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def setup_review(self) -> None:
        """Read the filters and the cycle; a value that cannot be read is named and left out."""
        request = self.request
        data = request.GET.copy()
        for name in PLACE:
            data.pop(name, None)
        # The review's date first (the form shows it: the default is written in when none is given).
        try:
            as_at = ReviewFilter.base_filters["as_at"].field.clean(data.get("as_at"))
        except ValidationError:
            as_at = None  # the form names the mistake; the review goes on for the default date
        self.cycle = board_cycle(request.board, timezone.localdate(), as_at)
        if not data.get("as_at"):
            data["as_at"] = f"{self.cycle.as_at:%d/%m/%Y}"
        self.filter = ReviewFilter(data, queryset=self.plan.actions.for_plan_page(), plan=self.plan)
        self.filter.is_valid()  # an unreadable value is in its errors and left out of cleaned_data
        cleaned = getattr(self.filter.form, "cleaned_data", {})
        self.include_completed = bool(cleaned.get("include_completed"))
        # The review's own address: its filters as given, the cycle's date always written.
        query = {key: value for key, value in data.items() if key in self.filter.form.fields and value}
        query = {key: value for key, value in query.items() if key not in self.filter.form.errors}
        query["as_at"] = f"{self.cycle.as_at:%d/%m/%Y}"
        self.query_items = sorted(query.items())
        self.query = urlencode(self.query_items)
        self.base = f"{reverse('businessplan:review', args=[request.board.slug, self.plan.slug])}?{self.query}"

    def review_ids(self) -> list[int]:
        """The actions to review, fixed when the review starts so saving one does not reshuffle."""
        key = f"review:{self.plan.pk}:{hashlib.sha256(self.query.encode()).hexdigest()[:16]}"
        ids = self.request.session.get(key)
        if ids is None or "restart" in self.request.GET:
            actions = self.filter.qs
            complete = self.plan.complete_ratings
            if not self.include_completed and complete:
                actions = actions.exclude(Q(rating__in=complete) & ~updated_since(self.cycle.since))
            user, board = self.request.user, self.request.board
            ids = [action.pk for action in actions if allowed("businessplan.rate-action", user, action, board=board)]
            self.request.session[key] = ids
        return ids

    def entries(self, ids: list[int]) -> list[dict]:
        """Each action of the review in order: its position, reference, title and whether done."""
        rows = {
            pk: (ref, text or objective, done)
            for pk, ref, text, objective, done in self.plan.actions.filter(pk__in=ids)
            .annotate(done=updated_since(self.cycle.since))
            .values_list("pk", "ref", "text", "objective__text", "done")
        }
        return [
            {"step": n, "pk": pk, "ref": rows[pk][0], "title": rows[pk][1], "done": rows[pk][2]}
            for n, pk in enumerate((pk for pk in ids if pk in rows), start=1)
        ]

    def step(self) -> int | None:
        """The position asked for (from 1); None when not asked, 0 when damaged (no review has it)."""
        if not self.request.GET.get("step"):
            return None
        return params.query_values(self.request, step=params.number())["step"] or 0

    def get(self, request, slug, form=None, entries=None):
        if form is None:
            self.setup_review()
            entries = self.entries(self.review_ids())
        step = self.step()
        if step is None:  # a review opens at its first action not done yet
            step = next((entry["step"] for entry in entries if not entry["done"]), 1)
        step = min(max(step, 1), max(len(entries), 1))
        action = None
        if entries:
            action = get_object_or_404(
                Action.objects.select_related("objective__priority", "lead_group"),
                pk=entries[step - 1]["pk"],
                plan=self.plan,
            )
            action.plan = self.plan
            action.recent_updates = list(action.updates.newest_first().select_related("author", "recorded_by")[:3])
        totals, _ = rag_totals(self.plan, priorities=[])  # the plan's totals only: no per-priority query
        done = sum(1 for entry in entries if entry["done"])
        context = {
            "plan": self.plan,
            "cycle": self.cycle,
            "filter": self.filter,
            "filter_errors": [
                (self.filter.form[name].id_for_label, f"{self.filter.form[name].label}: {' '.join(errors)}")
                for name, errors in self.filter.form.errors.items()
                if name in self.filter.form.fields
            ],
            "filtered": any(
                name in self.filter.form.data and self.filter.form.data[name]
                for name in self.filter.form.fields
                if name != "as_at"
            ),
            "include_completed": self.include_completed,
            "entries": entries,
            "done_count": done,
            "all_done": bool(entries) and done == len(entries),
            "step": step,
            "action": action,
            "form": form or (progress_form(action) if action else None),
            "totals": totals,
            "base": self.base,
            "query_items": self.query_items,
        }
        return render(request, self.template_name, context, status=400 if form is not None and form.errors else 200)

    def post(self, request, slug):
        self.setup_review()
        entries = self.entries(self.review_ids())
        step = self.step() or 0
        if not 1 <= step <= len(entries):
            messages.error(request, "That action is not part of this review: nothing was saved. Carry on from here.")
            return redirect(self.base)
        action = get_object_or_404(Action, pk=entries[step - 1]["pk"], plan=self.plan)
        action.plan = self.plan
        if not allowed("businessplan.rate-action", request.user, action, board=request.board):
            return render(request, "403.html", status=403)
        before = action.rating
        update, form = save_progress(request, action, progress_form(action, request.POST))
        if update is None:
            return self.get(request, slug, form=form, entries=entries)
        plan = action.plan
        action.refresh_from_db()
        action.plan = plan  # the same plan, with its board: no query for either
        # Save and next: the next action not done after this one, else the first before it.
        entries = self.entries([entry["pk"] for entry in entries])
        waiting = [entry["step"] for entry in entries if not entry["done"]]
        messages.success(
            request,
            f"Saved {action.ref}: {describe(action.plan, before, action.rating)}. "
            f"{len(entries) - len(waiting)} of {len(entries)} done.",
        )
        following = [n for n in waiting if n > step] or waiting
        if not following:
            return redirect(f"{self.base}&step={step}&done=1")
        return redirect(f"{self.base}&step={following[0]}")
