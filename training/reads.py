"""Reads of the training pages: a year's summary beside the year before, and attendance by agency
(the counting rules are training.selectors': attendance over the events not cancelled)."""

from __future__ import annotations

from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from governance.models import Agency
from lscb.years import ReportingYear

from .models import TrainingAttendance, TrainingEvent
from .selectors import rate, year_training


def percent(value: float | None) -> str:
    """A rate as the pages write it: "85.5%", or "—" when there is nothing to divide by."""
    if value is None:
        return "—"
    return f"{value:.1f}".removesuffix(".0") + "%"


def event_rates(event) -> dict[str, float | None]:
    """An event's (or a year's, given its totals) fill, attendance, evaluation and rated-good rates."""
    get = event.get if isinstance(event, dict) else lambda name: getattr(event, name)
    return {
        "fill": rate(get("booked"), get("places")),
        "attendance": rate(get("attended"), get("booked")),
        "evaluation": rate(get("evaluations"), get("attended")),
        "good": rate(get("rated_good"), get("evaluations")),
    }


# (label, key in year_training's dict or in event_rates, whether it is a rate)
SUMMARY = [
    ("Events", "events", False),
    ("Held", "held", False),
    ("Cancelled", "cancelled", False),
    ("Places", "places", False),
    ("Booked", "booked", False),
    ("Attended", "attended", False),
    ("Attendance rate", "attendance", True),
    ("Places filled", "fill", True),
    ("Evaluations returned", "evaluations", False),
    ("Evaluation rate", "evaluation", True),
    ("Rated good or better", "rated_good", False),
    ("Share rated good or better", "good", True),
]


def _figures(training: dict) -> dict:
    return {**training, "held": training["events"] - training["cancelled"], **event_rates(training)}


def _change(this, last, is_rate: bool) -> str:
    if this is None or last is None:
        return ""
    difference = this - last
    if not difference:
        return "no change"
    sign = "+" if difference > 0 else "-"
    if is_rate:
        return f"{sign}{abs(difference):.1f}".removesuffix(".0") + " points"
    return f"{sign}{abs(difference):,}"


def year_summary(board, year: ReportingYear) -> dict:
    """The year's training totals and rates, each beside the year before's and the change."""
    this, last = _figures(year_training(board, year)), _figures(year_training(board, year.previous))
    rows = []
    for label, key, is_rate in SUMMARY:
        shown = (lambda value: percent(value)) if is_rate else (lambda value: f"{value:,}")
        rows.append(
            {
                "label": label,
                "this": shown(this[key]),
                "last": shown(last[key]),
                "change": _change(this[key], last[key], is_rate) if last["events"] else "",
            }
        )
    return {"year": year, "rows": rows, "this": this, "last": last}


def year_events(board, year: ReportingYear) -> QuerySet:
    return TrainingEvent.objects.of_board(board).in_year(year)


def agency_attendance(board, year: ReportingYear) -> QuerySet:
    """Every agency, with its lines at the board's events of the year not cancelled: places booked,
    attended, the rate, the events it booked, and those it booked and did not come to (the page
    shows those with a line, unless asked for every agency)."""
    held = Q(training_attendance__event__in=year_events(board, year).held().values("pk"))
    booked = Coalesce(Sum("training_attendance__booked", filter=held), 0)
    attended = Coalesce(Sum("training_attendance__attended", filter=held), 0)
    missed = held & Q(training_attendance__booked__gt=0) & Q(training_attendance__attended__isnull=True)
    missed |= held & Q(training_attendance__booked__gt=0) & Q(training_attendance__attended=0)
    return (
        Agency.objects.annotate(
            lines=Count("training_attendance", filter=held),
            booked=booked,
            attended=attended,
            no_show=Count("training_attendance", filter=missed),
        )
        .annotate(
            rate=Case(
                When(booked__gt=0, then=F("attended") * 100.0 / F("booked")),
                default=None,
                output_field=FloatField(),
            )
        )
        .order_by("name")
    )


def missed_lines(board, year: ReportingYear) -> QuerySet:
    """The lines of the year's events not cancelled where an agency booked and nobody came."""
    return (
        TrainingAttendance.objects.filter(event__in=year_events(board, year).held().values("pk"), booked__gt=0)
        .filter(Q(attended__isnull=True) | Q(attended=0))
        .select_related("agency", "event")
        .order_by("agency__name", "event__date", "event__title")
    )
