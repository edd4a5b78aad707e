"""The demo boards' calendar: which meetings were cancelled and why, and who came to the rest."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, time

from governance.models import AttendanceStatus, CancelReason, Expected, Group, Membership, Person, Role, Sector
from governance.services import RegisterEntry, nth_weekday, schedule_months
from lscb.years import ReportingYear

from .groups import CURRENT, PREVIOUS, GroupSpec
from .people import DEPUTY_NAMES

# Meetings that did not go ahead: (group, reporting year, month) -> (reason, note).
# Every reason appears in both years, so either year's report shows each kind.
_NO_CASES = "No cases for consideration this month."
CANCELLATIONS: dict[tuple[str, int, int], tuple[str, str]] = {
    ("scr", PREVIOUS, 5): (CancelReason.NOT_REQUIRED, _NO_CASES),
    ("scr", PREVIOUS, 8): (CancelReason.NOT_REQUIRED, _NO_CASES),
    ("scr", PREVIOUS, 12): (CancelReason.NOT_REQUIRED, _NO_CASES),
    ("scr", PREVIOUS, 3): (CancelReason.NOT_REQUIRED, _NO_CASES),
    ("comms", PREVIOUS, 12): (CancelReason.NOT_REQUIRED, "No business this quarter; updates circulated by email."),
    ("qeg", PREVIOUS, 12): (CancelReason.STAFF_ABSENCE, "Chair and vice-chair both on leave."),
    ("esafety", PREVIOUS, 9): (CancelReason.INQUORATE, "Not quorate: items carried to December."),
    ("twd", PREVIOUS, 8): (CancelReason.OTHER, "Venue unavailable; items dealt with by email."),
    ("scr", CURRENT, 5): (CancelReason.NOT_REQUIRED, _NO_CASES),
    ("scr", CURRENT, 8): (CancelReason.NOT_REQUIRED, _NO_CASES),
    ("scr", CURRENT, 10): (CancelReason.NOT_REQUIRED, _NO_CASES),
    ("policies", CURRENT, 6): (CancelReason.STAFF_ABSENCE, "Chair on sick leave."),
    ("cse", CURRENT, 8): (CancelReason.INQUORATE, "Not quorate over the summer holidays."),
    ("disability", CURRENT, 10): (CancelReason.OTHER, "Replaced by a joint workshop with the parent carer forum."),
    # The adults' board.
    ("sar", PREVIOUS, 10): (CancelReason.NOT_REQUIRED, "No referrals for a Safeguarding Adults Review to consider."),
    ("qp", PREVIOUS, 12): (CancelReason.STAFF_ABSENCE, "Chair and vice-chair both on leave."),
    ("sar", CURRENT, 6): (CancelReason.OTHER, "Replaced by the learning event on the review of Adult D."),
    ("jcomms", CURRENT, 9): (CancelReason.INQUORATE, "Not quorate: the campaign plan was agreed by email."),
}

# Joint groups alternate venues between the two boards.
_VENUES = ("Hosted by Northmoor at Northmoor Town Hall.", "Hosted by Westdale at Westdale Civic Centre.")

_APOLOGY_NOTES = ("", "", "", "Annual leave", "Clash with another meeting", "Court commitment", "Training")
_CAPACITY = "Capacity: unable to attend local boards."
_ITEM_CHANCE = 0.35  # a member expected "for items" has an item on roughly a third of agendas
_DEPUTY_CHANCE = 0.12
_GUEST_CHANCE = 0.2


def planned_dates(spec: GroupSpec, group: Group, current: ReportingYear) -> Iterable[tuple[int, date]]:
    """(which year, date) of each meeting of the group in the previous and current years."""
    months = spec.months or schedule_months(group)
    for which, year in ((PREVIOUS, current.previous), (CURRENT, current)):
        for month in months:
            day = nth_weekday(year.first if month >= 4 else year.first + 1, month, spec.weekday, spec.week)
            if (group.active_from and day < group.active_from) or (group.active_to and day > group.active_to):
                continue
            yield which, day


def venue_note(group: Group, day: date) -> str:
    return _VENUES[day.month % 2] if group.joint_with else ""


def register_entries(
    *,
    seats: list[Membership],
    guests: list[tuple[object, str]],
    rates: dict[int | None, float],
    rng: random.Random,
) -> list[RegisterEntry]:
    """A plausible register: members by their agency's habits, and now and then a guest."""
    entries = []
    members = set()
    for seat in seats:
        if seat.person_id in members:
            continue
        members.add(seat.person_id)
        if seat.expected == Expected.FOR_ITEMS:
            if rng.random() < _ITEM_CHANCE:
                entries.append(RegisterEntry(seat.person, AttendanceStatus.PRESENT))
            continue
        rate = rates.get(seat.agency_id, 0.8)
        if seat.role in (Role.CHAIR, Role.OFFICER):
            rate = max(rate, 0.95)
        entries.append(_member_entry(seat, rate, rng))
    for person, note in guests:
        if person.pk not in members and rng.random() < _GUEST_CHANCE:
            entries.append(RegisterEntry(person, AttendanceStatus.IN_ATTENDANCE, note=note))
    return entries


