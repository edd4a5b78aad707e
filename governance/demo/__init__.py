"""The fictional Northmoor board: two reporting years of groups, seats, meetings and registers.

Run through `manage.py demo_data`. Every record is looked up by its natural key and only
created when missing, so a second run changes nothing; every write goes through the
services (with no user) so that the history reads like a real year's.
"""

from __future__ import annotations

import random
from datetime import date
from io import TextIOBase

from django.core.management.base import CommandError
from django.db.models import Count

from governance.models import Agency, Attendance, Group, Meeting, MeetingStatus, Membership, Person
from governance.services import (
    meeting_cancel,
    meeting_record_register,
    meeting_save,
    membership_save,
    person_save,
    record_save,
)
from lscb.years import ReportingYear

from .groups import CURRENT, GROUPS
from .meetings import CANCELLATIONS, planned_dates, register_entries, venue_note
from .people import AGENCIES, PEOPLE, email_for
from .seats import GUESTS, SEATS

# One seed for the whole demo; each meeting mixes in its own key, so one register's draws
# never depend on which other meetings already existed.
SEED = "northmoor-2016"

# The demo people that the demo logins sign in as (see lscb's demo_logins command).
LOGIN_PEOPLE: dict[str, str] = {
    username: email_for(next(p for p in PEOPLE if p.key == key))
    for username, key in (("manager", "marsden"), ("chair", "ellison"), ("subchair", "hudson"), ("member", "lambert"))
}
# The group the demo sub-group chair chairs, and so may record.
SUBCHAIR_GROUP = next(g.name for g in GROUPS if g.key == "qeg")


def build(*, today: date, stdout: TextIOBase) -> None:
    """Create whatever is missing of the demo board, as it stands on `today`."""
    current = ReportingYear.containing(today)
    before = _counts()
    agencies = _agencies()
    people = _people(agencies)
    groups = _groups(current)
    _memberships(groups, people, current)
    _meetings(groups, people, agencies, current, today)
    after = _counts()
    created = {name: after[name] - before[name] for name in after}
    stdout.write(
        f"governance: {after['agencies']} agencies, {after['groups']} groups, {after['people']} people, "
        f"{after['memberships']} memberships, {after['meetings']} meetings "
        f"({_by_status(current.previous)}; {_by_status(current)}), {after['attendance rows']} attendance rows."
    )
    made = ", ".join(f"{count} {name}" for name, count in created.items() if count)
    stdout.write(f"governance: created {made or 'nothing (the demo board was already complete)'}.")


def _counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "groups": Group.objects.count(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "attendance rows": Attendance.objects.count(),
    }


def _by_status(year: ReportingYear) -> str:
    rows = Meeting.objects.in_period(year.start, year.end).values("status").annotate(n=Count("id"))
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


def _groups(current: ReportingYear) -> dict[str, Group]:
    found = {group.name: group for group in Group.objects.filter(name__in=[g.name for g in GROUPS])}
    groups = {}
    for spec in GROUPS:
        active = (
            spec.active_from.on(current) if spec.active_from else None,
            spec.active_to.on(current) if spec.active_to else None,
        )
        group = found.get(spec.name)
        if group is None:
            group = Group(
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent=groups[spec.parent] if spec.parent else None,
                joint_with=spec.joint_with,
                frequency=spec.frequency,
                planned_per_year=spec.planned,
                active_from=active[0],
                active_to=active[1],
            )
            record_save(instance=group, by=None)
        elif (group.active_from, group.active_to) != active:
            # Seats and meetings hang off these dates: building on would mix two demos' years.
            raise CommandError(
                f"The demo board in this database was built in another reporting year than {current} "
                f"(the {group} has other dates). Build it on a fresh database, or pass the --today it was built with."
            )
        groups[spec.key] = group
    return groups


def _memberships(groups: dict[str, Group], people: dict[str, Person], current: ReportingYear) -> None:
    existing = set(Membership.objects.filter(group__in=groups.values()).values_list("group_id", "person_id", "start"))
    for seat in SEATS:
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
    groups: dict[str, Group],
    people: dict[str, Person],
    agencies: dict[str, Agency],
    current: ReportingYear,
    today: date,
) -> None:
    calendar = [
        (spec.key, which, day) for spec in GROUPS for which, day in planned_dates(spec, groups[spec.key], current)
    ]
    unrecorded = _unrecorded(calendar, today)
    existing = set(Meeting.objects.filter(group__in=groups.values()).values_list("group_id", "date"))
    rates = {agencies[spec.key].pk: spec.attendance for spec in AGENCIES}
    for key, which, day in sorted(calendar, key=lambda row: (row[2], row[0])):
        group = groups[key]
        if (group.pk, day) in existing:
            continue
        meeting = meeting_save(meeting=Meeting(group=group, date=day, note=venue_note(group, day)), by=None)
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
            guests = [(people[person], note) for person, note in GUESTS.get(key, [])]
            entries = register_entries(seats=seats, guests=guests, rates=rates, rng=rng)
            meeting_record_register(meeting=meeting, entries=entries, by=None)


def _unrecorded(calendar: list[tuple[str, int, date]], today: date) -> tuple[str, date] | None:
    """The one held meeting whose register is still to come in: the latest one held this
    reporting year before `today` (never the board's own); none early in April."""
    held = [
        (day, key)
        for key, which, day in calendar
        if which == CURRENT and day < today and key != "board" and (key, which, day.month) not in CANCELLATIONS
    ]
    if not held:
        return None
    day, key = max(held)
    return key, day
