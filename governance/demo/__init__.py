"""The fictional boards of Northmoor: the children's partnership and the Safeguarding Adults Board,
two reporting years of groups, seats, meetings and registers each, with shared agencies and people
and two joint groups (training, owned by the children's partnership; communications, owned by the
adults' board), whose meetings count in both boards' figures.

Run through `manage.py demo_data`. Every record is looked up by its natural key and only
created when missing, so a second run changes nothing; every write goes through the
services (with no user) so that the history reads like a real year's.
"""

from __future__ import annotations

import random
from datetime import date
from io import TextIOBase
from typing import NamedTuple

from django.core.management.base import CommandError
from django.db.models import Count

from governance.models import (
    ATTENDED_STATUSES,
    Agency,
    Attendance,
    Board,
    Group,
    GroupKind,
    Meeting,
    MeetingPaper,
    MeetingStatus,
    Membership,
    Person,
)
from governance.papers import paper_add
from governance.services import meeting_cancel, meeting_record_register, meeting_save, membership_save, person_save
from lscb.records import record_save
from lscb.years import ReportingYear

from .boards import BOARDS, SPECS, find
from .groups import ADULT_GROUPS, ADULTS, CHILDREN, CURRENT, GROUPS, GroupSpec
from .meetings import (
    CANCELLATIONS,
    QUORUMS,
    chair_on,
    meeting_details,
    paper_links,
    planned_dates,
    register_entries,
    venue_note,
)
from .people import AGENCIES, PEOPLE, email_for
from .seats import ADULT_GUESTS, ADULT_SEATS, GUESTS, SEATS, Seat

# One seed for the whole demo; each meeting mixes in its own key, so one register's draws
# never depend on which other meetings already existed.
SEED = "northmoor-2016"


class BoardDemo(NamedTuple):
    """One board's part of the demo: its groups (parents first), seats and guests."""

    key: str
    groups: list[GroupSpec]
    seats: list[Seat]
    guests: dict[str, list[tuple[str, str]]]


DEMOS = [
    BoardDemo(CHILDREN, GROUPS, SEATS, GUESTS),
    BoardDemo(ADULTS, ADULT_GROUPS, ADULT_SEATS, ADULT_GUESTS),
]
# Group keys are the demo's own and unique across both boards.
ALL_GROUPS = [spec for demo in DEMOS for spec in demo.groups]
ALL_SEATS = [seat for demo in DEMOS for seat in demo.seats]
assert len({spec.key for spec in ALL_GROUPS}) == len(ALL_GROUPS)

# The demo people that the demo logins sign in as (see lscb's demo_logins command).
LOGIN_PEOPLE: dict[str, str] = {
    username: email_for(next(p for p in PEOPLE if p.key == key))
    for username, key in (
        ("manager", "marsden"),
        ("chair", "ellison"),
        ("sab-chair", "quinn"),
        ("subchair", "hudson"),
        ("member", "lambert"),
    )
}
# The group the demo sub-group chair chairs, and so may record.
SUBCHAIR_GROUP = next(g.name for g in GROUPS if g.key == "qeg")


def build(*, today: date, stdout: TextIOBase) -> None:
    """Create whatever is missing of the demo boards, as they stand on `today`."""
    current = ReportingYear.containing(today)
    before = _counts()
    agencies = _agencies()
    people = _people(agencies)
    boards = _boards()
    groups: dict[str, Group] = {}
    for demo in DEMOS:
        groups.update(_groups(demo, boards[demo.key], current))
    _joint(groups, boards)
    for demo in DEMOS:
        _memberships(demo, groups, people, current)
    for demo in DEMOS:
        _meetings(demo, groups, people, agencies, current, today)
    after = _counts()
    created = {name: after[name] - before[name] for name in after}
    stdout.write(
        f"governance: {after['agencies']} agencies and {after['people']} people shared by "
        f"{', '.join(board.label for board in boards.values())}."
    )
    for demo in DEMOS:
        stdout.write(_board_line(boards[demo.key], current))
    made = ", ".join(f"{count} {name}" for name, count in created.items() if count)
    stdout.write(f"governance: created {made or 'nothing (the demo boards were already complete)'}.")


