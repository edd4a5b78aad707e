"""The export: the instance's boards as the workbook, every sheet and every column."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from .files import Table, write_csv_folder, write_xlsx
from .registry import get_sheet, sheets
from .sheet import Sheet


def _table(sheet: Sheet, boards: list | None) -> Table:
    columns = sheet.export_columns(boards)
    return Table(
        sheet.name,
        [column.name for column in columns],
        [[column.export(instance) for column in columns] for instance in sheet.export_queryset(boards)],
    )


def export_tables(boards: list | None = None) -> list[Table]:
    """Every sheet with every column, in declaration order, rows in natural-key order
    (a sheet with `exported_with` only when that sheet, or one of those sheets, has rows).

    `boards`: export these boards only, with the agencies and people every board shares (a
    joint group is exported with the board it belongs to); None: the whole instance."""
    tables: dict[str, Table] = {}

    def table(sheet: Sheet) -> Table:
        if sheet.name not in tables:
            tables[sheet.name] = _table(sheet, boards)
        return tables[sheet.name]

    def wanted(sheet: Sheet) -> bool:
        part = sheet.exported_with
        names = ((part,) if part else ()) if isinstance(part, str) else part
        return not names or any(table(get_sheet(name)).rows for name in names)

    return [table(sheet) for sheet in sheets() if wanted(sheet)]


def export_workbook(target: str | Path | BinaryIO, boards: list | None = None) -> list[Table]:
    """Write the instance (or `boards` only): PATH.xlsx (or a binary file object) as one
    workbook, else a CSV folder."""
    tables = export_tables(boards)
    if not isinstance(target, str | Path):
        write_xlsx(target, tables)
    elif Path(target).suffix.lower() == ".xlsx":
        write_xlsx(Path(target), tables)
    else:
        write_csv_folder(Path(target), tables)
    return tables
