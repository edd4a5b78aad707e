"""The export: the whole board as the workbook, every sheet and every column."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from .files import Table, write_csv_folder, write_xlsx
from .registry import sheets


def export_tables() -> list[Table]:
    """Every sheet with every column, in declaration order, rows in natural-key order."""
    return [
        Table(
            sheet.name,
            [column.name for column in sheet.columns],
            [[column.export(instance) for column in sheet.columns] for instance in sheet.export_queryset()],
        )
        for sheet in sheets()
    ]


def export_workbook(target: str | Path | BinaryIO) -> list[Table]:
    """Write the whole board: PATH.xlsx (or a binary file object) as one workbook, else a CSV folder."""
    tables = export_tables()
    if not isinstance(target, str | Path):
        write_xlsx(target, tables)
    elif Path(target).suffix.lower() == ".xlsx":
        write_xlsx(Path(target), tables)
    else:
        write_csv_folder(Path(target), tables)
    return tables
