"""The demo boards' training, over the demo's two reporting years: the joint training group runs
the programme for both boards, and each board keeps its own events (the children's partnership a
dozen a year, the Safeguarding Adults Board eleven): courses, workshops, a conference, e-learning
and briefings, one cancelled each year, evaluations returned, and the places booked and taken up
by each agency on most of them, with some agencies booking and sending nobody.

Run through `manage.py demo_data` after the governance demo (whose agencies it names). Every
record goes through training.services (with no user: the demo's own hand). An event is created
only when missing (by board, title and date); an event still to come when the demo was first
built gets its attendance once its day has come. A second run creates nothing. Figures are drawn
from a seeded generator, so every build gives the same ones.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from io import TextIOBase
from typing import NamedTuple

from django.utils import timezone

from governance.demo.boards import demo_boards
from governance.demo.groups import ADULTS, CHILDREN
from governance.demo.people import AGENCIES
from governance.models import Agency, Board
from lscb.years import ReportingYear

from .models import EventKind, TrainingAttendance, TrainingEvent
from .services import AttendanceLine, event_attendance_save, event_save

THIS, LAST = 0, -1
YEARS = (LAST, THIS)


class EventSpec(NamedTuple):
    title: str
    month: int
    day: int
    kind: str
    topic: str
    places: int
    booked: int
    cancelled_in: tuple[int, ...] = ()  # the years (THIS, LAST) it was cancelled in
    walk_ins: int = 0  # came without booking: not in any agency's line
    evaluated: float = 0.75  # the share of those attending who returned an evaluation
    good: float = 0.85  # the share of evaluations rating it good or better


C, W, CONF, E, B = (
    EventKind.COURSE,
    EventKind.WORKSHOP,
    EventKind.CONFERENCE,
    EventKind.E_LEARNING,
    EventKind.BRIEFING,
)

CHILDREN_EVENTS = (
    EventSpec("Working Together: multi-agency safeguarding (level 3)", 4, 24, C, "Multi-agency working", 30, 28),
    EventSpec("Neglect and the graded care profile", 5, 15, C, "Neglect", 25, 24, good=0.92),
    EventSpec("Child sexual exploitation: spotting the signs", 6, 12, W, "Exploitation", 30, 29, walk_ins=3),
    EventSpec("Annual safeguarding conference", 7, 9, CONF, "Learning from reviews", 120, 104, evaluated=0.55),
    EventSpec("Domestic abuse and the MARAC", 9, 18, C, "Domestic abuse", 25, 22, cancelled_in=(THIS,)),
    EventSpec("Safeguarding children: an introduction", 10, 1, E, "Basic awareness", 500, 310, evaluated=0.4),
    EventSpec("Learning from Child H", 10, 21, B, "Learning from reviews", 40, 36, good=0.95),
    EventSpec("Early help and the team around the family", 11, 13, C, "Early help", 20, 12, cancelled_in=(LAST,)),
    EventSpec("Harmful sexual behaviour", 12, 4, W, "Harmful sexual behaviour", 20, 19),
    EventSpec("Contextual safeguarding", 1, 22, W, "Exploitation", 25, 21, good=0.78),
    EventSpec("Thresholds and the front door", 2, 12, B, "Thresholds", 60, 48),
    EventSpec("Safer recruitment", 3, 5, C, "Safer recruitment", 16, 14),
)

ADULTS_EVENTS = (
    EventSpec("Safeguarding adults: level 3 for practitioners", 4, 29, C, "Multi-agency working", 25, 23),
    EventSpec("The Mental Capacity Act in practice", 5, 20, C, "Mental capacity", 30, 29, good=0.9),
    EventSpec("Self-neglect and hoarding", 6, 17, W, "Self-neglect", 20, 18, cancelled_in=(THIS,)),
    EventSpec("Making Safeguarding Personal", 7, 15, W, "Making Safeguarding Personal", 25, 20),
    EventSpec("Adults safeguarding conference", 9, 24, CONF, "Learning from reviews", 100, 86, evaluated=0.6),
    EventSpec("Safeguarding adults: awareness", 10, 1, E, "Basic awareness", 400, 240, evaluated=0.35),
    EventSpec("Domestic abuse and older people", 10, 28, C, "Domestic abuse", 20, 16, cancelled_in=(LAST,)),
    EventSpec("Learning from Adult D", 11, 18, B, "Learning from reviews", 50, 41, walk_ins=2),
    EventSpec("Modern slavery and exploitation", 1, 27, W, "Exploitation", 20, 17, good=0.8),
    EventSpec("Fire safety and self-neglect", 2, 10, B, "Self-neglect", 30, 22),
    EventSpec("Section 42 enquiries: good practice", 3, 10, C, "Section 42 enquiries", 20, 18),
)

# The agencies whose staff book each board's training (AgencySpec keys).
CHILDREN_AGENCIES = ("cs", "police", "ccg", "chs", "dvh", "schools", "vcs", "yos", "cafcass", "ph", "nps", "crc")
ADULTS_AGENCIES = ("asc", "police", "ccg", "mht", "chs", "dvh", "fire", "housing", "healthwatch", "vcs", "nps", "crc")


class BoardTraining(NamedTuple):
    events: tuple[EventSpec, ...]
    agencies: tuple[str, ...]


DEMOS = {
    CHILDREN: BoardTraining(CHILDREN_EVENTS, CHILDREN_AGENCIES),
    ADULTS: BoardTraining(ADULTS_EVENTS, ADULTS_AGENCIES),
}


def build(*, today: date, stdout: TextIOBase) -> None:
    """Create whatever is missing of the demo boards' training, as at `today`."""
    boards = demo_boards()
    context = _Context(today)
    for key, demo in DEMOS.items():
        if key in boards:
            _build_board(key, boards[key], demo, context, stdout)


