"""Every write to the challenge log: each step is validated, atomic, and on the timeline."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from businessplan.models import Priority
from governance.models import Group, Meeting, Person
from lscb.concurrency import lock_current
from lscb.records import record_save
from lscb.text import refuse_control_characters
from lscb.years import ReportingYear, YearFormatError

from .models import Challenge, Event, OutcomeKind, Status

_REF = re.compile(r"^CH-(\d{4})-(\d+)$")


def board_meetings(board):
    """The meetings a challenge of `board` may be raised at: those of its own groups and of the
    groups joint with it."""
    return Meeting.objects.filter(group__in=Group.objects.for_board(board))


def challenge_next_ref(raised_on: date, board=None) -> str:
    """The next reference of the reporting year the challenge was raised in, in its board's log:
    CH-2025-07 (each board numbers its own; without a board, past every board's)."""
    year = ReportingYear.containing(raised_on)
    refs = Challenge.objects.filter(ref__startswith=f"CH-{year.first}-")
    if board is not None:
        refs = refs.filter(board=board)
    numbers = [int(match[2]) for ref in refs.values_list("ref", flat=True) if (match := _REF.match(ref))]
    return f"CH-{year.first}-{max(numbers, default=0) + 1:02d}"


def refuse_records_of_other_board(challenge: Challenge, *, check_ref: bool = False) -> None:
    """A challenge's meeting (its group's, own or joint) and plan priority are its board's, and
    its reference is its board's own (another board may use the same)."""
    if not challenge.board_id:
        return
    errors = {}
    if check_ref and challenge.ref:
        taken = Challenge.objects.filter(board_id=challenge.board_id, ref=challenge.ref).exclude(pk=challenge.pk)
        if taken.exists():
            errors["ref"] = f"Another challenge of this board has the reference {challenge.ref}: give this one its own."
    if challenge.meeting_id:
        groups = Group.objects.for_board(challenge.board_id)
        if not Meeting.objects.filter(pk=challenge.meeting_id, group__in=groups).exists():
            errors["meeting"] = (
                "The meeting is of another board's group: choose a meeting of this board or of a group joint with it."
            )
    if (
        challenge.priority_id
        and not Priority.objects.filter(pk=challenge.priority_id, plan__board_id=challenge.board_id).exists()
    ):
        errors["priority"] = "The priority is of another board's plan: choose a priority of this board's plan."
    if errors:
        raise ValidationError(errors)


def _locked(challenge: Challenge, version: int | None) -> Challenge:
    return lock_current(
        Challenge.objects,
        challenge.pk,
        version,
        "Someone else changed this challenge while you were writing. Their change is on the timeline below; "
        "your text is kept: check it and save again.",
    )


def _step(challenge: Challenge, *, kind: str, text: str, before: str, by) -> Challenge:
    """Save the challenge and put the step on its timeline, with who and when."""
    challenge.version += 1
    record_save(instance=challenge, by=by)
    Event.objects.create(
        challenge=challenge, kind=kind, text=text.strip(), status_before=before, status_after=challenge.status, by=by
    )
    return challenge


def challenge_place_raised(
    challenge: Challenge, *, undated: bool | None = None, year: ReportingYear | str | None = None
) -> Challenge:
    """Set when the challenge was raised: its day (challenge.raised_on), or, when the day is not
    known, its reporting year (stored as 1 April of that year, marked undated). One or the other.
    undated=None with no year keeps what the challenge says (an undated one stays at its year's start)."""
    year_text = str(year or "").strip()
    if undated is None and not year_text and challenge.raised_undated and challenge.raised_on:
        challenge.raised_on = ReportingYear.containing(challenge.raised_on).start
        return challenge
    undated = undated or bool(year_text and not challenge.raised_on)
    if not undated:
        if year_text:
            raise ValidationError(
                {"raised_year": "Give the date raised or, when it is not known, the reporting year: not both."}
            )
        if not challenge.raised_on:
            raise ValidationError(
                {
                    "raised_on": 'Write the date raised or, when it is not known, tick "Date not known" and choose the reporting year.'
                }
            )
        challenge.raised_undated = False
        return challenge
    if challenge.raised_on:
        raise ValidationError(
            {"raised_on": 'The date is marked as not known: clear the date, or untick "Date not known".'}
        )
    if not year_text:
        raise ValidationError({"raised_year": "Choose the reporting year the challenge was raised in."})
    if not isinstance(year, ReportingYear):
        try:
            year = ReportingYear.parse(year_text)
        except YearFormatError as error:
            raise ValidationError({"raised_year": str(error)}) from error
    if year > ReportingYear.current():
        raise ValidationError({"raised_year": f"{year} has not begun: a challenge cannot be raised in a future year."})
    challenge.raised_on, challenge.raised_undated = year.start, True
    return challenge


@transaction.atomic
def challenge_log(
    *, challenge: Challenge, by, undated: bool | None = None, year: ReportingYear | str | None = None
) -> Challenge:
    """Log a new challenge: its reference is the next of its reporting year unless given. With
    `undated` (or a `year` and no day), it is placed at the start of that reporting year."""
    challenge_place_raised(challenge, undated=undated, year=year)
    refuse_records_of_other_board(challenge, check_ref=True)
    if challenge.raised_on and challenge.raised_on > timezone.localdate():
        raise ValidationError({"raised_on": "A challenge cannot be raised in the future."})
    if not challenge.ref and challenge.raised_on:
        # The lock makes two challenges logged at the same moment get different numbers.
        locked = Challenge.objects.select_for_update().filter(board_id=challenge.board_id, ref__startswith="CH-")
        list(locked.values_list("pk", flat=True)[:1])
        challenge.ref = challenge_next_ref(challenge.raised_on, challenge.board_id)
    challenge.status = challenge.status or Status.OPEN
    if challenge.response_due and challenge.raised_on and challenge.response_due < challenge.raised_on:
        raise ValidationError({"response_due": "The response cannot be due before the challenge was raised."})
    record_save(instance=challenge, by=by)
    Event.objects.create(
        challenge=challenge, kind=Event.Kind.LOGGED, text=challenge.detail, status_after=challenge.status, by=by
    )
    return challenge


@transaction.atomic
def challenge_edit(
    *,
    challenge: Challenge,
    by,
    version: int | None = None,
    undated: bool | None = None,
    year: ReportingYear | str | None = None,
) -> Challenge:
    """Correct what was logged (subject, detail, dates, links); status moves by the steps below."""
    challenge_place_raised(challenge, undated=undated, year=year)
    refuse_records_of_other_board(challenge)
    current = _locked(challenge, version)
    challenge.version = current.version
    challenge.status = current.status
    return _step(challenge, kind=Event.Kind.EDITED, text="", before=current.status, by=by)


@transaction.atomic
def challenge_mark_sent(
    *,
    challenge: Challenge,
    by,
    version: int | None = None,
    note: str = "",
    sent_on: date | None = None,
    sent_to_person: Person | None = None,
    sent_to: str = "",
) -> Challenge:
    """Mark an open challenge as sent: when (today unless given) and to whom (a person, or as
    written), both kept on the challenge and said on its timeline."""
    refuse_control_characters(note=note, sent_to=sent_to)
    current = _locked(challenge, version)
    if current.status != Status.OPEN:
        raise ValidationError("Only an open challenge can be marked as sent.")
    sent_on = sent_on or timezone.localdate()
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "A challenge cannot be sent in the future."})
    if sent_on < current.raised_on:
        raise ValidationError({"sent_on": "A challenge cannot be sent before it was raised."})
    sent_to = (sent_to or "").strip()
    if sent_to_person is not None and sent_to and sent_to != sent_to_person.name:
        raise ValidationError({"sent_to": "Choose a person or write to whom it was sent: not both."})
    before, current.status = current.status, Status.AWAITING_RESPONSE
    current.sent_on, current.sent_to_person = sent_on, sent_to_person
    current.sent_to = sent_to_person.name if sent_to_person is not None else sent_to
    said = f"Sent on {sent_on:%d/%m/%Y}" + (f" to {current.sent_to}." if current.sent_to else ".")
    return _step(current, kind=Event.Kind.SENT, text=f"{said} {note.strip()}", before=before, by=by)


