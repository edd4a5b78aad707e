"""Every write to training events and their attendance by agency: validated, atomic, attributed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governance.models import Agency
from lscb.concurrency import StaleEdit, locked_for_save
from lscb.records import record_delete, record_save

from .models import TrainingAttendance, TrainingEvent

RATED_GOOD_OVER = "More evaluations rated it good than were returned."
CANCELLED_ATTENDED = "A cancelled event had nobody attending: leave attended blank (or 0), or untick cancelled."
CANCELLED_EVALUATED = "A cancelled event returned no evaluations: leave them blank, or untick cancelled."
FUTURE_ATTENDED = "The event is still to come: record who attended, and their evaluations, once it has taken place."
EVALUATIONS_OVER = "More evaluations were returned ({evaluations}) than people attended ({attended})."


def event_problems(event: TrainingEvent) -> dict[str, str]:
    """Figures that cannot all be true of one event, by the field that says so."""
    problems: dict[str, str] = {}
    if event.rated_good is not None and event.evaluations is not None and event.rated_good > event.evaluations:
        problems["rated_good"] = RATED_GOOD_OVER
    if event.cancelled:
        if event.attended:
            problems["attended"] = CANCELLED_ATTENDED
        if event.evaluations:
            problems["evaluations"] = CANCELLED_EVALUATED
    else:
        if event.date and event.date > timezone.localdate():
            if event.attended:
                problems["attended"] = FUTURE_ATTENDED
            elif event.evaluations:
                problems["evaluations"] = FUTURE_ATTENDED
        if (
            "evaluations" not in problems
            and event.evaluations is not None
            and event.attended is not None
            and event.evaluations > event.attended
        ):
            problems["evaluations"] = EVALUATIONS_OVER.format(evaluations=event.evaluations, attended=event.attended)
    return problems


def event_warnings(event: TrainingEvent, lines: Iterable[TrainingAttendance] | None = None) -> list[str]:
    """What is possible but worth a second look: kept as entered, shown beside the event."""
    warnings = []
    if event.attended is not None and event.booked is not None and event.attended > event.booked:
        walk_ins = event.attended - event.booked
        warnings.append(
            f"More people attended ({event.attended}) than booked ({event.booked}): "
            f"{walk_ins} walk-in{'' if walk_ins == 1 else 's'}, or a booking not recorded."
        )
    if event.booked is not None and event.places is not None and event.booked > event.places:
        warnings.append(f"More places were booked ({event.booked}) than offered ({event.places}).")
    if lines is not None:
        lines = list(lines)
        for figure in ("booked", "attended"):
            total = getattr(event, figure)
            by_agency = sum(getattr(line, figure) or 0 for line in lines)
            if total is not None and by_agency > total:
                warnings.append(
                    f"The agencies' lines add up to {by_agency} {figure}, more than the event's {total}: "
                    "check the event's figures or the lines."
                )
    return warnings


def event_save(*, event: TrainingEvent, by, version: int | None = None) -> TrainingEvent:
    """Add or change a training event; `version` is the one the form was opened at."""
    event.title = (event.title or "").strip()
    event.topic = (event.topic or "").strip()
    problems = event_problems(event)
    if problems:
        raise ValidationError(problems)
    if event.pk and version is not None:
        with transaction.atomic():  # the row stays locked until it is saved
            event.version = locked_for_save(event, version, "this training event").version + 1
            return record_save(instance=event, by=by)
    if event.pk:
        event.version += 1
    return record_save(instance=event, by=by)


def event_delete(*, event: TrainingEvent, by) -> None:
    """Remove an event and its attendance by agency (each removal kept in the history)."""
    with transaction.atomic():
        for line in TrainingAttendance.objects.filter(event=event):
            record_delete(instance=line, by=by)
        record_delete(instance=event, by=by)


# --- attendance by agency ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    """One agency's bookings and attendance at an event, as entered."""

    agency: Agency
    booked: int | None = None
    attended: int | None = None


def attendance_fingerprint(lines: Iterable[TrainingAttendance]) -> str:
    """What an event's lines were when its form was opened: a save over another person's change
    to them is refused, as a stale edit of any record is."""
    rows = sorted((line.pk, line.agency_id, line.booked, line.attended) for line in lines)
    return hashlib.sha256(repr(rows).encode()).hexdigest()[:32]


def _refuse_attendance_line(event: TrainingEvent, line: TrainingAttendance) -> None:
    if event.cancelled and line.attended:
        raise ValidationError(
            {"attended": f"{event.title} was cancelled: nobody from {line.agency} attended it (leave attended blank)."}
        )
    if line.attended and event.date > timezone.localdate():
        raise ValidationError({"attended": FUTURE_ATTENDED})


def attendance_line_save(*, line: TrainingAttendance, by) -> TrainingAttendance:
    """Add or change one agency's line of an event (the workbook import's row)."""
    _refuse_attendance_line(line.event, line)
    return record_save(instance=line, by=by)


def event_attendance_save(
    *, event: TrainingEvent, lines: Iterable[AttendanceLine], by, seen: str | None = None
) -> list[TrainingAttendance]:
    """Replace an event's attendance by agency with `lines`, all or nothing: an agency's line is
    changed in place, added, or removed when it is no longer listed (or left with no figures);
    `seen` is the lines' fingerprint when the form was opened. One line per agency."""
    lines = [line for line in lines if line.booked is not None or line.attended is not None]
    agencies = [line.agency.pk for line in lines]
    if len(agencies) != len(set(agencies)):
        twice = sorted({line.agency.name for line in lines if agencies.count(line.agency.pk) > 1})
        raise ValidationError(f"One line per agency: {', '.join(twice)} is listed more than once.")
    with transaction.atomic():
        TrainingEvent.objects.select_for_update().filter(pk=event.pk).first()  # one save of its lines at a time
        stored = {line.agency_id: line for line in TrainingAttendance.objects.filter(event=event)}
        if seen is not None and attendance_fingerprint(stored.values()) != seen:
            raise StaleEdit(
                "Someone else saved this event's attendance by agency while you were editing it. Theirs is on the "
                "event's page; yours is kept in the form: check it and save again."
            )
        saved = []
        for entered in lines:
            line = stored.pop(entered.agency.pk, None) or TrainingAttendance(event=event, agency=entered.agency)
            line.event = event
            unchanged = line.pk is not None and (line.booked, line.attended) == (entered.booked, entered.attended)
            line.booked, line.attended = entered.booked, entered.attended
            if not unchanged:
                _refuse_attendance_line(event, line)
                record_save(instance=line, by=by)
            saved.append(line)
        for gone in stored.values():
            record_delete(instance=gone, by=by)
    return saved
