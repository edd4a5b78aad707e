"""The plan's reads other apps use: how ratings are counted (docs/COUNTING.md, "The plan's
ratings"), written once for the plan's pages, its exports, the dashboard and the year-end report."""

from __future__ import annotations

from datetime import date

from governance.models import GroupKind, Meeting, MeetingStatus
from lscb.years import ReportingYear

from .models import Action, Plan, PlanStatus


def empty_totals(plan: Plan) -> dict[str, int]:
    """A count for each level of the plan's scale, and one for unrated actions."""
    return {**dict.fromkeys(plan.ratings, 0), "unrated": 0}


def add_to_totals(totals: dict[str, int], rating: str | None) -> None:
    """Count one action: a rating the scale does not know, or none, is counted as unrated, never
    folded into a colour."""
    totals[rating if rating and rating in totals and rating != "unrated" else "unrated"] += 1


def rag_totals(
    plan: Plan, day: date | None = None, priorities=None
) -> tuple[dict[str, int], dict[int, dict[str, int]]]:
    """RAG totals of the whole plan and per priority number: current ratings, or as at `day`."""
    priorities = plan.priorities.all() if priorities is None else priorities
    actions = plan.actions.all()
    if day is not None:
        actions = actions.with_rating_at(day, "counted").values_list("objective__priority__number", "counted")
    else:
        actions = actions.values_list("objective__priority__number", "rating")
    overall = empty_totals(plan)
    per_priority: dict[int, dict[str, int]] = {p.number: empty_totals(plan) for p in priorities}
    for number, rating in actions:
        add_to_totals(overall, rating or "unrated")
        add_to_totals(per_priority.setdefault(number, empty_totals(plan)), rating or "unrated")
    return overall, per_priority


# --- the actions a group leads (a group's page, a sub-group chair's home) ---------------------------


def rating_due_since(board, today: date) -> date:
    """From when a rating counts as up to date: the board's own last held meeting before today (the
    natural "since", as the dashboard reads it), else the start of the reporting year."""
    last = (
        Meeting.objects.filter(group__board=board, group__kind=GroupKind.BOARD, status=MeetingStatus.HELD)
        .filter(date__lt=today)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return last or ReportingYear.containing(today).start


def actions_led(group_ids, board, today: date, since: date) -> list:
    """The actions of the board's active plans led by any of `group_ids`, in plan order, each with
    `last_update` (the date of its latest progress update), `is_complete` (at a level its plan's
    scale counts as complete), `is_overdue` and `needs_update` (not complete and not updated since
    `since`). One query, however many plans and actions."""
    actions = list(
        Action.objects.filter(plan__board=board, plan__status=PlanStatus.ACTIVE, lead_group_id__in=list(group_ids))
        .select_related("plan", "plan__board", "lead_group")
        .with_last_update()
        .order_by("plan__start", "plan_id", "objective__priority__number", "objective__order", "objective_id", "id")
    )
    for action in actions:
        action.is_complete = bool(action.rating) and action.rating in action.plan.complete_ratings
        action.is_overdue = not action.is_complete and action.due_date is not None and action.due_date < today
        action.needs_update = not action.is_complete and (action.last_update is None or action.last_update < since)
    return actions
