"""Reads of training that other apps use (the year-end report)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from lscb.years import ReportingYear

from .models import TrainingAttendance, TrainingEvent


def rate(part: int | None, whole: int | None) -> float | None:
    """A percentage to two places; None when there is nothing to divide by."""
    if not whole or part is None:
        return None
    return round(part * 100 / whole, 2)


def year_training(board, year: ReportingYear) -> dict:
    """The year's training in the JSON's shape (DOMAIN.md): `events` counts every event dated in the
    year and `cancelled` those cancelled; places, bookings, attendance and evaluations are summed
    over the events not cancelled, and the attendance rate is attended / booked over them. By agency:
    every agency that booked or attended, by name, including those that booked and did not come."""
    events = TrainingEvent.objects.of_board(board).in_year(year)
    held = Q(cancelled=False)
    # Named apart from the fields: an aggregate named like a field hides it from the filters.
    sums = events.aggregate(
        n_events=Count("pk"),
        n_cancelled=Count("pk", filter=Q(cancelled=True)),
        n_places=Sum("places", filter=held),
        n_booked=Sum("booked", filter=held),
        n_attended=Sum("attended", filter=held),
        n_evaluations=Sum("evaluations", filter=held),
        n_rated_good=Sum("rated_good", filter=held),
    )
    totals = {name.removeprefix("n_"): value for name, value in sums.items()}
    by_agency = (
        TrainingAttendance.objects.filter(event__in=events.held())
        .values("agency__name")
        .annotate(booked=Sum("booked"), attended=Sum("attended"))
        .order_by("agency__name")
    )
    return {
        "events": totals["events"],
        "cancelled": totals["cancelled"],
        "places": totals["places"] or 0,
        "booked": totals["booked"] or 0,
        "attended": totals["attended"] or 0,
        "attendance_rate": rate(totals["attended"], totals["booked"]),
        "evaluations": totals["evaluations"] or 0,
        "rated_good": totals["rated_good"] or 0,
        "by_agency": [
            {"agency": row["agency__name"], "booked": row["booked"] or 0, "attended": row["attended"] or 0}
            for row in by_agency
        ],
    }