@transaction.atomic
def challenge_record_response(
    *, challenge: Challenge, response: str, responded_on: date, by, version: int | None = None
) -> Challenge:
    current = _locked(challenge, version)
    if current.status == Status.CLOSED:
        raise ValidationError("The challenge is closed: reopen it to record a response.")
    if not (response or "").strip():
        raise ValidationError({"response": "Write what the agency answered."})
    if responded_on > timezone.localdate():
        raise ValidationError({"responded_on": "A response cannot be dated in the future."})
    if responded_on < current.raised_on:
        raise ValidationError({"responded_on": "The response cannot come before the challenge was raised."})
    before = current.status
    current.response, current.responded_on, current.status = response.strip(), responded_on, Status.RESPONDED
    return _step(current, kind=Event.Kind.RESPONSE, text=response, before=before, by=by)


@transaction.atomic
def challenge_escalate(
    *, challenge: Challenge, escalated_to: str, note: str = "", by, version: int | None = None
) -> Challenge:
    refuse_control_characters(escalated_to=escalated_to, note=note)
    current = _locked(challenge, version)
    if current.status == Status.CLOSED:
        raise ValidationError("The challenge is closed: reopen it to escalate.")
    if not (escalated_to or "").strip():
        raise ValidationError({"escalated_to": "Say to whom it was escalated."})
    before = current.status
    current.escalated_to, current.status = escalated_to.strip(), Status.ESCALATED
    return _step(
        current,
        kind=Event.Kind.ESCALATED,
        text=f"Escalated to {escalated_to.strip()}. {note}".strip(),
        before=before,
        by=by,
    )