def _board_line(board: Board, current: ReportingYear) -> str:
    groups = Group.objects.for_board(board)
    own = groups.filter(board=board).count()
    joint = groups.count() - own
    shared = groups.filter(board=board).exclude(joint_boards=None).count()
    meetings = Meeting.objects.filter(group__in=groups)
    seats = Membership.objects.filter(group__in=groups)
    rows = Attendance.objects.filter(meeting__group__in=groups)
    return (
        f"governance: {board.label} ({board.get_kind_display()}): {own} groups of its own "
        f"({shared} held jointly) and {joint} of another board joint with it, {seats.count()} memberships, "
        f"{meetings.count()} meetings ({_by_status(meetings, current.previous)}; {_by_status(meetings, current)}), "
        f"{rows.count()} attendance rows."
    )


def _counts() -> dict[str, int]:
    return {
        "boards": Board.objects.count(),
        "agencies": Agency.objects.count(),
        "groups": Group.objects.count(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance rows": Attendance.objects.count(),
    }


def _by_status(meetings, year: ReportingYear) -> str:
    rows = meetings.in_period(year.start, year.end).values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return f"{year}: " + ", ".join(f"{counts.get(status, 0)} {status}" for status in MeetingStatus.values)


def _agencies() -> dict[str, Agency]:
    found = {agency.name: agency for agency in Agency.objects.filter(name__in=[a.name for a in AGENCIES])}
    agencies = {}
    for spec in AGENCIES:
        agency = found.get(spec.name) or record_save(
            instance=Agency(
                name=spec.name, short_name=spec.short_name, sector=spec.sector, statutory_partner=spec.statutory
            ),
            by=None,
        )
        agencies[spec.key] = agency
    return agencies


def _people(agencies: dict[str, Agency]) -> dict[str, Person]:
    emails = {spec.key: email_for(spec) for spec in PEOPLE}
    found = {person.email: person for person in Person.objects.filter(email__in=emails.values())}
    people = {}
    for spec in PEOPLE:
        person = found.get(emails[spec.key])
        if person is None:
            agency = agencies[spec.agency] if spec.agency else None
            person = Person(name=spec.name, email=emails[spec.key], agency=agency, job_title=spec.job_title)
            person_save(person=person, by=None)
        people[spec.key] = person
    return people


def _boards() -> dict[str, Board]:
    """The two boards of the area, created when missing (an existing board keeps its name)."""
    boards = {}
    for spec in BOARDS:
        boards[spec.key] = find(spec.key) or record_save(
            instance=Board(name=spec.name, short_name=spec.short_name, slug=spec.slug, kind=spec.kind, area=spec.area),
            by=None,
        )
    return boards


def _groups(demo: BoardDemo, board: Board, current: ReportingYear) -> dict[str, Group]:
    found = {group.name: group for group in Group.objects.filter(board=board, name__in=[g.name for g in demo.groups])}
    groups: dict[str, Group] = {}
    for spec in demo.groups:
        active = (
            spec.active_from.on(current) if spec.active_from else None,
            spec.active_to.on(current) if spec.active_to else None,
        )
        group = found.get(spec.name)
        if group is None:
            group = Group(
                board=board,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent=groups[spec.parent] if spec.parent else None,
                joint_with=spec.joint_with,
                frequency=spec.frequency,
                planned_per_year=spec.planned,
                active_from=active[0],
                active_to=active[1],
                quorum=QUORUMS.get(spec.kind),
            )
            record_save(instance=group, by=None)
        elif (group.active_from, group.active_to) != active:
            # Seats and meetings hang off these dates: building on would mix two demos' years.
            raise CommandError(
                f"The demo board {SPECS[demo.key].short_name} in this database was built in another reporting "
                f"year than {current} (the {group} has other dates). Build it on a fresh database, or pass the "
                "--today it was built with."
            )
        groups[spec.key] = group
    return groups


def _joint(groups: dict[str, Group], boards: dict[str, Board]) -> None:
    """Hold the joint groups jointly with the other board (only what is missing is added)."""
    for spec in ALL_GROUPS:
        if not spec.joint_boards:
            continue
        group = groups[spec.key]
        have = set(group.joint_boards.values_list("pk", flat=True))
        missing = [boards[key] for key in spec.joint_boards if boards[key].pk not in have]
        if missing:
            group.joint_boards.add(*missing)


def _memberships(demo: BoardDemo, groups: dict[str, Group], people: dict[str, Person], current: ReportingYear) -> None:
    mine = [groups[spec.key] for spec in demo.groups]
    existing = set(Membership.objects.filter(group__in=mine).values_list("group_id", "person_id", "start"))
    for seat in demo.seats:
        group, person = groups[seat.group], people[seat.person]
        start = seat.start.on(current) if seat.start else None
        if (group.pk, person.pk, start) in existing:
            continue
        membership = Membership(
            group=group,
            person=person,
            agency=person.agency,
            role=seat.role,
            expected=seat.expected,
            start=start,
            end=seat.end.on(current) if seat.end else None,
        )
        membership_save(membership=membership, by=None)


def _meetings(
    demo: BoardDemo,
    groups: dict[str, Group],
    people: dict[str, Person],
    agencies: dict[str, Agency],
    current: ReportingYear,
    today: date,
) -> None:
    calendar = [
        (spec.key, which, day) for spec in demo.groups for which, day in planned_dates(spec, groups[spec.key], current)
    ]
    tops = {spec.key for spec in demo.groups if spec.kind == GroupKind.BOARD}
    unrecorded = _unrecorded(calendar, today, tops)
    mine = [groups[spec.key] for spec in demo.groups]
    existing = set(Meeting.objects.filter(group__in=mine).values_list("group_id", "date"))
    rates = {agencies[spec.key].pk: spec.attendance for spec in AGENCIES}
    for key, which, day in sorted(calendar, key=lambda row: (row[2], row[0])):
        group = groups[key]
        if (group.pk, day) in existing:
            continue
        details = meeting_details(group, day, group.board.slug)
        meeting = meeting_save(meeting=Meeting(group=group, date=day, note=venue_note(group, day), **details), by=None)
        if day >= today:
            continue  # still to come: planned
        cancellation = CANCELLATIONS.get((key, which, day.month))
        if cancellation:
            reason, note = cancellation
            meeting_cancel(meeting=meeting, reason=reason, note=note, by=None)
        elif (key, day) == unrecorded:
            meeting_record_register(meeting=meeting, entries=[], by=None)
        else:
            rng = random.Random(f"{SEED}:{group.name}:{day.isoformat()}")
            seats = list(
                Membership.objects.filter(group=group)
                .active_on(day)
                .select_related("person", "agency")
                .order_by("person__email", "start")
            )
            guests = [(people[person], note) for person, note in demo.guests.get(key, [])]
            entries = register_entries(seats=seats, guests=guests, rates=rates, rng=rng)
            meeting = meeting_record_register(meeting=meeting, entries=entries, by=None)
            _chair_and_papers(meeting, group, seats)


def _chair_and_papers(meeting: Meeting, group: Group, seats: list[Membership]) -> None:
    """Who chaired a held meeting, and links to the board's agenda and minutes."""
    came = set(meeting.attendances.filter(status__in=ATTENDED_STATUSES).values_list("person_id", flat=True))
    meeting.chair = chair_on([seat for seat in seats if seat.person_id in came])
    if meeting.chair is not None:
        meeting_save(meeting=meeting, by=None)
    for kind, title, link in paper_links(group, meeting.date, group.board.slug):
        paper_add(paper=MeetingPaper(meeting=meeting, kind=kind, title=title, link=link), by=None)


def _unrecorded(calendar: list[tuple[str, int, date]], today: date, tops: set[str]) -> tuple[str, date] | None:
    """The board's one held meeting whose register is still to come in: the latest one held this
    reporting year before `today` (never the board's own); none early in April."""
    held = [
        (day, key)
        for key, which, day in calendar
        if which == CURRENT and day < today and key not in tops and (key, which, day.month) not in CANCELLATIONS
    ]
    if not held:
        return None
    day, key = max(held)
    return key, day
