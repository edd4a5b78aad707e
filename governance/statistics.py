"""The year's meeting and attendance figures, counted as DOMAIN.md "How the summary's figures are counted" says.

Six queries (this year's meetings and last year's, the groups' seats as plain values, the
agencies and people the figures name, the registers) and then counting in Python: the cost
follows what the two years hold, never the whole history, and there is no query per meeting,
agency or person. Of last year only the agencies' rates are counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from django.conf import settings
from django.db.models import QuerySet

from lscb.years import ReportingYear

from .models import (
    ATTENDED_STATUSES,
    Agency,
    Attendance,
    AttendanceStatus,
    CancelReason,
    Expected,
    Group,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
)
from .ordering import board_order
from .querysets import overlapping


class Cell(Enum):
    """What the attendance grid shows for one agency at one held meeting."""

    ATTENDED = ("attended", "✓", "Attended")
    # Counts as attended in every rate; shown apart so that the grid says what the register says.
    PART = ("part", "½", "Part: present for part of the meeting")
    APOLOGIES = ("apologies", "A", "Apologies")
    ABSENT = ("absent", "✗", "Absent")
    NOT_EXPECTED = ("not-expected", "\N{EN DASH}", "Not expected")
    ATTENDED_NOT_EXPECTED = ("attended-not-expected", "(✓)", "Attended when not expected")
    NOT_RECORDED = ("not-recorded", "?", "Not recorded")

    def __init__(self, code: str, symbol: str, label: str) -> None:
        self.code = code
        self.symbol = symbol
        self.label = label

    @property
    def css_class(self) -> str:
        return f"att-{self.code}"


@dataclass(frozen=True)
class AgencyFigures:
    """One agency's attendance at one group's meetings in the year."""

    agency: Agency
    expected: int
    # At its expected meetings; for an agency never expected, every meeting it attended.
    attended: int
    attended_not_expected: int
    cells: tuple[Cell, ...]
    previous_rate: float | None
    below_threshold: bool

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    @property
    def only_when_not_expected(self) -> bool:
        """Came only when not expected: listed as such, never given a rate."""
        return self.expected == 0 and self.attended_not_expected > 0


@dataclass(frozen=True)
class PersonFigures:
    """One person's attendance at one group's meetings in the year, over their own expected meetings."""

    person: Person
    agency: Agency | None
    expected: int
    attended: int
    attended_not_expected: int

    @property
    def rate(self) -> float | None:
        return self.attended / self.expected if self.expected else None

    @property
    def only_when_not_expected(self) -> bool:
        return self.expected == 0 and self.attended_not_expected > 0


@dataclass(frozen=True)
class GroupFigures:
    """A group's year: meetings planned, held and cancelled, and who attended the held ones."""

    group: Group
    planned: int
    held: int
    cancelled: dict[str, int]
    # Held meetings in date order: the columns of the grid, registered or not.
    meetings: list[Meeting]
    not_recorded: list[Meeting]
    agencies: list[AgencyFigures]
    people: list[PersonFigures]

    @property
    def cancellations(self) -> list[tuple[str, int]]:
        """(reason as people read it, count), in the order of the reasons."""
        labels = dict(CancelReason.choices)
        return [(labels.get(reason, reason), count) for reason, count in self.cancelled.items()]

    @property
    def cancelled_total(self) -> int:
        return sum(self.cancelled.values())

    @property
    def not_yet_held(self) -> int:
        """Meetings of the year still "planned": to come, or past and not yet recorded as held or cancelled."""
        return self.planned - self.held - self.cancelled_total


@dataclass(frozen=True)
class YearFigures:
    """Every group that has a meeting dated in the year, in the board's own order."""

    year: ReportingYear
    threshold: float
    groups: list[GroupFigures]


def year_figures(
    year: ReportingYear, groups: Iterable[Group] | None = None, *, board=None, threshold: float | None = None
) -> YearFigures:
    """The year's figures for every group with a meeting dated in it (or only `groups`, or only the
    groups of `board`, its joint groups with other boards included), with last year's rates."""
    if board is not None and groups is None:
        groups = Group.objects.for_board(board)
    if threshold is None:
        threshold = settings.LSCB_ATTENDANCE_THRESHOLD
    data = _YearData.load(year, groups)
    figures = []
    for group in data.groups:
        figures.append(_group_figures(group, year, data, threshold, previous_rates=_agency_rates(group, data)))
    return YearFigures(year=year, threshold=threshold, groups=figures)


