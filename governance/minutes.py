"""A held meeting's register read as minutes are written: present, apologies, absent, also in
attendance, each with a count, and whether the meeting was quorate (docs/COUNTING.md, Quorum).

Everything is worked out from three reads made whatever the size of the register: its rows, the
group's seats that day, and nothing more (the papers are read by the view)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .models import ATTENDED_STATUSES, AttendanceStatus, Meeting, Membership, StatusMark
from .statistics import _read_register, _Seat

ORDERS = {"surname": "Surname", "agency": "Agency"}


def _plain(text: str) -> str:
    """`text` without accents, case folded: Ó'Brien sorts with O'Brien, Zoë with Zoe."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def surname_key(name: str) -> tuple[str, str]:
    """The last word of a name, then the whole name: "Alice van Dijk" sorts under Dijk."""
    words = name.split()
    return (_plain(words[-1]) if words else "", _plain(name))


@dataclass
class Line:
    """One person in the minutes: their name, their agency and what else the minutes say of them."""

    name: str
    agency: str
    detail: str = ""
    note: str = ""
    person_id: int | None = None
    sort_name: str = ""
    # Shown as a symbol beside words where the heading alone does not say it (part of the meeting).
    mark: StatusMark | None = None

    def key(self, order: str) -> tuple:
        by_name = surname_key(self.sort_name or self.name)
        return (_plain(self.agency) or "\uffff", *by_name) if order == "agency" else by_name


@dataclass
class Section:
    slug: str
    heading: str
    lines: list[Line] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.lines)


@dataclass
class Quorum:
    """How many members were there (one per seat) against the group's quorum, if it has one."""

    members_present: int
    quorum: int | None

    @property
    def quorate(self) -> bool | None:
        return None if self.quorum is None else self.members_present >= self.quorum

    @property
    def summary(self) -> str:
        members = f"{self.members_present} member{'' if self.members_present == 1 else 's'} present"
        if self.quorum is None:
            return f"{members}; the group has no quorum set."
        word = "Quorate" if self.quorate else "Not quorate"
        return f"{word}: {members}, and its quorum is {self.quorum}."


@dataclass
class Minutes:
    sections: list[Section]
    quorum: Quorum
    order: str

    @property
    def total(self) -> int:
        return sum(section.count for section in self.sections)


def meeting_minutes(meeting: Meeting, rows: list, order: str = "surname") -> Minutes:
    """`rows`: the meeting's attendance rows with their person, the person's agency and
    on_behalf_of already read."""
    order = order if order in ORDERS else "surname"
    present = Section("present", "Present")
    apologies = Section("apologies", "Apologies")
    absent = Section("absent", "Absent")
    also = Section("also", "Also in attendance")
    not_expected = Section("not-expected", "Not expected at this meeting")
    represented: dict[int, list[str]] = {}
    for row in rows:
        if row.on_behalf_of_id:
            represented.setdefault(row.on_behalf_of_id, []).append(row.person.name)
    for row in rows:
        person = row.person
        agency = person.agency.label if person.agency_id else ""
        line = Line(name=person.name, agency=agency, note=row.note, person_id=person.pk)
        if row.status == AttendanceStatus.PART:
            line.mark = row.mark
        if row.person_id in represented:
            line.detail = f"represented by {', '.join(represented[row.person_id])}"
        if row.on_behalf_of_id:
            line.detail = f"present for {row.on_behalf_of.name}"
            also.lines.append(line)
        elif row.status == AttendanceStatus.IN_ATTENDANCE:
            line.detail = "guest"
            also.lines.append(line)
        elif row.status == AttendanceStatus.DEPUTY:
            # A deputy's name, or none: "Deputy sent, name not known" chosen on the register, or an older row.
            deputy = row.deputy_name.strip()
            known = bool(deputy)
            present.lines.append(
                Line(
                    name=deputy if known else "Deputy (name not known)",
                    agency=agency,
                    detail=f"deputy for {person.name}",
                    note=row.note,
                    person_id=None,
                    sort_name=deputy if known else person.name,
                )
            )
        elif row.status in (AttendanceStatus.PRESENT, AttendanceStatus.PART):
            present.lines.append(line)
        elif row.status == AttendanceStatus.APOLOGIES:
            apologies.lines.append(line)
        elif row.status == AttendanceStatus.ABSENT:
            absent.lines.append(line)
        elif row.status == AttendanceStatus.NOT_EXPECTED:
            not_expected.lines.append(line)
    sections = [present, apologies, absent, also]
    if not_expected.lines:
        sections.append(not_expected)
    for section in sections:
        section.lines.sort(key=lambda line: line.key(order))
    return Minutes(sections=sections, quorum=quorum_of(meeting, rows), order=order)


def quorum_of(meeting: Meeting, rows: list) -> Quorum:
    """Members there that day, one per seat, counted as the attendance rates count them
    (docs/COUNTING.md, Quorum): one read of the group's seats."""
    seats = [
        _Seat(person_id, agency_id or person_agency_id, expected == "all", start, end)
        for person_id, agency_id, person_agency_id, expected, start, end in Membership.objects.filter(
            group_id=meeting.group_id
        )
        .active_on(meeting.date)
        .order_by()
        .values_list("person_id", "agency_id", "person__agency_id", "expected", "start", "end")
    ]
    statuses = {row.person_id: row.status for row in rows}
    stand_ins: dict[int, str] = {}
    for row in rows:
        # Two people present for one member: whoever stayed throughout decides.
        taken = stand_ins.get(row.on_behalf_of_id) == AttendanceStatus.PRESENT
        if row.on_behalf_of_id and row.status in ATTENDED_STATUSES and not taken:
            stand_ins[row.on_behalf_of_id] = row.status
    register = _read_register(meeting.date, seats, statuses, stand_ins)
    return Quorum(members_present=len(register.attended_people), quorum=meeting.group.quorum)
