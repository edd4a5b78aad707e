"""The declaration of one workbook sheet: its model, columns, natural key and hooks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

from .columns import Column, Ref
from .results import FieldChange

if TYPE_CHECKING:
    from .engine import ImportRun

# (column name, message): what hooks return for a row that cannot be imported.
RowProblem = tuple[str, str]


class SkipRow(Exception):
    """The row cannot be imported because a row it refers to failed; that row's error says why."""


class Sheet:
    """Subclass, set the attributes, decorate with @register; override a hook only where needed."""

    name: str = ""
    model: type[Model]
    columns: list[Column] = []
    # Column names whose values together identify a row (its natural key).
    key: tuple[str, ...] = ()
    # Sheets that must be imported first, besides those the Ref columns point to.
    after: tuple[str, ...] = ()
    # Export order; defaults to the model's ordering.
    ordering: tuple[str, ...] = ()
    # Where a duplicate key is reported; defaults to the last key column.
    duplicate_column: str = ""
    # A part of the workbook that a board may not use (the business plan) is exported only when
    # this sheet of it has rows (or one of these sheets, given several), so a board without it gets
    # no empty sheets for it.
    exported_with: str | tuple[str, ...] = ""
    # A board's own records (groups, plans, challenges) have a `board` column first in their key:
    # their natural key is unique within a board. A sheet whose rows follow a record of such a
    # sheet (meetings their group, actions their plan) names the Ref column they follow here; its
    # optional `board` column only says in which board to look for that record. A row that follows
    # one of several (a recommendation: its review or its audit) names them all, in a tuple.
    follows: str | tuple[str, ...] = ""
    # How the sheet's records reach their board, to export some boards only ("group__board");
    # blank: the records are shared by every board (agencies, people).
    board_path: str = ""
    # What one record of the sheet is called in messages ("group").
    noun: str = "row"

    def __init__(self) -> None:
        if not self.name or not self.key:
            raise TypeError(f"{type(self).__name__}: a sheet needs a name and a key.")
        self.columns_by_name = {column.name: column for column in self.columns}
        if len(self.columns_by_name) != len(self.columns):
            raise TypeError(f"{self.name}: two columns have the same name.")
        missing = set(self.key) - set(self.columns_by_name)
        if missing:
            raise TypeError(f"{self.name}: key columns {sorted(missing)} are not columns.")
        for column in self.columns:
            column.bind(self)
        self.refs = [column for column in self.columns if isinstance(column, Ref)]

    def __repr__(self) -> str:
        return f"<Sheet {self.name}>"

    @property
    def depends_on(self) -> set[str]:
        return ({ref.to for ref in self.refs} | set(self.after)) - {self.name}

    @property
    def followed(self) -> tuple[str, ...]:
        """The Ref columns named by `follows`, as a tuple."""
        if isinstance(self.follows, str):
            return (self.follows,) if self.follows else ()
        return tuple(self.follows)

    @property
    def scoped(self) -> bool:
        """Whether the sheet holds a board's own records: its key is (board, ...)."""
        return self.key[0] == "board"

    @property
    def name_columns(self) -> tuple[str, ...]:
        """The key without its board: what other sheets write to refer to a record."""
        return self.key[1:] if self.scoped else self.key

    def extra_column(self, name: str, run: ImportRun) -> Column | None:
        """A column beyond the declared ones that this workbook may carry (e.g. one per level of
        the scales in play), bound to this sheet; None: the heading is unknown."""
        return None

    def unknown_column_hint(self, run: ImportRun) -> str:
        """Said after the declared columns when a heading is unknown."""
        return ""

    def export_columns(self, boards: list | None = None) -> list[Column]:
        """The columns export writes, in order (the declared ones by default); `boards` as
        for export_queryset."""
        return self.columns

    def extra_changes(self, old: Model, new: Model, run: ImportRun) -> list[str]:
        """Changes beyond the model's own fields (a group's joint boards), for `field_change`."""
        return []

    def field_change(self, attname: str, old: Model, new: Model) -> FieldChange:
        """How the preview shows a change to a field that no column holds."""
        return FieldChange(attname, getattr(old, attname), getattr(new, attname))

    def column_for_field(self, field_name: str) -> str:
        """The column where an error on a model field is reported."""
        for column in self.columns:
            if column.field_name and field_name in (column.field_name, column.attname):
                return column.name
        return self.duplicate_column or self.key[-1]

    # --- natural keys ---------------------------------------------------------------------------

    def row_key(self, values: dict[str, Any]) -> tuple:
        """The key of a row whose references are resolved (to saved records)."""
        # An optional key column left out of the header counts as blank (a membership's start).
        return tuple(
            self._key_part(values[name] if name in values else self.columns_by_name[name].blank_value())
            for name in self.key
        )

    def key_of(self, instance: Model) -> tuple:
        """The key of a stored record: the same tuple as `row_key` of its row."""
        parts = []
        for name in self.key:
            column = self.columns_by_name[name]
            parts.append(column.stored_key(getattr(instance, column.attname)))
        return tuple(parts)

    @staticmethod
    def _key_part(value: Any) -> Any:
        return value.pk if isinstance(value, Model) else value

    def key_columns(self, cells: dict[str, Any]) -> tuple[str, ...]:
        """The columns that make up this row's key (people: email when given, else name); a
        board the row does not name is the workbook's board, and goes unsaid."""
        return tuple(name for name in self.key if name != "board" or cells.get("board"))

    def named_key(self, instance: Model) -> tuple:
        """The key of a stored record without its board (as `ref_key` of a reference to it)."""
        key = self.key_of(instance)
        return key[1:] if self.scoped else key

    def joint_board_ids(self, instance: Model, run: ImportRun) -> set[int]:
        """The other boards a record of this sheet is shared with (a joint group's)."""
        return set()

    def ref_key(self, text: str) -> tuple:
        """The key that a reference written as `text` in another sheet stands for."""
        return (text,)

    def aliases(self, instance: Model) -> list[tuple]:
        """Other keys a reference may use for `instance`, when they name only it."""
        return []

    # Shown when a reference matches several records through aliases or letter case.
    ambiguity_hint = "write it exactly as in that sheet."

    def ref_text(self, instance: Model) -> str:
        """How other sheets write a reference to `instance`."""
        return str(getattr(instance, self.columns_by_name[self.name_columns[0]].field_name))

    def row_ref_text(self, cells: dict[str, Any]) -> str:
        """How other sheets refer to a row, from its cells (before references are resolved)."""
        value = cells.get(self.name_columns[0])
        return value if isinstance(value, str) else ""

    def describe(self, cells: dict[str, Any]) -> str:
        """The row's key for people: its key cells, as written (its board goes unsaid)."""
        parts = []
        for name in self.name_columns:
            value = cells.get(name)
            parts.append(f"{value:%d/%m/%Y}" if isinstance(value, date) else str(value or ""))
        return " / ".join(part for part in parts if part)

    def name_of(self, instance: Model, run: ImportRun) -> str:
        """How the import preview names one of this sheet's records."""
        return str(instance)

    def related_name(self, field_name: str, target: Model, run: ImportRun) -> str | None:
        """How the preview names the record a field of this sheet's model points to, when no
        sheet of its own names it better (an action's objective); None: as its own sheet does."""
        return None

    # --- hooks ----------------------------------------------------------------------------------

    def resolve(self, values: dict[str, Any], run: ImportRun) -> Iterable[RowProblem]:
        """Add to `values` what the key needs beyond the Ref columns; may raise SkipRow."""
        return ()

    def prepare(self, instance: Model, values: dict[str, Any]) -> None:
        """Set defaults and normalise as the save service would, so that comparison is exact."""

    def check(self, instance: Model, values: dict[str, Any], run: ImportRun) -> Iterable[RowProblem]:
        """Rules across columns and sheets, beyond what the model's full_clean checks."""
        return ()

    def save(self, instance: Model, by: Any) -> Model:
        """Write through the app's service (validated and audited)."""
        raise NotImplementedError(f"{self.name}: declare how a row is saved.")

    def after_write(self, run: ImportRun) -> None:
        """Finish what needs every row of the sheet written (e.g. a value kept on another record)."""

    # --- reading the database -------------------------------------------------------------------

    def queryset(self) -> QuerySet:
        """Every stored record, to match rows against by natural key."""
        return self.model._default_manager.all()

    def export_queryset(self, boards: list | None = None) -> QuerySet:
        """The records to export, in order: every board's, or those of `boards` only (and the
        records every board shares)."""
        related = set()
        for column in self.columns:
            parts = column.source.split(".")
            path = parts if isinstance(column, Ref) else parts[:-1]
            if path:
                related.add("__".join(path))
        queryset = self.model._default_manager.select_related(*sorted(related))
        if boards is not None and self.board_path:
            queryset = queryset.filter(**{f"{self.board_path}__in": [board.pk for board in boards]})
        return queryset.order_by(*self.ordering) if self.ordering else queryset