# --- loading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Seat:
    """A membership reduced to what the counting needs."""

    person_id: int
    agency_id: int | None
    every_meeting: bool
    start: date | None
    end: date | None

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, year: ReportingYear) -> bool:
        return (self.start is None or self.start <= year.end) and (self.end is None or self.end >= year.start)


@dataclass
class _YearData:
    """The rows of a year and the year before, fetched in bulk."""

    groups: list[Group]
    meetings: dict[int, list[Meeting]]
    # Last year's held meetings as (id, date): only its agencies' rates are counted.
    past_held: dict[int, list[tuple[int, date]]]
    seats: dict[int, list[_Seat]]
    registers: dict[int, dict[int, str]]
    # By meeting, the members another member was present for: {represented person: their status}.
    stand_ins: dict[int, dict[int, str]]
    agencies: dict[int, Agency]
    people: dict[int, Person]

    @classmethod
    def load(cls, year: ReportingYear, groups: Iterable[Group] | None) -> _YearData:
        first, last = year.previous.start, year.end
        meetings = (
            Meeting.objects.filter(date__gte=year.start, date__lte=last).select_related("group").order_by("date", "pk")
        )
        if groups is not None:
            # A queryset stays a subquery; anything else is read once.
            meetings = meetings.filter(group__in=groups if isinstance(groups, QuerySet) else list(groups))
        by_group: dict[int, list[Meeting]] = defaultdict(list)
        included: dict[int, Group] = {}
        for meeting in meetings:
            by_group[meeting.group_id].append(meeting)
            included[meeting.group_id] = meeting.group
        data = cls(
            # The board's own order (numbered groups, then the tree), as the report and its lists run.
            groups=board_order(included.values()),
            meetings={pk: by_group[pk] for pk in included},
            past_held=defaultdict(list),
            seats=defaultdict(list),
            registers=defaultdict(dict),
            stand_ins=defaultdict(dict),
            agencies={},
            people={},
        )
        if not included:
            return data
        # The seats as plain values (two years of a large board's seats as model instances cost
        # more than everything else here); then only the agencies and people the figures name.
        seats = (
            Membership.objects.filter(group_id__in=list(included))
            .filter(overlapping(first, last))
            .order_by()
            .values_list("group_id", "person_id", "agency_id", "person__agency_id", "expected", "start", "end")
        )
        agency_ids, people_ids = set(), set()
        for group_id, person_id, agency_id, person_agency_id, expected, start, end in seats:
            # Services default the agency to the person's; older rows may still be blank.
            seat = _Seat(person_id, agency_id or person_agency_id, expected == Expected.ALL, start, end)
            data.seats[group_id].append(seat)
            if seat.agency_id is not None:
                agency_ids.add(seat.agency_id)
            if seat.overlaps(year):
                people_ids.add(person_id)
        data.agencies = Agency.objects.in_bulk(agency_ids)
        data.people = Person.objects.in_bulk(people_ids)
        # By the held meetings' ids, already read: the registers are found through the index on
        # their meeting, where a join on the dates has the planner scan every register on record.
        past = (
            Meeting.objects.filter(
                group_id__in=list(included), date__gte=first, date__lt=year.start, status=MeetingStatus.HELD
            )
            .order_by("date", "pk")
            .values_list("group_id", "pk", "date")
        )
        for group_id, pk, day in past:
            data.past_held[group_id].append((pk, day))
        held = [m.pk for pk in included for m in by_group[pk] if m.status == MeetingStatus.HELD]
        held += [pk for meetings in data.past_held.values() for pk, _day in meetings]
        rows = (
            Attendance.objects.filter(meeting_id__in=held)
            .order_by()
            .values_list("meeting_id", "person_id", "status", "on_behalf_of_id")
        )
        for meeting_id, person_id, status, on_behalf_of_id in rows:
            data.registers[meeting_id][person_id] = status
            if on_behalf_of_id is not None and status in ATTENDED_STATUSES:
                # Two people present for one member: whoever stayed throughout decides.
                stood_in = data.stand_ins[meeting_id]
                if stood_in.get(on_behalf_of_id) != AttendanceStatus.PRESENT:
                    stood_in[on_behalf_of_id] = status
        return data