class _Context:
    def __init__(self, today: date) -> None:
        self.current = ReportingYear.containing(today)
        # Attendance is recorded once an event has taken place, whatever day the demo is built for.
        self.latest = min(today, timezone.localdate())
        names = {spec.key: spec.name for spec in AGENCIES}
        found = {agency.name: agency for agency in Agency.objects.filter(name__in=names.values())}
        self.agencies = {key: found[name] for key, name in names.items() if name in found}
        self.reliability = {spec.key: spec.attendance for spec in AGENCIES}

    def day(self, year: int, spec: EventSpec) -> date:
        first = self.current.first + year
        return date(first if spec.month >= 4 else first + 1, spec.month, spec.day)


class _Plan(NamedTuple):
    """An event's figures as drawn: the lines by agency, and the event's totals."""

    lines: list[AttendanceLine]
    booked: int
    attended: int
    evaluations: int
    rated_good: int


def _build_board(key: str, board: Board, demo: BoardTraining, context: _Context, stdout: TextIOBase) -> None:
    made = Counter()
    for year in YEARS:
        for spec in demo.events:
            _event(key, board, spec, year, demo, context, made)
    events = TrainingEvent.objects.of_board(board)
    lines = TrainingAttendance.objects.filter(event__board=board)
    stdout.write(
        f"training: {board.label}: {events.count()} events ({events.filter(cancelled=True).count()} cancelled), "
        f"{lines.count()} attendance lines by agency."
    )
    completed = made.pop("completed", 0)
    summary = ", ".join(f"{count} {noun}" for noun, count in made.items() if count)
    if completed:
        summary = f"{summary or 'nothing'}; recorded the attendance of {completed} event(s) held since the last build"
    stdout.write(f"training: {board.label}: created {summary or 'nothing (training was already complete)'}.")


def _event(
    key: str, board: Board, spec: EventSpec, year: int, demo: BoardTraining, context: _Context, made: Counter
) -> None:
    day = context.day(year, spec)
    held = day <= context.latest
    cancelled = year in spec.cancelled_in and held
    plan = _plan(key, spec, day, demo, context, cancelled)
    event = TrainingEvent.objects.filter(board=board, title=spec.title, date=day).first()
    if event is None:
        event = TrainingEvent(
            board=board,
            title=spec.title,
            date=day,
            kind=spec.kind,
            topic=spec.topic,
            places=spec.places,
            booked=plan.booked,
        )
        made["events"] += 1
    elif event.attended is not None or event.cancelled or not held:
        return  # complete as it is (or still to come)
    else:
        made["completed"] += 1  # it was still to come when the demo was built before
    event.cancelled = cancelled
    if held and not cancelled:
        event.attended, event.evaluations, event.rated_good = plan.attended, plan.evaluations, plan.rated_good
    event_save(event=event, by=None)
    if plan.lines:
        if held and not cancelled:
            lines = plan.lines
        else:  # booked so far; nobody has attended
            lines = [AttendanceLine(line.agency, line.booked) for line in plan.lines]
        created = not TrainingAttendance.objects.filter(event=event).exists()
        event_attendance_save(event=event, lines=lines, by=None)
        made["attendance lines"] += len(lines) if created else 0


def _plan(key: str, spec: EventSpec, day: date, demo: BoardTraining, context: _Context, cancelled: bool) -> _Plan:
    """The event's lines by agency and its totals, drawn from a generator seeded by the event."""
    rng = random.Random(f"northmoor-{key}-{spec.title}-{day.isoformat()}")
    booked = spec.booked
    if spec.kind == EventKind.E_LEARNING:
        agencies = []  # e-learning is booked by the learner, not by agency
    else:
        known = [agency for agency in demo.agencies if agency in context.agencies]
        count = min(len(known), 10 if spec.kind == EventKind.CONFERENCE else rng.randint(4, 7))
        agencies = rng.sample(known, count)
    lines = []
    if agencies:
        weights = [rng.random() + 0.3 for _ in agencies]
        shares = [max(1, int(booked * weight / sum(weights))) for weight in weights]
        shares[0] = max(1, shares[0] + booked - sum(shares))  # every place booked by someone
        for agency, share in zip(agencies, shares, strict=True):
            reliability = context.reliability.get(agency, 0.8)
            if rng.random() < (0.3 if reliability < 0.6 else 0.04):
                came = 0  # booked, and nobody came
            else:
                came = sum(rng.random() < min(0.97, reliability + 0.1) for _ in range(share))
            lines.append(AttendanceLine(context.agencies[agency], share, came))
        lines.sort(key=lambda line: line.agency.name)
        booked = sum(line.booked for line in lines)
        attended = sum(line.attended for line in lines) + spec.walk_ins
    else:
        attended = round(booked * rng.uniform(0.78, 0.92)) + spec.walk_ins
    evaluations = round(attended * spec.evaluated)
    return _Plan(lines, booked, attended, evaluations, round(evaluations * spec.good))
