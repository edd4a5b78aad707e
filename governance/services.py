"""Every write to the governance records: validated, atomic, and attributed to a user."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from lscb import freshness
from lscb.concurrency import lock_current, locked_for_save
from lscb.records import record_delete, record_save
from lscb.signals import personal_data_removed
from lscb.text import one_line
from lscb.years import ReportingYear

from .models import (
    ATTENDED_STATUSES,
    RESERVED_SLUGS,
    Attendance,
    AttendanceStatus,
    Board,
    BoardKind,
    CancelReason,
    Frequency,
    Group,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
)


def board_default() -> Board:
    """The instance's first board; in a database with none yet, the one board named by the settings
    (LSCB_BOARD_NAME, and LSCB_BOARD_KIND: children unless "adults")."""
    board = Board.objects.order_by("pk").first()
    if board is None:
        name = one_line(settings.LSCB_BOARD_NAME) or "Safeguarding Children Board"
        kind = BoardKind.ADULTS if settings.LSCB_BOARD_KIND == BoardKind.ADULTS else BoardKind.CHILDREN
        board = Board(name=name, slug=board_slug(name), kind=kind)
        board.full_clean()
        board.save()
    return board


def board_slug(name: str) -> str:
    """A board's address from its name: "Northmoor SAB" gives northmoor-sab (never one of the app's own)."""
    slug = slugify(name)[:50].strip("-") or "board"
    return f"{slug}-board" if slug in RESERVED_SLUGS else slug


def refuse_group_of_other_board(group_id: int | None, board_id: int | None, field: str) -> None:
    """A group named on a board's record (an action's lead, a review's overseer) is one of the
    board's own groups or one joint with it."""
    if group_id is None or board_id is None:
        return
    if not Group.objects.for_board(board_id).filter(pk=group_id).exists():
        raise ValidationError(
            {field: "This group belongs to another board: choose one of this board's groups, or a group joint with it."}
        )


def person_save(*, person: Person, by) -> Person:
    # An empty email is no email: NULL keeps the unique constraint to real addresses.
    person.email = (person.email or "").strip().lower() or None
    return record_save(instance=person, by=by)


PARENT_OTHER_BOARD = "A group reports to a group of its own board: choose a group of {board}."


@transaction.atomic
def group_save(*, group: Group, by, board: Board | None = None, joint_boards=None) -> Group:
    """Validate and save a group: a new one belongs to `board` (the board whose pages it was added
    on); its parent must be a group of the same board. `joint_boards`, when given, are the other
    boards of the instance it is joint with (its own board is left out)."""
    if group.board_id is None:
        if board is None:
            raise ValidationError("Say which board the group belongs to.")
        group.board = board
    if group.parent_id is not None and group.parent.board_id != group.board_id:
        raise ValidationError({"parent": PARENT_OTHER_BOARD.format(board=group.board.name)})
    record_save(instance=group, by=by)
    if joint_boards is not None:
        group.joint_boards.set([other for other in joint_boards if other.pk != group.board_id])
    return group


def retention_cutoff(today: date, years: int) -> date:
    """The day `years` years before `today` (29 February becomes the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def person_anonymise(*, person: Person, by, reason: str) -> Person:
    """Replace a person's name, email and job title, in the record and in every earlier version
    of it in the history; their seats, attendance and everything they wrote stay, unnamed."""
    name = f"Former member {person.pk}"
    person.name, person.email, person.job_title = name, None, ""
    person._change_reason = reason
    record_save(instance=person, by=by)
    # The history keeps every earlier version of the record: without this the old name stays there.
    Person.history.filter(id=person.pk).update(name=name, email=None, job_title="")
    personal_data_removed.send(sender=Person)
    return person


@transaction.atomic
def people_anonymise_after_retention(*, today: date, years: int, by=None) -> list[Person]:
    """Anonymise everyone whose every seat ended more than `years` years before `today`, and clear
    the deputies' names from registers of meetings before then: all or none."""
    cutoff = retention_cutoff(today, years)
    reason = f"Retention: every seat ended before {cutoff:%d/%m/%Y} ({years} years)"
    done = [person_anonymise(person=p, by=by, reason=reason) for p in Person.objects.due_for_anonymising(cutoff)]
    deputies_forget_before(cutoff)
    return done


def deputies_forget_before(cutoff: date) -> int:
    """Clear the name of every deputy on registers of meetings before `cutoff`, in the history too:
    the row keeps its status (a deputy was sent), so the figures stay. Returns how many rows."""
    old = Attendance.objects.filter(meeting__date__lt=cutoff).exclude(deputy_name="")
    meetings = set(old.values_list("meeting_id", flat=True))
    cleared = old.update(deputy_name="")
    # A register opened before this ran must not write the names back: its save is now stale.
    Meeting.objects.filter(pk__in=meetings).update(version=F("version") + 1)
    # The history by the meetings' own history: a deleted meeting's rows are there too.
    dated = Meeting.history.filter(date__lt=cutoff).values("id")
    in_history = Attendance.history.filter(meeting_id__in=dated).exclude(deputy_name="").update(deputy_name="")
    if cleared or in_history:
        freshness.mark_changed("Deputies' names cleared from old registers")
        personal_data_removed.send(sender=Attendance)
    return cleared