# --- counting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Register:
    """Who was expected and who came at one recorded held meeting, by agency and by person."""

    expected_agencies: frozenset[int]
    attended_agencies: frozenset[int]
    # Attended, but only for part of the meeting (no one of theirs was there for all of it).
    part_agencies: frozenset[int]
    apologising_agencies: frozenset[int]
    expected_people: frozenset[int]
    attended_people: frozenset[int]

    def cell(self, agency_id: int) -> Cell:
        if agency_id in self.expected_agencies:
            if agency_id in self.attended_agencies:
                return Cell.PART if agency_id in self.part_agencies else Cell.ATTENDED
            return Cell.APOLOGIES if agency_id in self.apologising_agencies else Cell.ABSENT
        return Cell.ATTENDED_NOT_EXPECTED if agency_id in self.attended_agencies else Cell.NOT_EXPECTED


# There for the whole meeting: in person, by a deputy, or through a representative present throughout.
_WHOLE_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.DEPUTY)


def _read_register(day: date, seats: list[_Seat], rows: dict[int, str], stand_ins: dict[int, str]) -> _Register:
    """Apply the counting rules to one meeting: only people with a seat that day count, for its agency.

    - Present, part (present for part of the meeting) and a deputy sent are attendance.
    - A member marked "not expected at this meeting" on the register is not expected there; their
      agency is expected only when another of its representatives, with a seat for every meeting,
      was expected that day.
    - A member represented by another member present for them (`on_behalf_of`, in `stand_ins`:
      the represented person's id and the representative's status) counts as attended, for
      themselves and for their seat's agency, as a deputy sent in their place does: the agency was
      there through one of its representatives or someone in their place (DOMAIN.md).
    """
    expected_agencies, attended_agencies, whole_agencies, apologising_agencies = set(), set(), set(), set()
    expected_people, attended_people = set(), set()
    for seat in seats:
        if not seat.covers(day):
            continue
        status = rows.get(seat.person_id)
        stood_in = stand_ins.get(seat.person_id)
        attended = status in ATTENDED_STATUSES or stood_in is not None
        whole = status in _WHOLE_STATUSES or stood_in in _WHOLE_STATUSES
        expected = seat.every_meeting and status != AttendanceStatus.NOT_EXPECTED
        if expected:
            expected_people.add(seat.person_id)
        if attended:
            attended_people.add(seat.person_id)
        if seat.agency_id is None:
            continue
        if expected:
            expected_agencies.add(seat.agency_id)
        if attended:
            attended_agencies.add(seat.agency_id)
            if whole:
                whole_agencies.add(seat.agency_id)
        elif status == AttendanceStatus.APOLOGIES:
            apologising_agencies.add(seat.agency_id)
    return _Register(
        frozenset(expected_agencies),
        frozenset(attended_agencies),
        frozenset(attended_agencies - whole_agencies),
        frozenset(apologising_agencies),
        frozenset(expected_people),
        frozenset(attended_people),
    )


def _tally(pairs: Iterable[tuple[frozenset[int], frozenset[int]]]) -> tuple[Counter, Counter, Counter]:
    """From (expected, came) per meeting: expected, attended when expected, attended when not, per id."""
    expected_count, attended_count, unexpected_count = Counter(), Counter(), Counter()
    for wanted, came in pairs:
        expected_count.update(wanted)
        attended_count.update(wanted & came)
        unexpected_count.update(came - wanted)
    return expected_count, attended_count, unexpected_count


def _seats_during(group: Group, days: list[date], data: _YearData) -> list[_Seat]:
    """The group's seats that overlap the span of `days`: the loaded seats cover two years."""
    first, last = (days[0], days[-1]) if days else (date.max, date.min)
    return [
        s for s in data.seats[group.pk] if (s.start is None or s.start <= last) and (s.end is None or s.end >= first)
    ]


