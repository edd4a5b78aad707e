"""The import run: check every sheet, resolve references, then write everything or nothing."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from openpyxl.utils import get_column_letter

from lscb.years import ReportingYear

from .columns import CellError, Column, Date, Ref, cell_text, is_blank
from .files import RawSheet, read_workbook
from .problems import Problem, WorkbookError
from .registry import sheets
from .results import Change, Counts, FieldChange, ImportResult
from .sheet import RowProblem, Sheet, SkipRow


@dataclass
class Row:
    number: int
    cells: dict[str, Any]
    failed: bool = False
    key: tuple | None = None
    # The board of a row of a board's own sheet (groups, plans, challenges), once found.
    board: Any = None


# The board a row would default to is in a boards row that failed: that row's error says why.
_FAILED = object()


def _fold(key: tuple) -> tuple:
    return tuple(part.casefold() if isinstance(part, str) else part for part in key)


class SheetState:
    """The records of one sheet as the run goes: stored ones, then those written, by natural key."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.by_key: dict[tuple, Model] = {}
        self.by_pk: dict[Any, Model] = {}
        # By the key without the board (several boards may each have a "Business Group").
        self.by_name: dict[tuple, list[Model]] = {}
        self._names: dict[Any, tuple] = {}
        # Rows that failed: a reference to them is not reported again, their own error says it.
        self.failed = False
        self.failed_keys: set[tuple] = set()
        self.failed_refs: set[tuple] = set()
        self.failed_rows: list[Row] = []
        self._indexes: tuple[dict, dict] | None = None
        for instance in sheet.queryset():
            self.put(instance)

    def put(self, instance: Model, key: tuple | None = None) -> None:
        key = key if key is not None else self.sheet.key_of(instance)
        self.by_key[key] = instance
        before = self._names.pop(instance.pk, None)
        if before is not None:
            self.by_name[before] = [other for other in self.by_name[before] if other.pk != instance.pk]
        name = key[1:] if self.sheet.scoped else key
        self.by_name.setdefault(name, []).append(instance)
        self._names[instance.pk] = name
        self.by_pk[instance.pk] = instance
        self._indexes = None

    def tiers(self, text: str) -> list[list[Model]]:
        """The records a reference may name, best first: by key exactly, by an alias, ignoring
        case (of a board's own sheet, in every board: the run narrows them to one)."""
        key = self.sheet.ref_key(text)
        exact = self.by_name.get(key, [])
        if exact and not self.sheet.scoped:
            return [exact]
        if self._indexes is None:
            aliases: dict[tuple, list[Model]] = {}
            folded: dict[tuple, list[Model]] = {}
            for instance in self.by_pk.values():
                for alias in self.sheet.aliases(instance):
                    aliases.setdefault(alias, []).append(instance)
                for name in {_fold(k) for k in [self.sheet.named_key(instance), *self.sheet.aliases(instance)]}:
                    folded.setdefault(name, []).append(instance)
            self._indexes = (aliases, folded)
        aliases, folded = self._indexes
        return [exact, aliases.get(key, []), folded.get(_fold(key), [])]

    def matches(self, text: str) -> list[Model]:
        """The records a reference may name: by key exactly, else by an alias, else ignoring case."""
        return next((tier for tier in self.tiers(text) if tier), [])

    def fail(self, row: Row) -> None:
        self.failed_rows.append(row)
        row.failed = True
        if row.key is not None:
            self.failed_keys.add(row.key)
        text = self.sheet.row_ref_text(row.cells)
        if text:
            self.failed_refs.add(_fold(self.sheet.ref_key(text)))

    def is_failed_ref(self, text: str) -> bool:
        return self.failed or _fold(self.sheet.ref_key(text)) in self.failed_refs


