"""`manage.py import_workbook PATH`: import the board workbook, all or nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser

from lscb.workbook import import_workbook


class Command(BaseCommand):
    help = (
        "Import the board workbook (an .xlsx file, a folder of NAME.csv files or a .zip of them). "
        "Any problem and nothing is written: each is listed as `sheet, row N, column: message`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The .xlsx workbook, or the folder (or .zip) of CSV files.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then write nothing.")
        parser.add_argument("--user", metavar="USERNAME", help="Record the changes in the history as this user's.")
        parser.add_argument(
            "--board",
            metavar="NAME",
            help="The board (its name or short name) of the rows that name none, e.g. a format 1 workbook's. "
            "Needed when the instance has several boards and the workbook has no board column.",
        )

    def handle(
        self, *args, path: str, dry_run: bool = False, user: str | None = None, board: str | None = None, **options
    ) -> None:
        by = None
        if user:
            by = get_user_model()._default_manager.filter(username=user).first()
            if by is None:
                self._fail([f"There is no user named {user!r}."])
        result = import_workbook(path, by=by, dry_run=dry_run, board=board)
        if not result.ok:
            count = len(result.problems)
            self._fail(
                [str(problem) for problem in result.problems]
                + [f"{count} problem{'s' if count != 1 else ''} found: nothing was imported."]
            )
        if result.summary():
            self.stdout.write(result.summary())
        if dry_run:
            self.stdout.write("Dry run: the workbook can be imported; nothing was written.")
        else:
            self.stdout.write(self.style.SUCCESS("Imported."))

    def _fail(self, lines: list[str]) -> None:
        for line in lines:
            self.stderr.write(line)
        # Exit status 1 without a traceback, from manage.py and call_command alike.
        raise SystemExit(1)