def _registers(group: Group, held: list[Meeting], data: _YearData) -> dict[int, _Register]:
    seats = _seats_during(group, [m.date for m in held], data)
    # A held meeting with no rows at all has no register yet: missing data, never absence.
    return {
        meeting.pk: _read_register(meeting.date, seats, data.registers[meeting.pk], data.stand_ins[meeting.pk])
        for meeting in held
        if data.registers.get(meeting.pk)
    }


def _agency_rates(group: Group, data: _YearData) -> dict[int, float | None]:
    """Each agency's rate last year, and nothing else: the column beside this year's rates."""
    held = data.past_held[group.pk]
    seats = _seats_during(group, [day for _pk, day in held], data)
    expected, attended, _unexpected = _tally(
        (register.expected_agencies, register.attended_agencies)
        for register in (
            _read_register(day, seats, data.registers[pk], data.stand_ins[pk])
            for pk, day in held
            if data.registers.get(pk)
        )
    )
    return {agency_id: attended[agency_id] / n for agency_id, n in expected.items()}


def _group_figures(
    group: Group, year: ReportingYear, data: _YearData, threshold: float, previous_rates: dict[int, float | None]
) -> GroupFigures:
    """One group's figures for `year`, from the rows already loaded."""
    meetings = [meeting for meeting in data.meetings[group.pk] if meeting.date in year]
    held = [meeting for meeting in meetings if meeting.status == MeetingStatus.HELD]
    reasons = Counter(meeting.cancel_reason for meeting in meetings if meeting.status == MeetingStatus.CANCELLED)
    order = {reason: index for index, reason in enumerate(CancelReason.values)}
    cancelled = {reason: reasons[reason] for reason in sorted(reasons, key=lambda r: (order.get(r, len(order)), r))}
    seats = data.seats[group.pk]
    registers = _registers(group, held, data)

    expected, attended, unexpected = _tally((r.expected_agencies, r.attended_agencies) for r in registers.values())
    agencies = []
    for agency_id in sorted(set(expected) | set(unexpected), key=lambda pk: (data.agencies[pk].name, pk)):
        row_attended = attended[agency_id] if expected[agency_id] else unexpected[agency_id]
        rate = row_attended / expected[agency_id] if expected[agency_id] else None
        agencies.append(
            AgencyFigures(
                agency=data.agencies[agency_id],
                expected=expected[agency_id],
                attended=row_attended,
                attended_not_expected=unexpected[agency_id],
                cells=tuple(
                    registers[meeting.pk].cell(agency_id) if meeting.pk in registers else Cell.NOT_RECORDED
                    for meeting in held
                ),
                previous_rate=previous_rates.get(agency_id),
                below_threshold=rate is not None and rate < threshold,
            )
        )

    expected, attended, unexpected = _tally((r.expected_people, r.attended_people) for r in registers.values())
    # A person's agency is the one of their latest seat in the year (they may have moved).
    latest_agency: dict[int, int | None] = {}
    for seat in sorted((s for s in seats if s.overlaps(year)), key=lambda s: s.start or date.min):
        latest_agency[seat.person_id] = seat.agency_id
    people = []
    for person_id in sorted(set(expected) | set(unexpected), key=lambda pk: (data.people[pk].name, pk)):
        agency_id = latest_agency.get(person_id)
        people.append(
            PersonFigures(
                person=data.people[person_id],
                agency=data.agencies.get(agency_id) if agency_id else None,
                expected=expected[person_id],
                attended=attended[person_id] if expected[person_id] else unexpected[person_id],
                attended_not_expected=unexpected[person_id],
            )
        )

    return GroupFigures(
        group=group,
        planned=len(meetings),
        held=len(held),
        cancelled=cancelled,
        meetings=held,
        not_recorded=[meeting for meeting in held if meeting.pk not in registers],
        agencies=agencies,
        people=people,
    )


def worst_first(rate: float | None, expected: int, name: str) -> tuple:
    """The sort key that lists the lowest rate first: of two equal rates, the one over more
    meetings (0 of 4 before 0 of 1); rows with no rate (came only when not expected) last."""
    return (rate is None, rate or 0, -expected, name.casefold())