@transaction.atomic
def challenge_close(
    *,
    challenge: Challenge,
    outcome: str,
    outcome_kind: str,
    closed_on: date,
    by,
    follow_up_on: date | None = None,
    version: int | None = None,
) -> Challenge:
    """Close with the outcome: what changed as a result (the impact) and, in kind, whether it was
    resolved; a follow-up date if the board will check. No outcome, no closing."""
    current = _locked(challenge, version)
    if current.status == Status.CLOSED:
        raise ValidationError("The challenge is already closed.")
    errors = {}
    if not (outcome or "").strip():
        errors["outcome"] = "Write the outcome: what changed as a result of the challenge."
    if outcome_kind not in OutcomeKind.values:
        errors["outcome_kind"] = "Choose the outcome: resolved, partly resolved, not resolved or withdrawn."
    if closed_on > timezone.localdate() or closed_on < current.raised_on:
        errors["closed_on"] = "The closing date must be between the day it was raised and today."
    if follow_up_on is not None and follow_up_on < current.raised_on:
        errors["follow_up_on"] = f"The follow-up cannot be before the challenge was raised ({current.raised_when})."
    if errors:
        raise ValidationError(errors)
    before = current.status
    current.outcome, current.closed_on, current.status = outcome.strip(), closed_on, Status.CLOSED
    current.outcome_kind, current.follow_up_on = outcome_kind, follow_up_on
    text = f"{OutcomeKind(outcome_kind).label}. {outcome.strip()}"
    if follow_up_on is not None:
        text += f"\nFollow up on {follow_up_on:%d/%m/%Y}."
    return _step(current, kind=Event.Kind.CLOSED, text=text, before=before, by=by)


@transaction.atomic
def challenge_reopen(*, challenge: Challenge, reason: str, by, version: int | None = None) -> Challenge:
    """Reopen a closed challenge; its earlier outcome stays on the timeline and in the history."""
    refuse_control_characters(reason=reason)
    current = _locked(challenge, version)
    if current.status != Status.CLOSED:
        raise ValidationError("Only a closed challenge can be reopened.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say why it is reopened."})
    before = current.status
    current.status = Status.RESPONDED if current.responded_on else Status.OPEN
    # Its category goes with the closing (the history keeps it); closing again asks anew.
    current.closed_on, current.outcome_kind = None, ""
    return _step(current, kind=Event.Kind.REOPENED, text=reason, before=before, by=by)


@transaction.atomic
def challenge_add_note(*, challenge: Challenge, text: str, by) -> Event:
    refuse_control_characters(text=text)
    if not (text or "").strip():
        raise ValidationError({"text": "Write the note."})
    return Event.objects.create(
        challenge=challenge,
        kind=Event.Kind.NOTE,
        text=text.strip(),
        status_before=challenge.status,
        status_after=challenge.status,
        by=by,
    )