class ImportRun:
    """One import: every problem found, and the counts and changes of what was written."""

    def __init__(self, by: Any = None, *, board: Any = None, boards: Any = None) -> None:
        """`board`: the board (a Board, or its name or short name) of the rows that name none;
        `boards`: the boards the importer may write to (None: any, and add boards)."""
        self.by = by
        self.board_key = board
        self.permitted: set[int] | None = None if boards is None else {b.pk for b in boards}
        self.problems: list[Problem] = []
        self.counts: dict[str, Counts] = {}
        self.changes: list[Change] = []
        self.states: dict[str, SheetState] = {}
        # For sheets' hooks to keep lookups they build once per run.
        self.cache: dict[str, Any] = {}
        # Every sheet of the workbook as read (None: unreadable), for a hook that must look ahead
        # at the rows of a sheet written later.
        self.parsed: dict[str, list[Row] | None] = {}
        # Records the preview names that no sheet state holds, by (model, pk).
        self._targets: dict[tuple, Model | None] = {}
        # The row number of each sheet's header, and the columns it has.
        self.headers: dict[str, int] = {}
        self.columns_read: dict[str, set[str]] = {}
        # The boards stored before the run: whoever may write to them all may add a board.
        self.stored_boards: set[int] = set()
        if self.permitted is not None:
            from governance.models import Board

            self.stored_boards = set(Board.objects.values_list("pk", flat=True))

    # --- the boards -----------------------------------------------------------------------------

    def board(self):
        """The board of a row that names none (a format 1 workbook's): the board the import was
        given (`--board`, or the board whose import page it is), else the one board of the
        workbook's boards sheet, else the database's one board; in an empty database, a workbook
        without a boards sheet makes the one board from LSCB_BOARD_NAME and LSCB_BOARD_KIND.
        None when there are several and the workbook must name it; SkipRow when that board's
        own row failed (its error says why)."""
        if "board" not in self.cache:
            self.cache["board"] = self._default_board()
        board = self.cache["board"]
        if board is _FAILED:
            raise SkipRow
        return board

    def quiet_board(self):
        """The default board, or None (no error) when there is none to be had. A reference to a
        group or plan never makes the settings' board: with no board at all, there is nothing to
        look in (a board given by name is still looked for, and reported when there is none)."""
        if self.board_key is None and "board" not in self.cache and not self.state("boards").by_pk:
            return None
        try:
            return self.board()
        except SkipRow:
            return None

    def _default_board(self):
        from governance.services import board_default

        boards = self.state("boards")
        if self.board_key is not None:
            if isinstance(self.board_key, Model):
                return self.board_key
            found = self.board_named(str(self.board_key))
            if found is None:
                names = ", ".join(sorted(board.name for board in boards.by_pk.values())) or "none yet"
                self.problems.append(
                    Problem(
                        "",
                        None,
                        None,
                        f"--board {self.board_key!r}: no board has this name or short name "
                        f"(the boards: {names}; a new one is added by the boards sheet).",
                    )
                )
                return _FAILED
            return found
        if "boards" in self.parsed:
            rows = self.parsed["boards"]
            if rows is None:
                return _FAILED  # its header is wrong
            if len(rows) == 1:
                row = rows[0]
                found = boards.by_key.get(row.key) if not row.failed and row.key is not None else None
                return found if found is not None else _FAILED
            if len(rows) > 1:
                return None
        if len(boards.by_pk) == 1:
            return next(iter(boards.by_pk.values()))
        if not boards.by_pk:
            board = board_default()
            boards.put(board)
            return board
        return None

    def board_named(self, text: str):
        """The board a cell names by its name or short name (any case), or None."""
        found = self.state("boards").matches(" ".join(text.split()))
        return found[0] if len(found) == 1 else None

    def _board_cell(self, row: Row, problems: list[RowProblem]):
        """The board a row's board cell names; None when blank or wrong (said in `problems`)."""
        text = row.cells.get("board")
        if not text:
            return None
        board = self.board_named(text)
        if board is None:
            if self.state("boards").is_failed_ref(text):
                raise SkipRow
            problems.append(
                ("board", f"{text!r} is not a board of the boards sheet or the database: {self._boards_said()}")
            )
        return board

    def _boards_said(self) -> str:
        boards = sorted(self.state("boards").by_pk.values(), key=lambda board: board.name)
        if not boards:
            return "give a board's name or short name."
        names = "; ".join(f"{b.name} ({b.short_name})" if b.short_name else b.name for b in boards)
        return f"give a board's name or short name ({names})."

    def _which_board(self) -> str:
        """Why a row must name its board, for the message that says it does not."""
        rows = self.parsed.get("boards") or []
        if len(rows) > 1:
            names = ", ".join(str(row.cells.get("name") or "") for row in rows)
            return f"the boards sheet has {len(rows)} boards ({names})"
        boards = sorted(board.name for board in self.state("boards").by_pk.values())
        return f"the database holds {len(boards)} boards ({', '.join(boards)})"

    def _rows_boards(self, sheet: Sheet, rows: list[Row]) -> None:
        """Find the board of each row of a board's own sheet, before any is written (a group's
        parent is found in its board)."""
        named = "board" in self.columns_read.get(sheet.name, set())
        for row in rows:
            if row.failed:
                continue
            problems: list[RowProblem] = []
            try:
                board = self._board_cell(row, problems)
                if board is None and not problems:
                    board = self.board()
                    if board is None and not named:
                        problem = (
                            f"which board? {self._which_board()}: add a board column naming each row's board "
                            "(its name or short name), or import the workbook into one board (--board NAME)."
                        )
                        self.problems.append(Problem(sheet.name, self.headers.get(sheet.name), "board", problem))
                        for other in rows:
                            other.failed = True
                        return
                    if board is None:
                        problems.append(("board", f"a value is required: {self._which_board()}."))
            except SkipRow:
                row.failed = True
                continue
            if problems:
                self.report(sheet, row, problems)
                row.failed = True
            else:
                row.board = board

    def _may_write(self, sheet: Sheet, owners: set[int] | None, existing: Model | None) -> str:
        """Why the importer may not write this record ("" when they may)."""
        if self.permitted is None:
            return ""
        if sheet.name == "boards":
            if existing is not None:
                owners = {existing.pk}
            elif self.stored_boards <= self.permitted:
                return ""
            else:
                return "only someone who may import into every board of the instance may add a board."
        if owners is None or owners & self.permitted:
            return ""
        names = sorted(self.state("boards").by_pk[pk].name for pk in owners if pk in self.state("boards").by_pk)
        return f"you may not import into {' or '.join(names)}: only into the boards you manage."

    def state(self, name: str) -> SheetState:
        if name not in self.states:
            from .registry import get_sheet

            self.states[name] = SheetState(get_sheet(name))
        return self.states[name]

    def find(self, sheet_name: str, key: tuple) -> Model | None:
        """The record of another sheet with this natural key; SkipRow if its row failed."""
        state = self.state(sheet_name)
        instance = state.by_key.get(key)
        if instance is None and (state.failed or key in state.failed_keys):
            raise SkipRow
        return instance

    def find_named(self, sheet_name: str, text: str, board_text: str | None = None) -> Model | None:
        """The one record a reference names, quietly (None when none or several): for a board's
        own record, in the board named (else the workbook's board, when there is one)."""
        target = self.state(sheet_name)
        tiers = target.tiers(text)
        within = None
        if target.sheet.scoped:
            within = self.board_named(board_text) if board_text else self.quiet_board()
        found = self._within(target, tiers, within) if within is not None else next((t for t in tiers if t), [])
        return found[0] if len(found) == 1 else None

    def failed_row_refers(self, sheet_name: str, **refs: Model) -> bool:
        """Whether a failed row of the sheet refers to all these records (e.g. group=, person=)."""
        state = self.state(sheet_name)
        wanted = {}
        for name, instance in refs.items():
            target = self.state(state.sheet.columns_by_name[name].to).sheet
            wanted[name] = (target, _fold(target.named_key(instance)))
        return any(
            all(
                isinstance(row.cells.get(name), str) and _fold(target.ref_key(row.cells[name])) == key
                for name, (target, key) in wanted.items()
            )
            for row in state.failed_rows
        )

    def report(self, sheet: Sheet, row: Row, problems: list[RowProblem]) -> bool:
        for column, message in problems:
            self.problems.append(Problem(sheet.name, row.number, column, message))
        return False

    # --- reading --------------------------------------------------------------------------------

    def parse(self, sheet: Sheet, raw: RawSheet) -> list[Row] | None:
        """Check the header and read every cell; None when the header makes the rows unreadable."""
        rows = [(number, values) for number, values in raw.rows if not all(is_blank(v) for v in values)]
        if not rows:
            return []
        header_number, header = rows[0]
        self.headers[sheet.name] = header_number
        positions: dict[str, int] = {}
        columns: dict[str, Column] = dict(sheet.columns_by_name)
        readable = True
        for index, cell in enumerate(header):
            title = cell_text(cell)
            name = title.lower()
            if not title:
                continue
            if name not in columns:
                extra = sheet.extra_column(name, self)
                if extra is not None:
                    columns[name] = extra
            if name not in columns:
                known = ", ".join(sheet.columns_by_name) + sheet.unknown_column_hint(self)
                self.problems.append(
                    Problem(sheet.name, header_number, title, f"unknown column (the {sheet.name} sheet has: {known}).")
                )
            elif name in positions:
                self.problems.append(Problem(sheet.name, header_number, title, "this column appears twice."))
                readable = False
            else:
                positions[name] = index
        self.columns_read[sheet.name] = set(positions)
        for column in sheet.columns:
            if column.required and column.name not in positions:
                self.problems.append(Problem(sheet.name, header_number, column.name, "required column missing."))
                readable = False
        named = {index for index, cell in enumerate(header) if not is_blank(cell)}
        reported: set[int] = set()
        parsed = []
        for number, values in rows[1:]:
            row = Row(number, {})
            for index, value in enumerate(values):
                if index not in named and index not in reported and not is_blank(value):
                    letter = get_column_letter(index + 1)
                    self.problems.append(Problem(sheet.name, number, f"column {letter}", "a value under no heading."))
                    reported.add(index)  # once per column is enough
            for name, index in positions.items():
                column: Column = columns[name]
                try:
                    row.cells[name] = column.read(values[index] if index < len(values) else None)
                except CellError as exc:
                    self.problems.append(Problem(sheet.name, number, name, str(exc)))
                    row.failed = True
            parsed.append(row)
        # Values past the header's width, which the reader kept out of the rows (once per column).
        for index, number in sorted(raw.beyond.items(), key=lambda item: (item[1], item[0])):
            if index not in reported:
                letter = get_column_letter(index + 1)
                self.problems.append(Problem(sheet.name, number, f"column {letter}", "a value under no heading."))
        return parsed if readable else None

    # --- writing --------------------------------------------------------------------------------

    def write(self, sheet: Sheet, rows: list[Row] | None) -> None:
        state = self.state(sheet.name)
        counts = self.counts.setdefault(sheet.name, Counts())
        if rows is None:
            state.failed = True
            return
        seen: dict[tuple, int] = {}
        if sheet.scoped:
            self._rows_boards(sheet, rows)
        rows = self._in_reference_order(sheet, state, rows)
        for row in rows:
            if row.failed:
                state.fail(row)  # before any row refers to it
        for row in rows:
            if row.failed:
                continue
            try:
                written = self._write_row(sheet, state, row, seen, counts)
            except SkipRow:
                written = False
            if not written:
                state.fail(row)

    def _write_row(self, sheet: Sheet, state: SheetState, row: Row, seen: dict, counts: Counts) -> bool:
        values = dict(row.cells)
        problems: list[RowProblem] = []
        # The board whose records the row's references are looked for in.
        within = None
        owners: set[int] | None = None
        if sheet.scoped:
            values["board"] = within = row.board
            owners = {row.board.pk}
        elif sheet.follows:
            within = self._board_cell(row, problems) or (None if problems else self.quiet_board())
        for ref in sheet.refs:
            if ref.name == "board" or ref.name not in row.cells:
                continue  # the board column: found above
            values[ref.name] = self._resolve(sheet, ref, row.cells[ref.name], problems, within)
            followed = values[ref.name]
            if ref.name in sheet.followed and followed is not None:
                # The row's other references are looked for in the board of the record it follows;
                # it is that board's record, and the record of the boards a joint group is shared with.
                within = self.state("boards").by_pk.get(followed.board_id, within)
                owners = {followed.board_id} | self.state(ref.to).sheet.joint_board_ids(followed, self)
        if problems:
            return self.report(sheet, row, problems)
        problems = list(sheet.resolve(values, self))
        if problems:
            return self.report(sheet, row, problems)
        row.key = key = sheet.row_key(values)
        if key in seen:
            names = sheet.key_columns(row.cells)
            where = sheet.duplicate_column or names[-1]
            return self.report(sheet, row, [(where, f"the same {' and '.join(names)} as row {seen[key]}.")])
        seen[key] = row.number
        existing = state.by_key.get(key)
        # A copy: the stored record stays as it is if this row turns out to be wrong.
        instance = copy.copy(existing) if existing is not None else sheet.model()
        for column in sheet.columns:
            if column.field_name and column.name in values:
                column.assign(instance, values[column.name])
        if getattr(instance, "board_id", False) is None:
            board = self.board()
            if board is None:
                return self.report(sheet, row, [(sheet.key[-1], f"which board? {self._which_board()}.")])
            instance.board = board
        sheet.prepare(instance, values)
        problems = list(sheet.check(instance, values, self))
        if problems:
            return self.report(sheet, row, problems)
        changed = (
            _changed_fields(existing, instance) + sheet.extra_changes(existing, instance, self)
            if existing is not None
            else []
        )
        if existing is not None and not changed:
            counts.unchanged += 1
            return True
        refused = self._may_write(sheet, owners, existing)
        if refused:
            given = [name for name in sheet.followed if row.cells.get(name)] or list(sheet.followed)
            where = "board" if "board" in row.cells or not sheet.followed else given[0]
            return self.report(sheet, row, [(where if sheet.name != "boards" else "name", refused)])
        try:
            saved = sheet.save(instance, self.by)
        except ValidationError as exc:
            return self.report(sheet, row, _validation_problems(sheet, exc))
        except IntegrityError as exc:
            return self.report(sheet, row, [(sheet.duplicate_column or sheet.key[-1], f"cannot be saved: {exc}")])
        state.put(saved, key)
        if existing is None:
            counts.created += 1
            self.changes.append(Change(sheet.name, row.number, sheet.describe(row.cells), "created"))
        else:
            counts.updated += 1
            fields = [self._field_change(sheet, attname, existing, saved) for attname in _as_shown(sheet, changed)]
            self.changes.append(Change(sheet.name, row.number, sheet.describe(row.cells), "updated", fields))
        return True

    def _resolve(
        self, sheet: Sheet, ref: Ref, text: str | None, problems: list[RowProblem], within: Any = None
    ) -> Model | None:
        """The record a reference names; a board's own record (a group, a plan) is looked for in
        the board `within` (its own records first, then those joint with it), else in every board."""
        if not text:
            return None
        target = self.state(ref.to)
        tiers = target.tiers(text)
        matches = next((tier for tier in tiers if tier), [])
        if target.sheet.scoped and within is not None:
            there = matches
            matches = self._within(target, tiers, within)
            if not matches and there and not target.is_failed_ref(text):
                names = self._board_names(there)
                hint = (
                    " name its board in this sheet's board column."
                    if ref.name in sheet.followed
                    else f" {_a(sheet.noun)} refers to the {target.sheet.name} of its own board."
                )
                problems.append(
                    (
                        ref.name,
                        f"{text!r} is not a {target.sheet.noun} of {within.name}: it is one of {names};{hint}",
                    )
                )
                return None
        if len(matches) == 1:
            return matches[0]
        if matches and target.sheet.scoped and len({match.board_id for match in matches}) > 1:
            problems.append(
                (
                    ref.name,
                    f"{text!r} is a {target.sheet.noun} of more than one board ({self._board_names(matches)}): "
                    "say which in this sheet's board column.",
                )
            )
        elif matches:
            problems.append(
                (
                    ref.name,
                    f"{text!r} could be any of {len(matches)} in the {ref.to} sheet: {target.sheet.ambiguity_hint}",
                )
            )
        elif target.is_failed_ref(text):
            raise SkipRow
        else:
            problems.append((ref.name, f"{text!r} is not in the {ref.to} sheet or the database."))
        return None

    def _within(self, target: SheetState, tiers: list[list[Model]], board: Any) -> list[Model]:
        """The records of `tiers` of the board: its own, else those joint with it."""
        for belongs in (
            lambda record: record.board_id == board.pk,
            lambda record: board.pk in target.sheet.joint_board_ids(record, self),
        ):
            for tier in tiers:
                found = [record for record in tier if belongs(record)]
                if found:
                    return found
        return []

    def _board_names(self, records: list[Model]) -> str:
        boards = self.state("boards").by_pk
        return ", ".join(sorted({boards[r.board_id].name if r.board_id in boards else str(r.board) for r in records}))

    def _field_change(self, sheet: Sheet, attname: str, old: Model, new: Model) -> FieldChange:
        """A changed field as people know it: its label, and names rather than ids or codes of rows."""
        field = next((f for f in sheet.model._meta.concrete_fields if f.attname == attname), None)
        if field is None:
            return sheet.field_change(attname, old, new)  # not a field of its own (a group's joint boards)
        column = next((c for c in sheet.columns if c.attname == attname), None)
        if column is None and not getattr(field, "is_relation", False):
            # A field no column holds (a plan's levels): its sheet says how to show it.
            return sheet.field_change(attname, old, new)
        label = str(getattr(field, "verbose_name", attname))
        # The workbook's column too, when its label does not say it ("by when" is due_text).
        hint = column.name if column is not None and column.name.replace("_", " ") != label else ""
        if getattr(field, "many_to_one", False):
            before, after = (self._named(sheet, field, instance) for instance in (old, new))
        else:
            before, after = (_shown(instance, field, column) for instance in (old, new))
        return FieldChange(column.name if column is not None else field.name, before, after, label, hint)

    def _named(self, sheet: Sheet, field: Any, instance: Model) -> str | None:
        """The record a foreign key points to, by the name people know it by."""
        pk = getattr(instance, field.attname)
        if pk is None:
            return None
        target = field.get_cached_value(instance, None) if field.is_cached(instance) else None
        target_sheet = _sheet_of(field.related_model)
        if target is None or target.pk != pk:
            state = self.states.get(target_sheet.name) if target_sheet is not None else None
            target = state.by_pk.get(pk) if state is not None else None
        if target is None:
            key = (field.related_model, pk)
            if key not in self._targets:
                self._targets[key] = field.related_model._default_manager.filter(pk=pk).first()
            target = self._targets[key]
        if target is None:
            return None
        named = sheet.related_name(field.name, target, self)
        if named is None:
            named = target_sheet.name_of(target, self) if target_sheet is not None else str(target)
        return named

    def _in_reference_order(self, sheet: Sheet, state: SheetState, rows: list[Row]) -> list[Row]:
        """Rows that others in the sheet refer to (a group's parent) first; circles are errors."""
        ref = next((ref for ref in sheet.refs if ref.to == sheet.name), None)
        if ref is None:
            return rows
        parent_of: dict[tuple, tuple | None] = {}
        label: dict[tuple, str] = {}

        def stored(instance: Model) -> tuple:
            # Within its board: two boards may each have a group of the name.
            board = (instance.board_id,) if sheet.scoped else ()
            return board + _fold(sheet.named_key(instance))

        for instance in state.by_pk.values():
            node = stored(instance)
            parent = state.by_pk.get(getattr(instance, ref.attname))
            parent_of[node] = stored(parent) if parent is not None else None
            label[node] = sheet.ref_text(instance)
        nodes: dict[int, tuple] = {}
        for row in rows:
            text = sheet.row_ref_text(row.cells)
            if row.failed or not text or ref.name not in row.cells:
                continue
            board = (row.board.pk,) if sheet.scoped else ()
            node = nodes[id(row)] = board + _fold(sheet.ref_key(text))
            parent_text = row.cells[ref.name]
            parent_of[node] = board + _fold(sheet.ref_key(parent_text)) if parent_text else None
            label[node] = text
        depth, cycles = _depths(parent_of)
        for row in rows:
            node = nodes.get(id(row))
            for cycle in cycles:
                if node in cycle:
                    start = cycle.index(node)
                    circle = [label[n] for n in cycle[start:] + cycle[: start + 1]]
                    problem = f"a circle: {' → '.join(circle)} (each one's {ref.name} is the next)."
                    self.report(sheet, row, [(ref.name, problem)])
                    row.failed = True
        return sorted(rows, key=lambda row: depth.get(nodes.get(id(row)), 0))

    def result(self, committed: bool) -> ImportResult:
        order = {sheet.name: index for index, sheet in enumerate(sheets())}
        problems = sorted(
            self.problems,
            key=lambda p: (order.get(p.sheet, -1), p.row or 0, _column_position(p.sheet, p.column)),
        )
        return ImportResult(problems, self.counts, self.changes, committed)


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _column_position(sheet_name: str, column: str | None) -> int:
    from .registry import get_sheet

    try:
        return list(get_sheet(sheet_name).columns_by_name).index(column)
    except (KeyError, ValueError):
        return -1


