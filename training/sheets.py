"""The training sheets of the board workbook (see WORKBOOK.md, format 2): `training`, one row per
event, and `training_attendance`, one row per agency at an event (found by its title and date)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lscb.text import one_line
from lscb.workbook import (
    Bool,
    Choice,
    Date,
    ImportRun,
    Int,
    Ref,
    RowProblem,
    Sheet,
    SkipRow,
    Text,
    follows_board,
    register,
)

from .models import TrainingAttendance, TrainingEvent
from .services import attendance_line_save, event_save

# A board that keeps no training in the app gets neither sheet in its export.
TRAINING_PART = ("training",)


@register
class TrainingSheet(Sheet):
    """A board's training events, keyed by board, title and date."""

    name = "training"
    model = TrainingEvent
    key = ("board", "title", "date")
    ordering = ("board__name", "date", "title")
    exported_with = TRAINING_PART
    duplicate_column = "date"
    board_path = "board"
    noun = "training event"
    columns = [
        Ref("board", to="boards"),
        Text("title", required=True, one_line=True),
        Date("date", required=True),
        Choice("kind"),
        Text("topic", one_line=True),
        Int("places", min_value=0),
        Int("booked", min_value=0),
        Int("attended", min_value=0),
        Bool("cancelled"),
        Int("evaluations", min_value=0),
        Int("rated_good", min_value=0),
        Text("notes"),
    ]

    def name_of(self, event: TrainingEvent, run: ImportRun) -> str:
        return f"{event.title} ({event.date:%d/%m/%Y})"

    def save(self, instance: TrainingEvent, by: Any) -> TrainingEvent:
        return event_save(event=instance, by=by)


@register
class TrainingAttendanceSheet(Sheet):
    """Places booked and attended by one agency's staff at one event. The event is found by its
    title and date in the row's board (the `board` column, else the workbook's one board)."""

    name = "training_attendance"
    model = TrainingAttendance
    key = ("title", "date", "agency")
    after = ("training",)
    exported_with = TRAINING_PART
    duplicate_column = "agency"
    board_path = "event__board"
    noun = "training attendance line"
    ordering = ("event__board__name", "event__date", "event__title", "agency__name")
    columns = [
        follows_board("event.board"),
        Text("title", required=True, one_line=True, field=None, source="event.title"),
        Date("date", required=True, field=None, source="event.date"),
        Ref("agency", to="agencies", required=True),
        Int("booked", min_value=0),
        Int("attended", min_value=0),
    ]

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        board, problems = _row_board(values.get("board"), run)
        if problems:
            yield from problems
            return
        title, day = values["title"], values["date"]
        event = _event(run, board, title, day)
        if event is None:
            training = run.state("training")
            if training.failed or any(_same_event(row.cells, title, day) for row in training.failed_rows):
                raise SkipRow  # its row in the training sheet has an error of its own
            yield (
                "title",
                f"{board.name} has no training event {title!r} on {day.isoformat()} in the training sheet or the "
                "database: give the event's title and date as the training sheet writes them.",
            )
            return
        values["event"] = event

    def row_key(self, values: dict[str, Any]) -> tuple:
        return (values["event"].pk, values["agency"].pk)

    def key_of(self, line: TrainingAttendance) -> tuple:
        return (line.event_id, line.agency_id)

    def describe(self, cells: dict[str, Any]) -> str:
        day = cells.get("date")
        parts = (cells.get("title"), f"{day:%d/%m/%Y}" if day else "", cells.get("agency"))
        return " / ".join(str(part) for part in parts if part)

    def name_of(self, line: TrainingAttendance, run: ImportRun) -> str:
        event = run.state("training").by_pk.get(line.event_id) or line.event
        agency = run.state("agencies").by_pk.get(line.agency_id) or line.agency
        return f"{agency} at {event.title} ({event.date:%d/%m/%Y})"

    def prepare(self, line: TrainingAttendance, values: dict[str, Any]) -> None:
        line.event = values["event"]

    def check(self, line: TrainingAttendance, values: dict[str, Any], run: ImportRun) -> Iterator[RowProblem]:
        event = values["event"]
        # The row's own record has no board: who may change it is decided by its event's board (an
        # unchanged row passes, as an unchanged row of any sheet does).
        stored = run.state(self.name).by_pk.get(line.pk) if line.pk else None
        unchanged = stored is not None and (stored.booked, stored.attended) == (line.booked, line.attended)
        if run.permitted is not None and event.board_id not in run.permitted and not unchanged:
            board = run.state("boards").by_pk.get(event.board_id) or event.board
            where = "board" if values.get("board") else "title"
            yield where, f"you may not import into {board.name}: only into the boards you manage."

    def save(self, instance: TrainingAttendance, by: Any) -> TrainingAttendance:
        return attendance_line_save(line=instance, by=by)


def _row_board(text: str | None, run: ImportRun) -> tuple[Any, list[RowProblem]]:
    """The board whose event the row is about: its board cell, else the workbook's one board."""
    if text:
        board = run.board_named(text)
        if board is None:
            if run.state("boards").is_failed_ref(text):
                raise SkipRow
            return None, [("board", f"{text!r} is not a board of the boards sheet or the database.")]
        return board, []
    board = run.board()
    if board is None:
        return None, [("board", "which board? Name the event's board (its name or short name) in a board column.")]
    return board, []


def _same_event(cells: dict[str, Any], title: str, day) -> bool:
    written = cells.get("title")
    return isinstance(written, str) and one_line(written).casefold() == title.casefold() and cells.get("date") == day


def _event(run: ImportRun, board, title: str, day) -> TrainingEvent | None:
    """The board's event of that title (exactly, else ignoring case when only one matches) and date."""
    training = run.state("training")
    event = training.by_key.get((board.pk, title, day))
    if event is not None:
        return event
    folded = [
        event
        for event in training.by_pk.values()
        if event.board_id == board.pk and event.date == day and one_line(event.title).casefold() == title.casefold()
    ]
    return folded[0] if len(folded) == 1 else None
