"""`manage.py export_workbook PATH [--board NAME]`: write the instance's boards (or one) as the workbook."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from governance.models import Board
from lscb.workbook import export_workbook


class Command(BaseCommand):
    help = (
        "Export the board workbook (format 2): every board of the instance, or one with --board. "
        "PATH ending in .xlsx writes one workbook, any other PATH a folder of NAME.csv files (created if missing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="board.xlsx, or a folder for the CSV files.")
        parser.add_argument(
            "--board",
            metavar="NAME",
            help="Export this board only (its name or short name): its groups, plans and challenges with "
            "their records, and every agency and person, as the boards share them.",
        )

    def handle(self, *args, path: str, board: str | None = None, **options) -> None:
        boards = None
        if board is not None:
            found = list(Board.objects.by_key(board))
            if len(found) != 1:
                names = ", ".join(Board.objects.order_by("name").values_list("name", flat=True)) or "none"
                self._fail(f"--board {board!r}: no board has this name or short name (the boards: {names}).")
            boards = found
        target = Path(path)
        if target.suffix.lower() != ".xlsx" and target.exists() and not target.is_dir():
            self._fail(f"{target} is a file: give a path ending in .xlsx, or a folder for the CSV files.")
        try:
            tables = export_workbook(target, boards)
        except OSError as exc:
            self._fail(f"{target}: cannot be written ({exc.strerror or exc}).")
        rows = sum(len(table.rows) for table in tables)
        which = f" of {boards[0].name}" if boards else ""
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(tables)} sheets ({rows} rows){which} to {target}."))

    def _fail(self, message: str) -> None:
        self.stderr.write(message)
        raise SystemExit(1)