def _depths(parent_of: dict[tuple, tuple | None]) -> tuple[dict[tuple, float], list[list[tuple]]]:
    """Each node's distance from its root, and the circles (whose nodes get an infinite depth)."""
    depth: dict[tuple, float] = {}
    cycles: list[list[tuple]] = []
    for start in parent_of:
        path: list[tuple] = []
        current: tuple | None = start
        while current is not None and current not in depth:
            if current in path:
                cycle = path[path.index(current) :]
                cycles.append(cycle)
                for node in cycle:
                    depth[node] = math.inf
                break
            path.append(current)
            current = parent_of.get(current)
        base = depth.get(current, -1) if current is not None else -1
        for node in reversed(path):
            if node not in depth:
                base += 1
                depth[node] = base
    return depth, cycles


def _sheet_of(model: type[Model]) -> Sheet | None:
    return next((sheet for sheet in sheets() if sheet.model is model), None)


def _as_shown(sheet: Sheet, attnames: list[str]) -> list[str]:
    """Changed fields as the preview lists them: an undated flag is shown on its date ("undated (2015-16)")."""
    dates = {c.undated: c.attname for c in sheet.columns if isinstance(c, Date) and c.undated and c.attname}
    shown: list[str] = []
    for attname in attnames:
        attname = dates.get(attname, attname)
        if attname not in shown:
            shown.append(attname)
    return shown