def membership_save(*, membership: Membership, by) -> Membership:
    """Save a seat; the agency represented defaults to the person's agency."""
    if membership.agency_id is None and membership.person_id is not None:
        membership.agency_id = membership.person.agency_id
    return record_save(instance=membership, by=by)


def _locked_meeting(meeting: Meeting, version: int | None) -> Meeting:
    return lock_current(
        Meeting.objects,
        meeting.pk,
        version,
        "Someone else saved this meeting while you were editing it. Their version is shown below; "
        "your entries are kept in the form: check them and save again.",
    )


def meeting_save(*, meeting: Meeting, by, version: int | None = None) -> Meeting:
    """Create or reschedule a meeting (date, note); status changes go through record or cancel.
    `version`: the one the edit form was opened at; a save after someone else's is refused."""
    if meeting.pk and version is not None:
        with transaction.atomic():  # the row stays locked until it is saved
            meeting.version = locked_for_save(meeting, version, "this meeting").version + 1
            return record_save(instance=meeting, by=by)
    if meeting.pk:
        meeting.version += 1
    return record_save(instance=meeting, by=by)


def meeting_delete(*, meeting: Meeting, by) -> None:
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError("A held meeting cannot be deleted: it is part of the attendance record.")
    record_delete(instance=meeting, by=by)


@dataclass
class RegisterEntry:
    """One row of the register form: blank status means "no record" for this person.

    `on_behalf_of`: the member this person was present for (a representative in another
    member's place); it counts for that member and their agency as a deputy sent would."""

    person: Person
    status: str
    deputy_name: str = ""
    note: str = ""
    on_behalf_of: Person | None = None
    # "Deputy sent" with the deputy's name not known, said on purpose.
    deputy_name_unknown: bool = False


def register_not_yet(meeting: Meeting, today: date | None = None) -> str:
    """Why the meeting's register cannot be recorded now, in a sentence; "" when it can.

    The one rule for recording: the page offers "Record attendance" only when this is empty, and
    the save refuses with the same sentence."""
    if meeting.status == MeetingStatus.CANCELLED:
        return "This meeting was cancelled: reinstate it as planned before recording its register."
    today = today or timezone.localdate()
    if meeting.date > today:
        return f"You can record attendance from {meeting.date:%d/%m/%Y}, the day of the meeting."
    return ""


@transaction.atomic
def meeting_record_register(
    *, meeting: Meeting, entries: list[RegisterEntry], by, version: int | None = None
) -> Meeting:
    """Mark the meeting held and replace its register with `entries`, all or nothing.

    A row may name the member its person was present for (`on_behalf_of`): only with present or
    part, never themselves, and only a member of the group that day who did not attend in person."""
    meeting = _locked_meeting(meeting, version)
    refusal = register_not_yet(meeting)
    if refusal:
        raise ValidationError(refusal)
    members = set(
        Membership.objects.filter(group_id=meeting.group_id).active_on(meeting.date).values_list("person_id", flat=True)
    )
    for entry in entries:
        if entry.person.pk is None:
            person_save(person=entry.person, by=by)  # a guest new to the board
    errors = []
    seen = set()
    for entry in entries:
        if entry.person.pk in seen:
            errors.append(f"{entry.person} is listed twice.")
        seen.add(entry.person.pk)
        if entry.status and entry.status not in AttendanceStatus.values:
            errors.append(f"{entry.person}: unknown status {entry.status!r}.")
        if entry.status and entry.status != AttendanceStatus.IN_ATTENDANCE and entry.person.pk not in members:
            errors.append(
                f"{entry.person} is not a member of {meeting.group} on {meeting.date:%d/%m/%Y}: "
                "record them as in attendance, or add their membership first."
            )
        errors.extend(_deputy_errors(entry))
        errors.extend(_representation_errors(entry, entries, members, meeting))
    if errors:
        raise ValidationError(errors)

    existing = {row.person_id: row for row in meeting.attendances.all()}
    wanted = {entry.person.pk: entry for entry in entries if entry.status}
    for person_id, row in existing.items():
        if person_id not in wanted:
            row._history_user = by
            row.delete()
    for person_id, entry in wanted.items():
        row = existing.get(person_id) or Attendance(meeting=meeting, person=entry.person)
        values = (
            entry.status,
            entry.deputy_name.strip(),
            entry.deputy_name_unknown,
            entry.note.strip(),
            entry.on_behalf_of.pk if entry.on_behalf_of else None,
        )
        saved = (row.status, row.deputy_name, row.deputy_name_unknown, row.note, row.on_behalf_of_id)
        if row.pk is None or saved != values:
            row.status, row.deputy_name, row.deputy_name_unknown, row.note, row.on_behalf_of_id = values
            record_save(instance=row, by=by)
    meeting.status = MeetingStatus.HELD
    meeting.cancel_reason = ""
    meeting.version += 1
    return record_save(instance=meeting, by=by)


