"""Reads that shape the plan for pages, exports and the year-end summary (a few queries each)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Action, Plan, Priority, ProgressUpdate
from .selectors import add_to_totals, empty_totals, rag_totals


@dataclass
class PrioritySection:
    """One priority of the plan page: its objectives' actions in order, and its RAG totals."""

    priority: Priority
    actions: list[Action] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)


def plan_sections(
    plan: Plan, actions, notes_per_action: int | None = None
) -> tuple[list[PrioritySection], dict[str, int]]:
    """Actions grouped under their priorities (every priority, even with no action shown),
    each with its updates newest first as `recent_updates`; and the whole plan's totals."""
    updates = ProgressUpdate.objects.newest_first().select_related("author", "recorded_by")
    actions = actions.for_plan_page().prefetch_related(Prefetch("updates", queryset=updates, to_attr="recent_updates"))
    priorities = list(plan.priorities.all())
    overall, totals = rag_totals(plan, priorities=priorities)
    sections = {p.number: PrioritySection(p, totals=totals.get(p.number, empty_totals(plan))) for p in priorities}
    # Within a priority, actions run in the order people read refs (1.2 before 1.10), as in the
    # published plan and the annual report.
    ordered = sorted(actions, key=lambda a: (a.objective.priority.number, ref_key(a.ref)))
    previous_objective = None
    for action in ordered:
        action.first_of_objective = action.objective_id != previous_objective
        previous_objective = action.objective_id
        if notes_per_action is not None:
            action.recent_updates = action.recent_updates[:notes_per_action]
        sections[action.objective.priority.number].actions.append(action)
    return list(sections.values()), overall


def recorded_between(first: date, last: date) -> tuple[datetime, datetime]:
    """The moments of the days after `first` up to the end of `last` (local time): an update
    recorded then was written since a meeting held on `first`, whatever day it is dated."""

    def start_of_day_after(day: date) -> datetime:
        return timezone.make_aware(
            datetime.combine(min(day, date.max - timedelta(days=2)) + timedelta(days=1), time.min)
        )

    return start_of_day_after(first), start_of_day_after(last)


def with_rating_known_on(actions, first: date, last: date, name: str = "before"):
    """Annotate each action's rating on `first` as the records stood that day: an update dated on
    or before `first` but recorded after it (before the end of `last`) is left out, so the change
    it made counts among the changes of the period instead of vanishing into the day before it."""
    start, end = recorded_between(first, last)
    latest = (
        ProgressUpdate.objects.filter(action=OuterRef("pk"), date__lte=first)
        .exclude(recorded_at__gte=start, recorded_at__lt=end)
        .order_by("-date", "-recorded_at", "-id")
        .values("rating")[:1]
    )
    return actions.annotate(**{name: Coalesce(Subquery(latest), F("initial_rating"))})


def backdated_in(first: date, last: date) -> Q:
    """Updates dated on or before `first` but recorded after it, by the end of `last`."""
    start, end = recorded_between(first, last)
    return Q(date__lte=first, recorded_at__gte=start, recorded_at__lt=end)


def dated_and_recorded(update: ProgressUpdate) -> str:
    """ "dated 02/03/2026, recorded 10/03/2026": for an update written after the day it is dated."""
    recorded = timezone.localdate(update.recorded_at)
    return f"{update.when if update.undated else f'dated {update.when}'}, recorded {recorded:%d/%m/%Y}"


@dataclass
class Change:
    """An action whose rating moved between two dates, and the notes written in between."""

    action: Action
    before: str
    after: str
    notes: list[ProgressUpdate]


def changes_between(plan: Plan, first: date, last: date) -> list[Change]:
    """Every action whose rating on `last` differs from its rating on `first` as the records
    stood that day (see with_rating_known_on): a change recorded in the period is in, whatever
    day it is dated."""
    return changes_between_plans([plan], first, last, recorded=True)[plan.pk]