def _shown(instance: Model, field: Any, column: Column | None) -> Any:
    """A stored value as people read it: UK dates, yes/no, blank as None."""
    value = getattr(instance, field.attname)
    if value is None or value == "":
        return None
    if isinstance(column, Date) and column.undated and getattr(instance, column.undated):
        return f"undated ({ReportingYear.containing(value)})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return value


def _changed_fields(old: Model, new: Model) -> list[str]:
    names = [f.attname for f in old._meta.concrete_fields if not f.primary_key]
    return [name for name in names if getattr(old, name) != getattr(new, name)]


def _validation_problems(sheet: Sheet, error: ValidationError) -> list[RowProblem]:
    fallback = sheet.duplicate_column or sheet.key[-1]
    if not hasattr(error, "error_dict"):
        return [(fallback, message) for message in error.messages]
    return [
        (fallback if name == NON_FIELD_ERRORS else sheet.column_for_field(name), message)
        for name, messages in error.message_dict.items()
        for message in messages
    ]


class _RollBack(Exception):
    pass


def import_workbook(
    source: str | Path,
    *,
    by: Any = None,
    dry_run: bool = False,
    label: str = "",
    max_rows: int | None = None,
    board: Any = None,
    boards: Any = None,
    progress: Any = None,
) -> ImportResult:
    """Import a workbook (.xlsx, CSV folder or .zip of CSVs): everything or, on any problem, nothing.

    A dry run does the whole import and rolls it back: its counts and changes are the preview.
    `label` is the file's name in messages, when it differs from the name of `source`; `max_rows`
    refuses a workbook of more rows in all, before they are read (the browser import's limit).
    `board` (a Board, or a board's name or short name) is the board of rows that name none;
    `boards`, the boards the importer may write to (None: every board, and new ones).
    `progress(done, total)`, if given, is told the rows checked and written so far, sheet by sheet
    (each row counts twice: checked, then written), for a page that shows a long import's progress."""
    ordered = sheets()
    try:
        workbook = read_workbook(source, [sheet.name for sheet in ordered], label, max_rows)
    except WorkbookError as exc:
        return ImportResult(problems=exc.problems)
    run = ImportRun(by, board=board, boards=boards)
    run.problems.extend(workbook.problems)

    def data_rows(raw) -> int:
        return max(0, len(raw.rows) - 1)  # the header is the first row read

    total = 2 * sum(data_rows(raw) for raw in workbook.sheets.values())
    done = 0

    def advanced(rows: int) -> None:
        nonlocal done
        done += rows
        if progress is not None:
            progress(done, total)

    # Sheet by sheet, so that a sheet's columns may depend on a sheet read before it.
    run.parsed = parsed = {}
    for sheet in ordered:
        if sheet.name in workbook.sheets:
            parsed[sheet.name] = run.parse(sheet, workbook.sheets[sheet.name])
            advanced(data_rows(workbook.sheets[sheet.name]))
    committed = False
    try:
        with transaction.atomic():
            for sheet in ordered:
                if sheet.name in parsed:
                    run.write(sheet, parsed[sheet.name])
                    sheet.after_write(run)
                    advanced(data_rows(workbook.sheets[sheet.name]))
            if board is not None:
                run.quiet_board()  # a board named that does not exist is an error, whatever the rows
            if run.problems or dry_run:
                raise _RollBack
            committed = True
    except _RollBack:
        pass
    return run.result(committed)
