"""The challenges sheet of the board workbook (see WORKBOOK.md): the challenge log, one row per challenge."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from governance.models import Group
from lscb.records import record_save
from lscb.workbook import Choice, Date, ImportRun, Int, Ref, RowProblem, Sheet, SkipRow, Text, Year, dating, register
from lscb.years import ReportingYear

from .models import Challenge, Event, Status

IMPORTED = "Imported from the board workbook"
UPDATED = "Updated by a workbook import"


def _failed_row_names(run: ImportRun, sheet_name: str, ref_column: str, target: Any, **cells: Any) -> bool:
    """Whether a failed row of the sheet names `target` in `ref_column` and has these cells: its own error says why."""
    state = run.state(sheet_name)
    to = run.state(state.sheet.columns_by_name[ref_column].to)
    for row in state.failed_rows:
        text = row.cells.get(ref_column)
        if not isinstance(text, str) or target not in to.matches(text):
            continue
        if all(row.cells.get(name) == value for name, value in cells.items()):
            return True
    return False


@register
class Challenges(Sheet):
    """Keyed by board and ref; the meeting is found by its group and date, the priority by its plan
    and number, both in the challenge's board (a joint group's meeting too)."""

    name = "challenges"
    model = Challenge
    key = ("board", "ref")
    after = ("meetings", "priorities")
    ordering = ("board__name", "ref")
    # A board that keeps no challenge log in the app gets no empty challenges sheet.
    exported_with = "challenges"
    board_path = "board"
    noun = "challenge"
    columns = [
        Ref("board", to="boards"),
        Text("ref", required=True, one_line=True),
        # Blank when the source gives no day: then `year` places it (kept on 1 April, undated).
        Date("raised_on", undated="raised_undated"),
        Choice("raised_by", required=True),
        Ref("agency", to="agencies", required=True),
        Text("subject", required=True, one_line=True),
        Text("detail"),
        Ref("meeting_group", to="groups", field=None, source="meeting.group"),
        Date("meeting_date", field=None, source="meeting.date"),
        Ref("plan", to="plans", field=None, source="priority.plan"),
        Int("priority", min_value=1, field=None, source="priority.number"),
        Date("response_due"),
        Text("response"),
        Text("outcome"),
        Choice("status", required=True),
        Text("escalated_to", one_line=True),
        Date("closed_on"),
        Year("year", day="raised_on", undated="raised_undated"),
        # Optional: blank on a closed challenge is "not recorded" (closed before categories were kept).
        Choice("outcome_kind"),
        Date("follow_up_on"),
        Date("sent_on"),
        Text("sent_to", one_line=True),
    ]

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        day, undated, problems = dating(values, "raised_on", "year", at_end=False)
        if problems:
            yield from problems
            return
        values["raised_on"], values["raised_undated"] = day, undated
        # Columns left out of the header leave the stored link as it is.
        if "meeting_group" in values or "meeting_date" in values:
            yield from self._meeting(values, run)
        if "plan" in values or "priority" in values:
            yield from self._priority(values, run)

    def _meeting(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        group: Group | None = values.get("meeting_group")
        day = values.get("meeting_date")
        values["meeting"] = None
        if group is None and day is None:
            return
        if day is None:
            yield "meeting_date", "required with meeting_group: the date of the meeting where it was raised."
        elif group is None:
            yield "meeting_group", "required with meeting_date: the group whose meeting it was raised at."
        else:
            meeting = run.find("meetings", (group.pk, day))
            if meeting is None:
                if _failed_row_names(run, "meetings", "group", group, date=day):
                    raise SkipRow
                yield (
                    "meeting_date",
                    f"{group} has no meeting on {day.isoformat()} in the meetings sheet or the database.",
                )
            values["meeting"] = meeting

    def _priority(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        plan, number = values.get("plan"), values.get("priority")
        values["priority_record"] = None
        if plan is None and number is None:
            return
        if number is None:
            yield "priority", "required with plan: the number of the priority the challenge concerns."
        elif plan is None:
            yield "plan", "required with priority: the title of the plan the priority belongs to."
        else:
            priority = run.find("priorities", (plan.pk, number))
            if priority is None:
                if _failed_row_names(run, "priorities", "plan", plan, number=number):
                    raise SkipRow
                yield "priority", f"{plan} has no priority {number} in the priorities sheet or the database."
            values["priority_record"] = priority

    def prepare(self, challenge: Challenge, values: dict[str, Any]) -> None:
        challenge.raised_undated = values["raised_undated"]
        if "meeting" in values:
            challenge.meeting = values["meeting"]
        if "priority_record" in values:
            challenge.priority = values["priority_record"]
        # A recipient rewritten in the sheet is no longer the person the app recorded.
        if "sent_to" in values and challenge.sent_to_person_id and challenge.sent_to != challenge.sent_to_person.name:
            challenge.sent_to_person = None
        # The format has no responded_on: a response keeps the date the app recorded, else it is
        # dated by the latest day it can have come (the closing date), else the day it was raised.
        if not challenge.response:
            challenge.responded_on = None
        elif challenge.responded_on is None:
            challenge.responded_on = challenge.closed_on or challenge.raised_on

    def check(self, challenge: Challenge, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        today = timezone.localdate()
        closed = challenge.status == Status.CLOSED
        if closed and not challenge.outcome:
            yield "outcome", "a closed challenge needs its outcome: what changed as a result."
        if closed and challenge.closed_on is None:
            yield "closed_on", "a closed challenge needs the date it was closed."
        if not closed and challenge.closed_on is not None:
            yield "closed_on", "only a closed challenge has a closing date: leave it blank, or make the status closed."
        if challenge.outcome_kind and not closed:
            yield (
                "outcome_kind",
                "only a closed challenge has an outcome category: leave it blank, or make the status closed.",
            )
        if challenge.sent_on is not None and challenge.sent_on > today:
            yield "sent_on", f"{challenge.sent_on.isoformat()} is in the future (today is {today.isoformat()})."
        if challenge.status == Status.ESCALATED and not challenge.escalated_to:
            yield "escalated_to", 'an escalated challenge needs to whom: e.g. "Chief Executive".'
        if challenge.raised_undated:
            year = ReportingYear.containing(challenge.raised_on)
            if challenge.raised_on > today:
                yield "year", f"{year} has not begun (today is {today.isoformat()})."
            raised = f"the start of {year}, when it was raised ({challenge.raised_on.isoformat()})"
        else:
            raised = f"raised_on ({challenge.raised_on.isoformat()})"
            if challenge.raised_on > today:
                yield "raised_on", f"{challenge.raised_on.isoformat()} is in the future (today is {today.isoformat()})."
        if challenge.closed_on is not None and challenge.closed_on > today:
            yield "closed_on", f"{challenge.closed_on.isoformat()} is in the future (today is {today.isoformat()})."
        for name in ("response_due", "closed_on", "follow_up_on", "sent_on"):
            day = getattr(challenge, name)
            if day is not None and day < challenge.raised_on:
                yield name, f"must not be before {raised}."

    def save(self, instance: Challenge, by: Any) -> Challenge:
        """Write the challenge and put the import on its timeline: once when logged, then at each change of status."""
        if instance.pk is None:
            record_save(instance=instance, by=by)
            Event.objects.create(
                challenge=instance, kind=Event.Kind.LOGGED, text=IMPORTED, status_after=instance.status, by=by
            )
            return instance
        before = Challenge.objects.values_list("status", flat=True).get(pk=instance.pk)
        instance.version += 1  # an edit form opened before the import is now stale
        record_save(instance=instance, by=by)
        if before != instance.status:
            Event.objects.create(
                challenge=instance,
                kind=Event.Kind.EDITED,
                text=UPDATED,
                status_before=before,
                status_after=instance.status,
                by=by,
            )
        return instance