def _member_entry(seat: Membership, rate: float, rng: random.Random) -> RegisterEntry:
    if rng.random() < rate:
        can_send_deputy = seat.role == Role.MEMBER and seat.agency and seat.agency.sector != Sector.LAY
        if can_send_deputy and rng.random() < _DEPUTY_CHANCE:
            return RegisterEntry(seat.person, AttendanceStatus.DEPUTY, deputy_name=rng.choice(DEPUTY_NAMES))
        return RegisterEntry(seat.person, AttendanceStatus.PRESENT)
    if rate == 0:
        # The agency that never comes: apologies as a rule, sometimes not even that.
        if rng.random() < 0.75:
            return RegisterEntry(seat.person, AttendanceStatus.APOLOGIES, note=_CAPACITY)
        return RegisterEntry(seat.person, AttendanceStatus.ABSENT)
    if rng.random() < 0.8:
        return RegisterEntry(seat.person, AttendanceStatus.APOLOGIES, note=rng.choice(_APOLOGY_NOTES))
    return RegisterEntry(seat.person, AttendanceStatus.ABSENT)


# --- a meeting's details: time, place, link, chair, papers, and each group's quorum ----------------

# The number of members who must be there, by the kind of group (the board's own terms of reference).
QUORUMS = {"board": 6, "committee": 4, "subgroup": 3, "panel": 3, "task_and_finish": 2}

# The board meets in person; its sub-groups meet in person or online, alternating by month.
_BOARD_VENUE = "Council Chamber, Northmoor Town Hall, Market Street, Northmoor"
_ROOMS = ("Committee Room 2, Northmoor Town Hall", "Meeting Room 1, Northmoor Police Headquarters")


def meeting_details(group: Group, day: date, board_slug: str) -> dict:
    """The start time, the venue and/or the online link of a demo meeting."""
    link = (
        f"https://meet.example.org/{board_slug}/{(group.short_name or 'group').lower().replace(' ', '-')}-{day:%Y%m%d}"
    )
    if group.kind == "board":
        return {"start_time": time(10, 0), "venue": _BOARD_VENUE, "online_link": ""}
    if group.joint_with:
        return {"start_time": time(13, 30), "venue": _VENUES[day.month % 2].removeprefix("Hosted by ").rstrip(".")}
    if day.month % 2:
        return {"start_time": time(14, 0), "venue": "", "online_link": link}
    return {"start_time": time(9, 30), "venue": _ROOMS[day.month % 4 // 2], "online_link": link}


def chair_on(seats: list[Membership]) -> Person | None:
    """Who chaired the meeting: the chair if they came, else the vice-chair (an empty register: the chair)."""
    for role in (Role.CHAIR, Role.VICE_CHAIR):
        for seat in seats:
            if seat.role == role:
                return seat.person
    return None


def paper_links(group: Group, day: date, board_slug: str) -> list[tuple[str, str, str]]:
    """(kind, title, link) of the papers of a held demo meeting: the board's agenda and minutes."""
    if group.kind != "board":
        return []
    base = f"https://papers.example.org/{board_slug}/{day:%Y-%m-%d}"
    return [
        ("agenda", f"Agenda, {day:%d/%m/%Y}", f"{base}/agenda.pdf"),
        ("minutes", f"Minutes of the meeting of {day:%d/%m/%Y}", f"{base}/minutes.pdf"),
    ]
