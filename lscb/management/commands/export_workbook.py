"""`manage.py export_workbook PATH`: write the whole board as the workbook."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from lscb.workbook import export_workbook


class Command(BaseCommand):
    help = (
        "Export the board workbook: PATH ending in .xlsx writes one workbook, "
        "any other PATH a folder of NAME.csv files (created if missing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="board.xlsx, or a folder for the CSV files.")

    def handle(self, *args, path: str, **options) -> None:
        target = Path(path)
        if target.suffix.lower() != ".xlsx" and target.exists() and not target.is_dir():
            self._fail(f"{target} is a file: give a path ending in .xlsx, or a folder for the CSV files.")
        try:
            tables = export_workbook(target)
        except OSError as exc:
            self._fail(f"{target}: cannot be written ({exc.strerror or exc}).")
        rows = sum(len(table.rows) for table in tables)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(tables)} sheets ({rows} rows) to {target}."))

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(1)
