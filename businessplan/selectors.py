"""The plan's reads other apps use: how ratings are counted (docs/COUNTING.md, "The plan's
ratings"), written once for the plan's pages, its exports, the dashboard and the year-end report."""

from __future__ import annotations

from datetime import date

from .models import Plan


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