def changes_between_plans(
    plans: list[Plan], first: date, last: date, *, recorded: bool = False
) -> dict[int, list[Change]]:
    """changes_between for several plans at once, in the same two queries as for one. Each note
    has `shown_when`: its date, or "dated ..., recorded ..." when it was written after `first`
    about a day on or before it. `recorded`: count the changes recorded in the period whatever
    day they are dated (what changed since a meeting); else by the dates alone (a year's moves)."""
    by_id = {plan.pk: plan for plan in plans}
    notes = ProgressUpdate.objects.filter(date__gt=first, date__lte=last)
    actions = Action.objects.filter(plan__in=plans)
    if recorded:
        notes = ProgressUpdate.objects.filter(Q(date__gt=first, date__lte=last) | backdated_in(first, last))
        actions = with_rating_known_on(actions, first, last, "before")
    else:
        actions = actions.with_rating_at(first, "before")
    actions = (
        actions.with_rating_at(last, "after")
        .for_plan_page()
        .prefetch_related(
            Prefetch("updates", queryset=notes.select_related("author", "recorded_by"), to_attr="notes_between")
        )
    )
    changes: dict[int, list[Change]] = {plan.pk: [] for plan in plans}
    for action in actions:
        if (action.before or "") != (action.after or ""):
            action.plan = by_id[action.plan_id]
            for note in action.notes_between:
                note.shown_when = dated_and_recorded(note) if note.date <= first else note.when
            changes[action.plan_id].append(
                Change(action, action.before or "", action.after or "", action.notes_between)
            )
    return changes


def ref_key(ref: str) -> tuple:
    """An action's ref in the order people read refs: 1.2 before 1.10, 2.3 before 2.3.1 (numbers
    as numbers, the rest as text)."""
    parts = re.split(r"(\d+)", ref)  # text, number, text, number, ..., text
    return tuple((int(part), "") if n % 2 else (-1, part.casefold()) for n, part in enumerate(parts))


@dataclass
class PlanYear:
    """A plan as it stood on the last day of a reporting year, with that year's progress notes."""

    plan: Plan
    totals: dict[str, int]
    sections: list[PrioritySection]


def plans_in_period(first: date, last: date, *, board) -> list[PlanYear]:
    """Every plan overlapping [first, last]: ratings as at `last` (the latest update dated on
    or before it, else the rating before any update) and the updates dated in the period.
    Four queries however many plans overlap the period. Each priority's actions run in ref order.
    Only `board`'s plans."""
    plans = list(Plan.objects.filter(board=board, start__lte=last, end__gte=first).order_by("start", "title"))
    if not plans:
        return []
    by_id = {plan.pk: plan for plan in plans}
    totals = {plan.pk: empty_totals(plan) for plan in plans}
    sections: dict[int, dict[int, PrioritySection]] = {plan.pk: {} for plan in plans}
    for priority in Priority.objects.filter(plan__in=plans).order_by("plan_id", "number"):
        plan = by_id[priority.plan_id]
        sections[plan.pk][priority.number] = PrioritySection(priority, totals=empty_totals(plan))
    in_period = ProgressUpdate.objects.between(first, last).order_by("date", "recorded_at", "id")
    actions = (
        Action.objects.filter(plan__in=plans)
        .with_rating_at(last, "rating_at_end")
        .for_plan_page()
        .prefetch_related(Prefetch("updates", queryset=in_period, to_attr="period_updates"))
    )
    for action in actions:
        action.plan = by_id[action.plan_id]
        rating = action.rating_at_end or "unrated"
        add_to_totals(totals[action.plan_id], rating)
        section = sections[action.plan_id][action.objective.priority.number]
        add_to_totals(section.totals, rating)
        section.actions.append(action)
    for by_number in sections.values():
        for section in by_number.values():
            section.actions.sort(key=lambda action: ref_key(action.ref))
    return [PlanYear(plan, totals[plan.pk], list(sections[plan.pk].values())) for plan in plans]