def _deputy_errors(entry: RegisterEntry) -> list[str]:
    """A deputy sent is named, or their name is said to be not known: never blank by accident."""
    named = bool(entry.deputy_name.strip())
    if entry.status != AttendanceStatus.DEPUTY:
        if named or entry.deputy_name_unknown:
            return [f"{entry.person}: a deputy's name goes with the status 'Deputy sent'."]
        return []
    if named and entry.deputy_name_unknown:
        return [f"{entry.person}: give the deputy's name or say it is not known, not both."]
    if not named and not entry.deputy_name_unknown:
        return [f"{entry.person}: give the deputy's name, or say it is not known."]
    return []


def _representation_errors(
    entry: RegisterEntry, entries: list[RegisterEntry], members: set[int], meeting: Meeting
) -> list[str]:
    """What is wrong with a row's "present for another member", if anything."""
    represented = entry.on_behalf_of
    if represented is None:
        return []
    if entry.status not in (AttendanceStatus.PRESENT, AttendanceStatus.PART):
        return [f"{entry.person}: only someone present (or present for part) can be there for another member."]
    if represented.pk == entry.person.pk:
        return [f"{entry.person} cannot be present on their own behalf: choose another member, or no one."]
    if represented.pk not in members:
        return [
            f"{entry.person} is recorded as present for {represented}, who is not a member of {meeting.group} on {meeting.date:%d/%m/%Y}."
        ]
    own = next((other.status for other in entries if other.person.pk == represented.pk), "")
    if own in ATTENDED_STATUSES:
        return [f"{entry.person} is recorded as present for {represented}, who attended themselves: choose one."]
    if own == AttendanceStatus.NOT_EXPECTED:
        return [
            f"{entry.person} is recorded as present for {represented}, who was not expected at this meeting: choose one."
        ]
    return []


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, note: str = "", by, version: int | None = None) -> Meeting:
    """Cancel a meeting with a reason; any register it had is removed (kept in history)."""
    meeting = _locked_meeting(meeting, version)
    if reason not in CancelReason.values:
        raise ValidationError({"cancel_reason": "Choose why the meeting was cancelled."})
    for row in meeting.attendances.all():
        row._history_user = by
        row.delete()
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    if note.strip():
        meeting.note = note.strip()
    meeting.version += 1
    return record_save(instance=meeting, by=by)


@transaction.atomic
def meeting_reinstate(*, meeting: Meeting, by) -> Meeting:
    """Put a cancelled meeting back to planned."""
    meeting = _locked_meeting(meeting, None)
    if meeting.status != MeetingStatus.CANCELLED:
        raise ValidationError("Only a cancelled meeting can be reinstated.")
    meeting.status = MeetingStatus.PLANNED
    meeting.cancel_reason = ""
    meeting.version += 1
    return record_save(instance=meeting, by=by)


# Months of the reporting year (April first) in which each frequency meets.
_SCHEDULE_MONTHS = {
    Frequency.MONTHLY: [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3],
    Frequency.BIMONTHLY: [4, 6, 8, 10, 12, 2],
    Frequency.QUARTERLY: [6, 9, 12, 3],
    Frequency.BIANNUAL: [9, 3],
}
_YEAR_MONTHS = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]


def schedule_months(group: Group) -> list[int]:
    """The months a group meets in, from its frequency or else its planned meetings per year."""
    if group.frequency in _SCHEDULE_MONTHS:
        return _SCHEDULE_MONTHS[group.frequency]
    if group.planned_per_year:
        count = min(group.planned_per_year, 12)
        return [_YEAR_MONTHS[(i * 12) // count] for i in range(count)]
    raise ValidationError(f"{group} has no frequency or planned meetings per year: set one first.")


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    """The `week`-th (1-4, or 5 for the last) `weekday` (0 = Monday) of a month."""
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month and d.weekday() == weekday]
    return days[-1] if week >= 5 else days[week - 1]


@transaction.atomic
def meetings_schedule_year(*, group: Group, year: ReportingYear, weekday: int, week: int, by) -> list[Meeting]:
    """Create the planned meetings of a year from the group's frequency, skipping months
    that already have a meeting and days outside the group's active period."""
    months = schedule_months(group)
    taken = {(d.year, d.month) for d in group.meetings.in_period(year.start, year.end).values_list("date", flat=True)}
    created = []
    for month in months:
        calendar_year = year.first if month >= 4 else year.first + 1
        if (calendar_year, month) in taken:
            continue
        day = nth_weekday(calendar_year, month, weekday, week)
        if (group.active_from and day < group.active_from) or (group.active_to and day > group.active_to):
            continue
        created.append(meeting_save(meeting=Meeting(group=group, date=day), by=by))
    return created
